"""Downloader middleware archiving every HTTP exchange to WARC.

Enable at priority 950 in DOWNLOADER_MIDDLEWARES: its process_response then runs before
HttpCacheMiddleware (900), RedirectMiddleware (600) and HttpCompressionMiddleware (590), so it
sees each response as downloaded (3xx hops included, bodies still content-encoded).

Settings: WARC_ENABLED (True), WARC_DIR (``<CRAWLER_RUN_DIR>/warc``, else ``./warc``),
WARC_PREFIX ("crawler"), WARC_MAX_SIZE (1_000_000_000 bytes), WARC_GZIP_LEVEL (6, zlib level of
each record's gzip member), WARC_DEDUP (True: a payload
archived before, in this run or an earlier one, is written as a revisit record),
WARC_DIGEST_INDEX (class of the digest index, ``crawler.archive.dedup.SqliteDigestIndex``),
WARC_DEDUP_INDEX (its file, ``<output dir>/archive-index.sqlite``), WARC_IDLE_TIMEOUT (300:
close the current file after that many seconds without a record; 0 never), WARC_CDXJ (True:
a CDXJ index per closed file in ``<run>/indexes/``, built as its records are written),
WARC_REPAIR_LEFTOVERS (True: ``.open`` WARC files that a killed crawl left in the output folder
are trimmed to their last whole exchange, closed and indexed when the next crawl starts),
WARC_WRITE_THREADS (1: threads that digest and gzip each exchange's records while the event
loop goes on, since zlib and hashlib release the GIL, and a thread making each file's CDXJ
lines; 0 does it all in the event loop).

Raw bytes: with ``crawler.archive.wire.WireCaptureDownloadHandler`` the exchange's bytes are
picked up on the ``headers_received`` signal and the records hold the heads exactly as sent and
received; otherwise they are reconstructed (see ``capture.py``).

Revisits: a request whose ``meta["warc_refers_to"]`` = {"record_id", "target_uri", "date",
"payload_digest"} names an earlier capture gets a ``server-not-modified`` revisit for a 304 and
an ``identical-payload-digest`` one for a 200 with that payload digest. ``meta["warc"]`` then
also has ``"revisit": True`` and ``"refers_to"`` (the record holding the payload).
"""

from __future__ import annotations

import json
import logging
import socket
import sys
import weakref
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet import task, threads
from twisted.internet.defer import Deferred, DeferredList
from twisted.python.threadpool import ThreadPool

from crawler import SOFTWARE
from crawler.archive.capture import (
    capture_request,
    capture_request_from_wire,
    capture_response,
    capture_response_from_wire,
)
from crawler.archive.dedup import ArchivedPayload, DigestIndex
from crawler.archive.index import RecordIndex, cdxj_name, index_closed_file, index_dir_for
from crawler.archive.records import (
    REVISIT_SERVER_NOT_MODIFIED,
    ArchivedRecord,
    CapturedRequest,
    CapturedResponse,
    Revisit,
    relative_to_run_dir,
)
from crawler.archive.revisits import (
    REFERS_TO_META_KEY,
    is_deduplicable,
    payload_digest,
    revisit_from_index,
    revisit_from_refers_to,
)
from crawler.archive.validate import OPEN_SUFFIX, repair_open_file, repair_open_lines_file
from crawler.archive.wire import take_announced_capture
from crawler.archive.writer import (
    DEFAULT_GZIP_LEVEL,
    PreparedExchange,
    RotatingWarcWriter,
    format_warc_date,
    request_target,
    serialise_records,
    timestamp17,
)
from crawler.storage.diskspace import DiskFull, NotArchived, disk_full_for
from crawler.storage.wholefile import is_disk_full

logger = logging.getLogger(__name__)

