"""CDXJ indexes of closed WARC files, built by cdxj-indexer (the pywb/ReplayWeb.page format).

One index per WARC file, ``<run>/indexes/<file name without .warc.gz>.cdxj``, sorted, written as
``NAME.open`` and renamed when whole. Concatenating and sorting them gives a run's index.

A crawl's own files are indexed as they are written (``RecordIndex``: cdxj-indexer's line for
each record the writer has just written, at the offset and length it wrote it), so closing a file
does not read it back and decompress it again; ``write_cdxj`` reads files written elsewhere or
repaired after a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

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
    """

    def __init__(self, warc_name: str) -> None:
        self.warc_name = warc_name
        self.indexer = CDXJIndexer(output=None, inputs=[], sort=True)
        self.indexer.curr_filename = warc_name
        self.lines = SortingWriter(None, SORT_BUFFER_BYTES)

    def add(self, record: ArcWarcRecord, offset: int, length: int) -> None:
        """Index a record (digests and headers set by the writer) written at offset/length."""
        if self.indexer.filter_record(record):
            location = RecordLocation(offset, length)
            self.indexer.process_index_entry(location, record, self.warc_name, self.lines)

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
        for name in self.lines.tmp_files:
            Path(name).unlink(missing_ok=True)
        self.lines = SortingWriter(None, SORT_BUFFER_BYTES)

    def write_next_to(self, warc_path: Path) -> Path:
        """The per-file index of ``warc_path``, where ``index_closed_file`` would put it."""
        return self.write(index_path_for(warc_path))
