"""The spider keeps a later listing page's entries shaped like its tag's first page's
(crawler.extract.listing.walk), per tag URL."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from crawler.extract import parse_listing
from crawler.spiders.tagpages import TagPagesSpider

REAL = Path(__file__).parent / "fixtures" / "listing" / "real"
TAG = "https://beans.example/tag/garden/index.html"


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


def _spider() -> SimpleNamespace:
    return SimpleNamespace(first_shapes={}, crawler=SimpleNamespace(stats=_Stats()))


def _page(name: str, url: str):
    return parse_listing((REAL / name).read_text(encoding="utf-8"), url)


def test_a_later_page_loses_the_banner_its_first_page_did_not_list() -> None:
    spider = _spider()
    first = _page("banner-tag-page1.html", TAG)
    last = _page("banner-tag-page2.html", "https://beans.example/tag/garden/page/2/index.html")
    keep = TagPagesSpider.same_list_as_first_page
    assert keep(spider, TAG, 1, first) is first
    kept = keep(spider, TAG, 2, last)
    assert [entry.url for entry in kept.entries] == ["https://beans.example/first-frost/index.html"]
    assert spider.crawler.stats.values == {"listing/first_page_list_kept": 1}


def test_a_page_of_a_walk_whose_first_page_this_process_never_saw_is_left_alone() -> None:
    spider = _spider()
    last = _page("banner-tag-page2.html", "https://beans.example/tag/garden/page/2/index.html")
    assert TagPagesSpider.same_list_as_first_page(spider, TAG, 2, last) is last
