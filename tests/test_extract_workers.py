"""Extraction in worker processes during a crawl of every demo site: the same items as
extracting in the crawl process, a worker that dies costs only its page, and extraction can be
turned off (articles fetched and archived, no items). Listing pages are parsed the same way;
one that cannot be parsed is counted."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

import crawler.spiders.extraction as extraction_module
from crawler.spiders.extraction import PageExtraction
from tests.crawling import CrawlResult, crawl, read_warc_records
from tests.faults.tasks import CRASH_SUFFIX_VARIABLE

# Where and when a page was archived differs between two crawls of the same pages.
ARCHIVE_FIELDS = {
    "fetched_at",
    "first_seen",
    "warc_file",
    "warc_record_id",
    "warc_offset",
    "warc_length",
}


@pytest.fixture(scope="module")
def urls(server, world) -> list[str]:
    return [server.url(site.tag_path) for site in world.sites.values()]


def crawl_with(tmp_path_factory, urls: list[str], *settings: str) -> CrawlResult:
    extra = tuple(arg for setting in settings for arg in ("-s", setting))
    result = crawl(tmp_path_factory.mktemp("workers"), *urls, extra=extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def in_process(tmp_path_factory, urls) -> CrawlResult:
    return crawl_with(tmp_path_factory, urls, "CRAWLER_EXTRACT_WORKERS=0")


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory, urls) -> CrawlResult:
    return crawl_with(tmp_path_factory, urls, "CRAWLER_EXTRACT_WORKERS=2")


def comparable(result: CrawlResult) -> dict[str, dict]:
    return {
        item["url"]: {k: v for k, v in item.items() if k not in ARCHIVE_FIELDS}
        for item in result.items
    }


def test_workers_give_the_items_of_in_process_extraction(in_process, two_workers, world):
    expected = comparable(in_process)
    assert len(expected) >= sum(len(site.articles) for site in world.sites.values()) // 2
    assert comparable(two_workers) == expected
    for key in ("articles_fetched", "items_written", "items_without_date"):
        assert two_workers.summary["counts"][key] == in_process.summary["counts"][key]
    assert two_workers.summary["failures"] == in_process.summary["failures"]


def test_extraction_off_archives_the_articles_without_items(tmp_path_factory, urls, in_process):
    off = crawl_with(tmp_path_factory, urls, "CRAWLER_EXTRACT_ENABLED=False")
    assert off.items == []
    counts = off.summary["counts"]
    assert counts["articles_fetched"] == in_process.summary["counts"]["articles_fetched"]
    assert counts["articles_not_extracted"] == counts["articles_fetched"]
    archived = {
        record["headers"]["WARC-Target-URI"]
        for path in off.warc_files
        for record in read_warc_records(path)
        if record["type"] == "response"
    }
    assert {item["url"] for item in in_process.items} <= archived


def test_a_dead_worker_costs_its_page_only(tmp_path_factory, urls, in_process, world, monkeypatch):
    articles = world.sites["wp"].articles
    doomed = articles[len(articles) // 2].final_path
    monkeypatch.setenv(CRASH_SUFFIX_VARIABLE, doomed)
    result = crawl_with(
        tmp_path_factory,
        urls,
        "CRAWLER_EXTRACT_WORKERS=2",
        "CRAWLER_EXTRACT_FUNCTION=tests.faults.tasks.die_on_url_suffix",
    )
    assert result.summary["failures"].get("extraction_worker_died") == 1
    expected = comparable(in_process)
    lost = [url for url in expected if url.endswith(doomed)]
    assert len(lost) == 1
    assert comparable(result) == {url: item for url, item in expected.items() if url not in lost}


def test_a_bad_worker_count_stops_the_crawl_before_it_starts(tmp_path, urls):
    result = crawl(tmp_path, urls[0], extra=("-s", "CRAWLER_EXTRACT_WORKERS=many"))
    assert result.returncode == 2
    assert "CRAWLER_EXTRACT_WORKERS" in result.stderr
    assert not any(tmp_path.iterdir())


def test_a_listing_page_that_cannot_be_parsed_is_counted(monkeypatch):
    def broken_parser(text, url, selectors):
        raise ValueError("unparseable")

    monkeypatch.setattr(extraction_module, "parse_listing", broken_parser)
    crawler = get_crawler(settings_dict={"CRAWLER_EXTRACT_WORKERS": 0})
    crawler.stats = StatsCollector(crawler)
    extraction = PageExtraction.from_crawler(crawler)
    listing = asyncio.run(extraction.parse_listing("<html></html>", "http://x.example/t", None))
    assert listing is None
    assert crawler.stats.get_value("failures/listing_parse_error") == 1
