"""`crawler dataset`: every run of an output folder merged, one row per article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import DemoServer
from crawler.demo.world import build_world, fresh_articles
from tests.crawling import crawl, run_crawler

CORRECTION = "Correction: an earlier version gave the wrong date."


@pytest.fixture
def world():
    return build_world()


def run(out: Path, url: str, run_id: str, *flags: str) -> list[dict]:
    result = crawl(out, url, extra=("--run-id", run_id, *flags))
    assert result.returncode == 0, result.stderr[-3000:]
    lines = (out / run_id / "items.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_dataset_keeps_the_latest_version_of_each_article(tmp_path, world):
    site = world.sites["drupal"]
    out = tmp_path / "out"
    with DemoServer(world) as server:
        url = server.url(site.tag_path)
        articles = len(site.articles)  # those of the listing and the one only its feed lists
        first = run(out, url, "r1-first")
        new = fresh_articles(site, 2)
        site.publish(new)
        second = run(out, url, "r2-new")
        changed = site.entry(site.listing_pages[0].article_paths[5])
        changed.body_paragraphs = [*changed.body_paragraphs, CORRECTION]
        third = run(out, url, "r3-refresh", "--refresh")
    assert (len(first), len(second), len(third)) == (articles, 2, 1)

    done = run_crawler("dataset", str(out), "-o", str(tmp_path / "dataset.jsonl"))
    assert done.returncode == 0, done.stderr
    assert f"{articles + 2} articles from {articles + 3} items in 3 runs" in done.stdout
    rows = read_jsonl(tmp_path / "dataset.jsonl")
    by_url = {row["canonical_url"]: row for row in rows}
    assert len(rows) == len(by_url) == len(site.articles) == articles + 2

    changed_url = server.url(changed.path)
    latest = by_url[changed_url]
    assert latest["body"].endswith(CORRECTION)
    assert latest["versions"] == 2
    original = next(i for i in first if i["canonical_url"] == changed_url)
    assert latest["first_seen"] == original["fetched_at"] < latest["fetched_at"]
    for item in second:
        assert by_url[item["canonical_url"]] == {
            **item,
            "first_seen": item["fetched_at"],
            "versions": 1,
        }


def write_run(out: Path, name: str, items: list[dict], file: str = "items.jsonl") -> None:
    run_dir = out / name
    run_dir.mkdir(parents=True)
    (run_dir / file).write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")


DAY1, DAY2 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"


def item(url: str, fetched_at: str, headline: str) -> dict:
    return {"url": url, "canonical_url": url, "fetched_at": fetched_at, "headline": headline}


def row(url: str, fetched_at: str, headline: str, first_seen: str, versions: int) -> dict:
    return {**item(url, fetched_at, headline), "first_seen": first_seen, "versions": versions}


def test_items_of_a_run_that_died_count_and_a_torn_line_is_skipped(tmp_path):
    out = tmp_path / "out"
    write_run(out, "a", [item("http://x/1", DAY1, "one")])
    died = [item("http://x/1", DAY2, "one, updated"), item("http://x/2", DAY2, "two")]
    write_run(out, "b", died, file="items.jsonl.open")
    with (out / "b" / "items.jsonl.open").open("a", encoding="utf-8") as torn:
        torn.write('{"url": "http://x/3", "headl')
    done = run_crawler("dataset", str(out), "-o", str(tmp_path / "d.jsonl"))
    assert done.returncode == 0, done.stderr
    assert "2 articles from 3 items in 2 runs, 1 torn line(s) skipped" in done.stdout
    assert read_jsonl(tmp_path / "d.jsonl") == [
        row("http://x/1", DAY2, "one, updated", first_seen=DAY1, versions=2),
        row("http://x/2", DAY2, "two", first_seen=DAY2, versions=1),
    ]
    assert not list(tmp_path.glob("*.open"))


def test_parquet_holds_the_same_rows(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out"
    write_run(out, "a", [item("http://x/1", DAY1, "one"), item("http://x/2", DAY2, "two")])
    done = run_crawler("dataset", str(out), "-o", str(tmp_path / "d.parquet"))
    assert done.returncode == 0, done.stderr
    assert pq.read_table(tmp_path / "d.parquet").to_pylist() == [
        row("http://x/1", DAY1, "one", first_seen=DAY1, versions=1),
        row("http://x/2", DAY2, "two", first_seen=DAY2, versions=1),
    ]


def test_missing_output_folder_is_a_one_line_error(tmp_path):
    done = run_crawler("dataset", str(tmp_path / "nope"), "-o", str(tmp_path / "d.jsonl"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"crawler: {tmp_path / 'nope'}: not a folder"


def test_parquet_without_pyarrow_is_a_clear_error(tmp_path):
    out = tmp_path / "out"
    write_run(out, "a", [item("http://x/1", DAY1, "one")])
    target = tmp_path / "d.parquet"
    script = (
        "import sys; sys.modules['pyarrow'] = None; from crawler.cli import main; "
        f"sys.exit(main(['dataset', {str(out)!r}, '-o', {str(target)!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "crawler: Parquet output needs pyarrow: pip install 'crawler[parquet]'"
    )
    assert not target.exists() and not list(tmp_path.glob("*.open"))


def test_several_paths_and_nested_worker_folders_merge_once(tmp_path):
    """Each machine's output folder under one folder, one of them also named as a run folder:
    every run folder is read once and each article is one row."""
    top = tmp_path / "all"
    same = {"payload_digest": "sha1:SAME"}  # the same page fetched by two workers
    write_run(top / "node1", "w1-a", [{**item("http://x/1", DAY1, "one"), **same}])
    write_run(
        top / "node2",
        "w2-a",
        [{**item("http://x/1", DAY2, "one"), **same}, item("http://x/2", DAY2, "two")],
    )
    again = top / "node2" / "w2-a"
    done = run_crawler("dataset", str(top), str(again), "-o", str(tmp_path / "d.jsonl"))
    assert done.returncode == 0, done.stderr
    assert "2 articles from 3 items in 2 runs" in done.stdout
    assert read_jsonl(tmp_path / "d.jsonl") == [
        {**row("http://x/1", DAY2, "one", first_seen=DAY1, versions=1), **same},
        row("http://x/2", DAY2, "two", first_seen=DAY2, versions=1),
    ]
