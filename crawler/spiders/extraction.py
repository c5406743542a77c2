"""Article extraction and listing-page parsing during a crawl: in worker processes, so the event
loop keeps downloading, archiving and writing while pages are parsed.

Settings:

- CRAWLER_EXTRACT_ENABLED (True): False fetches and archives the articles without extracting
  them (no items; counted as ``articles/not_extracted``), to measure what extraction costs.
- CRAWLER_EXTRACT_WORKERS (``auto``): worker processes; 0 extracts in the crawl process (each
  page blocks the event loop while it is parsed). ``auto`` is one fewer than the CPUs, at least
  1, at most 4 (:func:`crawler.workers.default_workers`).
- CRAWLER_EXTRACT_TIMEOUT (60): seconds a page may take in a worker; then it is counted as
  ``failures/extraction_timeout`` and the stuck worker is killed (0: no bound).
- CRAWLER_EXTRACT_FUNCTION: the function building an item from a page, called with the
  arguments of :func:`crawler.spiders.articles.build_article_item`, which is the default.

A page whose extraction fails is counted as ``failures/extraction_error`` (the extractor
raised) or ``failures/extraction_worker_died`` (its worker process died twice) and the crawl
goes on with a new pool.

Listing pages are parsed by the same workers (or in the crawl process with 0 workers), whether
or not articles are extracted; one that cannot be parsed is counted as
``failures/listing_parse_<reason>`` (same reasons) and its tag's walk goes no further.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object

from crawler.extract.listing import ListingPage, parse_listing
from crawler.sites import Selectors
from crawler.spiders.arguments import InputError
from crawler.spiders.articles import BuiltArticle
from crawler.workers import ERROR, PRELOAD, TaskFailed, WorkerPool, parse_workers

logger = logging.getLogger(__name__)

DEFAULT_FUNCTION = "crawler.spiders.articles.build_article_item"


def extract_workers(settings: BaseSettings) -> int:
    """CRAWLER_EXTRACT_WORKERS as a number of processes; a bad value is an input error."""
    try:
        return parse_workers(settings.get("CRAWLER_EXTRACT_WORKERS"))
    except ValueError as error:
        raise InputError(f"CRAWLER_EXTRACT_WORKERS: {error}") from None


class PageExtraction:
    """Extraction of the crawl's pages for the spider: builds article items and parses listing
    pages, in the worker pool it owns for one crawl, and counts the pages that fail."""

    def __init__(self, crawler: Crawler, enabled: bool, pool: WorkerPool, function: str) -> None:
        self.crawler = crawler
        self.enabled = enabled
        self.pool = pool
        self.function = load_object(function)
        preload = function.rpartition(".")[0]
        if preload and preload not in pool.preload:
            pool.preload = (*pool.preload, preload)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageExtraction:
        settings = crawler.settings
        pool = WorkerPool(
            extract_workers(settings), settings.getfloat("CRAWLER_EXTRACT_TIMEOUT", 60), PRELOAD
        )
        extraction = cls(
            crawler,
            settings.getbool("CRAWLER_EXTRACT_ENABLED", True),
            pool,
            settings.get("CRAWLER_EXTRACT_FUNCTION") or DEFAULT_FUNCTION,
        )
        crawler.signals.connect(extraction.close, signal=signals.spider_closed)
        crawler.signals.connect(extraction.close, signal=signals.engine_stopped)
        return extraction

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def build(self, text: str, url: str, **kwargs: Any) -> BuiltArticle | None:
        """The page's item and provenance, or None (counted) when it was not extracted."""
        if not self.enabled:
            self.stats.inc_value("articles/not_extracted")
            return None
        try:
            return await self.pool.run(self.function, text, url, **kwargs)
        except TaskFailed as failure:
            self.stats.inc_value(f"failures/extraction_{failure.reason}")
            if failure.reason == ERROR:
                logger.error("Extraction failed on %s", url, exc_info=failure.__cause__)
            else:
                logger.error("Extraction failed on %s: %s", url, failure)
            return None

    async def parse_listing(
        self, text: str, url: str, selectors: Selectors | None
    ) -> ListingPage | None:
        """The listing page's entries and pager, or None (counted) when it could not be parsed."""
        try:
            return await self.pool.run(parse_listing, text, url, selectors)
        except TaskFailed as failure:
            self.stats.inc_value(f"failures/listing_parse_{failure.reason}")
            logger.error("Could not parse listing page %s: %s", url, failure)
            return None

    def close(self) -> None:
        self.pool.shutdown()
