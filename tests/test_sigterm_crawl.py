"""SIGTERM stops a crawl gracefully: in-flight work finished, files closed, summary written;
the next run in the same output folder completes the crawl with no duplicate."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from tests.crawling import KILL_SETTINGS, REPO_ROOT, crawler_command, item_counts, state_urls

POLLS = 600  # x 0.05 s


def wait_for_items(out_dir: Path, process: subprocess.Popen, lines: int) -> None:
    """Until the running crawl's items file holds ``lines`` lines."""
    for _ in range(POLLS):
        assert process.poll() is None, "the crawl ended before it could be stopped"
        found = list(out_dir.glob("*/items.jsonl.open"))
        if found and found[0].read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.05)
    raise AssertionError(f"the items file never reached {lines} lines")


def test_sigterm_closes_everything_and_a_rerun_completes(tmp_path: Path, server, world) -> None:
    site = world.sites["drupal"]
    command = crawler_command(
        "crawl", server.url(site.tag_path), "--out", str(tmp_path),
        *(arg for setting in (*KILL_SETTINGS, "DOWNLOAD_DELAY=0.3") for arg in ("-s", setting)),
    )  # fmt: skip
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for_items(tmp_path, process, 3)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert list(tmp_path.rglob("*.open")) == [], stderr[-2000:]
    (stopped_run,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    summary = json.loads((stopped_run / "summary.json").read_text(encoding="utf-8"))
    assert summary["finish_reason"] == "shutdown"
    stopped_items = item_counts(tmp_path)
    assert 3 <= len(stopped_items) < len(site.articles)

    rerun = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    counts = item_counts(tmp_path)
    assert set(counts) == {server.url(a.path) for a in site.articles}
    assert {url: n for url, n in counts.items() if n > 1} == {}
    assert state_urls(tmp_path) == set(counts)
