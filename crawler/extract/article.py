"""Article page -> headline, publication date, body text and metadata.

``extract_article`` is a pure function of (html, url[, site selectors]). The page is parsed once
with lxml; each field is taken from the most reliable source that has it: site selectors, then
JSON-LD, microdata, <meta> tags, and finally the visible page (and the URL for the date).

This module composes the field extractors around one parsed page (page.py): headline.py,
published.py (with date_lines.py), byline.py and body.py (with paragraphs.py); noise.py
says which parts of the page are chrome.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, NamedTuple

from lxml import etree

from crawler.sites import Selectors

from .body import find_body
from .byline import find_authors, find_tags
from .dates import ParsedDate
from .headline import (
    choose_headline,
    decode_stray_references,
    find_headline_element,
    page_title,
    strip_site_name,
)
from .page import Page, find_canonical_url, parse_html, read_page
from .published import DEFAULT_DATE_FLOOR, date_order_evidence, publication_date

__all__ = ["extract_article", "extract_article_details", "parse_html", "strip_site_name"]

log = logging.getLogger(__name__)


def extract_article(
    html: str,
    url: str,
    selectors: Selectors | None = None,
    *,
    date_floor: date | None = None,
    listing_headline: str | None = None,
) -> dict[str, Any]:
    """Headline, date, body and metadata of an article page (see module docstring).

    Returns the keys canonical_url, headline, date, date_raw, date_source, body, authors, tags
    and language; missing values are None or []. Never raises on page content: a page that
    cannot be read at all gives the empty result.
    """
    return extract_article_details(
        html, url, selectors, date_floor=date_floor, listing_headline=listing_headline
    )[0]


def extract_article_details(
    html: str,
    url: str,
    selectors: Selectors | None = None,
    *,
    date_floor: date | None = None,
    listing_headline: str | None = None,
    date_order_hint: str | None = None,
    listing_date: str | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """``extract_article`` plus where each field came from: ``{field: strategy}`` for every
    field that has a value (strategies such as "json-ld", "meta", "h1", "title", "byline",
    "main-content", "json-ld-articleBody", "site-selector"). Dates before ``date_floor``
    (default ``DEFAULT_DATE_FLOOR``) are rejected like dates in the future.
    ``listing_headline`` is the headline the listing entry showed for this page: the page's
    headline candidate that matches it wins (strategy "<kind>+listing"). ``listing_date`` is
    the entry's date: of the page's own dates that disagree, one within a day of it wins.

    Numeric dates whose day and month could be swapped: ``date_order_hint`` is the order
    ("month-first" or "day-first") the crawl learned for the site; the sources say which rule
    read the date (``date_order``: "unambiguous", "weekday", "page", "site" or "language") and
    which order the page's own dates show (``date_order_seen``), for the crawl to learn."""
    try:
        root = parse_html(html)
        if root is None:
            return _empty_result(url), {}
        floor = date_floor or DEFAULT_DATE_FLOOR
        listing = _ListingEvidence(listing_headline, listing_date)
        return _extract(root, url, selectors, floor, listing, date_order_hint)
    except Exception:  # a crawl must not stop on one hostile page; the page is logged
        log.warning("article extraction failed for %s", url, exc_info=True)
        return _empty_result(url), {}


class _ListingEvidence(NamedTuple):
    """What the listing entry that led to the page showed of it."""

    headline: str | None
    date: str | None


def _empty_result(url: str) -> dict[str, Any]:
    return {
        "canonical_url": url,
        "headline": None,
        "date": None,
        "date_raw": None,
        "date_source": None,
        "body": None,
        "authors": [],
        "tags": [],
        "language": None,
    }


def _extract(
    root: etree._Element,
    url: str,
    selectors: Selectors | None,
    date_floor: date,
    listing: _ListingEvidence,
    date_order_hint: str | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    page = read_page(root, url, selectors, date_floor)
    canonical_url, canonical_source = find_canonical_url(page)
    page.headline_element = find_headline_element(page)
    headline, headline_source, shown_in = choose_headline(page, listing.headline)
    if shown_in is not None:  # the article's own header: where its date line is looked for
        page.headline_element = shown_in
    found_date = publication_date(page, canonical_url, date_order_hint, listing.date)
    authors, authors_source = find_authors(page)
    tags, tags_source = find_tags(page)
    result = _empty_result(canonical_url)
    shown = decode_stray_references(headline) if headline else headline
    result.update(headline=shown, authors=authors, tags=tags, language=page.language)
    sources = {
        "canonical_url": canonical_source,
        "headline": headline_source,
        "authors": authors_source,
        "tags": tags_source,
        "language": page.language_source,
    }
    if found_date is not None:
        parsed, source = found_date
        result.update(date=parsed.iso, date_raw=parsed.raw, date_source=source)
        sources["date"] = source
    result["body"], sources["body"] = find_body(page, headline, result["date_raw"], result["date"])
    if headline is None and result["body"]:
        result["headline"], sources["headline"] = (
            _first_line_as_headline(result["body"]),
            ("body-first-line"),
        )
    elif headline is None:
        result["headline"], sources["headline"] = page_title(page), "title"
    sources = {name: source for name, source in sources.items() if source and result[name]}
    return result, sources | _date_order_sources(page, found_date)


MAX_FIRST_LINE_HEADLINE = 150  # characters; a longer first line is cut at a word


def _first_line_as_headline(body: str) -> str:
    """The headline of a post that has none (a WordPress post left untitled): its first line,
    cut after a word with "…" when it is a whole paragraph, so the listed article is kept."""
    line = body.split("\n", 1)[0].strip()
    if len(line) <= MAX_FIRST_LINE_HEADLINE:
        return line
    return line[:MAX_FIRST_LINE_HEADLINE].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _date_order_sources(page: Page, found: tuple[ParsedDate, str] | None) -> dict[str, str]:
    """``date_order`` (the rule that read the date's day and month) and ``date_order_seen``
    (the order the page's own dates show), where known."""
    evidence = {}
    if found is not None and found[0].order_rule:
        evidence["date_order"] = found[0].order_rule
    seen = date_order_evidence(page, found[0] if found is not None else None)
    if seen:
        evidence["date_order_seen"] = seen
    return evidence
