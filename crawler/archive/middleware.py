"""Downloader middleware archiving every HTTP exchange to WARC.

Enable at priority 950 in DOWNLOADER_MIDDLEWARES: its process_response then runs before
HttpCacheMiddleware (900), RedirectMiddleware (600) and HttpCompressionMiddleware (590), so it
sees each response as downloaded (3xx hops included, bodies still content-encoded).

Settings: WARC_ENABLED (True), WARC_DIR (``<CRAWLER_RUN_DIR>/warc``, else ``./warc``),
WARC_PREFIX ("crawler"), WARC_MAX_SIZE (1_000_000_000 bytes).
"""

from __future__ import annotations

import socket
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from crawler import SOFTWARE
from crawler.archive.capture import capture_request, capture_response
from crawler.archive.records import ArchivedRecord
from crawler.archive.writer import RotatingWarcWriter, format_warc_date, timestamp17

WARC_META_KEY = "warc"
FETCH_START_META_KEY = "_warc_fetch_start"
DEFAULT_PREFIX = "crawler"
DEFAULT_MAX_SIZE = 1_000_000_000
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


def relative_to_run_dir(path: Path, run_dir: Path | None) -> str:
    """Path relative to the run directory when it lies under it, else the path as given."""
    if run_dir is not None:
        try:
            return path.resolve().relative_to(run_dir.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


class WarcArchiveMiddleware:
    """Writes a response + request WARC record for every downloaded HTTP exchange and
    stamps ``request.meta["warc"]`` (= ``response.meta["warc"]``) with its location."""

    def __init__(
        self, writer: RotatingWarcWriter, stats: StatsCollector, run_dir: Path | None = None
    ) -> None:
        self.writer = writer
        self.stats = stats
        self.run_dir = run_dir

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is False")
        hostname = socket.gethostname()
        spider_name = getattr(crawler.spidercls, "name", None) or "spider"
        writer = RotatingWarcWriter(
            directory=warc_directory(settings),
            prefix=settings.get("WARC_PREFIX") or DEFAULT_PREFIX,
            max_size=settings.getint("WARC_MAX_SIZE", DEFAULT_MAX_SIZE),
            warcinfo=build_warcinfo(settings, run_identifier(settings, spider_name), hostname),
            hostname=hostname,
        )
        run_dir = settings.get("CRAWLER_RUN_DIR")
        assert crawler.stats is not None
        middleware = cls(writer, crawler.stats, Path(run_dir) if run_dir else None)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        request.meta[FETCH_START_META_KEY] = datetime.now(UTC)

    def process_response(self, request: Request, response: Response) -> Response:
        fetch_start = request.meta.pop(FETCH_START_META_KEY, None)
        skip_reason = self._skip_reason(response, fetch_start)
        if skip_reason is not None:
            self.stats.inc_value(f"warc/skipped/{skip_reason}")
            request.meta.pop(WARC_META_KEY, None)
            return response
        archived = self.writer.write_exchange(
            capture_request(request, response), capture_response(response, fetch_start)
        )
        request.meta[WARC_META_KEY] = self._stamp(archived, fetch_start)
        self._update_stats()
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        request.meta.pop(FETCH_START_META_KEY, None)

    def spider_closed(self) -> None:
        self.writer.close()
        self._update_stats()

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
        return {
            "warc_file": relative_to_run_dir(archived.warc_file, self.run_dir),
            "warc_record_id": archived.record_id,
            "warc_offset": archived.offset,
            "warc_length": archived.length,
            "payload_digest": archived.payload_digest,
            "warc_date": format_warc_date(fetch_start),
        }

    def _update_stats(self) -> None:
        self.stats.set_value("warc/records", self.writer.records_written)
        self.stats.set_value("warc/exchanges", self.writer.exchanges_written)
        self.stats.set_value("warc/files", len(self.writer.closed_files))
        self.stats.set_value("warc/bytes", self.writer.bytes_written)
