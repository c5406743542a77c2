"""WARC files once closed: their CDXJ indexes, and the files a killed crawl left open.

Each file the writer closes gets its CDXJ index in ``<run>/indexes/``: the one the writer built
as the records were written, else one read from the file (in a thread during the crawl, at once
for the crawl's last file). Without room for it the WARC file stays whole and unindexed, and the
next crawl in the output folder indexes it when it starts, as it repairs the ``.open`` files of
earlier, killed crawls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from scrapy.statscollectors import StatsCollector
from twisted.internet import threads
from twisted.internet.defer import Deferred, DeferredList

from crawler.archive.index import RecordIndex, cdxj_name, index_closed_file, index_dir_for
from crawler.archive.validate import OPEN_SUFFIX, repair_open_file, repair_open_lines_file

logger = logging.getLogger(__name__)

PAGES_FILE = "pages.jsonl"


class ClosedFileIndexes:
    """The CDXJ indexes of closed WARC files, those of this crawl and those earlier crawls
    left open or unindexed.

    ``disk_full`` reports a write the disk had no room for and re-raises any other error."""

    def __init__(
        self, stats: StatsCollector, disk_full: Callable[[Path | str, BaseException], None]
    ) -> None:
        self.stats = stats
        self.disk_full = disk_full
        self._indexing: list[Deferred] = []

    def index(self, path: Path, index: RecordIndex | None, in_background: bool) -> None:
        """Write the index the writer built; read the file for it only when it has none."""
        if index is None:
            if in_background:
                self.index_in_background(path)
            else:
                self.index_now(path)
            return
        try:
            index.write_next_to(path)
        except OSError as exc:
            self._index_failed(path, exc)
            return
        self.stats.inc_value("warc/indexes")

    def index_in_background(self, path: Path) -> None:
        """CDXJ of a closed file, read from it in a thread."""
        indexing = threads.deferToThread(index_closed_file, path)
        indexing.addCallbacks(
            lambda _: self.stats.inc_value("warc/indexes"),
            lambda failure: self._index_failed(path, failure.value),
        )
        self._indexing.append(indexing)

    def index_now(self, path: Path) -> None:
        try:
            index_closed_file(path)
        except OSError as exc:
            self._index_failed(path, exc)
            return
        self.stats.inc_value("warc/indexes")

    def _index_failed(self, path: Path, exc: BaseException) -> None:
        """No room for a CDXJ index: the WARC file is whole; the next crawl in this output
        folder indexes it (``repair_leftovers``)."""
        self.stats.inc_value("disk/indexes_unwritten")
        self.disk_full(index_dir_for(path.parent) / cdxj_name(path), exc)

    def until_indexed(self) -> Deferred | None:
        """Fires when every index being made in a thread is written (None: none is)."""
        pending = [d for d in self._indexing if not d.called]
        return DeferredList(pending, consumeErrors=False) if pending else None

    def repair_leftovers(self, output_dir: Path, index_missing: bool) -> None:
        """Close the ``.open`` WARC files of earlier, killed runs in this output folder (files
        a running crawl still writes are locked, and left alone); with ``index_missing``,
        index the closed files that lack their CDXJ index."""
        for path in sorted(output_dir.glob(f"*/warc/*.warc.gz{OPEN_SUFFIX}")):
            result = repair_open_file(path)
            if result.repaired_path is None:
                logger.info("Left %s as it is: %s", path, result.skipped)
                continue
            self.index_now(result.repaired_path)
            self.stats.inc_value("warc/leftovers_repaired")
            logger.warning(
                "Repaired %s left open by an earlier crawl (%d bytes of an unfinished exchange "
                "trimmed)",
                result.repaired_path,
                result.trimmed_bytes,
            )
        for path in sorted(output_dir.glob(f"*/{PAGES_FILE}{OPEN_SUFFIX}")):
            if not any(output_dir.glob(f"{path.parent.name}/warc/*.warc.gz{OPEN_SUFFIX}")):
                repair_open_lines_file(path)
        if not index_missing:
            return  # WARC_CDXJ off
        for path in sorted(output_dir.glob("*/warc/*.warc.gz")):
            if not (index_dir_for(path.parent) / cdxj_name(path)).exists():
                self.index_now(path)  # its crawl had no room left to index it
