"""A feed storage that never leaves a half-written items file under its final name."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage

PARTIAL_SUFFIX = ".open"


class AtomicFileFeedStorage(FileFeedStorage):
    """Write to ``NAME.open`` unbuffered, rename to ``NAME`` when the feed is closed.

    Unbuffered writes mean each exported line reaches the file in one ``write()`` call, so a
    crash leaves whole lines in the ``.open`` file rather than a torn buffer.
    The ``.open`` file is locked (flock) while it is written, so crawler.storage.leftovers can
    tell a killed run's file from a running one's.
    """

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial_path = path.with_name(path.name + PARTIAL_SUFFIX)
        file = open(self._partial_path, self.write_mode, buffering=0)  # noqa: SIM115
        # Held until the process ends: a later crawl repairs only unlocked (dead) .open files.
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return file

    def store(self, file: IO[bytes]) -> None:
        file.close()
        os.replace(self._partial_path, self.path)
