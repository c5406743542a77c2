"""``REDIS_URL`` set: the crawl's scheduler, queue, duplicate filter and keys become Redis ones.

Called from the spider's ``from_crawler`` (the start URLs name the default frontier), so
``crawler crawl --redis`` and ``scrapy crawl tagpages -s REDIS_URL=...`` are configured alike.
Without ``REDIS_URL`` it returns at once and nothing of Redis is imported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

logger = logging.getLogger(__name__)

SCHEDULER = "scrapy_redis.scheduler.Scheduler"
QUEUE_CLASS = "crawler.distributed.queue.LeasedPriorityQueue"
DUPEFILTER_CLASS = "crawler.distributed.dupefilter.SharedDupeFilter"
SERIALIZER = "crawler.distributed.serializer"

_hidden_secrets: set[str] = set()


def configure_frontier(settings: BaseSettings, start_urls: Iterable[str]) -> None:
    """Check the Redis URL, join the frontier's current run (or begin the next) and point
    scrapy-redis at its keys. Raises RedisConfigError (one line) when that cannot be done."""
    url = settings.get("REDIS_URL")
    if not url:
        return
    from crawler.distributed.frontier import FrontierKeys, check_frontier_name, join_frontier
    from crawler.distributed.frontier_name import settle_frontier_name
    from crawler.distributed.redis_url import check_secure, connect, parse_redis_url

    target = parse_redis_url(url)
    hide_in_logs(target.password)
    check_secure(target, settings.getbool("CRAWLER_ALLOW_INSECURE_REDIS"))
    keys = FrontierKeys(check_frontier_name(settle_frontier_name(settings, list(start_urls))))
    client = connect(target)
    try:
        run, started = join_frontier(client, keys)
    finally:
        client.close()
    logger.info(
        "Frontier %s on %s: %s run %d",
        keys.name,
        target.masked,
        "began" if started else "joined",
        run,
    )
    force(
        settings,
        {
            "CRAWLER_FRONTIER": keys.name,
            "CRAWLER_FRONTIER_RUN": run,
            "SCHEDULER": SCHEDULER,
            "SCHEDULER_PERSIST": True,  # False: the first worker to close deletes the queue
            "SCHEDULER_FLUSH_ON_START": False,
            "SCHEDULER_IDLE_BEFORE_CLOSE": 0,  # its blocking pop stops the event loop
            "SCHEDULER_QUEUE_CLASS": QUEUE_CLASS,
            "SCHEDULER_QUEUE_KEY": keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "DUPEFILTER_CLASS": DUPEFILTER_CLASS,
            "SCHEDULER_SERIALIZER": SERIALIZER,
        },
    )


def force(settings: BaseSettings, values: dict[str, Any]) -> None:
    """Set each value at least at the spider's priority, above what it had."""
    for key, value in values.items():
        priority = max(settings.getpriority(key) or 0, SETTINGS_PRIORITIES["spider"])
        settings.set(key, value, priority=priority)


def hide_in_logs(secret: str | None) -> None:
    """Replace ``secret`` by ``***`` in every log record of this process (Scrapy logs the
    overridden settings, REDIS_URL among them, and its stats)."""
    if not secret or secret in _hidden_secrets:
        return
    if not _hidden_secrets:
        install_masking_record_factory()
    _hidden_secrets.add(secret)


def install_masking_record_factory() -> None:
    from crawler.distributed.redis_url import MASK

    make_record = logging.getLogRecordFactory()

    def masking_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:
            return record
        if any(secret in message for secret in _hidden_secrets):
            for secret in _hidden_secrets:
                message = message.replace(secret, MASK)
            record.msg, record.args = message, None
        return record

    logging.setLogRecordFactory(masking_record)
