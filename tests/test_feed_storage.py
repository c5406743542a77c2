"""The items file never ends with part of a line, even when the disk fills mid-write."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from crawler.storage.feeds import WholeLineFile

LINE = b'{"url": "http://127.0.0.1/a/1"}\n'


class FillingDisk(WholeLineFile):
    """A file on a disk with room for ``room`` more bytes: short writes, then ENOSPC."""

    room = len(LINE) + 10

    def write_some(self, view: memoryview) -> int | None:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written = super().write_some(view[: min(len(view), self.room, 7)])
        self.room -= written or 0
        return written


@pytest.mark.parametrize("mode", ["wb", "ab"])
def test_a_line_the_disk_has_no_room_for_leaves_nothing(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "items.jsonl.open"
    with FillingDisk(path, mode) as file:
        assert file.write(LINE) == len(LINE)  # written in pieces, all of it
        with pytest.raises(OSError, match="No space"):
            file.write(LINE)
    assert path.read_bytes() == LINE


def test_whole_writes_on_a_disk_with_room(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl.open"
    with WholeLineFile(path, "wb") as file:
        for _ in range(3):
            file.write(LINE)
    assert path.read_bytes() == LINE * 3
