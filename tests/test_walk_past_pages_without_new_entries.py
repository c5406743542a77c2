"""Whether a listing page that brought no new entry ends its tag's walk
(TagPagesSpider.leads_on): a listing ordered by equal dates (posts of a mass import) shows
some posts on several pages in another order each time, so a page of repeats is no end while
its numbered pager says it is the page after the one before and that more pages follow."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from crawler.extract.listing import ListingEntry, ListingPage
from crawler.spiders.tagpages import MAX_PAGES_WITHOUT_NEW, TagPagesSpider

TAG = "https://rumahkokoh.example/category/kabar/"


class _Stats(Counter):
    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] += count


def _spider() -> TagPagesSpider:
    spider = TagPagesSpider(url=TAG)
    spider.crawler = SimpleNamespace(stats=_Stats())  # type: ignore[assignment]
    return spider


def _page(number: int | None, last: int | None = 30) -> ListingPage:
    entries = [
        ListingEntry(f"https://rumahkokoh.example/post-{n}.html", f"Post {n}", None, None, n)
        for n in (1, 2)
    ]
    position = (number, last) if number is not None and last is not None else None
    return ListingPage(entries, TAG + f"page/{(number or 1) + 1}", "pager", pager_position=position)


def test_a_page_of_repeats_numbered_after_the_page_before_leads_on() -> None:
    spider = _spider()
    assert spider.leads_on(TAG, _page(10), had_new_entries=True)
    assert spider.leads_on(TAG, _page(11), had_new_entries=False)


def test_a_page_of_repeats_whose_pager_shows_no_later_page_ends_the_walk() -> None:
    spider = _spider()
    assert spider.leads_on(TAG, _page(29, last=30), had_new_entries=True)
    assert not spider.leads_on(TAG, _page(30, last=30), had_new_entries=False)


def test_a_page_of_repeats_marked_as_another_page_ends_the_walk() -> None:
    """A copy that ignores the page's query serves page 1 again under ?page=2: its pager
    still marks page 1."""
    spider = _spider()
    assert spider.leads_on(TAG, _page(1), had_new_entries=True)
    assert not spider.leads_on(TAG, _page(1), had_new_entries=False)


def test_a_page_of_repeats_without_a_numbered_pager_ends_the_walk() -> None:
    spider = _spider()
    assert spider.leads_on(TAG, _page(None), had_new_entries=True)
    assert not spider.leads_on(TAG, _page(None), had_new_entries=False)


def test_too_many_pages_of_repeats_in_a_row_end_the_walk() -> None:
    spider = _spider()
    assert spider.leads_on(TAG, _page(10), had_new_entries=True)
    number = 11
    for _ in range(MAX_PAGES_WITHOUT_NEW - 1):
        assert spider.leads_on(TAG, _page(number), had_new_entries=False)
        number += 1
    assert not spider.leads_on(TAG, _page(number), had_new_entries=False)
    assert spider.leads_on(TAG, _page(number + 1), had_new_entries=True)
