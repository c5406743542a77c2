"""End to end on the demo world's edge-case site: bad input is counted, good input survives."""

from __future__ import annotations

import pytest

from crawler.demo import world as demo
from tests.crawling import CrawlResult, crawl, expected_fields


@pytest.fixture(scope="module")
def edge(server, world, tmp_path_factory) -> CrawlResult:
    server.clear_log()
    result = crawl(tmp_path_factory.mktemp("edge"), server.url(world.sites["edge"].tag_path))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def item_for(result: CrawlResult, server, path: str) -> dict:
    matches = [item for item in result.items if item["url"] == server.url(path)]
    assert len(matches) == 1, f"expected one item for {path}, got {len(matches)}"
    return matches[0]


def test_only_real_articles_become_items(edge, server, world):
    site = world.sites["edge"]
    expected = sorted(a.final_url(server.base_url) for a in site.articles if a.is_article)
    assert sorted(item["url"] for item in edge.items) == expected
    assert len(expected) == 7


def test_every_article_field_matches_the_page(edge, server, world):
    items = {item["url"]: item for item in edge.items}
    for article in (a for a in world.sites["edge"].articles if a.is_article):
        item = items[article.final_url(server.base_url)]
        got = {field: item[field] for field in expected_fields(article)}
        assert got == expected_fields(article), article.final_path


def test_http_errors_are_counted_by_code(edge, server):
    summary = edge.summary
    assert summary["failures"]["http_404"] == 1
    assert summary["failures"]["http_500"] == 1
    # The 500 is retried twice (RETRY_TIMES) before it counts as a failure.
    assert len(server.requests_for(demo.EDGE_500_PATH)) == 3
    assert summary["http_errors"] == {"404": 1, "500": 3}
    assert summary["feed_errors"] == {}
    assert summary["counts"]["retries"] == 2


def test_tag_feed_is_read_and_lists_nothing_the_listing_lacks(edge, server, world):
    site = world.sites["edge"]
    entries = len(site.feed_articles())
    assert edge.summary["feeds"] == {"found": 1, "read": 1, "entries": entries, "feed_only": 0}
    assert [e.status for e in server.requests_for(site.feed_path)] == [200]


def test_non_html_link_is_skipped_and_counted(edge):
    assert edge.summary["skipped"] == {"not_html": 1}


def test_windows_1251_page_is_decoded(edge, server, world):
    truth = world.sites["edge"].entry(demo.EDGE_CYRILLIC_PATH)
    assert truth.encoding == "windows-1251"
    item = item_for(edge, server, demo.EDGE_CYRILLIC_PATH)
    assert item["headline"] == truth.headline
    assert item["body"] == "\n\n".join(truth.body_paragraphs)
    assert item["language"] == "ru"


def test_broken_html_still_gives_an_item(edge, server, world):
    truth = world.sites["edge"].entry(demo.EDGE_BROKEN_PATH)
    item = item_for(edge, server, demo.EDGE_BROKEN_PATH)
    assert item["headline"] == truth.headline
    assert item["body"] == "\n\n".join(truth.body_paragraphs)


def test_article_without_date_is_kept_and_counted(edge, server):
    item = item_for(edge, server, demo.EDGE_UNDATED_PATH)
    assert (item["date"], item["date_raw"], item["date_source"]) == (None, None, None)
    assert edge.summary["counts"]["items_without_date"] == 1


def test_links_to_other_hosts_are_not_followed(edge):
    assert edge.summary["counts"]["offsite_filtered"] == 1
    assert "connection_refused" not in edge.summary["failures"]


def test_robots_txt_is_obeyed_and_counted(edge, server):
    assert server.requests_for(demo.EDGE_PRIVATE_PATH) == []
    assert edge.summary["counts"]["robots_forbidden"] == 1
    assert edge.summary["failures"]["robots_forbidden"] == 1


def test_redirected_article_keeps_its_final_url(edge, server):
    item = item_for(edge, server, demo.EDGE_MOVED_PATH)
    assert item["headline"]
    assert len(server.requests_for(demo.EDGE_REDIRECT_PATH)) == 1


def test_query_string_article(edge, server, world):
    truth = world.sites["edge"].entry(demo.EDGE_QUERY_PATH)
    assert item_for(edge, server, demo.EDGE_QUERY_PATH)["headline"] == truth.headline


def test_summary_lists_every_failure_and_the_run_still_finishes(edge):
    summary = edge.summary
    assert summary["finish_reason"] == "finished"
    assert summary["counts"]["listing_pages"] == 2
    # The one ERROR line is Scrapy's retry middleware giving up on the 500.
    assert summary["errors_logged"] == 1
    assert summary["counts"]["retries_exhausted"] == 1
    assert "HTTP errors: 404: 1, 500: 3" in edge.stdout
