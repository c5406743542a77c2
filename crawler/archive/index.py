"""CDXJ indexes of closed WARC files, built by cdxj-indexer (the pywb/ReplayWeb.page format).

One index per WARC file, ``<run>/indexes/<file name without .warc.gz>.cdxj``, sorted, written as
``NAME.open`` and renamed when whole. Concatenating and sorting them gives a run's index.

A crawl's own files are indexed as they are written (``RecordIndex``: cdxj-indexer's line for
each record the writer has just written, at the offset and length it wrote it), so closing a file
does not read it back and decompress it again; ``write_cdxj`` reads files written elsewhere or
repaired after a crash.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from queue import Queue

from cdxj_indexer.main import CDXJIndexer, SortingWriter
from warcio.recordloader import ArcWarcRecord

from crawler.archive.cdxj import (
    INDEX_SUBDIR,
    RecordLocation,
    cdxj_name,
    index_dir_for,
    index_path_for,
)

__all__ = ["INDEX_SUBDIR", "RecordIndex", "cdxj_name", "index_dir_for", "write_cdxj"]

# Lines held in memory per WARC file before cdxj-indexer's sorter spills a sorted run to disk.
SORT_BUFFER_BYTES = 4 * 2**20
# Records handed to an index's background thread at once: one queue hand-over (a lock, a thread
# wake-up) per record cost the event loop ~5% of its time.
BACKGROUND_BATCH = 16
# Batches the background thread may be behind (each record holds its payload in memory).
BACKGROUND_QUEUE = 2


def write_cdxj(warc_paths: Iterable[Path], output: Path) -> Path:
    """Sorted CDXJ lines for every response, revisit, resource and metadata record of the
    given files (``filename`` = the file's base name)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".open")
    inputs = [str(path) for path in warc_paths]
    try:
        CDXJIndexer(output=str(partial), inputs=inputs, sort=True).process_all()
    except OSError:  # e.g. disk full: no partial index left behind
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)
    return output


def index_closed_file(warc_path: Path) -> Path:
    """The per-file index of one closed WARC file, next to the run's ``warc/`` folder."""
    return write_cdxj([warc_path], index_path_for(warc_path))


class RecordIndex:
    """The CDXJ index of one WARC file, fed each record as it is written.

    cdxj-indexer picks the records (response, revisit, resource, metadata) and makes each line;
    its sorter keeps at most ``SORT_BUFFER_BYTES`` of lines in memory, sorted runs on disk.

    With ``background``, the lines are made in a thread of the index's own (started with the
    first record, handed ``BACKGROUND_BATCH`` records at a time, at most ``BACKGROUND_QUEUE``
    batches behind), so the caller's thread (the crawl's event loop) spends no time on them;
    :meth:`finish` waits for it. The lines are sorted, so the order they are made in does not
    matter.
    """

    def __init__(self, warc_name: str, background: bool = False) -> None:
        self.warc_name = warc_name
        self.indexer = CDXJIndexer(output=None, inputs=[], sort=True)
        self.indexer.curr_filename = warc_name
        self.lines = SortingWriter(None, SORT_BUFFER_BYTES)
        self.background = background
        self._queue: Queue[list[tuple[ArcWarcRecord, int, int]] | None] | None = None
        self._batch: list[tuple[ArcWarcRecord, int, int]] = []
        self._thread: threading.Thread | None = None
        self._failure: Exception | None = None  # what stopped the background thread's indexing

    def add(self, record: ArcWarcRecord, offset: int, length: int) -> None:
        """Index a record (digests and headers set by the writer) written at offset/length. In
        the background the error that stopped an earlier record's indexing is raised here."""
        if self._failure is not None:
            raise self._failure
        if not self.background:
            self._add(record, offset, length)
            return
        if self._queue is None:
            self._start()
        assert self._queue is not None
        self._batch.append((record, offset, length))
        if len(self._batch) >= BACKGROUND_BATCH:
            self._queue.put(self._batch)
            self._batch = []

    def _add(self, record: ArcWarcRecord, offset: int, length: int) -> None:
        if self.indexer.filter_record(record):
            location = RecordLocation(offset, length)
            self.indexer.process_index_entry(location, record, self.warc_name, self.lines)

    def _start(self) -> None:
        self._queue = Queue(BACKGROUND_QUEUE)
        self._thread = threading.Thread(
            target=self._index_queued, name=f"cdxj-{self.warc_name}", daemon=True
        )
        self._thread.start()

    def _index_queued(self) -> None:
        """The background thread: index each queued batch of records until None; after a
        failure the rest are only taken off the queue (the index is then discarded)."""
        assert self._queue is not None
        while (batch := self._queue.get()) is not None:
            for entry in batch:
                if self._failure is not None:
                    break
                try:
                    self._add(*entry)
                except Exception as exc:
                    self._failure = exc

    def _stop(self) -> None:
        """Wait for the background thread to index what was queued, and end it."""
        if self._thread is not None and self._queue is not None:
            if self._batch:
                self._queue.put(self._batch)
            self._queue.put(None)
            self._thread.join()
        self._thread = self._queue = None
        self._batch = []

    def finish(self) -> bool:
        """Every record added is indexed: True; False when there was no room for the sorted
        runs (the index is then discarded). Another error of the background thread is raised."""
        self._stop()
        failure, self._failure = self._failure, None
        if failure is None:
            return True
        self.discard()
        if isinstance(failure, OSError):
            return False
        raise failure

    def write(self, output: Path) -> Path:
        """Write the sorted index as ``output.open``, renamed to ``output`` when whole."""
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".open")
        try:
            with open(partial, "w", encoding="utf-8") as out:
                self.lines.out = out
                self.lines.flush()
        except OSError:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(output)
        return output

    def discard(self) -> None:
        """Drop the index, with the sorted runs spilled to disk."""
        self._batch = []  # records not yet handed to the background thread: not indexed at all
        self._stop()
        for name in self.lines.tmp_files:
            Path(name).unlink(missing_ok=True)
        self.lines = SortingWriter(None, SORT_BUFFER_BYTES)

    def write_next_to(self, warc_path: Path) -> Path:
        """The per-file index of ``warc_path``, where ``index_closed_file`` would put it."""
        return self.write(index_path_for(warc_path))
