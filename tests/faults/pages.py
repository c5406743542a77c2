"""The fault world's HTML: one tag listing whose entries lead to good and faulty articles.

Pure functions; the server in ``server.py`` decides how each page is (mis)delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

TAG_PATH = "/tags/faults"
PAGE_SIZE = 12
TRAP_FROM_PAGE = 3  # listing pages from here on repeat page 1's entries, "next" never ends


@dataclass(frozen=True)
class FaultArticle:
    """One listed article: its path, its headline, and whether a crawl must get its item."""

    path: str
    headline: str
    good: bool  # the page is (eventually) delivered whole: exactly one item expected
    listed_as: tuple[str, ...] = ()  # hrefs in the listing when not just ``path``

    @property
    def hrefs(self) -> tuple[str, ...]:
        return self.listed_as or (self.path,)


def _good(slug: str, headline: str, *listed_as: str) -> FaultArticle:
    return FaultArticle(f"/news/{slug}", headline, True, listed_as)


def _bad(slug: str) -> FaultArticle:
    return FaultArticle(f"/news/{slug}", f"Faulty page {slug.replace('-', ' ')}", False)


ARTICLES: tuple[FaultArticle, ...] = (
    _good("quiet-night-in-the-old-town", "Quiet night in the old town"),
    _good("river-levels-fall-after-storm", "River levels fall after the storm"),
    _good("market-reopens-on-main-square", "Market reopens on the main square"),
    _good("council-approves-new-bridge", "Council approves a new bridge"),
    _good(
        "school-year-starts-late",
        "School year starts a week late",
        "/news/school-year-starts-late?utm_source=twitter&utm_medium=social",
        "/news/school-year-starts-late?utm_source=rss&fbclid=abc123",
    ),
    _good("flaky-500-then-ok", "Power restored after a long outage"),
    _good("busy-503-retry-after", "Trains run again on the northern line"),
    _good("busy-429-retry-after", "Harvest festival draws record crowds"),
    _good("unknown-charset-label", "Café owners welcome the new pedestrian zone"),
    _good("five-thousand-links", "Library publishes its full catalogue online"),
    # libxml2 stops at 255 levels: the text inside is lost, the page must only not hurt.
    FaultArticle("/news/twenty-thousand-nested-divs", "Museum extends its opening hours", False),
    _bad("busy-429-retry-after-too-long"),
    _bad("reset-before-headers"),
    _bad("reset-mid-body"),
    _bad("slow-drip"),
    _bad("endless-body"),
    _bad("redirect-loop"),
    _bad("redirect-to-another-host"),
    _bad("redirect-to-metadata"),
    _bad("fifty-megabytes"),
    _bad("gzip-bomb"),
    _bad("binary-as-html"),
    _bad("truncated-chunked"),
)

BY_PATH = {a.path: a for a in ARTICLES}
GOOD = tuple(a for a in ARTICLES if a.good)
# Delivered whole but with no text to read: still listed articles, kept with ``body: null``.
BODILESS = tuple(BY_PATH[p] for p in ("/news/twenty-thousand-nested-divs", "/news/binary-as-html"))


def listing_entries(page: int) -> list[tuple[str, str]]:
    """(href, headline) of a listing page; the trap pages repeat page 1."""
    rows = [(href, a.headline) for a in ARTICLES for href in a.hrefs]
    if page >= TRAP_FROM_PAGE:
        page = 1
    return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def listing_page(page: int) -> str:
    """A listing page; its "next" link always exists (the trap never ends)."""
    entries = "\n".join(
        f'<div class="entry"><h2><a href="{escape(href)}">{escape(headline)}</a></h2>'
        f"<p>{escape(headline)}: the full story inside\u00a0…</p></div>"
        for href, headline in listing_entries(page)
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Tagged: faults, page {page}</title></head><body>"
        f'<h1>Tagged: faults</h1><div class="list">{entries}</div>'
        f'<nav><a rel="next" class="next" href="{TAG_PATH}?page={page + 1}">Next page</a></nav>'
        "</body></html>"
    )


def body_paragraphs(headline: str) -> list[str]:
    return [
        f"{headline}. Officials confirmed the news on Tuesday morning after a long meeting.",
        "Residents said they had waited for weeks and welcomed the decision warmly.",
        "More details are expected later this week, according to the town's spokesperson.",
    ]


def article_page(headline: str, extra_body: str = "") -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body_paragraphs(headline))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(headline)}</title></head><body><article>"
        f"<h1>{escape(headline)}</h1>"
        '<time datetime="2024-03-05T10:00:00Z">5 March 2024</time>'
        f"{paragraphs}{extra_body}</article></body></html>"
    )


def many_links(count: int = 5000) -> str:
    links = " ".join(f'<a href="/archive/{i}">item {i}</a>' for i in range(count))
    return f'<aside class="catalogue">{links}</aside>'


def nested_divs_page(headline: str, depth: int = 20_000) -> str:
    page = article_page(headline)
    start, end = page.split("<article>", 1)
    return (
        start
        + "<div>" * depth
        + "<article>"
        + end.replace("</article>", "</article>" + "</div>" * depth, 1)
    )
