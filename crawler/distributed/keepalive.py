"""Keep a worker of a shared crawl open while the crawl goes on anywhere, and end it cleanly.

A worker whose share of the queue is briefly empty would close at once (Scrapy closes an idle
spider). On ``spider_idle`` this extension raises ``DontCloseSpider`` until, for
``CRAWLER_FRONTIER_IDLE_CLOSE`` seconds, nothing was queued and no lease was open anywhere in
the crawl; then it marks the run finished in Redis and lets the spider close (exit status 0).
A worker that finds the run finished, or a newer run begun, closes at once. Meanwhile it
renews this process' leases, wakes the engine every ``poll`` seconds to look at the queue, and on
close returns the leases still open to the queue.
``SCHEDULER_IDLE_BEFORE_CLOSE`` is not used: its blocking pop stops the event loop.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.compat.scrapy_engine import wake_engine
from crawler.distributed.leases import leased_queue

logger = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 0.5
REDIS_PATIENCE = 60.0  # seconds an idle worker waits for Redis to come back


class FrontierKeepAlive:
    def __init__(self, crawler: Crawler, client: Any, keys: Any, run: int) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.client = client
        self.keys = keys
        self.run = run
        self.idle_close = settings.getfloat("CRAWLER_FRONTIER_IDLE_CLOSE")
        self.poll = min(DEFAULT_POLL_SECONDS, max(self.idle_close / 4, 0.05))
        self.renew_every = settings.getfloat("CRAWLER_LEASE_TIMEOUT") / 3
        self.idle_since: float | None = None
        self.renewal: Any = None
        self.waking: Any = None
        self.unreachable_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierKeepAlive:
        settings = crawler.settings
        if not settings.get("REDIS_URL"):
            raise NotConfigured  # the usual case (no Redis): no message, so Scrapy logs no warning
        from crawler.distributed.frontier import FrontierKeys
        from crawler.distributed.redis_url import mask_url, open_redis

        client = open_redis(
            settings.get("REDIS_URL"), settings.getbool("CRAWLER_ALLOW_INSECURE_REDIS")
        )
        keys = FrontierKeys(settings.get("CRAWLER_FRONTIER"))
        extension = cls(crawler, client, keys, settings.getint("CRAWLER_FRONTIER_RUN"))
        assert crawler.stats is not None
        crawler.stats.set_value("frontier/name", keys.name)
        crawler.stats.set_value("frontier/run", extension.run)
        crawler.stats.set_value("frontier/redis", mask_url(settings.get("REDIS_URL")))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.renewal = create_looping_call(self.renew_leases)
        self.renewal.start(self.renew_every, now=False)
        # Requests queued by other workers are taken within `poll` seconds, even while this
        # worker is busy with something else than downloads (its engine would wait for the
        # next download to finish or for its 5-second heartbeat).
        self.waking = create_looping_call(self.wake_engine)
        self.waking.start(self.poll, now=False)

    def spider_idle(self, spider: Spider) -> None:
        """Close only once the whole crawl is over (see the module's docstring). Redis out of
        reach keeps the worker waiting for up to REDIS_PATIENCE seconds, then closes it with
        the reason ``redis_unreachable``."""
        import redis

        try:
            over = self.crawl_over()
        except redis.RedisError as exc:
            self.unreachable_since = self.unreachable_since or time.monotonic()
            waited = time.monotonic() - self.unreachable_since
            logger.warning("Redis out of reach for %.0f s: %s", waited, exc)
            if waited >= max(REDIS_PATIENCE, self.idle_close):
                raise CloseSpider("redis_unreachable") from None
            raise DontCloseSpider from None
        self.unreachable_since = None
        if not over:
            raise DontCloseSpider

    def crawl_over(self) -> bool:
        """Whether this run of the crawl is over: finished (marked here if it is time), or a
        newer run began."""
        from crawler.distributed.frontier import current_run, mark_finished, requeue_expired

        if current_run(self.client, self.keys) != self.run:
            logger.info(
                "Run %d of frontier %s is over (a newer run began)", self.run, self.keys.name
            )
            return True
        requeue_expired(self.client, self.keys)
        queued, leases, finished = self.crawl_activity()
        if finished:
            logger.info("Run %d of frontier %s is finished", self.run, self.keys.name)
            return True
        now = time.monotonic()
        if queued or leases:
            self.idle_since = None
        elif self.idle_since is None:
            self.idle_since = now
        elif now - self.idle_since >= self.idle_close:
            if mark_finished(self.client, self.keys, self.run):
                self.crawler.stats.set_value("frontier/finished_by_this_worker", True)
                logger.info(
                    "Run %d of frontier %s finished: nothing queued or leased for %.1f s",
                    self.run,
                    self.keys.name,
                    self.idle_close,
                )
                return True
            self.idle_since = None
        return False

    def crawl_activity(self) -> tuple[int, int, bool]:
        """Requests queued and leases open anywhere in the crawl; whether its run is marked
        finished."""
        pipe = self.client.pipeline(transaction=False)
        pipe.zcard(self.keys.requests).zcard(self.keys.leases).exists(self.keys.finished)
        queued, leases, finished = pipe.execute()
        return int(queued), int(leases), bool(finished)

    def wake_engine(self) -> None:
        """Let the engine look at the queue again now rather than at its next 5-second
        heartbeat (crawler.compat.scrapy_engine)."""
        wake_engine(self.crawler.engine)

    def renew_leases(self) -> None:
        queue = leased_queue(self.crawler)
        if queue is None:
            return
        try:
            queue.renew()
        except Exception as exc:  # Redis gone for a moment: the next renewal may succeed
            logger.warning("Could not renew leases in Redis: %s", exc)

    def spider_closed(self, spider: Spider) -> None:
        for loop in (self.renewal, self.waking):
            if loop is not None and loop.running:
                loop.stop()
        queue = leased_queue(self.crawler)
        if queue is not None:
            returned = queue.return_open_leases()
            if returned:
                logger.info("Returned %d unfinished requests to the queue", returned)