WARC_META_KEY = "warc"
FETCH_START_META_KEY = "_warc_fetch_start"
WIRE_META_KEY = "_warc_wire"
PAGES_FILE = "pages.jsonl"
DEFAULT_PREFIX = "crawler"
DEFAULT_MAX_SIZE = 1_000_000_000
DEFAULT_DIGEST_INDEX = "crawler.archive.dedup.SqliteDigestIndex"
DEFAULT_IDLE_TIMEOUT = 300.0
DEFAULT_WRITE_THREADS = 1
METADATA_URI_PREFIX = "urn:crawler-metadata:"
IDLE_CHECKS_PER_TIMEOUT = 4
ARCHIVED_SCHEMES = {"http", "https"}
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
CRAWL_SHAPING_SETTINGS = (
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "RANDOMIZE_DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOAD_TIMEOUT",
    "DEPTH_LIMIT",
    "CLOSESPIDER_PAGECOUNT",
    "CLOSESPIDER_ITEMCOUNT",
    "COOKIES_ENABLED",
    "REDIRECT_ENABLED",
    "RETRY_ENABLED",
    "RETRY_TIMES",
    "HTTPCACHE_ENABLED",
)


def warc_directory(settings: BaseSettings) -> Path:
    """WARC_DIR, else ``<CRAWLER_RUN_DIR>/warc``, else ``./warc``."""
    if settings.get("WARC_DIR"):
        return Path(settings["WARC_DIR"])
    if settings.get("CRAWLER_RUN_DIR"):
        return Path(settings["CRAWLER_RUN_DIR"]) / "warc"
    return Path("warc")


def run_identifier(settings: BaseSettings, spider_name: str) -> str:
    """CRAWLER_RUN_ID, else the run directory's name, else spider name + start time."""
    if settings.get("CRAWLER_RUN_ID"):
        return str(settings["CRAWLER_RUN_ID"])
    if settings.get("CRAWLER_RUN_DIR"):
        return Path(settings["CRAWLER_RUN_DIR"]).name
    return f"{spider_name}-{timestamp17(datetime.now(UTC))}"


def local_ip(hostname: str) -> str:
    """Best-effort address of this host (empty when it cannot be resolved locally)."""
    try:
        return socket.gethostbyname(hostname)
    except OSError:
        return ""


def software_components() -> str:
    """Versions of the libraries that shape what ends up in the archive."""
    parts = []
    for package in ("Scrapy", "Twisted", "warcio"):
        try:
            parts.append(f"{package}/{version(package)}")
        except PackageNotFoundError:
            continue
    parts.append(f"Python/{sys.version.split()[0]}")
    return " ".join(parts)


def build_warcinfo(settings: BaseSettings, run_id: str, hostname: str) -> dict[str, str]:
    """warcinfo fields: who crawled, how (robots policy, user agent, politeness settings)."""
    info = {
        "software": SOFTWARE,
        "software-components": software_components(),
        "format": "WARC File Format 1.1",
        "conformsTo": CONFORMS_TO,
        "hostname": hostname,
        "ip": local_ip(hostname),
        "isPartOf": run_id,
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
    }
    for name in CRAWL_SHAPING_SETTINGS:
        value = settings.get(name)
        if value is not None:
            info[name] = str(value)
    return info


_ARCHIVES: weakref.WeakKeyDictionary[Crawler, WarcArchiveMiddleware] = weakref.WeakKeyDictionary()


def archive_for(crawler: Crawler) -> WarcArchiveMiddleware | None:
    """The crawl's WARC middleware, for components that add records about archived pages."""
    return _ARCHIVES.get(crawler)


