"""``crawler schedule SOURCES --redis URL``: due sources' tag URLs go to the workers' queue.

The same schedules as ``crawler schedule`` (APScheduler, jitter, a missed run made up once),
but instead of starting a crawl the scheduler pushes the source's tag URLs to the Redis list the
workers (``crawler worker``) take them from; a URL still waiting there is not pushed twice. When
each source was last queued is kept in Redis (``<queue>:queued-at``), so a restarted scheduler
makes up a missed run as the crawling one does.

Only the URLs travel: the workers crawl them with their own options. A source's ``site``,
``max_pages``, ``since``, ``refresh``, ``state``, ``out`` and ``settings`` do not apply, and the
scheduler says so when it starts.
"""

from __future__ import annotations

import logging
from datetime import datetime

import redis

from crawler.distributed.redis_url import mask_url
from crawler.distributed.tag_queue import TagQueue
from crawler.schedule.history import iso
from crawler.schedule.runner import CrawlScheduler, parse_iso, utc_now
from crawler.schedule.sources import Source

logger = logging.getLogger("crawler.schedule")

WORKER_OPTIONS = ("site", "max_pages", "since", "refresh", "state", "settings")


def options_left_to_workers(source: Source) -> list[str]:
    """The source's options that only a crawl of its own would use."""
    return [name for name in WORKER_OPTIONS if getattr(source, name)]


class QueueingScheduler(CrawlScheduler):
    """Pushes each due source's tag URLs to the workers' queue."""

    def __init__(self, sources: list[Source], queue: TagQueue) -> None:
        super().__init__(sources)
        self.queue = queue
        self.queued_at_key = f"{queue.key}:queued-at"

    def start(self) -> None:
        for source in self.sources:
            ignored = options_left_to_workers(source)
            if ignored:
                logger.warning(
                    "Source %s: %s not sent with its tags; workers crawl with their own options",
                    source.name,
                    ", ".join(ignored),
                )
        logger.info("Due tag URLs go to the Redis list %s", self.queue.key)
        super().start()

    def last_start(self, source: Source) -> datetime | None:
        raw = self.queue.client.hget(self.queued_at_key, source.name)
        return parse_iso(raw.decode()) if raw else None

    def run_source(self, source: Source) -> None:
        if self.stopping.is_set():
            return
        try:
            queued = self.queue.push_many(source.tags)
            self.queue.client.hset(self.queued_at_key, source.name, iso(utc_now()))
        except redis.RedisError as exc:  # the next due run tries again
            logger.error("Tags of %s not queued: %s", source.name, mask_url(str(exc)))
            return
        waiting = len(source.tags) - queued
        logger.info(
            "Source %s due: queued %d tag URL(s)%s",
            source.name,
            queued,
            f", {waiting} waiting already" if waiting else "",
        )
