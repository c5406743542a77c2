"""Rotating WARC/1.1 writer: one warcinfo per file, response + request record per exchange.

Pure Python on top of warcio; knows nothing about Scrapy. Records of one exchange are
written response first, then request (as Heritrix and warcprox do), the request carrying
``WARC-Concurrent-To`` = the response record id.

The records of an exchange are serialised in memory and reach the file in one write that lands
whole or not at all (WholeLineFile): a full disk raises OSError and leaves the file ending with
its last whole exchange, still valid once closed.

Writing an exchange has three steps so that the costly middle one (block digest and gzip, which
release the GIL) can run in another thread: ``prepare_exchange`` builds the records (main
thread), ``serialise_records`` turns them into gzip members (any thread, touches nothing
shared), ``commit_exchange`` appends the bytes (main thread). ``write_exchange`` does all three.
"""

from __future__ import annotations

import fcntl
import re
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.archive.index import RecordIndex
from crawler.archive.records import (
    REVISIT_IDENTICAL_PAYLOAD,
    ArchivedRecord,
    CapturedRequest,
    CapturedResponse,
    Header,
    Revisit,
)
from crawler.storage.wholefile import WholeLineFile

WARC_VERSION = "1.1"
OPEN_SUFFIX = ".open"
RECONSTRUCTED_HEADER = "X-Crawler-Reconstructed"
RENAMED_TRANSFER_ENCODING = "X-Orig-Transfer-Encoding"
# warcio compresses at 9; on the bench world's pages 6 (zlib's default) takes 0.7x the CPU of 9
# (1.65 vs 2.37 ms per 90 KB page) for 0.5% more bytes.
DEFAULT_GZIP_LEVEL = 6
# What an exchange's WARC and HTTP headers weigh, about, besides its bodies.
HEADERS_ALLOWANCE = 2048


class Latin1HttpHeaders(StatusAndHeaders):
    """HTTP header block serialised as latin-1 so non-ASCII header bytes are kept as sent.

    warcio would otherwise percent-encode such values, changing what the server sent.
    """

    def to_ascii_bytes(self, filter_func: Callable[[Header], Header | None] | None = None) -> bytes:
        try:
            return self.to_str(filter_func).encode("latin-1") + b"\r\n"
        except UnicodeEncodeError:
            return super().to_ascii_bytes(filter_func)


class WireHttpHeaders(Latin1HttpHeaders):
    """A header block written as it went over the connection (``head``: start line, header lines
    and blank line), so the spacing after each colon and folded lines are kept too; the parsed
    ``headers`` serve warcio's lookups."""

    def __init__(self, statusline: str, headers: list[Header], protocol: str, head: bytes) -> None:
        super().__init__(statusline, headers, protocol=protocol)
        self.head = head

    def to_ascii_bytes(self, filter_func: Callable[[Header], Header | None] | None = None) -> bytes:
        return self.head


def http_header_block(
    statusline: str, headers: list[Header], protocol: str, head: bytes | None
) -> Latin1HttpHeaders:
    """The record's HTTP header block: the bytes from the wire when known, else built anew."""
    if head is None:
        return Latin1HttpHeaders(statusline, headers, protocol=protocol)
    return WireHttpHeaders(statusline, headers, protocol, head)