class WarcArchiveMiddleware:
    """Writes a response + request WARC record for every downloaded HTTP exchange and
    stamps ``request.meta["warc"]`` (= ``response.meta["warc"]``) with its location."""

    def __init__(
        self,
        writer: RotatingWarcWriter,
        stats: StatsCollector,
        run_dir: Path | None = None,
        digest_index: DigestIndex | None = None,
    ) -> None:
        self.writer = writer
        self.stats = stats
        self.run_dir = run_dir
        self.digest_index = digest_index
        self.disk: DiskFull | None = None
        self.idle_timeout = 0.0
        self._idle_check: task.LoopingCall | None = None
        self._indexing: list[Deferred] = []
        self._closing = False
        self.write_threads = 0  # threads serialising records; 0: the event loop does it
        self._pool: ThreadPool | None = None
        self._drained: list[Deferred] = []  # fired when no exchange is pending
        # Payload digest -> who waits for the exchange archiving it (to be a revisit of it).
        self._payloads_in_flight: dict[str, list[Deferred]] = {}
        self._relative_names: dict[Path, str] = {}  # WARC file -> its name in the run folder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is False")
        hostname = socket.gethostname()
        write_threads = settings.getint("WARC_WRITE_THREADS", DEFAULT_WRITE_THREADS)
        spider_name = getattr(crawler.spidercls, "name", None) or "spider"
        writer = RotatingWarcWriter(
            directory=warc_directory(settings),
            prefix=settings.get("WARC_PREFIX") or DEFAULT_PREFIX,
            max_size=settings.getint("WARC_MAX_SIZE", DEFAULT_MAX_SIZE),
            warcinfo=build_warcinfo(settings, run_identifier(settings, spider_name), hostname),
            hostname=hostname,
            gzip_level=settings.getint("WARC_GZIP_LEVEL", DEFAULT_GZIP_LEVEL),
            index_records=settings.getbool("WARC_CDXJ", True),
            index_in_background=write_threads > 0,
        )
        run_dir = settings.get("CRAWLER_RUN_DIR")
        assert crawler.stats is not None
        digest_index = None
        if settings.getbool("WARC_DEDUP", True):
            index_class = load_object(settings.get("WARC_DIGEST_INDEX") or DEFAULT_DIGEST_INDEX)
            digest_index = build_from_crawler(index_class, crawler)
        middleware = cls(writer, crawler.stats, Path(run_dir) if run_dir else None, digest_index)
        middleware.disk = disk_full_for(crawler)
        middleware.idle_timeout = settings.getfloat("WARC_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)
        middleware.write_threads = write_threads
        if writer.index_records:
            writer.on_close.append(middleware._index_closed)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        _ARCHIVES[crawler] = middleware
        if run_dir and settings.getbool("WARC_REPAIR_LEFTOVERS", True):
            middleware.repair_leftovers(Path(run_dir).absolute().parent)
        return middleware

    def repair_leftovers(self, output_dir: Path) -> None:
        """Close the ``.open`` WARC files of earlier, killed runs in this output folder (files
        a running crawl still writes are locked, and left alone); index the closed files that
        lack their CDXJ index."""
        for path in sorted(output_dir.glob(f"*/warc/*.warc.gz{OPEN_SUFFIX}")):
            result = repair_open_file(path)
            if result.repaired_path is None:
                logger.info("Left %s as it is: %s", path, result.skipped)
                continue
            self._index_now(result.repaired_path)
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
        if self._index_closed not in self.writer.on_close:
            return  # WARC_CDXJ off
        for path in sorted(output_dir.glob("*/warc/*.warc.gz")):
            if not (index_dir_for(path.parent) / cdxj_name(path)).exists():
                self._index_now(path)  # its crawl had no room left to index it

    def process_request(self, request: Request) -> None:
        request.meta[FETCH_START_META_KEY] = datetime.now(UTC)

    def _write_pool(self) -> ThreadPool:
        """The write threads, started with the first exchange (so with the crawl's reactor)."""
        if self._pool is None:
            self._pool = ThreadPool(self.write_threads, self.write_threads, name="warc-writer")
            self._pool.start()
            _reactor().addSystemEventTrigger("during", "shutdown", self._stop_write_threads)
        return self._pool

    def _stop_write_threads(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.stop()

    def process_response(self, request: Request, response: Response) -> Any:
        """Archive the exchange, then pass the response on. With write threads this returns a
        coroutine (Scrapy awaits what a middleware returns), else the response itself."""
        fetch_start = request.meta.pop(FETCH_START_META_KEY, None)
        skip_reason = self._skip_reason(response, fetch_start)
        if skip_reason is not None:
            self.stats.inc_value(f"warc/skipped/{skip_reason}")
            request.meta.pop(WARC_META_KEY, None)
            return response
        sent, captured = self._captured_exchange(request, response, fetch_start)
        digest = payload_digest(captured.body)
        if self.write_threads <= 0:
            revisit = self._revisit_for(request, captured, digest)
            archived = self._write_exchange(sent, captured, revisit, digest)
            self._archived(request, captured, archived, fetch_start)
            return response
        return self._archive_in_thread(request, response, sent, captured, digest, fetch_start)

    async def _archive_in_thread(
        self,
        request: Request,
        response: Response,
        sent: CapturedRequest,
        captured: CapturedResponse,
        digest: str,
        fetch_start: datetime,
    ) -> Response:
        self._check_disk()
        while digest in self._payloads_in_flight:  # its first copy decides: revisit or not
            await maybe_deferred_to_future(self._until_archived(digest))
        revisit = self._revisit_for(request, captured, digest)
        while self.writer.rotation_due() and self.writer.pending:
            await maybe_deferred_to_future(self._until_drained())
        self._payloads_in_flight[digest] = []
        try:
            return await self._archive_prepared(
                request, response, sent, captured, revisit, digest, fetch_start
            )
        finally:
            for waiting in self._payloads_in_flight.pop(digest):
                waiting.callback(None)

    async def _archive_prepared(
        self,
        request: Request,
        response: Response,
        sent: CapturedRequest,
        captured: CapturedResponse,
        revisit: Revisit | None,
        digest: str,
        fetch_start: datetime,
    ) -> Response:
        prepared = self._prepare_exchange(sent, captured, revisit, digest)
        try:
            data, lengths = await maybe_deferred_to_future(
                threads.deferToThreadPool(
                    _reactor(),
                    self._write_pool(),
                    serialise_records,
                    prepared.records,
                    self.writer.gzip_level,
                )
            )
        except BaseException:
            self.writer.abandon_exchange(prepared)
            self._fire_if_drained()
            raise
        try:
            archived = self._commit_exchange(prepared, data, lengths)
        finally:
            self._fire_if_drained()
        self._archived(request, captured, archived, fetch_start)
        return response

    def _archived(
        self,
        request: Request,
        captured: CapturedResponse,
        archived: ArchivedRecord,
        fetch_start: datetime,
    ) -> None:
        """Remember the payload (or count the revisit) and stamp the request with where it is."""
        if archived.revisit is None:
            self._remember_payload(archived, captured)
        else:
            self.stats.inc_value(f"warc/revisits/{revisit_kind(archived.revisit)}")
        request.meta[WARC_META_KEY] = self._stamp(archived, fetch_start)
        self._update_stats()

    def _until_drained(self) -> Deferred:
        """Fires once no exchange is pending (the full file can then be closed)."""
        drained: Deferred = Deferred()
        self._drained.append(drained)
        return drained

    def _until_archived(self, digest: str) -> Deferred:
        """Fires once the exchange archiving this payload is done."""
        archived: Deferred = Deferred()
        self._payloads_in_flight[digest].append(archived)
        return archived

    def _fire_if_drained(self) -> None:
        if self.writer.pending:
            return
        waiting, self._drained = self._drained, []
        for drained in waiting:
            drained.callback(None)

    def _check_disk(self) -> None:
        """When the disk is full (or was), the response is not archived and goes no further
        (NotArchived, counted as a ``disk_full`` failure)."""
        if self.disk is not None and self.disk.full:
            raise NotArchived("disk full: not archived")

    def _write_exchange(
        self,
        sent: CapturedRequest,
        received: CapturedResponse,
        revisit: Revisit | None,
        digest: str,
    ) -> ArchivedRecord:
        """The exchange's records, written in the event loop."""
        self._check_disk()
        try:
            return self.writer.write_exchange(sent, received, revisit, digest)
        except OSError as exc:
            self._not_archived(exc)

    def _prepare_exchange(
        self,
        sent: CapturedRequest,
        received: CapturedResponse,
        revisit: Revisit | None,
        digest: str,
    ) -> PreparedExchange:
        try:
            return self.writer.prepare_exchange(sent, received, revisit, digest)
        except OSError as exc:  # no room for a new file's warcinfo record
            self._not_archived(exc)

    def _commit_exchange(
        self, prepared: PreparedExchange, data: bytes, lengths: list[int]
    ) -> ArchivedRecord:
        self._check_disk()  # the disk may have filled while the records were serialised
        try:
            return self.writer.commit_exchange(prepared, data, lengths)
        except OSError as exc:
            self._not_archived(exc)

    def _not_archived(self, exc: OSError) -> NoReturn:
        self._disk_full(self.writer.current_path or self.writer.directory, exc)
        raise NotArchived("disk full: not archived") from None

    def _disk_full(self, path: Path | str, exc: BaseException) -> None:
        """Report a write the disk had no room for; re-raise any other error."""
        if self.disk is None or not is_disk_full(exc):
            raise exc
        self.disk.report(path, exc)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        request.meta.pop(FETCH_START_META_KEY, None)
        request.meta.pop(WIRE_META_KEY, None)

    def headers_received(self, request: Request, **kwargs: Any) -> None:
        """Keep the raw bytes of this exchange (WireCaptureDownloadHandler announced them)."""
        capture = take_announced_capture()
        if capture is not None and capture.is_for(request_target(request.url)):
            request.meta[WIRE_META_KEY] = capture

    def _captured_exchange(
        self, request: Request, response: Response, fetch_start: datetime
    ) -> tuple[CapturedRequest, CapturedResponse]:
        """From the raw bytes when the download handler kept them, else reconstructed."""
        wire = request.meta.pop(WIRE_META_KEY, None)
        if wire is not None:
            sent = capture_request_from_wire(wire, request)
            received = capture_response_from_wire(wire, response, fetch_start)
            if sent is not None and received is not None:
                self.stats.inc_value("warc/captured/wire")
                return sent, received
        self.stats.inc_value("warc/captured/reconstructed")
        return capture_request(request, response), capture_response(response, fetch_start)

    def write_metadata(self, url: str, stamp: dict[str, Any], document: dict[str, Any]) -> None:
        """A ``metadata`` record (JSON) about the exchange ``stamp`` locates.

        Its WARC-Target-URI is ``urn:crawler-metadata:<url>``, not the page URL: replay tools
        index metadata records too and would otherwise serve the JSON as the page.
        """
        content = json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")
        target = METADATA_URI_PREFIX + url
        if self.disk is not None and self.disk.full:
            self.stats.inc_value("disk/metadata_records_unwritten")
            return
        try:
            self.writer.write_metadata(target, stamp["warc_record_id"], content, "application/json")
        except OSError as exc:
            self.stats.inc_value("disk/metadata_records_unwritten")
            self._disk_full(self.writer.current_path or self.writer.directory, exc)
            return
        self.stats.inc_value("warc/metadata_records")
        self._update_stats()

    def spider_opened(self) -> None:
        if self.idle_timeout > 0:
            self._idle_check = task.LoopingCall(self._close_if_idle)
            self._idle_check.start(self.idle_timeout / IDLE_CHECKS_PER_TIMEOUT, now=False)

    def _close_if_idle(self) -> None:
        if self.writer.close_if_idle(self.idle_timeout):
            self.stats.inc_value("warc/idle_rotations")
            self._update_stats()

    def _index_closed(self, path: Path, index: RecordIndex | None) -> None:
        """Write the index the writer built; read the file for it only when it has none."""
        if index is None:
            self._index_in_background(path)
            return
        try:
            index.write_next_to(path)
        except OSError as exc:
            self._index_failed(path, exc)
            return
        self.stats.inc_value("warc/indexes")

    def _index_in_background(self, path: Path) -> None:
        """CDXJ of a closed file: in a thread during the crawl, at once for the last file."""
        if self._closing:
            self._index_now(path)
            return
        indexing = threads.deferToThread(index_closed_file, path)
        indexing.addCallbacks(
            lambda _: self.stats.inc_value("warc/indexes"),
            lambda failure: self._index_failed(path, failure.value),
        )
        self._indexing.append(indexing)

    def _index_now(self, path: Path) -> None:
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
        self._disk_full(index_dir_for(path.parent) / cdxj_name(path), exc)

    def spider_closed(self) -> Deferred | None:
        """Close the last file; the returned Deferred fires when every index is written."""
        if self._idle_check is not None and self._idle_check.running:
            self._idle_check.stop()
        self._stop_write_threads()
        self._closing = True
        self.writer.close()
        if self.digest_index is not None:
            self.digest_index.close()
        self._update_stats()
        pending = [d for d in self._indexing if not d.called]
        return DeferredList(pending, consumeErrors=False) if pending else None

    def _revisit_for(
        self, request: Request, response: CapturedResponse, digest: str
    ) -> Revisit | None:
        """A revisit when the request names an earlier capture of this payload (``digest``),
        or when the digest index already holds it."""
        refers_to = request.meta.get(REFERS_TO_META_KEY)
        if refers_to:
            revisit = revisit_from_refers_to(refers_to, response.status, digest)
            if revisit is not None:
                return revisit
        if self.digest_index is None or not is_deduplicable(response.status, response.body):
            return None
        try:
            archived = self.digest_index.lookup(digest)
        except Exception as exc:  # the index could not even be created
            self._disk_full(getattr(self.digest_index, "path", "the digest index"), exc)
            return None
        return revisit_from_index(archived) if archived is not None else None

    def _remember_payload(self, archived: ArchivedRecord, response: CapturedResponse) -> None:
        if self.digest_index is None or not is_deduplicable(response.status, response.body):
            return
        self._add_to_digest_index(
            ArchivedPayload(
                payload_digest=archived.payload_digest,
                record_id=archived.record_id,
                target_uri=response.url,
                warc_date=format_warc_date(response.fetch_start),
                warc_file=str(archived.warc_file),
                warc_offset=archived.offset,
                warc_length=archived.length,
            )
        )

    def _add_to_digest_index(self, payload: ArchivedPayload) -> None:
        """Remember the payload; without room it is not remembered (a later copy is stored in
        full instead of as a revisit)."""
        assert self.digest_index is not None
        try:
            self.digest_index.add(payload)
        except Exception as exc:
            self.stats.inc_value("disk/digests_unwritten")
            self._disk_full(getattr(self.digest_index, "path", "the digest index"), exc)

    @staticmethod
    def _skip_reason(response: Response, fetch_start: datetime | None) -> str | None:
        """Why a response is not archived: only exchanges that really went over HTTP are."""
        if "cached" in response.flags:
            return "cached"
        if urlsplit(response.url).scheme not in ARCHIVED_SCHEMES:
            return "non_http"
        if fetch_start is None:
            return "not_downloaded"
        return None

    def _stamp(self, archived: ArchivedRecord, fetch_start: datetime) -> dict[str, Any]:
        """Where the response record is; ``warc_date`` is its WARC-Date (the fetch start)."""
        stamp: dict[str, Any] = {
            "warc_file": self._run_relative_name(archived.warc_file),
            "warc_record_id": archived.record_id,
            "warc_offset": archived.offset,
            "warc_length": archived.length,
            "payload_digest": archived.payload_digest,
            "warc_date": format_warc_date(fetch_start),
        }
        if archived.revisit is not None:
            stamp["revisit"] = True
            stamp["refers_to"] = archived.revisit.refers_to
        return stamp

    def _run_relative_name(self, warc_file: Path) -> str:
        """relative_to_run_dir, once per file (it resolves paths: a system call each)."""
        name = self._relative_names.get(warc_file)
        if name is None:
            name = self._relative_names[warc_file] = relative_to_run_dir(warc_file, self.run_dir)
        return name

    def _update_stats(self) -> None:
        self.stats.set_value("warc/records", self.writer.records_written)
        self.stats.set_value("warc/exchanges", self.writer.exchanges_written)
        self.stats.set_value("warc/files", len(self.writer.closed_files))
        self.stats.set_value("warc/bytes", self.writer.bytes_written)


def _reactor() -> Any:
    from twisted.internet import reactor

    return reactor


def revisit_kind(revisit: Revisit) -> str:
    """Short stats name of a revisit's profile."""
    if revisit.profile == REVISIT_SERVER_NOT_MODIFIED:
        return "server_not_modified"
    return "identical_payload_digest"
