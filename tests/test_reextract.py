"""`crawler reextract`: the items of a crawl rebuilt from its WARC files alone (the demo server
is stopped first), including a second crawl whose WARC holds revisit records only."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

from crawler.archive.rebuild import rebuild_item
from crawler.commands.reextract import WORKER_MODULE
from crawler.demo.server import DemoServer
from crawler.extract import EXTRACTOR_VERSION
from crawler.items import ArticleItem
from tests.crawling import crawl, run_crawler

SITES = ("wp", "edge")  # gzip + chunked; redirects, odd charsets, non-article links
STATE_FIELDS = {"first_seen"}  # from the incremental crawl's state store, not the archive
ITEM_FIELDS = [f.name for f in fields(ArticleItem) if f.name not in STATE_FIELDS]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def runs(world, tmp_path_factory) -> list[Path]:
    """Two full crawls into one output folder, then the server is gone."""
    out_dir = tmp_path_factory.mktemp("reextract-out")
    with DemoServer(world) as server:
        urls = [server.url(world.sites[key].tag_path) for key in SITES]
        for _ in range(2):
            done = crawl(out_dir, *urls, extra=("-s", "CRAWLER_FULL=True"))
            assert done.returncode == 0, done.stderr[-3000:]
    return sorted((p for p in out_dir.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)


def reextracted(inputs: list[Path], out: Path, *options: str) -> list[dict]:
    done = run_crawler("reextract", *map(str, inputs), "-o", str(out), *options)
    assert done.returncode == 0, done.stderr[-3000:]
    return read_jsonl(out)


@pytest.mark.parametrize("run_index", [0, 1], ids=["first-crawl", "revisit-crawl"])
def test_reextracted_items_equal_the_crawled_ones(runs, tmp_path, run_index):
    run_dir = runs[run_index]
    crawled = {item["url"]: item for item in read_jsonl(run_dir / "items.jsonl")}
    rebuilt = {item["url"]: item for item in reextracted([run_dir], tmp_path / "items.jsonl")}
    assert set(rebuilt) == set(crawled)
    for url, item in rebuilt.items():
        assert item["extractor_version"] == EXTRACTOR_VERSION
        assert {"headline", "body"} <= set(item["extraction_sources"])
        assert {k: item[k] for k in ITEM_FIELDS} == {k: crawled[url].get(k) for k in ITEM_FIELDS}


def test_revisit_payloads_come_from_the_first_crawl(runs, tmp_path, world):
    second = reextracted(sorted((runs[1] / "warc").glob("*.warc.gz")), tmp_path / "i.jsonl")
    headlines = {a.headline for key in SITES for a in world.sites[key].articles}
    assert second
    assert {item["headline"] for item in second} <= headlines


def test_worker_processes_give_the_same_items_in_the_same_order(runs, tmp_path):
    one = reextracted(runs, tmp_path / "one.jsonl", "--workers", "1")
    assert len(one) >= 2
    assert reextracted(runs, tmp_path / "two.jsonl", "--workers", "2") == one
    assert reextracted(runs, tmp_path / "none.jsonl", "--workers", "0") == one
    written = {(tmp_path / f"{name}.jsonl").read_bytes() for name in ("one", "two", "none")}
    assert len(written) == 1


def test_a_bad_worker_count_is_a_usage_error(runs, tmp_path):
    done = run_crawler("reextract", str(runs[0]), "-o", str(tmp_path / "x"), "--workers", "-2")
    assert done.returncode == 2
    assert "--workers" in done.stderr


def test_missing_input_is_a_usage_error(tmp_path):
    done = run_crawler("reextract", str(tmp_path / "absent"), "-o", str(tmp_path / "x.jsonl"))
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_the_fork_server_started_early_imports_the_module_the_workers_run():
    assert rebuild_item.__module__ == WORKER_MODULE
