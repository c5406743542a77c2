"""Close the items files that killed crawls left as ``items*.jsonl.open`` in the output folder.

Each whole line in such a file is an item that was delivered (the state store counts its article
as seen), so the file is kept: a cut-off last line is dropped and the file renamed to its final
name, which is also the name the state store recorded. Files still locked by a running crawl
(see AtomicFileFeedStorage) are left alone. Setting: ``CRAWLER_REPAIR_LEFTOVERS`` (True).
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.archive.validate import repair_open_lines_file
from crawler.storage.feeds import PARTIAL_SUFFIX

logger = logging.getLogger(__name__)


def is_locked(path: Path) -> bool:
    """Another process holds the file's flock (a running crawl writes it)."""
    with path.open("rb") as stream:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
    return False


def leftover_items_files(output_dir: Path, current_run: Path) -> list[Path]:
    """``items*.jsonl.open`` files of other runs in ``output_dir`` that no process writes."""
    found = sorted(output_dir.glob(f"*/items*.jsonl{PARTIAL_SUFFIX}"))
    return [p for p in found if p.parent.resolve() != current_run.resolve() and not is_locked(p)]


class LeftoverItemsRepair:
    """At spider open, closes the items files of earlier killed runs (see module)."""

    def __init__(self, crawler: Crawler) -> None:
        run_dir = crawler.settings.get("CRAWLER_RUN_DIR")
        if not run_dir or not crawler.settings.getbool("CRAWLER_REPAIR_LEFTOVERS", True):
            raise NotConfigured("no run folder, or CRAWLER_REPAIR_LEFTOVERS is off")
        self.crawler = crawler
        self.run_dir = Path(run_dir).absolute()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeftoverItemsRepair:
        return cls(crawler)

    def spider_opened(self) -> None:
        for path in leftover_items_files(self.run_dir.parent, self.run_dir):
            closed = repair_open_lines_file(path)
            if closed is None:
                logger.warning("Left %s as it is: its final name exists", path)
                continue
            self.crawler.stats.inc_value("items/leftovers_repaired")
            logger.warning("Closed %s left open by an earlier crawl", closed)
