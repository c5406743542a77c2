"""Issue 16's crash test, bounded: while one worker crawls the demo world through Redis to the
end, another is SIGKILLed at random moments of its crawl and restarted; then it too runs to the
end. Its leased requests come back to the queue: nothing lost, nothing duplicated, every WARC
file valid (bench/kill_crawl.py --workers 2 --redis does more kills and prints the figures)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

from crawler.distributed.frontier import FrontierKeys
from tests.crawling import (
    REDIS_KILL_SETTINGS,
    REPO_ROOT,
    START_POLLS,
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


def test_a_worker_stopped_by_sigterm_leaves_no_lease_open(
    tmp_path: Path, server, world, redis_db
) -> None:
    """SIGTERM: the worker stops cleanly, its requests in flight are finished or returned to the
    queue (none stays leased until it expires); a later worker then crawls the rest."""
    site = world.sites["drupal"]
    settings = (*REDIS_KILL_SETTINGS, "CRAWLER_EXTRACT_WORKERS=0")
    command = crawler_command(
        "crawl", server.url(site.tag_path), "--out", str(tmp_path), "--redis", redis_db.url,
        "--frontier", "sigterm", *(arg for setting in settings for arg in ("-s", setting)),
    )  # fmt: skip
    keys, client = FrontierKeys("sigterm"), redis_db.client()
    stopped = subprocess.Popen(
        [*command, "--run-id", "stopped"],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(START_POLLS):
            if client.zcard(keys.leases) >= 2 or stopped.poll() is not None:
                break
            time.sleep(0.05)
        assert client.zcard(keys.leases) >= 2, "the worker never had two requests in flight"
        stopped.send_signal(signal.SIGTERM)
        stopped.wait(timeout=60)
    finally:
        if stopped.poll() is None:
            os.killpg(stopped.pid, signal.SIGKILL)
    assert client.zcard(keys.leases) == 0 and client.hlen(keys.leased) == 0
    summary = json.loads((tmp_path / "stopped" / "summary.json").read_text())
    assert summary["finish_reason"] == "shutdown"
    taken, done = summary["frontier"]["leases_taken"], summary["frontier"]["leases_acked"]
    assert taken == done + summary["frontier"].get("leases_returned", 0)
    rest = [*command, "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=8"]
    final = subprocess.run(rest, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    assert final.returncode == 0, final.stderr[-2000:]
    counts = item_counts(tmp_path)
    assert set(counts) == {server.url(a.path) for a in site.articles}
    assert {url: n for url, n in counts.items() if n > 1} == {}