class LeveledWarcWriter(WARCWriter):
    """warcio's WARCWriter (records, digests, Content-Length all its own) writing each record
    as one gzip member compressed at ``gzip_level``.

    The record is serialised whole, then compressed in one zlib call (warcio compresses each
    16 KB chunk): a writer thread then holds the GIL only for warcio's own few steps.
    """

    def __init__(self, filebuf: BytesIO, gzip_level: int, warc_version: str) -> None:
        super().__init__(filebuf, gzip=False, warc_version=warc_version)
        self.gzip_level = gzip_level

    def write_record(self, record: ArcWarcRecord, params: object = None) -> None:
        plain = BytesIO()
        self._write_warc_record(plain, record)
        compressor = zlib.compressobj(self.gzip_level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.out.write(compressor.compress(plain.getbuffer()))
        self.out.write(compressor.flush())

    def _do_write_req_resp(self, req: ArcWarcRecord, resp: ArcWarcRecord, params: object) -> None:
        self.write_record(resp)
        self.write_record(req)


def serialise_records(
    records: tuple[ArcWarcRecord, ...], gzip_level: int
) -> tuple[bytes, list[int]]:
    """The records as consecutive gzip members, and the length of each. Thread-safe: it only
    touches the records it is given."""
    buffer = BytesIO()
    warc = LeveledWarcWriter(buffer, gzip_level, WARC_VERSION)
    lengths = []
    for record in records:
        start = buffer.tell()
        warc.write_record(record)
        lengths.append(buffer.tell() - start)
    return buffer.getvalue(), lengths


@dataclass(frozen=True)
class PreparedExchange:
    """An exchange's records, built for the file being written when they were prepared."""

    records: tuple[ArcWarcRecord, ...]
    warc_file: Path
    revisit: Revisit | None
    plain_size: int = 0  # about what its records weigh before compression


def format_warc_date(moment: datetime) -> str:
    """WARC/1.1 date with millisecond precision, e.g. ``2026-11-26T17:45:22.123Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def timestamp17(moment: datetime) -> str:
    """``YYYYmmddHHMMSSfff`` in UTC, as used in Heritrix-style WARC file names."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y%m%d%H%M%S") + f"{utc.microsecond // 1000:03d}"


def sanitise_hostname(hostname: str) -> str:
    """Keep only characters safe in a file name: ``[A-Za-z0-9.-]``."""
    return re.sub(r"[^A-Za-z0-9.-]", "-", hostname) or "localhost"


