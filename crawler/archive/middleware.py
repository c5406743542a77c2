"""Downloader middleware archiving every HTTP exchange to WARC.

Enable at priority 950 in DOWNLOADER_MIDDLEWARES: its process_response then runs before
HttpCacheMiddleware (900), RedirectMiddleware (600) and HttpCompressionMiddleware (590), so it
sees each response as downloaded (3xx hops included, bodies still content-encoded).

Its settings are described in ``settings.py``. The jobs it hands out: pairing each request
with its response (``exchanges.py``), revisit or full copy (``revisits.py``), the records
(``writer.py``), where they are (``stamps.py``), indexes of closed files and leftovers of killed
crawls (``closed_files.py``).

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
import weakref
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task, threads
from twisted.internet.defer import Deferred
from twisted.python.threadpool import ThreadPool

from crawler.archive.closed_files import PAGES_FILE, ClosedFileIndexes
from crawler.archive.dedup import DigestIndex
from crawler.archive.exchanges import (
    FETCH_START_META_KEY,
    captured_exchange,
    forget_exchange,
    keep_announced_capture,
    note_fetch_start,
    skip_reason,
    take_fetch_start,
)
from crawler.archive.index import RecordIndex
from crawler.archive.records import ArchivedRecord, CapturedRequest, CapturedResponse, Revisit
from crawler.archive.revisits import Deduplicator, payload_digest, revisit_kind
from crawler.archive.settings import (
    digest_index_from_crawler,
    idle_timeout,
    warc_directory,
    write_thread_count,
    writer_from_crawler,
)
from crawler.archive.stamps import WARC_META_KEY, RecordLocations
from crawler.archive.writer import PreparedExchange, RotatingWarcWriter, serialise_records
from crawler.storage.diskspace import DiskFull, NotArchived, disk_full_for
from crawler.storage.wholefile import is_disk_full

# Imported from here by the metadata middleware and the tests.
__all__ = [
    "FETCH_START_META_KEY",
    "PAGES_FILE",
    "WARC_META_KEY",
    "WarcArchiveMiddleware",
    "archive_for",
    "warc_directory",
]

METADATA_URI_PREFIX = "urn:crawler-metadata:"
IDLE_CHECKS_PER_TIMEOUT = 4

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
        self.locations = RecordLocations(run_dir)
        self.deduplicator = Deduplicator(digest_index, stats, self._disk_full)
        self.indexes = ClosedFileIndexes(stats, self._disk_full)
        self.disk: DiskFull | None = None
        self.idle_timeout = 0.0
        self._idle_check: task.LoopingCall | None = None
        self._closing = False  # the spider closes: the last file is indexed at once
        self.write_threads = 0  # threads serialising records; 0: the event loop does it
        self._pool: ThreadPool | None = None
        self._drained: list[Deferred] = []  # fired when no exchange is pending
        # Payload digest -> who waits for the exchange archiving it (to be a revisit of it).
        self._payloads_in_flight: dict[str, list[Deferred]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is False")
        write_threads = write_thread_count(settings)
        writer = writer_from_crawler(crawler, write_threads)
        run_dir = settings.get("CRAWLER_RUN_DIR")
        assert crawler.stats is not None
        digest_index = digest_index_from_crawler(crawler)
        middleware = cls(writer, crawler.stats, Path(run_dir) if run_dir else None, digest_index)
        middleware.disk = disk_full_for(crawler)
        middleware.idle_timeout = idle_timeout(settings)
        middleware.write_threads = write_threads
        if writer.index_records:
            writer.on_close.append(middleware._index_closed)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        _ARCHIVES[crawler] = middleware
        if run_dir and settings.getbool("WARC_REPAIR_LEFTOVERS", True):
            middleware.indexes.repair_leftovers(
                Path(run_dir).absolute().parent, index_missing=writer.index_records
            )
        return middleware

    def process_request(self, request: Request) -> None:
        note_fetch_start(request)

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
        fetch_start = take_fetch_start(request)
        reason = skip_reason(response, fetch_start)
        if reason is not None:
            self.stats.inc_value(f"warc/skipped/{reason}")
            request.meta.pop(WARC_META_KEY, None)
            return response
        sent, captured = captured_exchange(request, response, fetch_start, self.stats)
        digest = payload_digest(captured.body)
        if self.write_threads <= 0:
            revisit = self.deduplicator.revisit_for(request, captured, digest)
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
        revisit = self.deduplicator.revisit_for(request, captured, digest)
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
            self.deduplicator.remember_payload(archived, captured)
        else:
            self.stats.inc_value(f"warc/revisits/{revisit_kind(archived.revisit)}")
        request.meta[WARC_META_KEY] = self.locations.stamp(archived, fetch_start)
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
        forget_exchange(request)

    def headers_received(self, request: Request, **kwargs: Any) -> None:
        keep_announced_capture(request)

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
        """The writer closed a file: its CDXJ index, read from the file in a thread during the
        crawl when the writer has none, at once for the last file."""
        self.indexes.index(path, index, in_background=not self._closing)

    def spider_closed(self) -> Deferred | None:
        """Close the last file; the returned Deferred fires when every index is written."""
        if self._idle_check is not None and self._idle_check.running:
            self._idle_check.stop()
        self._stop_write_threads()
        self._closing = True
        self.writer.close()
        self.deduplicator.close()
        self._update_stats()
        return self.indexes.until_indexed()

    def _update_stats(self) -> None:
        self.stats.set_value("warc/records", self.writer.records_written)
        self.stats.set_value("warc/exchanges", self.writer.exchanges_written)
        self.stats.set_value("warc/files", len(self.writer.closed_files))
        self.stats.set_value("warc/bytes", self.writer.bytes_written)


def _reactor() -> Any:
    from twisted.internet import reactor

    return reactor
