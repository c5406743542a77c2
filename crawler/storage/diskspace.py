"""Stop the crawl before the disk is full, and stop it cleanly when the disk fills anyway.

Before each response is handled, the free space of the run folder's file system is compared
with ``CRAWLER_MIN_FREE_BYTES`` (64 MiB; 0 turns the check off), a reserve for finishing the
requests in flight and closing the files. Below it, one error line is logged and the spider is
closed with the reason ``disk_full`` (``crawler crawl`` then exits non-zero); the articles not
written yet are fetched by the next run, as after any interruption.

The disk can still fill before the check notices (a burst of writes, another process, or
``CRAWLER_MIN_FREE_BYTES=0``). Every writer of the crawl (items files, WARC records, metadata,
pages.jsonl, CDXJ indexes, the digest index, the state store, summary.json) then hands the error
to :class:`DiskFull`: what could not be written is undone (never half a line or record), one
error line names the file, the spider is closed with the same reason ``disk_full``, and every
write that failed is counted (``disk/*`` stats, ``disk`` in summary.json). An item whose line or
state row could not be written is neither in the items file nor in the state, so the next run
fetches it again: nothing lost, nothing twice.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import weakref
from pathlib import Path
from typing import Any, BinaryIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from crawler.pipelines import DROPPED_PREFIX
from crawler.storage.wholefile import WholeLineFile, is_disk_full, reason_text

logger = logging.getLogger(__name__)

DISK_FULL = "disk_full"


# The default reserve ("auto"): 2% of the file system, at most 64 MiB. A 1 GB volume keeps
# 20 MiB free (room for the responses in flight), a big disk 64 MiB, a tiny one a few kB.
AUTO_RESERVE_DIVISOR = 50  # 2%
AUTO_RESERVE_MAX = 64 * 1024 * 1024
# Set aside (a file) when the crawl starts, deleted when the disk fills: room to finish the
# run's small files (summary.json, the last CDXJ index) even when the disk filled before the
# reserve check noticed.
CLOSING_ROOM_BYTES = 128 * 1024
CLOSING_ROOM_FILE = ".closing-room"


def free_bytes(path: Path) -> int:
    """Free bytes, for an unprivileged user, of the file system holding ``path``."""
    return shutil.disk_usage(path).free


def parse_reserve(value: Any) -> int | None:
    """CRAWLER_MIN_FREE_BYTES: ``auto`` (None: decided by the disk's size) or bytes (0: off);
    ValueError for anything else."""
    text = str(value).strip().lower() if value is not None else "auto"
    if text in ("", "auto"):
        return None
    try:
        reserve = int(text.replace("_", ""))
    except ValueError:
        raise ValueError(f"expected a number of bytes or 'auto', got {value!r}") from None
    if reserve < 0:
        raise ValueError(f"expected 0 or more bytes, or 'auto', got {value!r}")
    return reserve


def auto_reserve(folder: Path) -> int:
    """2% of the size of the file system holding ``folder``, at most 64 MiB."""
    return min(AUTO_RESERVE_MAX, shutil.disk_usage(folder).total // AUTO_RESERVE_DIVISOR)


def existing_folder(path: Path) -> Path:
    """``path`` or its nearest existing parent (the run folder may not exist yet)."""
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return Path(".")


class DiskSpaceGuard:
    """Closes the spider with reason ``disk_full`` once free space falls below the reserve;
    sets aside the closing room (see :class:`DiskFull`)."""

    def __init__(self, crawler: Crawler, folder: Path, reserve: int) -> None:
        self.crawler = crawler
        self.folder = folder
        self.reserve = reserve
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskSpaceGuard:
        run_dir = crawler.settings.get("CRAWLER_RUN_DIR")
        if not run_dir:
            raise NotConfigured("no run folder")
        folder = Path(run_dir).absolute().parent
        reserve = parse_reserve(crawler.settings.get("CRAWLER_MIN_FREE_BYTES"))
        if reserve is None:
            reserve = auto_reserve(existing_folder(folder))
        guard = cls(crawler, folder, reserve)
        disk = disk_full_for(crawler)
        disk.remove_dead_closing_rooms(folder)
        disk.closing_room = Path(run_dir) / CLOSING_ROOM_FILE
        crawler.signals.connect(disk.make_closing_room, signal=signals.spider_opened)
        crawler.signals.connect(guard.check, signal=signals.spider_opened)
        crawler.signals.connect(guard.check, signal=signals.response_received)
        crawler.signals.connect(disk.release_closing_room, signal=signals.spider_closed)
        return guard

    def check(self, spider: Spider) -> None:
        if self.stopping or self.reserve <= 0:
            return
        free = free_bytes(self.folder)
        if free >= self.reserve:
            return
        self.stopping = True
        logger.error(
            "Disk full: %d bytes free in %s, below CRAWLER_MIN_FREE_BYTES=%d; stopping the "
            "crawl (run it again once there is room: it goes on where this one stopped)",
            free,
            self.folder,
            self.reserve,
        )
        self.crawler.stats.set_value("disk/free_bytes_at_stop", free)
        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=DISK_FULL))


class NotArchived(IgnoreRequest):
    """A response whose WARC records the disk had no room for: not handed to the spider."""


class DiskFull:
    """One crawl's reaction to a write the disk had no room for (see the module docstring).

    Writers call :meth:`report`; the items feed also tells it which line it wrote last
    (:meth:`line_written`, :meth:`line_lost`) so that the state recorder records an article only
    when its line is in the items file, and removes the line when the state cannot be written.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.full = False
        self.last_line_lost = False
        self.closing_room: Path | None = None
        self._closing_room_file: BinaryIO | None = None
        self._last_line: WholeLineFile | None = None

    def make_closing_room(self) -> None:
        """Set aside CLOSING_ROOM_BYTES in the run folder (random bytes: a compressing file
        system keeps them too), locked so that no other crawl removes it."""
        if self.closing_room is None:
            return
        try:
            self.closing_room.parent.mkdir(parents=True, exist_ok=True)
            self._closing_room_file = self.closing_room.open("wb")
            fcntl.flock(self._closing_room_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._closing_room_file.write(os.urandom(CLOSING_ROOM_BYTES))
            self._closing_room_file.flush()
        except OSError as exc:
            self.release_closing_room()
            if not is_disk_full(exc):
                raise
            self.report(self.closing_room, exc)

    def release_closing_room(self) -> None:
        """Give the closing room back (the disk filled, or the spider closes)."""
        if self._closing_room_file is not None:
            self._closing_room_file.close()
            self._closing_room_file = None
        if self.closing_room is not None:
            self.closing_room.unlink(missing_ok=True)

    @staticmethod
    def remove_dead_closing_rooms(output_dir: Path) -> None:
        """The closing rooms that killed crawls left in their run folders."""
        for path in output_dir.glob(f"*/{CLOSING_ROOM_FILE}"):
            with path.open("rb") as stream:
                try:
                    fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a running crawl's
            path.unlink(missing_ok=True)

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def report(self, path: Path | str, exc: BaseException) -> None:
        """A write to ``path`` failed for lack of room: log it once, stop the crawl."""
        self.stats.inc_value("disk/write_errors")
        if self.full:
            logger.debug("Disk full: could not write %s either (%s)", path, reason_text(exc))
            return
        self.full = True
        self.release_closing_room()
        self.stats.set_value("disk/full_file", str(path))
        logger.error(
            "Disk full: could not write %s (%s); stopping the crawl (run it again once there "
            "is room: it goes on where this one stopped)",
            path,
            reason_text(exc),
        )
        self.stop()

    def stop(self) -> None:
        """Close the spider with reason disk_full; when it is closing already, the summary
        still says disk_full."""
        engine = self.crawler.engine
        if engine is None or engine.spider is None:  # not crawling yet: once it starts
            self.crawler.signals.connect(self.stop, signal=signals.spider_opened)
            return
        self.stats.set_value("finish_reason", DISK_FULL)
        deferred_from_coro(engine.close_spider_async(reason=DISK_FULL))

    def line_written(self, file: WholeLineFile) -> None:
        self._last_line, self.last_line_lost = file, False

    def line_lost(self, path: Path | str, exc: BaseException) -> None:
        self._last_line, self.last_line_lost = None, True
        self.stats.inc_value("disk/items_unwritten")
        self.report(path, exc)

    def undo_last_line(self) -> None:
        """The last item line does not count (its state could not be recorded): remove it."""
        if self._last_line is not None:
            self._last_line.undo_last_write()
            self._last_line = None
        self.last_line_lost = True
        self.stats.inc_value("disk/items_unwritten")


_DISK_FULL: weakref.WeakKeyDictionary[Crawler, DiskFull] = weakref.WeakKeyDictionary()


def disk_full_for(crawler: Crawler) -> DiskFull:
    """The crawl's :class:`DiskFull`, shared by all its writers."""
    if crawler not in _DISK_FULL:
        _DISK_FULL[crawler] = DiskFull(crawler)
    return _DISK_FULL[crawler]


class DiskFullPipeline:
    """Once the disk is full, items are dropped (``items_dropped/disk_full``) rather than
    written: the next run fetches their articles again."""

    def __init__(self, disk: DiskFull, stats: StatsCollector) -> None:
        self.disk = disk
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskFullPipeline:
        assert crawler.stats is not None
        return cls(disk_full_for(crawler), crawler.stats)

    def process_item(self, item: Any) -> Any:
        if self.disk.full:
            self.stats.inc_value(DROPPED_PREFIX + DISK_FULL)
            raise DropItem("disk full: not written", log_level="INFO")
        return item
