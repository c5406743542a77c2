"""Disk full mid-run (a small tmpfs): the crawl stops with one error line and a non-zero exit,
leaves no half-written line or record, and a later run on a disk with room goes on.

Two ways to get there: the free-space check (CRAWLER_MIN_FREE_BYTES) noticing first, and the
disk filling before any check does (CRAWLER_MIN_FREE_BYTES=0: a write fails with ENOSPC).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.crawling import CrawlResult, crawl, item_counts, state_urls, warc_faults

# The crawl stops once less than this is free; the demo crawl needs more than 1 MB - 500 kB
# (SQLite WAL files included), so it stops mid-run.
RESERVE = ("-s", "CRAWLER_MIN_FREE_BYTES=500000", "-s", "CONCURRENT_REQUESTS=2")
NO_RESERVE = ("-s", "CRAWLER_MIN_FREE_BYTES=0", "-s", "CONCURRENT_REQUESTS=2")
# Extraction and WARC compression in the crawl's thread: each item line follows its WARC record
# at once (from a worker process or a write thread it comes later).
WARC_ONLY = (
    *("-s", "CRAWLER_STATE_ENABLED=False", "-s", "WARC_DEDUP=False"),
    *("-s", "CRAWLER_EXTRACT_WORKERS=0", "-s", "WARC_WRITE_THREADS=0"),
)


def mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Mounts a tmpfs of the given size at a temporary folder (needs root and permission to
    mount)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = []

    def mount_disk(size: str) -> Path:
        done = mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
        if done.returncode != 0:
            pytest.skip(f"mount -t tmpfs is not permitted here: {done.stderr.strip()}")
        mounted.append(folder)
        return folder

    try:
        yield mount_disk
    finally:
        for path in mounted:
            subprocess.run(["umount", str(path)], check=False)


def assert_stopped_cleanly(
    stopped: CrawlResult, out: Path, articles: int, warc_dir: Path | None = None
) -> None:
    """Exit 1, one last error line, no traceback, summary says disk_full, files whole."""
    assert stopped.returncode == 1, stopped.stderr[-3000:]
    last_line = stopped.stderr.strip().splitlines()[-1]
    assert last_line.startswith("crawler: disk full: "), last_line
    assert "Traceback" not in stopped.stderr, stopped.stderr[-3000:]
    assert stopped.summary["finish_reason"] == "disk_full"
    for folder in {out, warc_dir or out}:
        assert list(folder.rglob("*.open")) == []
    assert warc_faults(warc_dir or out) == ""
    for path in stopped.run_dir.glob("*.jsonl"):
        data = path.read_bytes()
        assert data == b"" or data.endswith(b"\n")
        [json.loads(line) for line in data.splitlines()]
    written = sum(item_counts(out).values())
    assert stopped.summary["counts"]["items_written"] == written
    assert 0 < written < articles, "the disk did not fill mid-run"


def assert_rerun_completes(out: Path, url: str, server, site) -> None:
    done = crawl(out, url)
    assert done.returncode == 0, done.stderr[-3000:]
    counts = item_counts(out)
    assert set(counts) == {server.url(a.path) for a in site.articles}
    assert {u: n for u, n in counts.items() if n > 1} == {}
    assert state_urls(out) == set(counts)


def test_a_full_disk_stops_the_crawl_cleanly_and_a_rerun_goes_on(small_disk, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    disk = small_disk("1m")
    out = disk / "out"
    stopped = crawl(out, url, extra=RESERVE)
    assert_stopped_cleanly(stopped, out, len(site.articles))
    assert "less than CRAWLER_MIN_FREE_BYTES" in stopped.stderr.splitlines()[-1]

    assert mount("-o", "remount,size=100m", str(disk)).returncode == 0
    assert_rerun_completes(out, url, server, site)


@pytest.mark.parametrize("size", ["700k", "1m"])
def test_a_write_the_disk_has_no_room_for_stops_the_crawl_cleanly(small_disk, server, world, size):
    """The first write that fails (items file, state store...) is named on one error line;
    the state remembers exactly the articles whose item lines are in the items files."""
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    disk = small_disk(size)
    out = disk / "out"
    stopped = crawl(out, url, extra=NO_RESERVE)
    assert_stopped_cleanly(stopped, out, len(site.articles))
    full_file = stopped.summary["disk"]["full_file"]
    assert stopped.summary["disk"]["write_errors"] >= 1
    assert full_file in stopped.stderr.splitlines()[-1]
    errors = [line for line in stopped.stderr.splitlines() if "] ERROR: " in line]
    assert len(errors) == 1 and full_file in errors[0], errors
    assert state_urls(out) == set(item_counts(out))

    assert mount("-o", "remount,size=100m", str(disk)).returncode == 0
    assert_rerun_completes(out, url, server, site)


def test_a_warc_record_the_disk_has_no_room_for_is_not_left_in_part(
    small_disk, tmp_path, server, world
):
    """The WARC files alone on the small disk, so they are what fills it."""
    site = world.sites["drupal"]
    warc_dir = small_disk("100k")
    out = tmp_path / "out"
    warc_setting = ("-s", f"WARC_DIR={warc_dir}")
    stopped = crawl(out, server.url(site.tag_path), extra=NO_RESERVE + WARC_ONLY + warc_setting)
    assert_stopped_cleanly(stopped, out, len(site.articles), warc_dir)
    assert stopped.summary["disk"]["full_file"].endswith(".warc.gz")
    assert stopped.summary["failures"]["disk_full"] >= 1
    assert stopped.summary["counts"]["items_written"] == len(stopped.items)
