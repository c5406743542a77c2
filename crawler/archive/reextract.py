"""Rebuild article items from archived responses: no network, today's extractor.

Which responses are articles, and where they were listed, comes from the crawl's metadata
records (``page_kind`` "article", ``listing``). A revisit record's payload is read from the
record it refers to: in the inputs, else through the digest index of the output folder. The HTTP
headers (charset, content type) are the capture's own, so text is decoded as the spider did.

Finding the records reads only their headers when the file's CDXJ index (written by the crawl)
accounts for every record of it; else the file is read through, each payload decompressed.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from crawler.archive.cdxj import IndexEntry, index_path_for, read_entries
from crawler.archive.dedup import INDEX_FILE_NAME, SqliteDigestIndex
from crawler.archive.records import relative_to_run_dir
from crawler.items import LISTING_FIELDS
from crawler.workers import TaskFailed, WorkerPool

if TYPE_CHECKING:
    from crawler.sites import Selectors

logger = logging.getLogger(__name__)

EXCHANGE_TYPES = ("response", "revisit")
WORKER_MODULE = "crawler.archive.rebuild"  # what the worker processes import
DEFAULT_TIMEOUT = 60.0  # seconds one page may take in a worker
# Pages handed to the pool per worker and not yet written: items are written in archive order, so
# while one slow page (pages take 4 to 250 ms) is awaited the other workers go on with the pages
# after it only as far as this allows; few enough that memory does not grow with the archive.
IN_FLIGHT_PER_WORKER = 32
# Pages sent to a worker in one message (and their items back in one): fewer wake-ups of this
# process, whose CPU time is taken from the workers' on a machine with as many cores as workers
# (per page on the crawl-bench archive: 0.15 ms with 4, 0.10 ms with 8, 0.06 ms with 16). Not
# more: a message that fails is only given up after this many times the timeout, and the last
# message of one worker is all that is left to do for the others.
PAGES_PER_MESSAGE = 8
# Compressed bytes decompressed at a time where only a record's headers are read (warcio's default
# is 16 KiB: most of a page's gzip member).
HEADER_BLOCK_SIZE = 1024


class Located(Protocol):
    """Where a record is: warcio's ArchiveIterator for the record it just read, or an index."""

    def get_record_offset(self) -> int: ...

    def get_record_length(self) -> int: ...


@dataclass(frozen=True)
class RecordRef:
    """Where one record is, and what its headers say."""

    path: Path
    offset: int
    length: int
    type: str
    record_id: str
    target_uri: str
    warc_date: str
    payload_digest: str | None
    refers_to: str | None


@dataclass
class ArchiveScan:
    """Response/revisit records and metadata documents of a set of WARC files."""

    exchanges: list[RecordRef] = field(default_factory=list)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def by_id(self) -> dict[str, RecordRef]:
        return {ref.record_id: ref for ref in self.exchanges}


