"""The date line a page shows near its headline ("21 February 2020, 14:05"), found in the
visible text: short date-looking elements after the headline (then just before it), dates
written by a small inline script, and datelines opening the first paragraphs ("Berlin,
29.11.2022 – ..."). Lines labelled as updates are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from lxml import etree

from .class_words import DATE_WORDS, class_words
from .date_order import OrderRules
from .dates import (
    UPDATE_LABEL_REACH,
    UPDATE_WORDS,
    UPDATE_WORDS_CJK,
    UPDATE_WORDS_KOREAN,
    ParsedDate,
    ends_with_update_label,
    parse_date,
    parse_date_fast,
)
from .page import Page
from .text import node_text, short_text

__all__ = ["MAX_DATE_TEXT", "after_update_label", "dayless_date_line", "text_date"]


MAX_DATE_TEXT = 150  # characters; longer elements are paragraphs, not date lines

_UPDATE_LINE = re.compile(
    rf"^\W*(?:last\s+)?(?:{UPDATE_WORDS})\b"
    rf"|^\W*(?:最終|最后|最後)?(?:{UPDATE_WORDS_CJK})|^\W*(?:{UPDATE_WORDS_KOREAN})",
    re.IGNORECASE,
)
_PUBLISHED_WORD = re.compile(
    r"published|posted|veröffentlicht|publié|publicado|pubblicato|опубликовано"
    r"|作成|公開|投稿|发布|發布|发表|發表|작성|게시|등록",
    re.IGNORECASE,
)


def after_update_label(el: etree._Element) -> bool:
    """The text just before ``el`` (its previous sibling's short text and tail, or its
    parent's leading text) ends with an update label: "Updated <time>...</time>"."""
    previous = el.getprevious()
    if previous is None:
        parent = el.getparent()
        text = (parent.text or "") if parent is not None else ""
    else:
        text = f"{short_text(previous, UPDATE_LABEL_REACH) or ''} {previous.tail or ''}"
    text = text.strip()
    return bool(text) and ends_with_update_label(text)


def text_date(
    page: Page, languages: list[str] | None, fast_only: bool = False
) -> ParsedDate | None:
    """A short date-looking line near the headline ("21 February 2020, 14:05");
    ``fast_only`` skips dateparser and datelines (for a cross-check, not a source)."""
    order = page.date_order
    found = _headline_tail_date(page, order)
    if found is not None:
        return found
    candidates = _date_line_candidates(page)
    dateish = [el for el in candidates if class_words(el) & DATE_WORDS or el.tag == "time"]
    for group in (dateish, candidates):
        for el in group:
            found = _date_in_element(el, lambda text: parse_date_fast(text, order=order))
            if found is not None:
                return found
    found = _script_written_date(candidates, order)
    if found is not None or fast_only:
        return found
    for el in dateish[:3]:
        found = _date_in_element(
            el, lambda text: parse_date(text, languages=languages, order=order)
        )
        if found is not None:
            return found
    return _dateline_date(page, order)


def _headline_tail_date(page: Page, order: OrderRules) -> ParsedDate | None:
    """A date written as bare text right after the headline, in its parent (Pelican's
    Bootstrap theme: ``<h1>Title</h1> 四 14 三月 2013 by <a>...</a>``): no element holds it,
    and the parent holds the headline, so the element search passes it by."""
    anchor = page.headline_element
    tail = (anchor.tail or "").strip() if anchor is not None else ""
    if not tail or len(tail) > MAX_DATE_TEXT or not any(ch.isdigit() for ch in tail):
        return None
    if _UPDATE_LINE.match(tail) or _is_sentence(tail):
        return None
    return parse_date_fast(tail, order=order)


MAX_DAYLESS_TEXT = 24  # characters: "Mai 5", "5. Mai", "Tue, May 5"
_YEAR = re.compile(r"\d{3,}")


def dayless_date_line(
    page: Page, year: int, month: int, languages: list[str] | None
) -> ParsedDate | None:
    """A date line near the headline that shows a day and a month but no year (``<div
    class="entry-meta-date"><span>Mai</span> <span>5</span></div>``), read in ``year`` when
    its month is ``month``: the year and month the URL gives."""
    for el in _date_line_candidates(page):
        if not (class_words(el) & DATE_WORDS or el.tag == "time"):
            continue
        text = short_text(el, MAX_DAYLESS_TEXT)
        if not text or _YEAR.search(text) or not any(ch.isdigit() for ch in text):
            continue
        found = parse_date(f"{text} {year}", languages=languages, order=page.date_order)
        if found is not None and found.iso[:7] == f"{year:04d}-{month:02d}":
            return ParsedDate(iso=found.iso[:10], raw=text)
    return None


MAX_WRITING_SCRIPT = 200  # characters: a script that writes one date, not a configuration
_STRING_LITERAL = re.compile(r"\"([^\"\\\n]{6,60})\"|'([^'\\\n]{6,60})'")


def _script_written_date(candidates: list[etree._Element], order: OrderRules) -> ParsedDate | None:
    """A date an inline script near the headline writes into the page, as old forum and
    news systems do: ``<td><script>showDate("2020/04/17 01:43:09")</script></td>``. Only a
    short script with the date as a string literal counts."""
    for el in candidates:
        if el.tag != "script" or el.get("src") or "json" in (el.get("type") or "").lower():
            continue
        code = (el.text or "").strip()
        if not code or len(code) > MAX_WRITING_SCRIPT:
            continue
        for match in _STRING_LITERAL.finditer(code):
            found = parse_date_fast(match[1] or match[2], order=order)
            if found is not None:
                return found
    return None


def _date_line_candidates(page: Page) -> list[etree._Element]:
    """Elements after the headline (then just before it); the page's start when no headline
    (worked out once per page: several date strategies and the local-time check ask)."""
    if page.date_line_candidates is None:
        page.date_line_candidates = list(_find_date_line_candidates(page))
    return page.date_line_candidates


def _find_date_line_candidates(page: Page) -> Iterator[etree._Element]:
    anchor = page.headline_element
    if anchor is None:
        ordered = list(islice(_elements_of(page.root.iter()), 600))
    else:  # the 150 elements after the headline, then the 40 before it, nearest first
        ordered = list(islice(_elements_of(_nodes_after(anchor, page.root)), 150))
        ordered += islice(_elements_of(_nodes_before(anchor, page.root)), 40)
    ancestors = set(anchor.iterancestors()) if anchor is not None else set()
    for el in ordered:
        if el in ancestors or el.tag in ("head", "title"):
            continue
        if el.tag == "script":  # chrome itself, but what it writes shows where it stands
            if _writes_into_the_body(el, page):
                yield el
            continue
        if (
            page.noise.is_chrome(el)
            and not page.noise.is_chrome_hiding_a_date(el)
            and not _follows_a_publication_label(el)
        ):
            continue
        yield el


_PUBLICATION_LABEL = re.compile(
    r"^\W*(?:first\s+)?(?:published|posted|veröffentlicht|erschienen|publié|mis\s+en\s+ligne|"
    r"mise\s+en\s+ligne|publicado|pubblicato|опубликовано)(?:\s+(?:on|am|le|el|il))?\W*$",
    re.IGNORECASE,
)


def _follows_a_publication_label(el: etree._Element) -> bool:
    """The value of a label/value pair whose label says "Published" (<dt>Published</dt>
    <dd>23 May 2019</dd>): the page's date even in a sidebar of facts about the page."""
    label = el.getprevious()
    if label is None or not isinstance(label.tag, str):
        return False
    text = short_text(label, 40)
    return bool(text and _PUBLICATION_LABEL.match(text))


def _elements_of(nodes: Iterable[etree._Element]) -> Iterator[etree._Element]:
    return (node for node in nodes if isinstance(node.tag, str))


def _nodes_after(node: etree._Element, root: etree._Element) -> Iterator[etree._Element]:
    """The nodes after ``node`` in document order, up to the end of ``root`` (walked only as
    far as the caller reads, instead of listing the whole page), leaving out side columns
    beside the headline's column."""
    headline = node
    yield from node.iterdescendants()
    while node is not root:
        for sibling in node.itersiblings():
            if _is_side_column(sibling, node, headline):
                continue
            yield sibling
            yield from sibling.iterdescendants()
        parent = node.getparent()
        if parent is None:
            return
        node = parent


def _is_side_column(
    sibling: etree._Element, column: etree._Element, headline: etree._Element
) -> bool:
    """A box holding an ``<aside>`` of its own beside ``column``, which holds the headline and
    more text (the post's column, not a headline wrapper): a sidebar, whose "News -
    2024-05-23" boxes date other articles."""
    if not any(child.tag == "aside" for child in sibling):
        return False
    return column is not headline and len(node_text(column) or "") > len(node_text(headline) or "")


def _nodes_before(node: etree._Element, root: etree._Element) -> Iterator[etree._Element]:
    """The nodes before ``node`` in document order, nearest first, back to ``root`` itself."""
    while node is not root:
        previous = node.getprevious()
        if previous is not None:
            while len(previous):  # the last node of the previous sibling's subtree
                previous = previous[-1]
            node = previous
        else:
            parent = node.getparent()
            if parent is None:
                return
            node = parent
        yield node


def _writes_into_the_body(script: etree._Element, page: Page) -> bool:
    """An inline script standing in the body's visible (non-chrome) part."""
    parent = script.getparent()
    if parent is None or parent.tag in ("head", "html") or page.noise.is_chrome(parent):
        return False
    return all(ancestor.tag != "head" for ancestor in parent.iterancestors())


def _date_in_element(el: etree._Element, parse: Any) -> ParsedDate | None:
    """Parse the element's short text; prefer the innermost element giving the same date."""
    text = short_text(el, MAX_DATE_TEXT)
    if not text or not any(ch.isdigit() for ch in text):
        return None
    if _UPDATE_LINE.match(text) and not _PUBLISHED_WORD.search(text):
        return None
    if _is_sentence(text):
        return None  # "The next meeting is on 5 February 2020 at the town hall."
    found = parse(text)
    if found is None or after_update_label(el):
        return None
    for child in el.iterdescendants():
        child_text = short_text(child, MAX_DATE_TEXT)
        if child_text and child_text != text:
            inner = parse(child_text)
            if inner is not None and inner.iso == found.iso:
                found = inner
    return found


MAX_DATE_LINE_WORDS = 10
MAX_CJK_DATE_LINE = 30  # characters: Chinese and Japanese write no spaces between words


def _is_sentence(text: str) -> bool:
    """Running text that mentions a date, not a date line: many words and a full stop (or a
    closing parenthesis: a caption "... (left) and ... (right)"), or a long line closed by
    an ideographic full stop ("2019年5月12日，在晴朗的天气里，…。")."""
    end = text.rstrip()[-1:]
    if end in "。！？":
        return len(text) > MAX_CJK_DATE_LINE
    return len(text.split()) > MAX_DATE_LINE_WORDS and end in ".!?)"


_DATELINE = re.compile(r"^(?P<head>[^\n–—|]{6,60}?)\s*[–—|-]\s")
# "01.02.2022 The labour market ..." - a numeric date opening the paragraph, no dash after it.
_LEADING_NUMERIC_DATE = re.compile(r"^(?P<head>\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})\s")
MAX_DATELINE_PARAGRAPHS = 3


def _dateline_date(page: Page, order: OrderRules) -> ParsedDate | None:
    """A dateline opening one of the first paragraphs after the headline: "Berlin,
    29.11.2022 – The government ..." (press releases and agency copy)."""
    paragraphs = [el for el in _date_line_candidates(page) if el.tag == "p"]
    for el in paragraphs[:MAX_DATELINE_PARAGRAPHS]:
        match = _DATELINE.match(node_text(el)[:120]) or _LEADING_NUMERIC_DATE.match(node_text(el))
        if match is None:
            continue
        found = parse_date_fast(match["head"], order=order)
        if found is not None:
            return found
    return None
