"""Two worker processes share one crawl of the demo world through a real, password-protected
redis-server (``crawler crawl --redis``): every article exactly once over both, both did part of
the work, WARC valid, the password nowhere; then the frontier's runs and ``crawler frontier``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.distributed.frontier import FrontierKeys
from crawler.distributed.redis_url import parse_redis_url
from tests.crawling import (
    REPO_ROOT,
    TEST_SETTINGS,
    crawler_command,
    item_counts,
    read_warc_records,
    warc_faults,
)

# Slow enough per process that the second worker gets its share; short keep-alive and leases.
WORKER_SETTINGS = (
    *(s for s in TEST_SETTINGS if not s.startswith("DOWNLOAD_DELAY")),
    "DOWNLOAD_DELAY=0.1",
    "CONCURRENT_REQUESTS=1",
    "CRAWLER_EXTRACT_WORKERS=0",
    "CRAWLER_FRONTIER_IDLE_CLOSE=1",
    "CRAWLER_LEASE_TIMEOUT=3",
)
FRONTIER = "demo-drupal"


def worker_command(out: Path, url: str, redis_url: str, *extra: str) -> list[str]:
    settings = [arg for setting in WORKER_SETTINGS for arg in ("-s", setting)]
    return crawler_command(
        "crawl", url, "--out", str(out), "--redis", redis_url, "--frontier", FRONTIER,
        *settings, *extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def shared(tmp_path_factory, server, world, redis_server):
    """Two workers started together on one frontier, both run to the end."""
    redis_server.client().flushall()
    out = tmp_path_factory.mktemp("shared")
    url = server.url(world.sites["drupal"].tag_path)
    command = worker_command(out, url, redis_server.url)
    workers = [
        subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=180) for worker in workers]
    return {
        "out": out,
        "url": url,
        "exits": [worker.returncode for worker in workers],
        "text": [o.decode() + e.decode() for o, e in outputs],
    }


def summaries(out: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(out.glob("*/summary.json"))]


def test_both_workers_finish_with_every_article_once(shared, server, world) -> None:
    assert shared["exits"] == [0, 0], shared["text"][0][-3000:] + shared["text"][1][-3000:]
    counts = item_counts(shared["out"])
    assert set(counts) == {server.url(a.path) for a in world.sites["drupal"].articles}
    assert {url: n for url, n in counts.items() if n > 1} == {}
    assert warc_faults(shared["out"]) == ""


def test_both_workers_did_part_of_the_work(shared) -> None:
    written = [s["counts"]["items_written"] for s in summaries(shared["out"])]
    assert len(written) == 2 and min(written) > 0, written
    fronts = [s["frontier"] for s in summaries(shared["out"])]
    assert {f["name"] for f in fronts} == {FRONTIER} and {f["run"] for f in fronts} == {1}
    assert all(f["leases_taken"] == f["leases_acked"] for f in fronts), fronts


def test_the_password_appears_nowhere(shared, redis_server) -> None:
    password = redis_server.password
    assert not [t for t in shared["text"] if password in t]
    assert "redis://:***@127.0.0.1" in shared["text"][0] + shared["text"][1]
    for path in shared["out"].rglob("*"):
        if path.is_file() and not path.name.endswith(".warc.gz"):
            assert password.encode() not in path.read_bytes(), path
    warcs = sorted(shared["out"].glob("*/warc/*.warc.gz"))
    assert warcs
    for path in warcs:
        records = read_warc_records(path)
        info = records[0]["body"].decode()
        assert f"REDIS_URL: redis://:***@127.0.0.1:{redis_server.port}/0" in info
        assert f"CRAWLER_FRONTIER: {FRONTIER}" in info
        for record in records:
            assert password.encode() not in record["body"]
            assert password not in str(record["headers"])
    for summary in summaries(shared["out"]):
        assert summary["frontier"]["redis"] == f"redis://:***@127.0.0.1:{redis_server.port}/0"


def test_the_finished_crawl_is_marked_and_the_next_run_begins_fresh(
    shared, redis_server, capsys
) -> None:
    status = json.loads(frontier(capsys, "status", FRONTIER, "--json", redis_url=redis_server.url))
    assert status | {"finished_at": None, "dupefilter_size": None} == {
        "name": FRONTIER,
        "queued": 0,
        "leases_open": 0,
        "dupefilter_size": None,
        "runs": 1,
        "finished": True,
        "finished_at": None,
    }
    assert status["dupefilter_size"] > 28 and status["finished_at"] > 0
    # A later worker begins run 2: listing pages fetched again (fresh duplicate filter), the
    # articles skipped by the state of the first run; recorded in the run history.
    again = subprocess.run(
        worker_command(shared["out"], shared["url"], redis_server.url, "--source", "demo"),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert redis_server.password not in again.stdout + again.stderr
    latest = max(summaries(shared["out"]), key=lambda s: s["started_at"])
    assert latest["frontier"]["run"] == 2
    assert latest["counts"]["listing_pages"] >= 1 and latest["counts"]["items_written"] == 0
    assert main(["runs", "--redis", redis_server.url, "--frontier", FRONTIER]) == 0
    runs = capsys.readouterr()
    assert "demo" in runs.out and redis_server.password not in runs.out + runs.err
    status = frontier(capsys, "status", FRONTIER, redis_url=redis_server.url)
    assert f"frontier {FRONTIER}: run 2 finished" in status


def test_reset_clears_the_frontier_but_not_the_shared_state(shared, redis_server, capsys) -> None:
    client = redis_server.client()
    keys = FrontierKeys(FRONTIER)
    assert client.exists(*keys.frontier_keys()) > 0
    assert "keys deleted" in frontier(capsys, "reset", FRONTIER, redis_url=redis_server.url)
    assert client.exists(*keys.frontier_keys()) == 0
    left = {k.decode() for k in client.keys(f"crawler:{FRONTIER}:*")}
    assert f"crawler:{FRONTIER}:state:articles" in left and f"crawler:{FRONTIER}:digests" in left
    status = frontier(capsys, "status", FRONTIER, "--json", redis_url=redis_server.url)
    assert json.loads(status)["runs"] == 0


def frontier(capsys, *args: str, redis_url: str) -> str:
    """``crawler frontier ...`` in this process: its output, checked for the password."""
    assert main(["frontier", *args, "--redis", redis_url]) == 0
    done = capsys.readouterr()
    assert parse_redis_url(redis_url).password not in done.out + done.err
    return done.out
