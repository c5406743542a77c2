"""Close the items files that killed crawls left as ``items*.jsonl.open`` in the output folder.

Each whole line in such a file is an item that was delivered, so the file is kept: a cut-off
last line is dropped and the file renamed to its final name, which is also the name the state
store recorded. The state is recorded just after a line is written, so a kill between the two
leaves an item the store does not know: every article of a closed file that the store lacks is
recorded then (from the item), so it is never fetched or written again. Files still locked by a
running crawl (see AtomicFileFeedStorage) are left alone. Setting: ``CRAWLER_REPAIR_LEFTOVERS``
(True).

``crawler warc repair`` does the same by hand (``close_leftover_lines_files``), with the state
database beside the run folders, and closes the runs' ``pages.jsonl.open`` as a crawl's WARC
middleware does at startup (once no WARC file of that run is open any more).
"""

from __future__ import annotations

import fcntl
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.archive.validate import repair_open_lines_file
from crawler.state.incremental import open_state
from crawler.state.store import STATE_FILE, SeenArticle, SqliteStateStore, StateStore
from crawler.storage.feeds import PARTIAL_SUFFIX

ITEMS_PATTERN = f"items*.jsonl{PARTIAL_SUFFIX}"
PAGES_OPEN = f"pages.jsonl{PARTIAL_SUFFIX}"  # crawler.archive.closed_files.PAGES_FILE, open

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
    found = sorted(output_dir.glob(f"*/{ITEMS_PATTERN}"))
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


@dataclass
class ClosedLeftover:
    """What ``close_leftover_lines_files`` did with one ``.open`` file."""

    path: Path
    closed: Path | None  # its final name; None when it was left as it is
    skipped: str | None = None  # why it was left
    recorded: int = 0  # articles of an items file recorded in the state database


def lines_files_in(paths: Iterable[Path]) -> list[Path]:
    """The ``items*.jsonl.open`` and ``pages.jsonl.open`` files named or found in folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob(ITEMS_PATTERN)))
            found.extend(sorted(path.rglob(PAGES_OPEN)))
        elif path.match(ITEMS_PATTERN) or path.name == PAGES_OPEN:
            found.append(path)
    return found


def close_leftover_lines_files(paths: Iterable[Path]) -> list[ClosedLeftover]:
    """Close the items and pages files killed crawls left in ``paths`` (files or folders), as
    the next crawl in their output folder would: items files first recorded in the state
    database beside their run folder (when there is one), files a running crawl holds left
    alone, a pages file only once its run has no open WARC file (repair those first)."""
    results = []
    for path in lines_files_in(paths):
        if path.name == PAGES_OPEN:
            results.append(close_pages_file(path))
        else:
            results.append(close_items_file(path))
    return results


def close_items_file(path: Path) -> ClosedLeftover:
    if is_locked(path):
        return ClosedLeftover(path, None, "being written by a running crawl")
    recorded = 0
    state = path.parent.parent / STATE_FILE
    if state.exists():
        store = SqliteStateStore(state)
        try:
            recorded = record_missing(store, path)
        finally:
            store.close()
    closed = repair_open_lines_file(path)
    return ClosedLeftover(path, closed, None if closed else "its final name exists", recorded)


def close_pages_file(path: Path) -> ClosedLeftover:
    run_dir = path.parent
    if any(run_dir.glob(f"warc/*.warc.gz{PARTIAL_SUFFIX}")):
        return ClosedLeftover(path, None, "a WARC file of its run is still open")
    if any(is_locked(p) for p in run_dir.glob(ITEMS_PATTERN)):
        return ClosedLeftover(path, None, "being written by a running crawl")
    closed = repair_open_lines_file(path)
    return ClosedLeftover(path, closed, None if closed else "its final name exists")
