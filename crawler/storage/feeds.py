"""A feed storage that never leaves a half-written items file under its final name."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

from crawler.storage.diskspace import DiskFull, disk_full_for
from crawler.storage.wholefile import WholeLineFile, is_disk_full

PARTIAL_SUFFIX = ".open"

__all__ = ["PARTIAL_SUFFIX", "AtomicFileFeedStorage", "ItemsFile", "WholeLineFile"]


class ItemsFile(WholeLineFile):
    """An items file that tells the crawl's :class:`DiskFull` about each line.

    A line the disk has no room for is reported (the crawl stops) instead of raised: Scrapy
    would log the error with a traceback from its signal handler, and the line is not in the
    file anyway (WholeLineFile).
    """

    disk: DiskFull | None = None
    final_path: Path | None = None

    def write(self, data: Any) -> int:
        if self.disk is None:
            return super().write(data)
        try:
            written = super().write(data)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            self.disk.line_lost(self.final_path or self.name, exc)
            return len(data)
        self.disk.line_written(self)
        return written

    def undo_last_write(self) -> None:
        if not self.closed:
            super().undo_last_write()
        elif self.final_path is not None and self.last_write_start is not None:
            os.truncate(self.final_path, self.last_write_start)  # stored (renamed) meanwhile
            self.last_write_start = None


class AtomicFileFeedStorage(FileFeedStorage):
    """Write to ``NAME.open`` unbuffered, rename to ``NAME`` when the feed is closed.

    Unbuffered writes mean each exported line reaches the file in one ``write()`` call, so a
    crash leaves whole lines in the ``.open`` file rather than a torn buffer; a write the disk
    has no room for leaves nothing of its line (WholeLineFile) and stops the crawl (DiskFull).
    The ``.open`` file is locked (flock) while it is written, so crawler.storage.leftovers can
    tell a killed run's file from a running one's.
    """

    disk: DiskFull | None = None

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> AtomicFileFeedStorage:
        storage = cls(uri, feed_options=feed_options)
        storage.disk = disk_full_for(crawler)
        return storage

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial_path = path.with_name(path.name + PARTIAL_SUFFIX)
        file = ItemsFile(self._partial_path, self.write_mode)
        file.disk, file.final_path = self.disk, path
        # Held until the process ends: a later crawl repairs only unlocked (dead) .open files.
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return file

    def store(self, file: IO[bytes]) -> None:
        file.close()
        os.replace(self._partial_path, self.path)
