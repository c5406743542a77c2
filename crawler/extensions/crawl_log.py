"""Scrapy's log of a run in ``<run dir>/crawl.log``, whichever command started the crawl.

``crawler crawl`` points Scrapy's own ``LOG_FILE`` there before the crawl starts (so the file
has every line and the console only what ``crawler.extensions.console`` lets through). Under
``scrapy crawl`` the log stays on the console as Scrapy users expect, and this extension adds a
copy from the moment extensions are built (the two start-up lines before that are missing).
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.storage.run import CRAWL_LOG


class CrawlLogFile:
    """A second root handler writing the log to the run folder (see module)."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        settings = crawler.settings
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handler = logging.FileHandler(path, encoding=settings.get("LOG_ENCODING"))
        self.handler.setLevel(settings.get("LOG_LEVEL"))
        self.handler.setFormatter(
            logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
        )
        logging.root.addHandler(self.handler)
        # After RunSummary (engine_stopped too, connected earlier) has logged the summary.
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLogFile:
        settings = crawler.settings
        run_dir = settings.get("CRAWLER_RUN_DIR")
        if not run_dir or settings.get("LOG_FILE") or not settings.getbool("LOG_ENABLED"):
            raise NotConfigured  # (no message: Scrapy would log one as a warning)
        try:
            return cls(crawler, Path(run_dir) / CRAWL_LOG)
        except OSError as exc:
            raise NotConfigured(f"cannot write {Path(run_dir) / CRAWL_LOG}: {exc}") from None

    def engine_stopped(self) -> None:
        logging.root.removeHandler(self.handler)
        self.handler.close()
