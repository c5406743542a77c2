"""End to end, with no site file: each CMS layout of the demo world crawled by `crawler crawl`.

The expected values come from the demo world's ground truth (what the pages are rendered
from), never from the crawler's own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.crawling import CrawlResult, crawl, demo_feed_paths, expected_fields

LAYOUTS = ("drupal", "wp", "table")


@dataclass
class LayoutCrawl:
    result: CrawlResult
    requested: list[str]  # request targets the server saw, in order


@pytest.fixture(scope="module")
def crawls(server, world, tmp_path_factory) -> dict[str, LayoutCrawl]:
    done = {}
    for key in LAYOUTS:
        server.clear_log()
        result = crawl(tmp_path_factory.mktemp(key), server.url(world.sites[key].tag_path))
        assert result.returncode == 0, result.stderr[-3000:]
        done[key] = LayoutCrawl(result, [exchange.path for exchange in server.log])
    return done


def collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def items_by_url(result: CrawlResult) -> dict[str, dict]:
    return {item["url"]: item for item in result.items}


@pytest.mark.parametrize("key", LAYOUTS)
def test_every_article_of_the_tag_becomes_one_item(crawls, server, world, key):
    """Those of the listing pages and those only the tag's feed lists."""
    site = world.sites[key]
    expected = sorted(a.final_url(server.base_url) for a in site.articles if a.is_article)
    urls = [item["url"] for item in crawls[key].result.items]
    assert sorted(urls) == expected
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize("key", LAYOUTS)
def test_listing_pages_are_followed_in_order_and_nothing_else(crawls, world, key):
    site = world.sites[key]
    listing_paths = [page.path for page in site.listing_pages]
    article_paths = {a.path for a in site.articles} | {a.final_path for a in site.articles}
    requested = crawls[key].requested
    assert len(site.listing_pages) >= 3
    assert [p for p in requested if p in listing_paths] == listing_paths
    not_expected = [p for p in requested if p not in {*listing_paths, *article_paths}]
    assert not_expected == ["/robots.txt", *demo_feed_paths(site)], (
        "navigation, sidebar or footer links were followed"
    )
    sidebar_only = set(site.most_read_paths) - article_paths
    assert not sidebar_only & set(requested)


@pytest.mark.parametrize("key", LAYOUTS)
def test_where_each_item_was_found(crawls, server, world, key):
    site = world.sites[key]
    items = items_by_url(crawls[key].result)
    for page in site.listing_pages:
        for rank, path in enumerate(page.article_paths, start=1):
            article = site.entry(path)
            item = items[article.final_url(server.base_url)]
            assert item["listing_url"] == server.url(page.path)
            assert (item["listing_page"], item["listing_rank"]) == (page.number, rank)
            assert item["teaser_headline"] == article.headline
            assert collapse(item["teaser"]) == collapse(article.teaser)


@pytest.mark.parametrize("key", LAYOUTS)
def test_articles_only_the_feed_lists_are_found_there(crawls, server, world, key):
    site = world.sites[key]
    items = items_by_url(crawls[key].result)
    feed = site.feed_articles()
    for article in site.feed_only_articles:
        item = items[article.final_url(server.base_url)]
        assert item["listing_url"] == server.url(site.feed_path)
        assert (item["listing_page"], item["listing_rank"]) == (1, feed.index(article) + 1)
        assert item["teaser_headline"] == article.headline
    assert len(site.feed_only_articles) == (1 if key == "drupal" else 0)


@pytest.mark.parametrize("key", LAYOUTS)
@pytest.mark.parametrize("field", ["headline", "date", "body", "authors", "tags", "language"])
def test_article_fields_match_the_page(crawls, server, world, key, field):
    site = world.sites[key]
    items = items_by_url(crawls[key].result)
    wrong = []
    for article in (a for a in site.articles if a.is_article):
        item = items[article.final_url(server.base_url)]
        expected = expected_fields(article)[field]
        if item[field] != expected:
            wrong.append((article.final_path, item[field], expected))
    assert not wrong, f"{len(wrong)} of {len(items)} wrong, first: {wrong[0]!r:.1500}"


@pytest.mark.parametrize("key", LAYOUTS)
def test_canonical_url_and_date_evidence(crawls, server, world, key):
    site = world.sites[key]
    for item in crawls[key].result.items:
        path = item["url"][len(server.base_url) :]
        article = site.article_at(path)
        assert item["canonical_url"] == server.url(article.canonical_path or article.final_path)
        assert item["date_source"] in {"json-ld", "meta", "time-element", "text", "microdata"}
        assert item["date_raw"]
        assert item["fetched_at"].endswith("Z")


@pytest.mark.parametrize("key", LAYOUTS)
def test_summary_counts_the_run(crawls, world, key):
    site = world.sites[key]
    result = crawls[key].result
    summary = result.summary
    articles = sum(1 for a in site.articles if a.is_article)
    assert summary["finish_reason"] == "finished"
    assert summary["counts"]["listing_pages"] == len(site.listing_pages)
    assert summary["counts"]["articles_fetched"] == articles
    assert summary["counts"]["items_written"] == articles
    assert summary["dropped"] == {} and summary["failures"] == {}
    assert summary["http_errors"] == {} and summary["feed_errors"] == {}
    feed = site.feed_articles()
    feeds = {"found": 1, "read": 1, "entries": len(feed)} if feed else {}
    feeds |= {"feed_only": len(site.feed_only_articles)} if feed else {}
    assert summary["feeds"] == feeds
    assert summary["listing_stopped"] == {"no_next_page": 1}
    assert summary["files"]["items"] == ["items.jsonl"]
    assert f"{articles} items written" in result.stdout
    assert str(result.run_dir) in result.stdout
