"""Metadata records (one per archived page, Concurrent-To its response) and pages.jsonl, from a
real crawl of the demo WordPress site, checked against the demo world's listing truth."""

from __future__ import annotations

import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.extract import EXTRACTOR_VERSION
from tests.crawling import CrawlResult, crawl


@pytest.fixture(scope="module")
def wp(server, world, tmp_path_factory) -> CrawlResult:
    result = crawl(tmp_path_factory.mktemp("wp"), server.url(world.sites["wp"].tag_path))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def metadata(wp) -> dict[str, list[dict]]:
    """Metadata documents by the record id they are concurrent to."""
    found: dict[str, list[dict]] = {}
    for path in wp.warc_files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "metadata":
                    continue
                assert record.rec_headers["Content-Type"] == "application/json"
                document = json.loads(record.content_stream().read())
                document["_target"] = record.rec_headers["WARC-Target-URI"]
                found.setdefault(record.rec_headers["WARC-Concurrent-To"], []).append(document)
    return found


def response_ids_by_uri(wp: CrawlResult) -> dict[str, str]:
    ids = {}
    for path in wp.warc_files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    ids[record.rec_headers["WARC-Target-URI"]] = record.rec_headers[
                        "WARC-Record-ID"
                    ]
    return ids


def test_each_article_has_one_metadata_record_with_provenance(wp, metadata, world, server):
    site = world.sites["wp"]
    page_of = {p: page for page in site.listing_pages for p in page.article_paths}
    assert len(wp.items) == len(site.articles)
    for item in wp.items:
        (document,) = metadata[item["warc_record_id"]]
        assert document["_target"] == "urn:crawler-metadata:" + item["url"]
        assert document["url"] == item["url"]
        assert document["page_kind"] == "article"
        assert document["extraction"]["extractor_version"] == EXTRACTOR_VERSION
        assert {"headline", "date", "body"} <= set(document["extraction"]["sources"])
        entry_path = next(a.path for a in site.articles if server.url(a.final_path) == item["url"])
        page = page_of[entry_path]
        assert document["listing"]["listing_url"] == server.url(page.path)
        assert document["listing"]["listing_page"] == page.number
        assert document["listing"]["listing_rank"] == item["listing_rank"]
        assert document["listing"]["teaser"] == item["teaser"]
        assert document["outlinks"] == []


def test_listing_metadata_lists_the_entries_and_next_page_followed(wp, metadata, world, server):
    ids = response_ids_by_uri(wp)
    for page in world.sites["wp"].listing_pages:
        (document,) = metadata[ids[server.url(page.path)]]
        assert document["page_kind"] == "listing"
        expected = [{"kind": "article", "url": server.url(p)} for p in page.article_paths]
        if page.next_path:
            expected.append({"kind": "listing", "url": server.url(page.next_path)})
        assert sorted(document["outlinks"], key=str) == sorted(expected, key=str)


def test_pages_jsonl_lists_every_article_capture(wp):
    lines = (wp.run_dir / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    header, *pages = [json.loads(line) for line in lines]
    assert header["format"] == "json-pages-1.0"
    assert header["id"] == "pages"
    expected = {(i["url"], i["fetched_at"], i["warc_record_id"], i["headline"]) for i in wp.items}
    assert {(p["url"], p["ts"], p["id"], p["title"]) for p in pages} == expected
    assert not list(wp.run_dir.rglob("*.open"))
