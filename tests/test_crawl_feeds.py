"""End to end: a tag's feed as a second witness of its listing (crawler/spiders/feeds.py).

The site (tests/feedsite.py) has listings that lack entries their feeds list, and hostile
feeds. What is expected comes from the site's own tables, never from the crawler's output.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.crawling import CrawlResult, crawl, read_warc_records
from tests.feedsite import (
    FEED_ONLY,
    HOSTILE_LISTED,
    HOSTILE_TAGS,
    MISSED_FEED,
    MISSED_PAGES,
    SECRET,
    SPARSE_FEED,
    FeedSite,
    feed_path,
    rss,
    tag_path,
)

ALL_TAGS = ("missed", "sparse", *HOSTILE_TAGS)


@dataclass
class FeedCrawl:
    result: CrawlResult
    hits: Counter[str]  # request paths the site saw during the crawl

    def item(self, path: str, site: FeedSite) -> dict:
        matches = [i for i in self.result.items if i["url"] == site.url(path)]
        assert len(matches) == 1, f"{len(matches)} items for {path}"
        return matches[0]

    @property
    def urls(self) -> list[str]:
        return sorted(item["url"] for item in self.result.items)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text(SECRET)
    with FeedSite(secret) as running:
        yield running


def crawl_site(site: FeedSite, out: Path, *tags: str, extra: tuple[str, ...] = ()) -> FeedCrawl:
    site.clear_hits()
    result = crawl(out, *(site.url(tag_path(tag)) for tag in tags), extra=extra)
    assert result.returncode == 0, result.stderr[-3000:]
    return FeedCrawl(result, Counter(site.hits))


@pytest.fixture(scope="module")
def every_tag(site, tmp_path_factory) -> FeedCrawl:
    return crawl_site(site, tmp_path_factory.mktemp("feeds"), *ALL_TAGS)


def urls(site: FeedSite, articles) -> list[str]:
    return sorted(site.url(a.path) for a in articles)


def test_entries_only_the_feed_lists_are_fetched_and_counted(every_tag, site):
    hostile = [a for listed in HOSTILE_LISTED.values() for a in listed]
    assert every_tag.urls == urls(site, [*MISSED_FEED, *SPARSE_FEED, *hostile])
    summary = every_tag.result.summary
    assert summary["feeds"]["found"] == len(ALL_TAGS)
    assert summary["feeds"]["read"] == 2
    assert summary["feeds"]["entries"] == len(MISSED_FEED) + len(SPARSE_FEED)
    assert summary["feeds"]["feed_only"] == len(FEED_ONLY) + len(SPARSE_FEED) - 3
    assert summary["finish_reason"] == "finished"
    assert summary["counts"]["items_written"] == len(every_tag.result.items)


def test_each_feed_is_read_once_and_the_sites_main_feed_never(every_tag):
    for tag in ALL_TAGS:
        assert every_tag.hits[feed_path(tag)] == 1, tag
    assert every_tag.hits["/feed/"] == 0
    assert max(every_tag.hits.values()) == 1  # no article fetched twice either


def test_a_feed_only_item_says_it_came_from_the_feed(every_tag, site):
    new = FEED_ONLY[0]
    item = every_tag.item(new.path, site)
    assert item["listing_url"] == site.url(feed_path("missed"))
    assert (item["listing_page"], item["listing_rank"]) == (1, MISSED_FEED.index(new) + 1)
    assert item["teaser_headline"] == new.headline
    assert item["teaser_date"] == new.date.replace("Z", "+00:00")
    assert item["teaser"] is None
    assert item["headline"] == new.headline
    listed = every_tag.item(MISSED_PAGES[1][0].path, site)
    assert listed["listing_url"] == site.url(tag_path("missed", 2))
    assert (listed["listing_page"], listed["listing_rank"]) == (2, 1)


def test_a_feed_listing_many_more_entries_marks_that_listing_uncertain(every_tag, site):
    summary = every_tag.result.summary
    assert summary["listing_uncertain"]["feed-lists-more"] == 1
    assert list(summary["uncertain_listings"]) == [site.url(tag_path("sparse"))]
    why = summary["uncertain_listings"][site.url(tag_path("sparse"))]["feed-lists-more"]
    assert site.url(feed_path("sparse")) in why and "12 entries, 9 of them" in why
    assert f"uncertain listing {site.url(tag_path('sparse'))}: " in every_tag.result.stdout


def test_hostile_feeds_are_counted_failures_and_the_crawl_goes_on(every_tag, site):
    summary = every_tag.result.summary
    assert summary["feed_errors"] == {
        "entities": 1,
        "external_entity": 1,
        "not_xml": 1,
        "too_large": 3,
    }
    for tag, listed in HOSTILE_LISTED.items():
        for article in listed:
            assert every_tag.item(article.path, site)["headline"] == article.headline, tag
    assert "/news/xxe-unlisted/" not in every_tag.hits
    assert "/news/huge-unlisted/" not in every_tag.hits
    assert summary["failures"] == {} and summary["dropped"] == {}
    assert "feed errors: " in every_tag.result.stdout


def test_nothing_of_the_xxe_target_or_the_50_mb_feed_is_kept(every_tag):
    run_dir = every_tag.result.run_dir
    for path in run_dir.rglob("*"):
        if path.is_file() and not path.name.endswith(".gz"):
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path
    for warc in every_tag.result.warc_files:
        for record in read_warc_records(warc):
            assert SECRET.encode() not in record["body"]
            assert len(record["body"]) < 5 * 1024 * 1024


def test_the_feed_exchange_is_archived(every_tag, site):
    feed_url = site.url(feed_path("missed"))
    records = [
        record
        for warc in every_tag.result.warc_files
        for record in read_warc_records(warc)
        if record["headers"].get_header("WARC-Target-URI") == feed_url
    ]
    kinds = Counter(record["type"] for record in records)
    assert kinds["request"] == 1 and kinds["response"] == 1
    response = next(r for r in records if r["type"] == "response")
    assert response["body"] == rss(MISSED_FEED, site.base_url)
    assert response["http"].get_header("Content-Type") == "application/rss+xml"


def test_a_rerun_does_not_fetch_the_feed_only_entries_again(site, tmp_path):
    first = crawl_site(site, tmp_path, "missed", extra=("--run-id", "first"))
    assert first.hits[FEED_ONLY[0].path] == 1
    second = crawl_site(site, tmp_path, "missed", extra=("--run-id", "second"))
    assert second.hits[feed_path("missed")] == 1  # read again: it may list something new
    assert not [p for p in second.hits if p.startswith("/news/")]
    summary = json.loads((tmp_path / "second" / "summary.json").read_text(encoding="utf-8"))
    # The walk stopped after page 1 (all seen before): the feed's entries past it are not
    # counted as missed, and the one between page 1's entries was seen before.
    assert (summary["feeds"]["feed_only"], summary["feeds"]["beyond_walk"]) == (1, 5)
    assert summary["uncertain_listings"] == {}


def test_since_skips_dated_feed_entries_older_than_it(site, tmp_path):
    since = crawl_site(site, tmp_path, "missed", extra=("--since", "2024-01-01"))
    new, old = FEED_ONLY
    assert since.hits[new.path] == 1 and since.hits[old.path] == 0
    assert since.urls == urls(site, [a for a in MISSED_FEED if a is not old])
    assert since.result.summary["incremental"]["entries_older_than_since"] == 1


def test_feed_entries_beyond_a_max_pages_walk_are_left_out(site, tmp_path):
    cut = crawl_site(site, tmp_path, "missed", extra=("--max-pages", "1"))
    assert cut.urls == urls(site, [*MISSED_PAGES[0], FEED_ONLY[0]])
    feeds = cut.result.summary["feeds"]
    assert (feeds["feed_only"], feeds["beyond_walk"]) == (1, 5)


def test_reading_feeds_can_be_switched_off(site, tmp_path):
    off = crawl_site(site, tmp_path, "missed", extra=("-s", "CRAWLER_READ_FEEDS=False"))
    assert off.hits[feed_path("missed")] == 0
    assert off.urls == urls(site, [*MISSED_PAGES[0], *MISSED_PAGES[1]])
    assert off.result.summary["feeds"] == {}
