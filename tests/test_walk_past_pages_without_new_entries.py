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


def _unnumbered(url: str, next_url: str | None, size: int = 5) -> ListingPage:
    entries = [
        ListingEntry(f"https://rumahkokoh.example/post-{n}.html", f"Post {n}", None, None, n)
        for n in range(1, size + 1)
    ]
    return ListingPage(entries, next_url, "pager")


def _after_a_first_page_of_ten() -> TagPagesSpider:
    spider = _spider()
    assert spider.leads_on(TAG, _unnumbered(TAG, TAG + "page/2/", 10), True, TAG)
    assert spider.first_page_sizes == {TAG: 10}
    return spider


def test_one_short_page_of_repeats_whose_next_page_is_its_number_plus_one_leads_on() -> None:
    """A mirror saved at two times: its 10-post first page holds every post of the 5-post
    page 2 saved earlier, whose "Older posts" leads to page 3 of posts not seen yet. The URLs
    number the pages; no numbered pager does."""
    spider = _after_a_first_page_of_ten()
    page2, page3 = TAG + "page/2/", TAG + "page/3/index.html"
    assert spider.leads_on(TAG, _unnumbered(page2, page3), False, page2)
    assert spider.crawler.stats["listing/pages_without_new_passed"] == 1


def test_a_second_page_of_repeats_in_a_row_ends_the_walk_without_a_numbered_pager() -> None:
    spider = _after_a_first_page_of_ten()
    page2, page3 = TAG + "page/2/", TAG + "page/3/"
    assert spider.leads_on(TAG, _unnumbered(page2, page3), False, page2)
    assert not spider.leads_on(TAG, _unnumbered(page3, TAG + "page/4/"), False, page3)


def test_a_page_repeating_the_whole_first_page_ends_the_walk() -> None:
    """A pagination trap (every later page repeats page 1 and links one more) is as long as
    the first page: no page of it is passed."""
    spider = _after_a_first_page_of_ten()
    page2 = TAG + "page/2/"
    assert not spider.leads_on(TAG, _unnumbered(page2, TAG + "page/3/", 10), False, page2)


def test_a_page_of_repeats_whose_next_page_is_not_numbered_after_it_ends_the_walk() -> None:
    """A tag page whose next link leaves for the site's own pager (/page/3/ after the tag's
    page/2/), or skips a number, is no page after it."""
    page2, home3 = TAG + "page/2/", "https://rumahkokoh.example/page/3/"
    spider = _after_a_first_page_of_ten()
    assert not spider.leads_on(TAG, _unnumbered(page2, home3), False, page2)
    spider = _after_a_first_page_of_ten()
    assert not spider.leads_on(TAG, _unnumbered(page2, TAG + "page/4/"), False, page2)
