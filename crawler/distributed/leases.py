"""When a leased request counts as handled, so its lease is acknowledged (distributed.queue).

A response is handled when everything its callback gave has gone where it goes: each item
through the pipelines and written (``item_scraped``; or ``item_dropped``/``item_error``), each
request queued in Redis (or filtered as a duplicate). A request whose download ends in a
redirect or a retry is handled once that new request is queued (the queue's push does it). A
download that fails for good is handled when the failure leaves the downloader middlewares;
the errback that follows only counts it. Without ``REDIS_URL`` none of this is enabled.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

if TYPE_CHECKING:
    from crawler.distributed.queue import LeasedPriorityQueue

LEASE_META = "crawler_lease"

# The leased queue of each crawl, for these middlewares and the keep-alive extension, which
# Scrapy builds before the scheduler opens its queue. This module imports no Redis client: Scrapy
# loads it even when REDIS_URL is empty (then from_crawler says NotConfigured).
_QUEUES: weakref.WeakKeyDictionary[Any, LeasedPriorityQueue] = weakref.WeakKeyDictionary()


def leased_queue(crawler: Any) -> LeasedPriorityQueue | None:
    """The crawl's leased queue, once the scheduler has opened it (None without --redis)."""
    return _QUEUES.get(crawler)


def register_queue(crawler: Any, queue: LeasedPriorityQueue) -> None:
    _QUEUES[crawler] = queue


def lease_token(response: Response | None) -> str | None:
    if response is None or getattr(response, "request", None) is None:
        return None
    return response.meta.get(LEASE_META)


class LeaseAckSpiderMiddleware:
    """Outermost spider middleware: queues the requests a callback yields itself (the engine
    would do the same a moment later) so that when the callback is over its requests are in
    Redis; counts its items until the pipelines are done with them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseAckSpiderMiddleware:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured  # the usual case (no Redis): no message, so Scrapy logs no warning
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        queue, token = leased_queue(self.crawler), lease_token(response)
        try:
            for output in result:
                if self.queued_here(queue, token, output):
                    continue
                yield output
        finally:
            if queue is not None:
                queue.callback_done(token)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        queue, token = leased_queue(self.crawler), lease_token(response)
        try:
            async for output in result:
                if self.queued_here(queue, token, output):
                    continue
                yield output
        finally:
            if queue is not None:
                queue.callback_done(token)

    def queued_here(
        self, queue: LeasedPriorityQueue | None, token: str | None, output: Any
    ) -> bool:
        """Queue a request now (True); count an item as pending for the lease (False)."""
        if queue is None or token is None:
            return False
        if isinstance(output, Request):
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(output)
            return True
        if output is not None:
            queue.item_started(token)
        return False

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        """No middleware handled the callback's error: the response is done with."""
        queue = leased_queue(self.crawler)
        if queue is not None:
            queue.callback_done(lease_token(response))


class ItemLeaseAcks:
    """Extension: an item written (``item_scraped``), dropped or failed in a pipeline is done;
    so is a request whose redirect or retry is dropped as a duplicate.

    Enabled right after the FeedExporter (order 0), so its handler runs just after the item's
    line is written, before the other ``item_scraped`` handlers: a worker killed in between
    leaves the least room for an item written whose lease is not acknowledged.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemLeaseAcks:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured  # the usual case (no Redis): no message, so Scrapy logs no warning
        extension = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(extension.item_finished, signal=signal)
        crawler.signals.connect(extension.request_dropped, signal=signals.request_dropped)
        return extension

    def item_finished(self, item: Any, response: Response | None = None, **_: Any) -> None:
        queue = leased_queue(self.crawler)
        if queue is not None:
            queue.item_done(lease_token(response))

    def request_dropped(self, request: Request) -> None:
        """A redirect or retry the duplicate filter refused: the request it replaces is done."""
        queue = leased_queue(self.crawler)
        if queue is not None:
            queue.ack(request.meta.get(LEASE_META))


class LeaseAckDownloaderMiddleware:
    """Outermost downloader middleware: a download that failed for good (retries spent, refused
    by robots.txt or the address guard) is done with; only its errback's count follows."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseAckDownloaderMiddleware:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured  # the usual case (no Redis): no message, so Scrapy logs no warning
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        queue = leased_queue(self.crawler)
        if queue is not None:
            queue.ack(request.meta.get(LEASE_META))
