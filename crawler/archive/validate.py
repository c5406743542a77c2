"""Checking WARC files record by record, and repairing files a killed crawl left open.

``validate_file`` reports every fault it finds: gzip members that do not end (a truncated last
record), bytes after the last member, a file not made of one gzip member per record, block and
payload digests that do not match (checked by warcio), a first record that is not warcinfo,
requests without their response and responses without their request.

``repair_open_file`` trims a ``NAME.open`` file to its last whole exchange and renames it
``NAME``; a file another process is still writing (it holds a lock on it) is left alone.
"""

from __future__ import annotations

import fcntl
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

OPEN_SUFFIX = ".open"
GZIP_WBITS = 31
READ_SIZE = 1 << 16
EXCHANGE_TYPES = ("response", "revisit")


@dataclass
class GzipScan:
    """Where the complete gzip members of a file end; ``end`` is the file size."""

    member_ends: list[int]
    end: int
    error: str | None = None

    @property
    def complete_end(self) -> int:
        return self.member_ends[-1] if self.member_ends else 0


@dataclass
class RecordInfo:
    offset: int
    type: str
    record_id: str
    concurrent_to: str | None
    warcinfo_id: str | None
    digest_problems: list[str] = field(default_factory=list)


@dataclass
class FileReport:
    path: Path
    records: int = 0
    faults: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults


def scan_gzip_members(stream: BinaryIO) -> GzipScan:
    """Walk the gzip members of a stream with zlib, noting where each complete one ends."""
    ends: list[int] = []
    position = 0
    decompressor = zlib.decompressobj(GZIP_WBITS)
    in_member = False
    while chunk := stream.read(READ_SIZE):
        while chunk:
            try:
                decompressor.decompress(chunk)
            except zlib.error as exc:
                return GzipScan(ends, position + len(chunk), f"corrupt gzip data: {exc}")
            in_member = True
            if not decompressor.eof:
                position += len(chunk)
                break
            used = len(chunk) - len(decompressor.unused_data)
            position += used
            ends.append(position)
            chunk = decompressor.unused_data
            decompressor = zlib.decompressobj(GZIP_WBITS)
            in_member = False
    error = "truncated gzip member at the end" if in_member else None
    return GzipScan(ends, position, error)


def read_records(stream: BinaryIO, limit: int) -> Iterator[RecordInfo]:
    """Every record in the first ``limit`` bytes, digests checked by warcio."""
    iterator = ArchiveIterator(LimitReader(stream, limit), check_digests=True)
    for record in iterator:
        content = record.content_stream()
        while content.read(READ_SIZE):
            pass
        headers = record.rec_headers
        checker = record.digest_checker
        problems = list(checker.problems) if checker.passed is False else []
        yield RecordInfo(
            offset=iterator.get_record_offset(),
            type=record.rec_type,
            record_id=headers.get_header("WARC-Record-ID"),
            concurrent_to=headers.get_header("WARC-Concurrent-To"),
            warcinfo_id=headers.get_header("WARC-Warcinfo-ID"),
            digest_problems=problems,
        )


def pairing_faults(records: list[RecordInfo]) -> list[str]:
    """Each request points at a response (or revisit) of the same file, and each of those has
    exactly one request."""
    exchanges = {r.record_id: r for r in records if r.type in EXCHANGE_TYPES}
    requested: dict[str, int] = {}
    faults = []
    for record in records:
        if record.type != "request":
            continue
        if record.concurrent_to not in exchanges:
            faults.append(f"offset {record.offset}: request without its response in this file")
        else:
            requested[record.concurrent_to] = requested.get(record.concurrent_to, 0) + 1
    for record_id, record in exchanges.items():
        count = requested.get(record_id, 0)
        if count != 1:
            faults.append(f"offset {record.offset}: {record.type} with {count} request records")
    return faults


def warcinfo_faults(records: list[RecordInfo]) -> list[str]:
    if not records or records[0].type != "warcinfo":
        return ["first record is not warcinfo"]
    info_id = records[0].record_id
    return [
        f"offset {r.offset}: WARC-Warcinfo-ID does not name this file's warcinfo"
        for r in records[1:]
        if r.warcinfo_id is not None and r.warcinfo_id != info_id
    ]


def validate_file(path: Path) -> FileReport:
    report = FileReport(path)
    if path.name.endswith(OPEN_SUFFIX):
        report.faults.append("file was never closed (.open): run `crawler warc repair`")
    with path.open("rb") as stream:
        scan = scan_gzip_members(stream)
        if scan.error:
            report.faults.append(f"offset {scan.complete_end}: {scan.error}")
        stream.seek(0)
        try:
            records = list(read_records(stream, scan.complete_end))
        except ArchiveLoadFailed as exc:
            report.faults.append(f"cannot read records: {str(exc).strip()}")
            return report
    report.records = len(records)
    if len(records) != len(scan.member_ends):
        report.faults.append(
            f"{len(scan.member_ends)} gzip members for {len(records)} records"
            " (each record must be its own member)"
        )
    for record in records:
        for problem in record.digest_problems:
            report.faults.append(f"offset {record.offset}: {record.type}: {problem}")
    report.faults.extend(warcinfo_faults(records))
    report.faults.extend(pairing_faults(records))
    return report


def warc_files_in(paths: Iterable[Path], include_open: bool = True) -> list[Path]:
    """The WARC files named, and those found (recursively) in named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.warc.gz")))
            found.extend(sorted(path.rglob("*.warc")))
            if include_open:
                found.extend(sorted(path.rglob("*.warc.gz" + OPEN_SUFFIX)))
        else:
            found.append(path)
    return found


def whole_exchange_end(stream: BinaryIO, scan: GzipScan) -> int:
    """Where the last whole exchange ends: complete members only, and not a trailing response
    whose request record was never written."""
    records = list(read_records(stream, scan.complete_end))
    ends = scan.member_ends
    keep = len(records)
    if keep and records[-1].type in EXCHANGE_TYPES:
        keep -= 1
    return ends[keep - 1] if keep else 0


@dataclass
class RepairResult:
    path: Path
    repaired_path: Path | None
    trimmed_bytes: int
    skipped: str | None = None


def repair_open_file(path: Path) -> RepairResult:
    """Trim ``NAME.open`` to its last whole exchange, rename it ``NAME``."""
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if final.exists():
        return RepairResult(path, None, 0, f"{final.name} exists")
    with path.open("r+b") as stream:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return RepairResult(path, None, 0, "being written by a running crawl")
        scan = scan_gzip_members(stream)
        stream.seek(0)
        end = whole_exchange_end(stream, scan)
        stream.truncate(end)
        if end == 0:
            path.unlink()
            return RepairResult(path, None, scan.end, "nothing whole in it: removed")
    path.rename(final)
    return RepairResult(path, final, scan.end - end)


def repair_open_lines_file(path: Path) -> Path | None:
    """Close a ``NAME.open`` JSON Lines file a killed crawl left: drop a cut-off last line,
    rename it ``NAME`` (None when ``NAME`` exists already)."""
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if final.exists():
        return None
    data = path.read_bytes()
    path.write_bytes(data[: data.rfind(b"\n") + 1])
    path.rename(final)
    return final
