"""Listing shapes met on real sites nobody here built (issue 15's failure classes), each
reproduced in a small fixture with text of our own. Each failed before the rule it covers."""

from __future__ import annotations

from pathlib import Path

from crawler.extract import parse_listing
from crawler.extract.listing import ListingPage

FIXTURES = Path(__file__).parent.parent / "fixtures" / "listing" / "real"


def parse(name: str, url: str) -> ListingPage:
    return parse_listing((FIXTURES / name).read_text(encoding="utf-8"), url)


def test_wordpress_post_class_taxonomy_words_do_not_make_an_entry_a_meta_line() -> None:
    """``div.post.category-general.tag-news`` entries (Twenty Ten): their class names say
    "category" and "tag", which once made each headline look like a byline link."""
    page = parse("wp-post-class.html", "https://harbour.example/tag/news/index.html")
    assert [entry.url for entry in page.entries] == [
        "https://harbour.example/2011/04/12/ferry-timetable-changes/index.html",
        "https://harbour.example/2011/03/02/new-pier-lights/index.html",
        "https://harbour.example/2011/01/20/market-moves-indoors/index.html",
    ]
    assert page.entries[0].headline == "Ferry timetable changes for the winter"
    assert page.entries[1].date_raw == "March 2, 2011"
    assert page.next_url == "https://harbour.example/tag/news/page/2/index.html"


def test_headline_inside_a_meta_named_wrapper_is_still_an_entry() -> None:
    """``div.meta-main-wrap`` around the entry's ``h2.entry-title`` (a magazine theme)."""
    page = parse("wp-meta-wrap.html", "https://pirates.example.it/category/news/")
    assert [entry.url for entry in page.entries] == [
        "https://pirates.example.it/2020/07/open-assembly/",
        "https://pirates.example.it/2020/03/pre-congress/",
        "https://pirates.example.it/2020/02/knowledge-is-free/",
    ]
    assert page.entries[2].headline == "Is this knowledge?"
    assert page.next_url == "https://pirates.example.it/category/news/page/2/"


def test_next_link_in_the_page_footer_with_an_icon_and_a_nested_label() -> None:
    page = parse("footer-pager.html", "https://longreads.example/tags/music-industry/")
    assert len(page.entries) == 3
    assert page.next_url == "https://longreads.example/tags/music-industry/page/2/"


def test_author_and_category_links_beside_the_headline_are_not_entries() -> None:
    """``<h6>Written by <a>author</a> in <a>category</a></h6>`` under each ``h3`` headline."""
    page = parse("byline-links.html", "https://civic.example/category/news.html")
    assert [entry.url for entry in page.entries] == [
        "https://civic.example/release-3-14.html",
        "https://civic.example/join-the-project.html",
        "https://civic.example/restart.html",
        "https://civic.example/new-design.html",
        "https://civic.example/after-the-meetup.html",
    ]
    assert page.next_url == "https://civic.example/category/news2.html"


def test_full_posts_with_links_in_their_text_and_a_blogroll() -> None:
    """Whole posts on the listing: links inside their sentences and a list of other blogs
    in the first post are not entries, and the first post is one of the three."""
    page = parse("full-posts.html", "http://racedays.example.net/category/news/")
    assert [entry.url for entry in page.entries] == [
        "http://racedays.example.net/2008/03/14/goodbye/",
        "http://racedays.example.net/2007/06/01/city-race-until-2014/",
        "http://racedays.example.net/2007/05/31/another-point-of-view/",
    ]
    assert page.next_url == "http://racedays.example.net/category/news/page/2/"


def test_a_site_header_left_open_around_the_whole_page_is_not_a_landmark() -> None:
    """The page header's ``</header>`` is missing: the parser nests ``<main>`` with every entry
    inside the header, which once hid all of them as site chrome."""
    page = parse("unclosed-header.html", "https://town.example/category/general/")
    assert [entry.url for entry in page.entries] == [
        "https://town.example/2022/07/bike-rally.html",
        "https://town.example/2021/09/objection-refused.html",
        "https://town.example/2021/05/protest.html",
    ]
    assert page.next_url == "https://town.example/category/general/page/2/"