def warc_inputs(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(WARC file, the run folder its item locations are relative to) for each input, which is
    a WARC file or a run folder (its ``warc/`` is read)."""
    found = []
    for path in paths:
        if path.is_dir():
            warc_dir = path / "warc" if (path / "warc").is_dir() else path
            run_dir = warc_dir.parent if warc_dir.name == "warc" else warc_dir
            found.extend((p, run_dir) for p in sorted(warc_dir.glob("*.warc.gz")))
        else:
            run_dir = path.parent.parent if path.parent.name == "warc" else path.parent
            found.append((path, run_dir))
    return found


def scan_file(path: Path, scan: ArchiveScan) -> None:
    """Every record of the file, read through (each payload decompressed; HTTP headers are not
    parsed: the worker reads them)."""
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream, no_record_parse=True)
        for record in iterator:
            add_record(scan, path, record, iterator)


def add_record(scan: ArchiveScan, path: Path, record: ArcWarcRecord, where: Located) -> None:
    """A response or revisit record goes into ``scan.exchanges``, a metadata document into
    ``scan.metadata``; other records are left out."""
    headers = record.rec_headers
    if record.rec_type == "metadata":
        document = parse_metadata(record)
        concurrent_to = headers.get_header("WARC-Concurrent-To")
        if document is not None and concurrent_to:
            scan.metadata[concurrent_to] = document
        return
    if record.rec_type not in EXCHANGE_TYPES:
        return
    scan.exchanges.append(
        RecordRef(
            path=path,
            offset=where.get_record_offset(),
            length=where.get_record_length(),
            type=record.rec_type,
            record_id=headers.get_header("WARC-Record-ID"),
            target_uri=headers.get_header("WARC-Target-URI"),
            warc_date=headers.get_header("WARC-Date"),
            payload_digest=headers.get_header("WARC-Payload-Digest"),
            refers_to=headers.get_header("WARC-Refers-To"),
        )
    )


def scan_indexed(path: Path, scan: ArchiveScan) -> bool:
    """Add the file's records to ``scan`` as :func:`scan_file` would, from its CDXJ index: only
    the headers of the indexed records are read (and the metadata documents), no payload is
    decompressed. The index must account for the file record for record (see
    :func:`read_indexed`); False, with ``scan`` untouched, when it does not or there is none."""
    entries = read_entries(index_path_for(path), path.name)
    if not entries:
        return False
    found = ArchiveScan()
    try:
        with path.open("rb") as stream:
            if not read_indexed(path, stream, entries, found):
                return False
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error):
        return False
    scan.exchanges.extend(found.exchanges)
    scan.metadata.update(found.metadata)
    return True


def read_indexed(
    path: Path, stream: BinaryIO, entries: list[IndexEntry], scan: ArchiveScan
) -> bool:
    """Each indexed record's headers, read where the index says it is; False unless every entry
    finds a record of its URI there, and the bytes between and after them are whole records of
    kinds the index leaves out (requests, warcinfo): an index that is stale (written for another
    version of the file, or missing records) must not make records disappear."""
    position = 0
    for entry in entries:
        if not unindexed_records(stream, position, entry.location.offset):
            return False
        stream.seek(entry.location.offset)
        record = next(iter(headers_only(stream)), None)
        if record is None or record.rec_headers.get_header("WARC-Target-URI") != entry.url:
            return False
        add_record(scan, path, record, entry.location)
        position = entry.location.offset + entry.location.length
    return unindexed_records(stream, position, os.fstat(stream.fileno()).st_size)


def headers_only(stream: BinaryIO) -> ArchiveIterator:
    """The records from the stream's position, their HTTP headers left unparsed, a small block
    decompressed at a time: reading a record's WARC headers costs little of its payload."""
    return ArchiveIterator(stream, block_size=HEADER_BLOCK_SIZE, no_record_parse=True)


def unindexed_records(stream: BinaryIO, start: int, end: int) -> bool:
    """Whether the bytes from ``start`` to ``end`` are whole records that a CDXJ index leaves
    out and reextract does not read either (not response, revisit or JSON metadata)."""
    if start >= end:
        return start == end
    stream.seek(start)
    iterator = headers_only(stream)
    for record in iterator:
        if record.rec_type in EXCHANGE_TYPES or is_json_metadata(record):
            return False
        record_end = iterator.get_record_offset() + iterator.get_record_length()
        if record_end >= end:
            return record_end == end
    return False


def is_json_metadata(record: ArcWarcRecord) -> bool:
    return (
        record.rec_type == "metadata"
        and record.rec_headers.get_header("Content-Type") == "application/json"
    )


def parse_metadata(record: ArcWarcRecord) -> dict[str, Any] | None:
    if not is_json_metadata(record):
        return None
    try:
        return json.loads(record.content_stream().read())
    except ValueError:
        return None


class PayloadResolver:
    """Finds the record holding a revisit's payload: in the inputs, else in a digest index."""

    def __init__(self, scan: ArchiveScan, index_paths: Iterable[Path]) -> None:
        self.local = scan.by_id
        self.indexes = [SqliteDigestIndex(p) for p in index_paths if p.exists()]

    def payload_location(self, ref: RecordRef) -> tuple[Path, int] | None:
        if ref.type == "response":
            return ref.path, ref.offset
        original = self.local.get(ref.refers_to or "")
        if original is not None and original.type == "response":
            return original.path, original.offset
        for index in self.indexes:
            found = index.lookup(ref.payload_digest or "")
            if found and found.warc_file and found.warc_offset is not None:
                return Path(found.warc_file), found.warc_offset
        return None

    def close(self) -> None:
        for index in self.indexes:
            index.close()


def listing_info(document: dict[str, Any]) -> dict[str, Any]:
    listing = document.get("listing") or {}
    return {name: listing.get(name) for name in LISTING_FIELDS}


@dataclass(frozen=True)
class ArchivedPage:
    """Where one archived article is, and what the crawl knew about it (picklable: the worker
    reads the records itself, so the reader in the parent decompresses each record once)."""

    url: str
    record: tuple[Path, int]  # the response or revisit record: HTTP status and headers
    payload: tuple[Path, int]  # the response record holding the payload
    listing_info: dict[str, Any]
    fetched_at: str
    archive: dict[str, Any]


def rebuild_page(
    page: ArchivedPage, selectors: Selectors | None, date_floor: date | None
) -> bytes | None:
    """:func:`crawler.archive.rebuild.rebuild_line`, imported where it runs: the worker processes
    have it already (their fork server imports it), this process only when it extracts itself."""
    from crawler.archive.rebuild import rebuild_line

    return rebuild_line(page, selectors, date_floor)


def archived_pages(inputs: list[Path], index_paths: Iterable[Path] = ()) -> Iterator[ArchivedPage]:
    """Every archived article response or revisit whose payload can be found, in archive order."""
    files = warc_inputs(inputs)
    scan = ArchiveScan()
    for path, _ in files:
        if not scan_indexed(path, scan):
            scan_file(path, scan)
    run_dirs = dict(files)
    default_indexes = {run_dir.parent / INDEX_FILE_NAME for run_dir in run_dirs.values()}
    # Once per file, not per page: resolving paths costs a system call per path component.
    warc_files = {path: relative_to_run_dir(path, run_dir) for path, run_dir in run_dirs.items()}
    resolver = PayloadResolver(scan, [*index_paths, *sorted(default_indexes)])
    try:
        for ref in scan.exchanges:
            document = scan.metadata.get(ref.record_id)
            if not document or document.get("page_kind") != "article":
                continue
            location = resolver.payload_location(ref)
            if location is None:
                continue
            yield ArchivedPage(
                url=ref.target_uri,
                record=(ref.path.absolute(), ref.offset),
                payload=(location[0].absolute(), location[1]),
                listing_info=listing_info(document),
                fetched_at=ref.warc_date,
                archive={
                    "warc_file": warc_files[ref.path],
                    "warc_record_id": ref.record_id,
                    "warc_offset": ref.offset,
                    "warc_length": ref.length,
                    "payload_digest": ref.payload_digest,
                },
            )
    finally:
        resolver.close()


def reextract(
    inputs: list[Path],
    selectors: Selectors | None = None,
    date_floor: date | None = None,
    index_paths: Iterable[Path] = (),
    workers: int = 0,
    failures: Counter[str] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Iterator[bytes]:
    """One item per archived article response, as its line of JSON Lines (UTF-8), in archive
    order whatever ``workers`` is.

    The archive's headers are read here (through the CDXJ indexes when they account for the
    files); with ``workers`` > 0 the pages are rebuilt (:mod:`crawler.archive.rebuild`: payload
    read, item extracted and encoded) in that many worker processes, a few pages per worker in
    flight at a time. A page that fails is logged and counted in ``failures``
    (``extraction_error``, ``extraction_worker_died``, ``extraction_timeout``).
    """
    pool = WorkerPool(workers, timeout, preload=(WORKER_MODULE,))
    pool.prestart()  # its imports overlap the archive scan
    tasks = ((page, selectors, date_floor) for page in archived_pages(inputs, index_paths))
    try:
        window = IN_FLIGHT_PER_WORKER * max(1, workers)
        for outcome in pool.map_ordered(rebuild_page, tasks, window, PAGES_PER_MESSAGE):
            if outcome.failure is not None:
                count_failure(outcome.task[0], outcome.failure, failures)
            elif outcome.value is not None:
                yield outcome.value
    finally:
        pool.shutdown()


def count_failure(page: ArchivedPage, failure: TaskFailed, failures: Counter[str] | None) -> None:
    reason = f"extraction_{failure.reason}"
    if failures is not None:
        failures[reason] += 1
    logger.error("Re-extraction failed on %s: %s", page.url, failure, exc_info=failure.__cause__)
