"""Wake Scrapy's engine now: an idle worker of a shared crawl looks at the Redis queue again.

Scrapy's engine asks its scheduler for requests after each download and otherwise every 5 s
(``ExecutionEngine._SLOT_HEARTBEAT_INTERVAL``). A worker whose share of a crawl shared through
Redis is empty for a moment would sit up to 5 s while other workers queue requests. There is
no public call to ask sooner; the engine's private slot has ``nextcall``, the
``scrapy.utils.reactor.CallLaterOnce`` that ``ExecutionEngine.crawl()`` schedules too. This
module alone reaches it; it works with Scrapy 2.13 - 2.19.
"""

from __future__ import annotations

from typing import Any

from scrapy.utils.reactor import CallLaterOnce

from crawler.compat import PrivateApiChanged

ENGINE = "scrapy.core.engine.ExecutionEngine"


def wake_engine(engine: Any) -> None:
    """Have the engine ask the scheduler for requests at once (no-op once it has closed)."""
    slot = getattr(engine, "_slot", None)
    if slot is None:
        return  # not open, or closed
    nextcall = getattr(slot, "nextcall", None)
    if not isinstance(nextcall, CallLaterOnce):
        raise PrivateApiChanged(
            f"Scrapy changed a private API that crawler/compat/scrapy_engine.py relies on: "
            f"{ENGINE}._slot.nextcall is no longer a CallLaterOnce"
        )
    nextcall.schedule()
