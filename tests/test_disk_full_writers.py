"""Each small writer of a crawl leaves nothing behind when the disk has no room (the crawl
itself is tested on a real small disk in tests/test_disk_full.py)."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

import pytest

from crawler.archive import index
from crawler.extensions.summary import write_json_atomically
from crawler.storage import diskspace
from crawler.storage.diskspace import AUTO_RESERVE_MAX, auto_reserve, parse_reserve
from crawler.storage.wholefile import is_disk_full


def no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_summary_the_disk_has_no_room_for_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(Path, "write_text", lambda self, *a, **k: self.touch() or no_space())
    with pytest.raises(OSError, match="No space"):
        write_json_atomically(tmp_path / "summary.json", {"a": 1})
    assert list(tmp_path.iterdir()) == []


def test_an_index_the_disk_has_no_room_for_leaves_no_partial_file(
    tmp_path: Path, monkeypatch
) -> None:
    def half_written(self) -> None:
        Path(self.output).write_text("com,example)/ 2026")
        no_space()

    monkeypatch.setattr(index.CDXJIndexer, "process_all", half_written)
    with pytest.raises(OSError, match="No space"):
        index.index_closed_file(tmp_path / "warc" / "x.warc.gz")
    assert list((tmp_path / "indexes").iterdir()) == []


@pytest.mark.parametrize(
    ("exc", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (OSError(errno.EACCES, "Permission denied"), False),
        (ValueError("no"), False),
    ],
)
def test_what_counts_as_a_full_disk(exc: BaseException, full: bool) -> None:
    assert is_disk_full(exc) is full


def test_sqlite_full_counts_as_a_full_disk(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "x.sqlite")
    db.execute("PRAGMA max_page_count = 2")
    db.execute("CREATE TABLE t (x)")
    with pytest.raises(sqlite3.Error) as raised:
        db.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    assert is_disk_full(raised.value)


@pytest.mark.parametrize(
    ("value", "reserve"),
    [("auto", None), ("", None), (None, None), ("0", 0), ("1_000", 1000), (5000, 5000)],
)
def test_reserve_setting(value: object, reserve: int | None) -> None:
    assert parse_reserve(value) == reserve


@pytest.mark.parametrize("value", ["-1", "lots", "1.5"])
def test_bad_reserve_setting(value: str) -> None:
    with pytest.raises(ValueError, match="bytes"):
        parse_reserve(value)


@pytest.mark.parametrize(
    ("disk_size", "reserve"),
    [(10**6, 20_000), (10**9, 20_000_000), (10**12, AUTO_RESERVE_MAX)],
)
def test_auto_reserve_is_2_percent_of_the_disk_at_most_64_mib(
    tmp_path: Path, monkeypatch, disk_size: int, reserve: int
) -> None:
    monkeypatch.setattr(
        diskspace.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(disk_size, 0, 0)
    )
    assert auto_reserve(tmp_path) == reserve


def test_a_run_whose_end_cannot_be_recorded_says_so_and_fails(tmp_path: Path, monkeypatch, capsys):
    from crawler.schedule import history
    from crawler.state.store import SqliteStateStore

    def disk_full(self, run) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteStateStore, "finish_run", disk_full)
    status = history.record_run(tmp_path / "state.sqlite", "news", tmp_path / "run", lambda: 0)
    assert status == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert str(tmp_path / "state.sqlite") in line and "disk is full" in line


def test_a_run_whose_start_cannot_be_recorded_is_not_crawled(tmp_path: Path, monkeypatch):
    from crawler.schedule import history
    from crawler.state.store import SqliteStateStore, StateError

    def disk_full(self, source, started_at) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqliteStateStore, "start_run", disk_full)
    crawled = []
    with pytest.raises(StateError, match="cannot record the run"):
        history.record_run(tmp_path / "s.sqlite", "news", tmp_path, lambda: crawled.append(1) or 0)
    assert crawled == []
