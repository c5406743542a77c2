"""Replay in pywb (really installed, really started on 127.0.0.1): every article of a crawl, and
of a second crawl of the same unchanged pages whose WARC holds revisit records instead; each run
packaged as WACZ and checked by `wacz validate`."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.crawling import CrawlResult, crawl, run_crawler
from tests.replaytools import Pywb, run_tool, running_pywb

SITES = ("wp", "drupal")  # gzip + chunked, plain


@dataclass
class Run:
    run_dir: Path
    items: list[dict]

    @property
    def warc_files(self) -> list[Path]:
        return sorted((self.run_dir / "warc").glob("*.warc.gz"))

    @property
    def cdxj_files(self) -> list[Path]:
        return sorted((self.run_dir / "indexes").glob("*.cdxj"))


def crawl_into(out_dir: Path, urls: list[str]) -> Run:
    """One more full crawl into ``out_dir`` (whose digest index earlier runs filled)."""
    before = {p for p in out_dir.iterdir() if p.is_dir()} if out_dir.exists() else set()
    result: CrawlResult = crawl(out_dir, *urls, extra=("-s", "CRAWLER_FULL=True"))
    assert result.returncode == 0, result.stderr[-3000:]
    (run_dir,) = {p for p in out_dir.iterdir() if p.is_dir()} - before
    lines = (run_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()
    return Run(run_dir, [json.loads(line) for line in lines])


@pytest.fixture(scope="module")
def runs(server, world, tmp_path_factory) -> tuple[Run, Run]:
    out_dir = tmp_path_factory.mktemp("replay-out")
    urls = [server.url(world.sites[key].tag_path) for key in SITES]
    return crawl_into(out_dir, urls), crawl_into(out_dir, urls)


@pytest.fixture(scope="module")
def pywb(runs, tmp_path_factory):
    files = [path for run in runs for path in run.warc_files]
    indexes = [path for run in runs for path in run.cdxj_files]
    with running_pywb(tmp_path_factory.mktemp("pywb"), files, indexes) as running:
        yield running


def sent_html(server, url: str) -> bytes:
    """The article's HTML as the demo server sent it (gzip removed)."""
    exchange = server.requests_for(url.removeprefix(server.base_url))[-1]
    return gzip.decompress(exchange.response_body) if exchange.gzipped else exchange.response_body


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def timestamp14(fetched_at: str) -> str:
    return "".join(ch for ch in fetched_at if ch.isdigit())[:14]


def record_type(run: Run, item: dict) -> str:
    with (run.run_dir / item["warc_file"]).open("rb") as stream:
        stream.seek(item["warc_offset"])
        member = stream.read(item["warc_length"])
    return next(iter(ArchiveIterator(io.BytesIO(member)))).rec_type


def test_both_crawls_found_every_article(runs, world):
    expected = sum(len(world.sites[key].articles) for key in SITES)
    for run in runs:
        assert len(run.items) == expected


def test_each_warc_file_has_its_cdxj_index(runs):
    for run in runs:
        names = [p.name.removesuffix(".warc.gz") for p in run.warc_files]
        assert [p.name.removesuffix(".cdxj") for p in run.cdxj_files] == names
        for index in run.cdxj_files:
            lines = index.read_text(encoding="utf-8").splitlines()
            assert lines == sorted(lines)
            assert {json.loads(line.split(" ", 2)[2])["filename"] for line in lines} == {
                index.name.removesuffix(".cdxj") + ".warc.gz"
            }


def test_second_crawl_of_unchanged_pages_writes_revisits(runs, server):
    first, second = runs
    original_digest = {item["url"]: item["payload_digest"] for item in first.items}
    for item in first.items:
        assert record_type(first, item) == "response"
    for item in second.items:
        assert record_type(second, item) == "revisit"
        exchange = server.requests_for(item["url"].removeprefix(server.base_url))[-1]
        assert item["payload_digest"] == sha1_base32(exchange.response_body)
        assert item["payload_digest"] == original_digest[item["url"]]
    first_size = sum(p.stat().st_size for p in first.warc_files)
    second_size = sum(p.stat().st_size for p in second.warc_files)
    assert second_size < first_size / 3


@pytest.mark.parametrize("run_index", [0, 1], ids=["first-crawl", "revisit-crawl"])
def test_pywb_replays_every_article(runs, pywb: Pywb, server, run_index):
    run = runs[run_index]
    for item in run.items:
        replayed = pywb.fetch(timestamp14(item["fetched_at"]), item["url"])
        assert replayed.status == 200, item["url"]
        assert replayed.body == sent_html(server, item["url"]), item["url"]
        # The capture pywb chose is this run's (the revisit, for the second crawl).
        memento = parsedate_to_datetime(replayed.headers["Memento-Datetime"])
        assert memento.strftime("%Y%m%d%H%M%S") == timestamp14(item["fetched_at"])


@pytest.mark.parametrize("run_index", [0, 1], ids=["first-crawl", "revisit-crawl"])
def test_packaged_run_is_a_valid_wacz(runs, tmp_path, run_index):
    run = runs[run_index]
    wacz = tmp_path / "run.wacz"
    done = run_crawler("wacz", str(run.run_dir), "-o", str(wacz))
    assert done.returncode == 0, done.stderr[-3000:]
    validated = run_tool("wacz", "validate", "-f", str(wacz))
    assert validated.returncode == 0, validated.stdout[-3000:] + validated.stderr[-3000:]
    assert "Validation succeeded" in validated.stdout
    with zipfile.ZipFile(wacz) as archive:
        for warc in run.warc_files:
            member = archive.read(f"archive/{warc.name}")
            assert hashlib.sha256(member).digest() == hashlib.sha256(warc.read_bytes()).digest()
            assert archive.getinfo(f"archive/{warc.name}").compress_type == zipfile.ZIP_STORED
        assert archive.read("pages/pages.jsonl") == (run.run_dir / "pages.jsonl").read_bytes()
        index_lines = archive.read("indexes/index.cdxj").decode().splitlines()
        per_file = [line for p in run.cdxj_files for line in p.read_text().splitlines()]
        assert index_lines == sorted(per_file)
        package = json.loads(archive.read("datapackage.json"))
        assert {r["path"] for r in package["resources"]} == {
            *(f"archive/{w.name}" for w in run.warc_files),
            "indexes/index.cdxj",
            "pages/pages.jsonl",
        }


def test_both_runs_pass_warc_validate(runs):
    paths = [str(run.run_dir) for run in runs]
    done = run_crawler("warc", "validate", *paths)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "FAULTY" not in done.stdout
