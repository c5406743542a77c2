"""Disk full mid-run (a 1 MB tmpfs): the crawl stops with one error line and a non-zero exit,
leaves no half-written line or record, and a later run on a disk with room goes on."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import crawl, item_counts, state_urls, warc_faults

# The crawl stops once less than this is free; the demo crawl needs more than 1 MB - 500 kB
# (SQLite WAL files included), so it stops mid-run.
RESERVE = ("-s", "CRAWLER_MIN_FREE_BYTES=500000", "-s", "CONCURRENT_REQUESTS=2")


def mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs mounted at a temporary folder (needs root and permission to mount)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder))
    if done.returncode != 0:
        pytest.skip(f"mount -t tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_stops_the_crawl_cleanly_and_a_rerun_goes_on(small_disk, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    out = small_disk / "out"
    stopped = crawl(out, url, extra=RESERVE)
    assert stopped.returncode != 0
    last_line = stopped.stderr.strip().splitlines()[-1]
    assert last_line.startswith("crawler: ") and "disk full" in last_line, last_line
    assert "Traceback" not in stopped.stderr, stopped.stderr[-3000:]
    assert stopped.summary["finish_reason"] == "disk_full"
    assert list(out.rglob("*.open")) == []
    for path in stopped.run_dir.glob("items*.jsonl"):
        data = path.read_bytes()
        assert data == b"" or data.endswith(b"\n")
        [json.loads(line) for line in data.splitlines()]
    assert warc_faults(out) == ""
    assert 0 < len(item_counts(out)) < len(site.articles), "the disk did not fill mid-run"

    assert mount("-o", "remount,size=100m", str(small_disk)).returncode == 0
    done = crawl(out, url)
    assert done.returncode == 0, done.stderr[-3000:]
    counts = item_counts(out)
    assert set(counts) == {server.url(a.path) for a in site.articles}
    assert {u: n for u, n in counts.items() if n > 1} == {}
    assert state_urls(out) == set(counts)
