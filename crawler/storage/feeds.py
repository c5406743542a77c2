"""A feed storage that never leaves a half-written items file under its final name."""

from __future__ import annotations

import errno
import fcntl
import io
import os
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage

PARTIAL_SUFFIX = ".open"


class WholeLineFile(io.FileIO):
    """An unbuffered file whose ``write()`` writes all of its bytes or none of them.

    A raw write may write only part of its bytes (disk full), and the exporters do not check:
    the rest is written too, and a write that fails is undone (the file truncated back to where
    it began) before the error is raised, so the file never ends with part of a line.
    """

    def write(self, data: Any) -> int:
        start = self.tell()
        view = memoryview(data).cast("B")
        try:
            while view:  # each turn writes at least one byte, or raises
                written = self.write_some(view)
                if not written:
                    raise OSError(errno.ENOSPC, "no byte could be written", self.name)
                view = view[written:]
        except OSError:
            self.truncate(start)
            self.seek(start)
            raise
        return len(data)

    def write_some(self, view: memoryview) -> int | None:
        return super().write(view)


class AtomicFileFeedStorage(FileFeedStorage):
    """Write to ``NAME.open`` unbuffered, rename to ``NAME`` when the feed is closed.

    Unbuffered writes mean each exported line reaches the file in one ``write()`` call, so a
    crash leaves whole lines in the ``.open`` file rather than a torn buffer; a write the disk
    has no room for leaves nothing of its line (WholeLineFile).
    The ``.open`` file is locked (flock) while it is written, so crawler.storage.leftovers can
    tell a killed run's file from a running one's.
    """

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial_path = path.with_name(path.name + PARTIAL_SUFFIX)
        file = WholeLineFile(self._partial_path, self.write_mode)
        # Held until the process ends: a later crawl repairs only unlocked (dead) .open files.
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return file

    def store(self, file: IO[bytes]) -> None:
        file.close()
        os.replace(self._partial_path, self.path)
