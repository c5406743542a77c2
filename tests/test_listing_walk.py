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


def _spider(tag: str = TAG) -> SimpleNamespace:
    return SimpleNamespace(
        first_shapes={}, entries_seen={tag: set()}, crawler=SimpleNamespace(stats=_Stats())
    )


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


PINGUINO = "https://pinguino.example/noticias/"


def test_a_later_page_repeating_the_walks_entries_takes_the_list_with_new_ones() -> None:
    """The walk's entries so far (the spider's entries_seen) tell that a carousel of the
    newest posts on the last page brings nothing new; the grid beside it does."""
    spider = _spider(PINGUINO)
    first = _page("carousel-page1.html", PINGUINO)
    last = _page("carousel-page2.html", PINGUINO + "page/2/")
    keep = TagPagesSpider.same_list_as_first_page
    keep(spider, PINGUINO, 1, first)
    spider.entries_seen[PINGUINO].update(entry.url for entry in first.entries)
    kept = keep(spider, PINGUINO, 2, last)
    assert [entry.url for entry in kept.entries] == [
        PINGUINO + "2018/12/arranque-dual-sin-miedo/",
        PINGUINO + "2018/11/las-cuatro-libertades/",
        PINGUINO + "2018/11/un-escritorio-renovado/",
    ]
    assert spider.crawler.stats.values == {"listing/first_page_list_kept": 1}
