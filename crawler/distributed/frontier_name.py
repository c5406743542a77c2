"""The name of a crawl shared on Redis: every key of the crawl starts with ``crawler:{name}:``.

CRAWLER_FRONTIER sets it; left empty, processes started with the same start URLs compute the
same name from them (in any order), so they join the same crawl without being told its name.
"""

from __future__ import annotations

import hashlib
from typing import Any

FRONTIER_SETTING = "CRAWLER_FRONTIER"
DEFAULT_NAME_LENGTH = 12  # hex digits of sha256: 48 bits, no two crawls of one Redis collide


def default_frontier_name(start_urls: list[str]) -> str:
    """The first 12 hex digits of sha256 over the sorted start URLs joined by newlines."""
    joined = "\n".join(sorted(start_urls))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:DEFAULT_NAME_LENGTH]


def settle_frontier_name(settings: Any, start_urls: list[str]) -> str:
    """CRAWLER_FRONTIER, set to :func:`default_frontier_name` when empty and REDIS_URL is set
    (call it before the settings freeze: the crawl command, the spider's ``from_crawler``)."""
    name = str(settings.get(FRONTIER_SETTING) or "")
    if not name and settings.get("REDIS_URL") and start_urls:
        name = default_frontier_name(start_urls)
        settings.set(FRONTIER_SETTING, name, priority="cmdline")
    return name


def key_prefix(frontier: str) -> str:
    """``crawler:{frontier}``: the start of every Redis key of that crawl."""
    return f"crawler:{frontier}"


def frontier_from_settings(settings: Any) -> str:
    """CRAWLER_FRONTIER; one line naming the fix when it was never settled."""
    from crawler.distributed.redis_url import RedisConfigError

    name = str(settings.get(FRONTIER_SETTING) or "")
    if not name:
        raise RedisConfigError(
            "REDIS_URL is set but the crawl has no name: set -s CRAWLER_FRONTIER=NAME "
            "(or give start URLs, whose hash names it)"
        )
    return name
