"""Pagination shapes met on real sites nobody here built (issue 15), each in a small fixture
with text of our own. Each failed before the rule it covers."""

from __future__ import annotations

from pathlib import Path

from crawler.extract import parse_listing

FIXTURES = Path(__file__).parent.parent / "fixtures" / "listing" / "real"

CATEGORY = "https://quaderno.example/blog/category/immagini/"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_pager_overrules_a_rel_next_to_the_next_page_of_the_site_navigation() -> None:
    """MkDocs writes <link rel="next"> for the next page of its navigation (another
    category); the numbered pager is the listing's own."""
    page = parse_listing(read("mkdocs-blog-nav-rel-next.html"), CATEGORY)
    assert page.next_url == CATEGORY + "page/2/"
    assert page.next_source == "pager"


def test_a_pager_at_its_last_page_overrules_a_rel_next_it_does_not_show() -> None:
    url = CATEGORY + "page/3/"
    page = parse_listing(read("mkdocs-blog-nav-rel-next-last-page.html"), url)
    assert len(page.entries) == 4
    assert page.next_url is None


def test_an_mkdocs_rel_next_is_never_the_next_page_of_a_listing() -> None:
    """A one-page category has no pager to overrule it: MkDocs's rel="next" (the next page of
    its navigation) is no page of the listing."""
    url = "https://quaderno.example/blog/category/poesia-breve/"
    page = parse_listing(read("mkdocs-blog-one-page-category.html"), url)
    assert len(page.entries) == 4
    assert page.next_url is None


def test_a_link_marked_rel_prev_is_never_the_next_page() -> None:
    """Nikola numbers its index pages downwards: the oldest page, index-1.html, links only
    back to index-2.html, marked rel="prev" ("Newer posts"). Its number is one higher, but it
    is the page before."""
    posts = "".join(
        f'<article class="post-text"><h1 class="p-name entry-title"><a href="../posts/note-{n}/"'
        f' class="u-url">Field note {n}</a></h1><div class="e-content entry-content"><p>What the'
        f" survey team saw on day {n} along the northern ridge, with the weather and the"
        " counts.</p></div></article>"
        for n in range(1, 5)
    )
    html = (
        "<html><head><title>Field notes (old posts, page 1)</title>"
        '<link rel="prev" href="index-2.html" type="text/html"></head><body>'
        f'<div id="content">{posts}<nav class="postindexpager"><ul class="pager">'
        '<li class="previous"><a href="index-2.html" rel="prev">Newer posts</a></li>'
        "</ul></nav></div></body></html>"
    )
    page = parse_listing(html, "https://notes.example/blog/index-1.html")
    assert len(page.entries) == 4
    assert page.next_url is None
