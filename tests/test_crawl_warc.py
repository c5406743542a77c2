"""The WARC files a real crawl writes, read back with warcio and checked against the server."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.index import write_cdxj
from crawler.demo import world as demo
from tests.crawling import CrawlResult, read_warc_records

WARCIO = str(Path(sys.executable).parent / "warcio")


@pytest.fixture(scope="module")
def server(archived_crawls):
    """The server the shared wp and edge crawls ran against (its log holds their bytes)."""
    return archived_crawls[0]


@pytest.fixture(scope="module")
def runs(archived_crawls) -> dict[str, CrawlResult]:
    return archived_crawls[1]


def all_records(result: CrawlResult) -> list[dict]:
    return [r for path in result.warc_files for r in read_warc_records(path)]


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


@pytest.mark.parametrize("key", ["wp", "edge"])
def test_warcio_check_and_index_pass(runs, key):
    files = [str(p) for p in runs[key].warc_files]
    assert files
    for command in ("check", "index"):
        done = subprocess.run([WARCIO, command, *files], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert not list(runs[key].run_dir.rglob("*.open"))


@pytest.mark.parametrize("key", ["wp", "edge"])
def test_cdxj_index_equals_cdxj_indexer_reading_the_file(runs, key, tmp_path):
    """Built as the records were written (redirects, cookies, query strings, metadata)."""
    for warc in runs[key].warc_files:
        ours = runs[key].run_dir / "indexes" / warc.name.replace(".warc.gz", ".cdxj")
        theirs = write_cdxj([warc], tmp_path / ours.name)
        assert ours.read_text().splitlines() == theirs.read_text().splitlines()
        assert ours.read_text()


@pytest.mark.parametrize("key", ["wp", "edge"])
def test_every_file_starts_with_warcinfo_and_records_are_paired(runs, key):
    for path in runs[key].warc_files:
        records = read_warc_records(path)
        assert records[0]["type"] == "warcinfo"
        assert records[0]["headers"]["WARC-Type"] == "warcinfo"
        responses = {r["headers"]["WARC-Record-ID"]: r for r in records if r["type"] == "response"}
        requests = [r for r in records if r["type"] == "request"]
        assert len(requests) == len(responses)
        assert {r["headers"]["WARC-Concurrent-To"] for r in requests} == set(responses)
        for record in records[1:]:
            assert record["headers"]["WARC-Warcinfo-ID"] == records[0]["headers"]["WARC-Record-ID"]
            assert record["headers"].protocol == "WARC/1.1"


def test_each_item_points_at_its_response_record(runs):
    for result in runs.values():
        for item in result.items:
            with (result.run_dir / item["warc_file"]).open("rb") as stream:
                stream.seek(item["warc_offset"])
                member = stream.read(item["warc_length"])
            # The (offset, length) slice alone holds the whole record.
            record = next(iter(ArchiveIterator(io.BytesIO(member))))
            assert record.rec_type == "response"
            assert record.rec_headers["WARC-Target-URI"] == item["url"]
            assert record.rec_headers["WARC-Record-ID"] == item["warc_record_id"]
            assert record.rec_headers["WARC-Payload-Digest"] == item["payload_digest"]


def test_gzip_responses_are_archived_exactly_as_sent(runs, server, world):
    site = world.sites["wp"]
    records = all_records(runs["wp"])
    by_uri = {r["headers"]["WARC-Target-URI"]: r for r in records if r["type"] == "response"}
    checked = 0
    for article in site.articles:
        sent = server.requests_for(article.final_path)[-1]
        assert sent.gzipped
        record = by_uri[server.url(article.final_path)]
        assert record["http"]["Content-Encoding"] == "gzip"
        assert record["body"] == sent.response_body
        assert record["headers"]["WARC-Payload-Digest"] == sha1_base32(sent.response_body)
        assert "Transfer-Encoding" not in record["http"]
        checked += 1
    assert checked == len(site.articles)


def test_redirect_hop_is_its_own_exchange(runs, server):
    records = all_records(runs["edge"])
    hop = [
        r
        for r in records
        if r["type"] == "response"
        and r["headers"]["WARC-Target-URI"] == server.url(demo.EDGE_REDIRECT_PATH)
    ]
    assert len(hop) == 1
    assert hop[0]["http"].get_statuscode() == "301"
    assert hop[0]["http"]["Location"].endswith(demo.EDGE_MOVED_PATH)


def test_request_records_carry_query_host_and_cookies(runs, server):
    records = all_records(runs["edge"])
    query_requests = [
        r
        for r in records
        if r["type"] == "request"
        and r["headers"]["WARC-Target-URI"] == server.url(demo.EDGE_QUERY_PATH)
    ]
    assert len(query_requests) == 1
    request_line = query_requests[0]["http"]
    assert f"{request_line.protocol} {request_line.statusline}" == (
        f"GET {demo.EDGE_QUERY_PATH} HTTP/1.1"
    )
    assert query_requests[0]["http"]["Host"] == server.base_url.split("//")[1]
    cookie_response = [
        r
        for r in records
        if r["type"] == "response"
        and r["headers"]["WARC-Target-URI"] == server.url(demo.EDGE_COOKIE_PATH)
    ][0]
    sent = server.requests_for(demo.EDGE_COOKIE_PATH)[-1]
    assert len(sent.response_values("Set-Cookie")) == 2
    archived = [v for k, v in cookie_response["http"].headers if k.lower() == "set-cookie"]
    assert archived == sent.response_values("Set-Cookie")


def test_robots_txt_exchange_is_archived(runs, server):
    uris = [r["headers"]["WARC-Target-URI"] for r in all_records(runs["edge"])]
    assert server.url("/robots.txt") in uris
