"""A crawl killed with SIGKILL leaves `.open` WARC files; the next crawl in the same output folder
closes them (last unfinished record trimmed) and `crawler warc validate` then passes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.crawling import REPO_ROOT, TEST_SETTINGS, crawl, crawler_command, run_crawler

POLLS = 600  # x 0.05 s
SLOW = ("-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS=1")


def start_crawl(out_dir: Path, url: str) -> subprocess.Popen:
    settings = [arg for setting in TEST_SETTINGS for arg in ("-s", setting)]
    command = crawler_command("crawl", url, "--out", str(out_dir), *settings, *SLOW)
    return subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_for_open_warc(out_dir: Path, process: subprocess.Popen) -> Path:
    """The crawl's `.open` WARC file once it holds a few exchanges and articles."""
    for _ in range(POLLS):
        assert process.poll() is None, "the crawl ended before it could be killed"
        found = list(out_dir.glob("*/warc/*.warc.gz.open"))
        pages = list(out_dir.glob("*/pages.jsonl.open"))
        if found and pages and found[0].stat().st_size > 20_000:
            return found[0]
        time.sleep(0.05)
    raise AssertionError("no .open WARC file appeared")


def test_sigkill_leftovers_are_repaired_by_the_next_crawl(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    process = start_crawl(tmp_path, url)
    try:
        open_file = wait_for_open_warc(tmp_path, process)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    killed_run = open_file.parent.parent
    # As if the kill had hit in the middle of a record: its gzip member is cut short.
    with open_file.open("r+b") as stream:
        stream.truncate(open_file.stat().st_size - 25)
    before = run_crawler("warc", "validate", str(killed_run))
    assert before.returncode == 1
    assert "truncated gzip member" in before.stdout

    again = crawl(tmp_path, url, extra=("-s", "CRAWLER_FULL=True"))
    assert again.returncode == 0, again.stderr[-3000:]
    assert "left open by an earlier crawl" in again.stderr
    assert not list(tmp_path.rglob("*.warc.gz.open"))
    assert not list(tmp_path.rglob("pages.jsonl.open"))
    for line in (killed_run / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)
    repaired = open_file.with_name(open_file.name.removesuffix(".open"))
    assert repaired.exists()
    assert (killed_run / "indexes" / repaired.name.replace(".warc.gz", ".cdxj")).exists()
    after = run_crawler("warc", "validate", str(tmp_path))
    assert after.returncode == 0, after.stdout[-3000:]
