"""`crawler reextract`: the items of a crawl rebuilt from its WARC files alone (the demo server
is stopped first), including a second crawl whose WARC holds revisit records only."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest

from crawler.archive.cdxj import index_path_for
from crawler.archive.rebuild import rebuild_item
from crawler.archive.reextract import ArchiveScan, scan_file, scan_indexed
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


def scans(warc: Path) -> tuple[ArchiveScan, ArchiveScan | None]:
    """The file read through, and read through its index (None when the index was refused)."""
    full, indexed = ArchiveScan(), ArchiveScan()
    scan_file(warc, full)
    return full, indexed if scan_indexed(warc, indexed) else None


@pytest.mark.parametrize("run_index", [0, 1], ids=["first-crawl", "revisit-crawl"])
def test_the_crawl_index_finds_what_reading_the_whole_file_finds(runs, run_index):
    warcs = sorted((runs[run_index] / "warc").glob("*.warc.gz"))
    assert warcs
    for warc in warcs:
        full, indexed = scans(warc)
        assert full.exchanges and full.metadata
        assert indexed == full


def copy_run(run_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the run folder, and its first WARC file."""
    copy = shutil.copytree(run_dir, tmp_path / run_dir.name)
    return copy, sorted((copy / "warc").glob("*.warc.gz"))[0]


def index_lines(warc: Path) -> list[tuple[str, dict]]:
    """(``urlkey timestamp``, JSON fields) of each line of the file's index."""
    lines = index_path_for(warc).read_text(encoding="utf-8").splitlines()
    return [(" ".join(line.split(" ", 2)[:2]), json.loads(line.split(" ", 2)[2])) for line in lines]


def rewrite_index(warc: Path, lines: list[tuple[str, dict]]) -> None:
    text = "".join(f"{key} {json.dumps(fields)}\n" for key, fields in lines)
    index_path_for(warc).write_text(text, encoding="utf-8")


def without_a_page(warc: Path) -> None:
    lines = index_lines(warc)
    page = next(i for i, (_, f) in enumerate(lines) if f.get("mime") == "text/html")
    rewrite_index(warc, lines[:page] + lines[page + 1 :])


def without_a_metadata_record(warc: Path) -> None:
    lines = index_lines(warc)
    rewrite_index(warc, [(k, f) for k, f in lines if not f["url"].startswith("urn:")][:-1])


def one_length_off(warc: Path) -> None:
    lines = index_lines(warc)
    lines[len(lines) // 2][1]["length"] = str(int(lines[len(lines) // 2][1]["length"]) - 1)
    rewrite_index(warc, lines)


def another_file_named(warc: Path) -> None:
    rewrite_index(warc, [(k, f | {"filename": "other.warc.gz"}) for k, f in index_lines(warc)])


def records_appended(warc: Path) -> None:
    """The file grew after it was indexed: its own records once more."""
    warc.write_bytes(warc.read_bytes() * 2)


def empty_index(warc: Path) -> None:
    index_path_for(warc).write_text("", encoding="utf-8")


def no_index(warc: Path) -> None:
    index_path_for(warc).unlink()


STALE = [
    without_a_page,
    without_a_metadata_record,
    one_length_off,
    another_file_named,
    records_appended,
    empty_index,
    no_index,
]


@pytest.mark.parametrize("spoil", STALE, ids=[f.__name__ for f in STALE])
def test_an_index_that_does_not_account_for_the_file_is_not_used(
    runs, tmp_path, spoil: Callable[[Path], None]
):
    _, warc = copy_run(runs[0], tmp_path)
    assert scans(warc)[1] is not None
    spoil(warc)
    full, indexed = scans(warc)
    assert full.exchanges
    assert indexed is None


@pytest.mark.parametrize("spoil", [without_a_page, no_index], ids=["stale", "missing"])
def test_without_a_usable_index_the_items_are_the_same(
    runs, tmp_path, spoil: Callable[[Path], None]
):
    indexed = reextracted([runs[0]], tmp_path / "indexed.jsonl", "--workers", "1")
    copy, warc = copy_run(runs[0], tmp_path)
    spoil(warc)
    assert reextracted([copy], tmp_path / "read.jsonl", "--workers", "1") == indexed
    assert (tmp_path / "read.jsonl").read_bytes() == (tmp_path / "indexed.jsonl").read_bytes()
