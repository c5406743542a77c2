"""Files whose writes land whole or not at all, so a full disk never leaves part of a line or
record; and how to tell a full disk from other write errors. Pure Python (no Scrapy)."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
from pathlib import Path
from typing import Any

# ENOSPC: the file system is full; EDQUOT: the user's quota on it is.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` means there was no room to write: ENOSPC or EDQUOT, or SQLite's
    SQLITE_FULL ("database or disk is full")."""
    if isinstance(exc, OSError):
        return exc.errno in DISK_FULL_ERRNOS
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return False


def reason_text(exc: BaseException) -> str:
    """``No space left on device`` rather than ``[Errno 28] No space left on device: 'x'``."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``NAME.open`` (UTF-8) then rename it to ``path``; on OSError (disk full, no
    permission) neither is left."""
    partial = path.with_name(path.name + ".open")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


class WholeLineFile(io.FileIO):
    """An unbuffered file whose ``write()`` writes all of its bytes or none of them.

    A raw write may write only part of its bytes (disk full), and callers such as Scrapy's
    exporters do not check: the rest is written too, and a write that fails is undone (the file
    truncated back to where it began) before the error is raised, so the file never ends with
    part of a line or record. ``last_write_start`` is where the last whole write began, for
    :meth:`undo_last_write`.
    """

    last_write_start: int | None = None

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
        self.last_write_start = start
        return len(data)

    def write_some(self, view: memoryview) -> int | None:
        return super().write(view)

    def undo_last_write(self) -> None:
        """Truncate the last whole write away (its line turned out not to count)."""
        if self.last_write_start is not None:
            self.truncate(self.last_write_start)
            self.seek(self.last_write_start)
            self.last_write_start = None
