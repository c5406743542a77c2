"""Entries and next page picked by a site file's selectors instead of being detected."""

from __future__ import annotations

from lxml import etree
from parsel import Selector

from crawler.extract.listing.elements import (
    Element,
    in_or_around_heading,
    is_read_more,
    text_of,
    word_count,
)
from crawler.extract.listing.entries import Block
from crawler.extract.listing.page import ParsedPage
from crawler.sites import Selectors, select


def _safe_select(node: Selector, expression: str) -> list[Selector]:
    try:
        return select(node, expression)
    except (ValueError, SyntaxError, etree.LxmlError):  # cssselect raises a SyntaxError
        return []


def selected_blocks(page: ParsedPage, selectors: Selectors) -> list[Block]:
    blocks = []
    for node in _safe_select(page.document, selectors.entries or ""):
        element = node.root
        if isinstance(element, str):
            continue
        if selectors.article_link:
            links = _safe_select(node, selectors.article_link)
            url = next(filter(None, (_selected_url(page, link) for link in links)), None)
        else:
            url = _best_link_in(page, element)
        if url:
            blocks.append(Block(element, url, [element], flat=False))
    return blocks


def _selected_url(page: ParsedPage, node: Selector) -> str | None:
    """URL from a selected <a>, any node with @href, or an attribute/text node giving a URL."""
    root = node.root
    if isinstance(root, str):
        raw = root
    elif not isinstance(root.tag, str):
        return None
    else:
        raw = root.get("href")
        if not raw:
            inner = next((a for a in root.iter("a") if a.get("href")), None)
            raw = inner.get("href") if inner is not None else None
    url = page.resolve(raw) if raw else None
    return url if url != page.url else None


def _best_link_in(page: ParsedPage, entry: Element) -> str | None:
    """The entry's article link: in a heading, then a headline-like text, then read-more."""
    best: tuple[int, int, int] | None = None
    best_url = None
    for anchor in entry.iter("a"):
        url = page.href(anchor)
        if url is None or url == page.url:
            continue
        text = text_of(anchor)
        read_more = is_read_more(text)
        rank = (
            int(in_or_around_heading(anchor) and not read_more),
            int(word_count(text) >= 3 and not read_more),
            int(read_more),
        )
        if best is None or rank > best:
            best, best_url = rank, url
    return best_url


def selected_next_url(page: ParsedPage, expression: str) -> str | None:
    for node in _safe_select(page.document, expression):
        url = _selected_url(page, node)
        if url:
            return url
    return None
