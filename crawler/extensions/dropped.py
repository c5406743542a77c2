"""Count requests the scheduler drops: they never reach an errback, so nothing else would.

Scrapy's scheduler silently refuses a request its duplicate filter has seen. In this crawl the
spider never yields a duplicate itself, so such a request is a redirect that came back to a URL
already fetched: a redirect loop (``failures/redirect_loop``). Anything else is counted as
``failures/duplicate_request``. In a crawl shared through Redis another worker may have queued
the same URL first (a start URL, an article listed twice): that is counted as
``frontier/already_queued``, not as a failure.
"""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class DroppedRequestCounter:
    """Turns Scrapy's ``request_dropped`` signal into failure counts (see module)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.shared = bool(crawler.settings.get("REDIS_URL"))
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DroppedRequestCounter:
        return cls(crawler)

    def request_dropped(self, request: Request) -> None:
        redirected_from = request.meta.get("redirect_urls") or []
        if self.shared and not redirected_from:
            self.crawler.stats.inc_value("frontier/already_queued")
            return
        reason = "redirect_loop" if redirected_from else "duplicate_request"
        self.crawler.stats.inc_value(f"failures/{reason}")
        origin = redirected_from[0] if redirected_from else request.url
        logger.warning("Dropped %s (%s, first requested as %s)", request.url, reason, origin)
