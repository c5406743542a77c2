"""Stop the crawl before the disk is full, so that no line or record is left half-written.

Before each response is handled, the free space of the run folder's file system is compared
with ``CRAWLER_MIN_FREE_BYTES`` (64 MiB; 0 turns the check off), a reserve for finishing the
requests in flight and closing the files. Below it, one error line is logged and the spider is
closed with the reason ``disk_full`` (``crawler crawl`` then exits non-zero); the articles not
written yet are fetched by the next run, as after any interruption.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

DISK_FULL = "disk_full"


def free_bytes(path: Path) -> int:
    """Free bytes, for an unprivileged user, of the file system holding ``path``."""
    return shutil.disk_usage(path).free


class DiskSpaceGuard:
    """Closes the spider with reason ``disk_full`` once free space falls below the reserve."""

    def __init__(self, crawler: Crawler, folder: Path, reserve: int) -> None:
        self.crawler = crawler
        self.folder = folder
        self.reserve = reserve
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskSpaceGuard:
        reserve = crawler.settings.getint("CRAWLER_MIN_FREE_BYTES")
        run_dir = crawler.settings.get("CRAWLER_RUN_DIR")
        if reserve <= 0 or not run_dir:
            raise NotConfigured("CRAWLER_MIN_FREE_BYTES is 0, or no run folder")
        guard = cls(crawler, Path(run_dir).absolute().parent, reserve)
        crawler.signals.connect(guard.check, signal=signals.spider_opened)
        crawler.signals.connect(guard.check, signal=signals.response_received)
        return guard

    def check(self, spider: Spider) -> None:
        if self.stopping:
            return
        free = free_bytes(self.folder)
        if free >= self.reserve:
            return
        self.stopping = True
        logger.error(
            "Disk full: %d bytes free in %s, below CRAWLER_MIN_FREE_BYTES=%d; stopping the "
            "crawl (run it again once there is room: it goes on where this one stopped)",
            free,
            self.folder,
            self.reserve,
        )
        self.crawler.stats.set_value("disk/free_bytes_at_stop", free)
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=DISK_FULL))
