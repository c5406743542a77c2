"""The archive's settings, and the writer and digest index made from them.

WARC_ENABLED (True), WARC_DIR (``<CRAWLER_RUN_DIR>/warc``, else ``./warc``),
WARC_PREFIX ("crawler"), WARC_MAX_SIZE (1_000_000_000 bytes), WARC_GZIP_LEVEL (6, zlib level of
each record's gzip member), WARC_DEDUP (True: a payload
archived before, in this run or an earlier one, is written as a revisit record),
WARC_DIGEST_INDEX (class of the digest index, ``crawler.archive.dedup.SqliteDigestIndex``;
``crawler.archive.redis_dedup.RedisDigestIndex`` when REDIS_URL is set),
WARC_DEDUP_INDEX (its file, ``<output dir>/archive-index.sqlite``), WARC_IDLE_TIMEOUT (300:
close the current file after that many seconds without a record; 0 never), WARC_CDXJ (True:
a CDXJ index per closed file in ``<run>/indexes/``, built as its records are written),
WARC_REPAIR_LEFTOVERS (True: ``.open`` WARC files that a killed crawl left in the output folder
are trimmed to their last whole exchange, closed and indexed when the next crawl starts),
WARC_WRITE_THREADS (1: threads that digest and gzip each exchange's records while the event
loop goes on, since zlib and hashlib release the GIL, and a thread making each file's CDXJ
lines; 0 does it all in the event loop).
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.archive.dedup import DigestIndex
from crawler.archive.warcinfo import build_warcinfo
from crawler.archive.writer import DEFAULT_GZIP_LEVEL, RotatingWarcWriter, timestamp17

DEFAULT_PREFIX = "crawler"
DEFAULT_MAX_SIZE = 1_000_000_000
DEFAULT_DIGEST_INDEX = "crawler.archive.dedup.SqliteDigestIndex"
REDIS_DIGEST_INDEX = "crawler.archive.redis_dedup.RedisDigestIndex"
DEFAULT_IDLE_TIMEOUT = 300.0
DEFAULT_WRITE_THREADS = 1


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


def write_thread_count(settings: BaseSettings) -> int:
    """WARC_WRITE_THREADS: 0 serialises the records in the event loop."""
    return settings.getint("WARC_WRITE_THREADS", DEFAULT_WRITE_THREADS)


def idle_timeout(settings: BaseSettings) -> float:
    """WARC_IDLE_TIMEOUT: seconds without a record before the current file is closed (0 never)."""
    return settings.getfloat("WARC_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)


def writer_from_crawler(crawler: Crawler, write_threads: int) -> RotatingWarcWriter:
    """The crawl's WARC writer: where, how big, how compressed, indexed or not."""
    settings = crawler.settings
    hostname = socket.gethostname()
    spider_name = getattr(crawler.spidercls, "name", None) or "spider"
    return RotatingWarcWriter(
        directory=warc_directory(settings),
        prefix=settings.get("WARC_PREFIX") or DEFAULT_PREFIX,
        max_size=settings.getint("WARC_MAX_SIZE", DEFAULT_MAX_SIZE),
        warcinfo=build_warcinfo(settings, run_identifier(settings, spider_name), hostname),
        hostname=hostname,
        gzip_level=settings.getint("WARC_GZIP_LEVEL", DEFAULT_GZIP_LEVEL),
        index_records=settings.getbool("WARC_CDXJ", True),
        index_in_background=write_threads > 0,
    )


def digest_index_from_crawler(crawler: Crawler) -> DigestIndex | None:
    """WARC_DIGEST_INDEX's class built for the crawl (None with WARC_DEDUP off)."""
    if not crawler.settings.getbool("WARC_DEDUP", True):
        return None
    return build_from_crawler(load_object(digest_index_class(crawler.settings)), crawler)


def digest_index_class(settings: BaseSettings) -> str:
    """WARC_DIGEST_INDEX; its default is the Redis one when REDIS_URL shares the crawl."""
    name = settings.get("WARC_DIGEST_INDEX") or DEFAULT_DIGEST_INDEX
    if name == DEFAULT_DIGEST_INDEX and settings.get("REDIS_URL"):
        return REDIS_DIGEST_INDEX
    return name
