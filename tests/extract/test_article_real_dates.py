"""Dates and headlines of article pages shaped like ones met on real sites nobody here built
(issue 15), each in a small fixture with text of our own. Each failed before the rule it
covers."""

from __future__ import annotations

from pathlib import Path

from crawler.extract import extract_article, extract_article_details

FIXTURES = Path(__file__).parent.parent / "fixtures" / "article" / "real"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


SIDEBAR_URL = "http://ribera.example/blog/taller-ceramica/"


def test_the_date_is_read_beside_the_headline_the_listing_confirmed() -> None:
    """Sidebar widget titles and recent-post teasers are <h1>s, the post's title an <h2>:
    the date search starts from the <h2> the listing named, not from a teaser <h1> whose
    <time> shows that other post's day."""
    html = read("sidebar-h1-teasers.html")
    headline = "Visita al taller de cerámica"
    fields, sources = extract_article_details(html, SIDEBAR_URL, listing_headline=headline)
    assert fields["headline"] == headline
    assert sources["headline"] == "h2+listing"
    assert fields["date"][:10] == "2020-05-25"


def test_an_h1_that_links_to_another_page_is_not_the_headline() -> None:
    """Without a listing headline: a teaser <h1><a href="/blog/other/">...</a></h1> is the
    title of another post."""
    fields = extract_article(read("sidebar-h1-teasers.html"), SIDEBAR_URL)
    assert fields["headline"] == "Visita al taller de cerámica"
    assert fields["date"][:10] == "2020-05-25"