def request_target(url: str) -> str:
    """Origin-form request-target: path plus query string, ``/`` when the path is empty."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target


def rename_transfer_encoding_in_head(head: bytes) -> bytes:
    """The raw head with Transfer-Encoding renamed as in ``rename_transfer_encoding``; the rest
    of each line stays as it was."""
    lines = head.split(b"\r\n")
    for number, line in enumerate(lines[1:], start=1):
        name, colon, rest = line.partition(b":")
        if colon and name.lower() == b"transfer-encoding":
            lines[number] = RENAMED_TRANSFER_ENCODING.encode("ascii") + colon + rest
    return b"\r\n".join(lines)


def rename_transfer_encoding(headers: list[Header]) -> tuple[list[Header], bool]:
    """Rename Transfer-Encoding, since the stored body is already de-chunked."""
    renamed = False
    result: list[Header] = []
    for name, value in headers:
        if name.lower() == "transfer-encoding":
            result.append((RENAMED_TRANSFER_ENCODING, value))
            renamed = True
        else:
            result.append((name, value))
    return result, renamed


class RotatingWarcWriter:
    """Writes exchanges to ``{prefix}-{timestamp17}-{serial:05}-{hostname}.warc.gz`` files.

    Files are created lazily on the first exchange, written as ``NAME.open`` and renamed on
    close. A new file is started before an exchange once the current one has reached
    ``max_size`` bytes, so the two records of an exchange always share a file.

    With ``index_records``, each file's CDXJ index is built as its records are written and
    handed to the ``on_close`` callbacks with the closed file (None when it could not be built:
    no room for its sorted runs); with ``index_in_background`` its lines are made in a thread
    of its own (see RecordIndex), which closing the file waits for.
    """

    def __init__(
        self,
        directory: Path,
        prefix: str,
        max_size: int,
        warcinfo: dict[str, str],
        hostname: str | None = None,
        gzip_level: int = DEFAULT_GZIP_LEVEL,
        index_records: bool = False,
        index_in_background: bool = False,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.gzip_level = gzip_level
        self.index_records = index_records
        self.index_in_background = index_in_background
        self.warcinfo = dict(warcinfo)
        self.hostname = sanitise_hostname(hostname or socket.gethostname())
        self.records_written = 0
        self.exchanges_written = 0
        self.bytes_written = 0
        self.closed_files: list[Path] = []
        self.on_close: list[Callable[[Path, RecordIndex | None], object]] = []
        self._serial = 0
        self._file: WholeLineFile | None = None
        self._pending = 0
        self._pending_plain_size = 0
        # Committed exchanges before and after compression: the ratio pending ones are counted at.
        self._plain_bytes = 0
        self._compressed_bytes = 0
        self._warc: LeveledWarcWriter | None = None
        self._index: RecordIndex | None = None
        self._final_path: Path | None = None
        self._warcinfo_id = ""
        self._exchanges_in_file = 0
        self._last_write = time.monotonic()

    @property
    def current_path(self) -> Path | None:
        """Final path (without ``.open``) of the file being written, if any."""
        return self._final_path

    @property
    def pending(self) -> int:
        """Exchanges prepared and not yet committed (or abandoned)."""
        return self._pending

    def rotation_due(self) -> bool:
        """Whether the next exchange starts a new file: the current one is full, counting the
        pending exchanges at the compression ratio of what was written so far (without that,
        every exchange prepared before the first of them lands would join the same file)."""
        if self._file is None or (self._exchanges_in_file == 0 and not self._pending):
            return False
        ratio = self._compressed_bytes / self._plain_bytes if self._plain_bytes else 1.0
        return self._file.tell() + self._pending_plain_size * ratio >= self.max_size

    def write_exchange(
        self,
        request: CapturedRequest,
        response: CapturedResponse,
        revisit: Revisit | None = None,
        payload_digest: str | None = None,
    ) -> ArchivedRecord:
        """Write the response (or, given ``revisit``, a revisit record) then the request record;
        flush; return the location of the first. ``payload_digest``: the body's, when the
        caller has it already (else warcio computes it)."""
        prepared = self.prepare_exchange(request, response, revisit, payload_digest)
        try:
            serialised = serialise_records(prepared.records, self.gzip_level)
        except BaseException:
            self.abandon_exchange(prepared)
            raise
        return self.commit_exchange(prepared, *serialised)

    def prepare_exchange(
        self,
        request: CapturedRequest,
        response: CapturedResponse,
        revisit: Revisit | None = None,
        payload_digest: str | None = None,
    ) -> PreparedExchange:
        """Build the exchange's records for the current file, first starting a new file when
        this one is full (only with nothing pending: the pending records name this file's
        warcinfo). Each prepared exchange must be committed or abandoned."""
        if self.rotation_due():
            if self._pending:
                raise RuntimeError("the WARC file is full: commit the pending exchanges first")
            self.close()
        warc = self._ensure_open()
        if revisit is None:
            response_record = self._build_response_record(warc, response, payload_digest)
        else:
            response_record = self._build_revisit_record(warc, response, revisit)
        record_id = response_record.rec_headers.get_header("WARC-Record-ID")
        request_record = self._build_request_record(warc, request, response, record_id)
        assert self._final_path is not None
        stored_body = len(response.body) if revisit is None else 0
        plain_size = stored_body + len(request.body) + HEADERS_ALLOWANCE
        self._pending += 1
        self._pending_plain_size += plain_size
        records = (response_record, request_record)
        return PreparedExchange(records, self._final_path, revisit, plain_size)

    def abandon_exchange(self, prepared: PreparedExchange) -> None:
        """Forget a prepared exchange that will not be committed."""
        self._pending -= 1
        self._pending_plain_size -= prepared.plain_size

    def commit_exchange(
        self, prepared: PreparedExchange, data: bytes, lengths: list[int]
    ) -> ArchivedRecord:
        """Append a prepared exchange's serialised records in one whole write; return the
        location of the response (or revisit) record. On OSError (disk full) none of it is in
        the file."""
        self.abandon_exchange(prepared)  # no longer pending, whatever happens next
        if prepared.warc_file != self._final_path:
            raise RuntimeError(f"{prepared.warc_file} was closed before its records were written")
        [(offset, length), _] = self._append(prepared.records, data, lengths)
        self._exchanges_in_file += 1
        self.exchanges_written += 1
        self._plain_bytes += prepared.plain_size
        self._compressed_bytes += len(data)
        response_record = prepared.records[0]
        return ArchivedRecord(
            warc_file=prepared.warc_file,
            record_id=response_record.rec_headers.get_header("WARC-Record-ID"),
            offset=offset,
            length=length,
            payload_digest=response_record.rec_headers.get_header("WARC-Payload-Digest"),
            revisit=prepared.revisit,
        )

    def write_metadata(
        self, target_uri: str, concurrent_to: str, content: bytes, content_type: str
    ) -> tuple[Path, int, int]:
        """Write a ``metadata`` record about an archived exchange (WARC-Concurrent-To it) into
        the current file; return its file, offset and length."""
        warc = self._ensure_open()
        record = warc.create_warc_record(
            urldefrag(target_uri)[0],
            "metadata",
            payload=BytesIO(content),
            length=len(content),
            warc_content_type=content_type,
            warc_headers_dict={
                "WARC-Date": format_warc_date(datetime.now(UTC)),
                "WARC-Concurrent-To": concurrent_to,
                "WARC-Warcinfo-ID": self._warcinfo_id,
            },
        )
        [(offset, length)] = self._write_records(record)
        assert self._final_path is not None
        return self._final_path, offset, length

    def close_if_idle(self, idle_seconds: float) -> bool:
        """Close the current file when nothing was written to it for ``idle_seconds`` and no
        exchange is pending."""
        if self._file is None or self._pending:
            return False
        if time.monotonic() - self._last_write < idle_seconds:
            return False
        self.close()
        return True

    def close(self) -> None:
        """Close the current file (if any) and drop its ``.open`` suffix."""
        if self._file is None or self._final_path is None:
            return
        self._file.close()
        open_path = self._open_path(self._final_path)
        open_path.rename(self._final_path)
        closed, index = self._final_path, self._index
        self.closed_files.append(closed)
        self._file = None
        self._warc = None
        self._final_path = None
        self._index = None
        if index is not None and not index.finish():
            index = None  # no room for its sorted runs
        for callback in self.on_close:
            callback(closed, index)

    def __enter__(self) -> RotatingWarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _ensure_open(self) -> LeveledWarcWriter:
        if self._warc is None:
            self._open_new_file()
        assert self._warc is not None
        return self._warc

    def _open_new_file(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        final_path = self.directory / self._next_file_name()
        if final_path.exists():
            raise FileExistsError(final_path)
        open_path = self._open_path(final_path)
        self._file = WholeLineFile(open_path, "xb")
        # Held while writing: `crawler warc repair` leaves a locked .open file alone.
        fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._warc = LeveledWarcWriter(BytesIO(), self.gzip_level, WARC_VERSION)
        self._final_path = final_path
        self._index = (
            RecordIndex(final_path.name, self.index_in_background) if self.index_records else None
        )
        self._serial += 1
        self._exchanges_in_file = 0
        try:
            self._write_warcinfo(final_path.name)
        except OSError:  # no room even for the warcinfo record: no file at all
            self._file.close()
            open_path.unlink(missing_ok=True)
            self._file, self._warc, self._final_path, self._index = None, None, None, None
            raise

    def _next_file_name(self) -> str:
        stamp = timestamp17(datetime.now(UTC))
        return f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}.warc.gz"

    @staticmethod
    def _open_path(final_path: Path) -> Path:
        return final_path.with_name(final_path.name + OPEN_SUFFIX)

    def _write_warcinfo(self, filename: str) -> None:
        assert self._warc is not None
        record = self._warc.create_warcinfo_record(filename, self.warcinfo)
        record.rec_headers.replace_header("WARC-Date", format_warc_date(datetime.now(UTC)))
        self._warcinfo_id = record.rec_headers.get_header("WARC-Record-ID")
        self._write_records(record)

    def _write_records(self, *records: ArcWarcRecord) -> list[tuple[int, int]]:
        """Write records (each its own gzip member) in one whole write; return the offset and
        length of each. On OSError (disk full) none of them is in the file."""
        return self._append(records, *serialise_records(records, self.gzip_level))

    def _append(
        self, records: tuple[ArcWarcRecord, ...], data: bytes, lengths: list[int]
    ) -> list[tuple[int, int]]:
        """Append serialised records in one whole write; return each one's offset and length."""
        assert self._file is not None
        start = self._file.tell()
        self._file.write(data)
        bounds = []
        for length in lengths:
            bounds.append((start, length))
            start += length
        self._index_records(records, bounds)
        self.records_written += len(records)
        self.bytes_written += sum(length for _, length in bounds)
        self._last_write = time.monotonic()
        return bounds

    def _index_records(
        self, records: tuple[ArcWarcRecord, ...], bounds: list[tuple[int, int]]
    ) -> None:
        """Index records now in the file; without room for the index's sorted runs, the file
        goes without (its on_close callbacks get None and may index it from the file)."""
        if self._index is None:
            return
        try:
            for record, (offset, length) in zip(records, bounds, strict=True):
                self._index.add(record, offset, length)
        except OSError:
            self._index.discard()
            self._index = None

    def _common_warc_headers(
        self, record_type: str, url: str, response: CapturedResponse
    ) -> dict[str, str]:
        headers = {
            "WARC-Type": record_type,
            "WARC-Target-URI": urldefrag(url)[0],
            "WARC-Date": format_warc_date(response.fetch_start),
            "WARC-Warcinfo-ID": self._warcinfo_id,
        }
        if response.ip_address:
            headers["WARC-IP-Address"] = response.ip_address
        return headers

    def _response_parts(
        self, record_type: str, response: CapturedResponse
    ) -> tuple[dict[str, str], Latin1HttpHeaders]:
        """WARC headers and HTTP header block shared by response and revisit records."""
        http_headers, renamed = rename_transfer_encoding(response.headers)
        reconstructed = list(response.reconstructed)
        if renamed:
            reconstructed.append("transfer-encoding-renamed")
        warc_headers = self._common_warc_headers(record_type, response.url, response)
        if response.truncated:
            warc_headers["WARC-Truncated"] = response.truncated
        if reconstructed:
            warc_headers[RECONSTRUCTED_HEADER] = ", ".join(reconstructed)
        statusline = f"{response.status} {response.reason}".rstrip()
        head = rename_transfer_encoding_in_head(response.head) if response.head else None
        http_block = http_header_block(statusline, http_headers, response.protocol, head)
        return warc_headers, http_block

    def _build_response_record(
        self, warc: WARCWriter, response: CapturedResponse, payload_digest: str | None = None
    ) -> ArcWarcRecord:
        warc_headers, http_block = self._response_parts("response", response)
        if payload_digest:
            warc_headers["WARC-Payload-Digest"] = payload_digest
        return warc.create_warc_record(
            urldefrag(response.url)[0],
            "response",
            payload=BytesIO(response.body),
            length=len(response.body),
            warc_headers_dict=warc_headers,
            http_headers=http_block,
        )

    def _build_revisit_record(
        self, warc: WARCWriter, response: CapturedResponse, revisit: Revisit
    ) -> ArcWarcRecord:
        """Headers only; WARC-Refers-To* name the record that holds the payload."""
        warc_headers, http_block = self._response_parts("revisit", response)
        warc_headers["WARC-Refers-To"] = revisit.refers_to
        record = warc.create_revisit_record(
            urldefrag(response.url)[0],
            revisit.payload_digest,
            revisit.refers_to_target_uri,
            revisit.refers_to_date,
            http_headers=http_block,
            warc_headers_dict=warc_headers,
        )
        if revisit.profile != REVISIT_IDENTICAL_PAYLOAD:
            record.rec_headers.replace_header("WARC-Profile", revisit.profile)
        return record

    def _build_request_record(
        self,
        warc: WARCWriter,
        request: CapturedRequest,
        response: CapturedResponse,
        concurrent_to: str,
    ) -> ArcWarcRecord:
        warc_headers = self._common_warc_headers("request", request.url, response)
        warc_headers["WARC-Concurrent-To"] = concurrent_to
        if request.reconstructed:
            warc_headers[RECONSTRUCTED_HEADER] = ", ".join(request.reconstructed)
        statusline = f"{request.target or request_target(request.url)} {request.protocol}"
        return warc.create_warc_record(
            urldefrag(request.url)[0],
            "request",
            payload=BytesIO(request.body),
            length=len(request.body),
            warc_headers_dict=warc_headers,
            http_headers=http_header_block(
                statusline, request.headers, request.method, request.head
            ),
        )
