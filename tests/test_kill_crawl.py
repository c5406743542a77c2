"""Issue 7's crash test: a crawl of the demo world SIGKILLed (the whole process group) at random
moments, re-run each time, then let finish, loses and duplicates nothing (bench/kill_crawl.py
measures the same and prints the figures)."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from tests.crawling import (
    KILL_SETTINGS,
    KILL_WINDOW,
    REPO_ROOT,
    crawler_command,
    item_counts,
    kill_after,
    state_urls,
    warc_faults,
)

KILLS = 20


def test_twenty_sigkills_lose_and_duplicate_nothing(tmp_path: Path, server, world) -> None:
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    site = world.sites["drupal"]
    command = crawler_command(
        "crawl", server.url(site.tag_path), "--out", str(tmp_path),
        *(arg for setting in KILL_SETTINGS for arg in ("-s", setting)),
    )  # fmt: skip
    killed = sum(kill_after(command, rng.uniform(*KILL_WINDOW)) for _ in range(KILLS))
    final = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    context = f"seed {seed}, {killed} of {KILLS} runs killed"
    assert final.returncode == 0, f"{context}: {final.stderr[-2000:]}"
    assert killed >= KILLS // 2, f"{context}: too few runs were killed mid-crawl"
    counts = item_counts(tmp_path)
    assert set(counts) == {server.url(a.path) for a in site.articles}, context
    assert {url: n for url, n in counts.items() if n > 1} == {}, context
    assert list(tmp_path.rglob("*.open")) == [], context
    assert warc_faults(tmp_path) == "", context
    assert state_urls(tmp_path) == set(counts), context
