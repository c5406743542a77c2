"""Issue 16's crash test, bounded: while one worker crawls the demo world through Redis to the
end, another is SIGKILLed at random moments of its crawl and restarted; then it too runs to the
end. Its leased requests come back to the queue: nothing lost, nothing duplicated, every WARC
file valid (bench/kill_crawl.py --workers 2 --redis does more kills and prints the figures)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.crawling import (
    REDIS_KILL_SETTINGS,
    crawler_command,
    item_counts,
    kill_one_worker_repeatedly,
    shared_state_urls,
    warc_faults,
)

KILLS = 3


def test_a_worker_killed_mid_crawl_loses_and_duplicates_nothing(
    tmp_path: Path, server, world, redis_db
) -> None:
    seed = random.randrange(1 << 32)
    site = world.sites["drupal"]
    settings = (*REDIS_KILL_SETTINGS, "CRAWLER_EXTRACT_WORKERS=0")
    command = crawler_command(
        "crawl", server.url(site.tag_path), "--out", str(tmp_path), "--redis", redis_db.url,
        *(arg for setting in settings for arg in ("-s", setting)),
    )  # fmt: skip
    run = kill_one_worker_repeatedly(command, tmp_path, KILLS, random.Random(seed))
    context = f"seed {seed}, {run.killed} of {KILLS} workers killed"
    assert run.final_exit == 0 and run.survivors_exit == [0], (
        f"{context}: {run.final_stderr[-2000:]}"
    )
    assert run.killed >= 2, f"{context}: too few workers were killed mid-crawl"
    counts = item_counts(tmp_path)
    assert set(counts) == {server.url(a.path) for a in site.articles}, context
    assert {url: n for url, n in counts.items() if n > 1} == {}, context
    assert list(tmp_path.rglob("*.open")) == [], context
    assert warc_faults(tmp_path) == "", context
    assert shared_state_urls(redis_db, server.url(site.tag_path)) == set(counts), context
    frontier = [json.loads(p.read_text())["frontier"] for p in tmp_path.glob("*/summary.json")]
    assert all(
        f["leases_taken"] == f["leases_acked"] + f.get("leases_returned", 0) for f in frontier
    )
