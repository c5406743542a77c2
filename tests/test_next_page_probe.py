"""Whether a probed next listing page (TagPagesSpider.probe_outcome) continues its tag's walk:
only a page of new entries shaped like the first page's, at the URL asked for, and no newer
than the first page when that lists the newest first."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy.http import HtmlResponse, Request

from crawler.extract.listing import ListingEntry, ListingPage
from crawler.extract.listing.walk import ListShape
from crawler.spiders.tagpages import TagPagesSpider
from crawler.urlset import UrlSet

TAG = "https://plot.example/tag/beans/"
PATH = "html/body/main/article/a"


def _spider() -> TagPagesSpider:
    spider = TagPagesSpider(url=TAG)
    spider.first_shapes[TAG] = ListShape(frozenset({PATH}), 3)
    spider.date_orders = SimpleNamespace(hint=lambda url: None, learn=lambda url, order: None)
    return spider


def _page(slugs: list[str], days: list[str] | None = None, path: str = PATH) -> ListingPage:
    days = days or [""] * len(slugs)
    entries = [
        ListingEntry(f"https://plot.example/posts/{slug}/", slug, None, day or None, rank, path)
        for rank, (slug, day) in enumerate(zip(slugs, days, strict=True), start=1)
    ]
    return ListingPage(entries, None, None)


def _response(url: str, requested: str | None = None) -> HtmlResponse:
    return HtmlResponse(url, body=b"<html></html>", request=Request(requested or url))


PAGE_2 = TAG + "page/2/"


def _walked(spider: TagPagesSpider, page: ListingPage) -> None:
    spider.entries_seen[TAG] = UrlSet()
    spider.entries_seen[TAG].update(entry.url for entry in page.entries)


def test_a_page_of_new_entries_shaped_alike_continues_the_walk() -> None:
    spider = _spider()
    _walked(spider, _page(["a", "b", "c"]))
    assert spider.probe_outcome(_response(PAGE_2), TAG, _page(["d", "e"])) == "continued"


def test_a_probe_redirected_elsewhere_is_no_continuation() -> None:
    spider = _spider()
    _walked(spider, _page(["a", "b", "c"]))
    response = _response("https://plot.example/", requested=PAGE_2)
    assert spider.probe_outcome(response, TAG, _page(["d", "e"])) == "redirected"


def test_a_probe_listing_other_markup_or_the_same_entries_is_no_continuation() -> None:
    spider = _spider()
    _walked(spider, _page(["a", "b", "c"]))
    other = _page(["d", "e"], path="html/body/aside/ul/li/a")
    assert spider.probe_outcome(_response(PAGE_2), TAG, other) == "other_list"
    assert spider.probe_outcome(_response(PAGE_2), TAG, _page(["a", "b"])) == "no_new_entries"
    assert spider.probe_outcome(_response(PAGE_2), TAG, _page([])) == "no_entries"


def test_a_probe_with_posts_newer_than_a_newest_first_walk_is_another_list() -> None:
    """A server answering every URL with the site's front page: its newest posts are newer
    than the tag's newest."""
    spider = _spider()
    first = _page(["a", "b", "c"], ["2021-05-03", "2021-04-01", "2021-02-11"])
    _walked(spider, first)
    spider.note_newest_first(TAG, first)
    front = _page(["x", "y"], ["2022-01-09", "2021-12-30"])
    assert spider.probe_outcome(_response(PAGE_2), TAG, front) == "newer_entries"
    older = _page(["d", "e"], ["2021-01-20", "2020-11-02"])
    assert spider.probe_outcome(_response(PAGE_2), TAG, older) == "continued"


def test_an_oldest_first_walk_takes_newer_posts_on_its_next_page() -> None:
    spider = _spider()
    first = _page(["a", "b", "c"], ["2019-01-03", "2019-04-01", "2019-06-11"])
    _walked(spider, first)
    spider.note_newest_first(TAG, first)
    later = _page(["d", "e"], ["2019-08-20", "2019-11-02"])
    assert spider.probe_outcome(_response(PAGE_2), TAG, later) == "continued"
