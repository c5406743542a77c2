"""Close the items files that killed crawls left as ``items*.jsonl.open`` in the output folder.

Each whole line in such a file is an item that was delivered, so the file is kept: a cut-off
last line is dropped and the file renamed to its final name, which is also the name the state
store recorded. The state is recorded just after a line is written, so a kill between the two
leaves an item the store does not know: every article of a closed file that the store lacks is
recorded then (from the item), so it is never fetched or written again. Files still locked by a
running crawl (see AtomicFileFeedStorage) are left alone. Setting: ``CRAWLER_REPAIR_LEFTOVERS``
(True).
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.archive.validate import repair_open_lines_file
from crawler.state.incremental import open_state
from crawler.state.store import SeenArticle, StateStore
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


def read_items(path: Path) -> Iterator[dict[str, Any]]:
    """The items on the whole lines of a JSON Lines file (a cut-off last line is not one)."""
    with path.open(encoding="utf-8", errors="replace") as stream:
        for line in stream:
            if not line.endswith("\n"):
                break
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and item.get("url"):
                yield item


def sighting_from_item(item: dict[str, Any], items_file: Path) -> SeenArticle:
    """The state store's row for an item of ``<run>/<items file>[.open]``."""
    run_id = items_file.parent.name
    warc_file = item.get("warc_file")
    when = item.get("fetched_at") or ""
    return SeenArticle(
        url=item["url"],
        canonical_url=item.get("canonical_url"),
        final_url=item["url"],
        first_seen=item.get("first_seen") or when,
        last_seen=when,
        payload_digest=item.get("payload_digest"),
        etag=None,
        last_modified=None,
        run_id=run_id,
        items_file=items_file.name.removesuffix(PARTIAL_SUFFIX),
        warc_file=(PurePosixPath(run_id) / warc_file).as_posix() if warc_file else None,
        warc_record_id=item.get("warc_record_id"),
        warc_offset=item.get("warc_offset"),
        warc_length=item.get("warc_length"),
        warc_date=None,
    )


def record_missing(store: StateStore, items_file: Path) -> int:
    """Record every article of ``items_file`` the store does not know; how many were."""
    recorded = 0
    for item in read_items(items_file):
        if any(store.seen_article(u) for u in (item["url"], item.get("canonical_url")) if u):
            continue
        store.record_article(sighting_from_item(item, items_file))
        recorded += 1
    return recorded


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
        leftovers = leftover_items_files(self.run_dir.parent, self.run_dir)
        if leftovers:
            self.reconcile(leftovers)  # before renaming: a kill in between repeats it
        for path in leftovers:
            closed = repair_open_lines_file(path)
            if closed is None:
                logger.warning("Left %s as it is: its final name exists", path)
                continue
            self.crawler.stats.inc_value("items/leftovers_repaired")
            logger.warning("Closed %s left open by an earlier crawl", closed)

    def reconcile(self, items_files: list[Path]) -> None:
        """Record in the state store the articles of ``items_files`` it does not know."""
        store = open_state(self.crawler.settings)
        if store is None:
            return
        try:
            for path in items_files:
                if recorded := record_missing(store, path):
                    self.crawler.stats.inc_value("items/leftovers_reconciled", recorded)
                    logger.warning("Recorded %d articles of %s in the state", recorded, path)
        finally:
            store.close()
