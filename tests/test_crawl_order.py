"""The order a tag is walked in: its listing pages one page ahead of its articles."""

from __future__ import annotations

from tests.crawling import crawl


def test_the_next_listing_page_is_fetched_one_page_ahead_of_the_articles(tmp_path, server, world):
    site = world.sites["drupal"]
    pages = site.listing_pages
    assert len(pages) == 3
    server.clear_log()
    # One request at a time, so the server's log is the order the scheduler chose.
    result = crawl(tmp_path, server.url(site.tag_path), extra=("-s", "CONCURRENT_REQUESTS=1"))
    assert result.returncode == 0, result.stderr[-3000:]
    order = [exchange.path for exchange in server.log]
    position = {path: order.index(path) for path in order}
    first, second, third = ([position[p] for p in page.article_paths] for page in pages)

    assert position[pages[1].path] < min(first)  # page 2 is known while page 1's articles load
    assert max(first) < position[pages[2].path] < min(second)  # but page 3 waits for them
    assert max(second) < min(third)
    # The tag's feed is read once the walk is over; the article only it lists comes last.
    assert max(third) < position[site.feed_path]
    (unlisted,) = site.feed_only_articles
    assert position[site.feed_path] < position[unlisted.path] == len(order) - 1
    assert len(result.items) == len(site.articles)
