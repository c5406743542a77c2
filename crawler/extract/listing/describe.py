"""What an entry shows: its headline, the date it gives and its teaser text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, takewhile

from lxml import etree

from crawler.extract.dates import parse_date_fast
from crawler.extract.listing.elements import (
    MIN_FILE_NAME,
    WORD,
    Element,
    class_parts,
    class_tokens,
    collapse,
    file_slug,
    first_heading,
    has_words,
    heading_named_by_file,
    hidden_meta_or_pager,
    in_or_around_heading,
    is_read_more,
    slug_key,
    text_of,
)
from crawler.extract.listing.page import ParsedPage
from crawler.extract.listing.vocabulary import (
    BREAKING_TAGS,
    COMMENTS_FRAGMENT,
    DATE_PARTS,
    DATE_TEXT,
    HEADINGS,
    LINK_OR_HEADING,
    META_PARTS,
    SKIP_TAGS,
)

DIGIT = re.compile(r"\d")
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")
PUBLISHED_PARTS = frozenset(("published", "pubdate", "datepublished", "entry-date"))
UPDATED_PARTS = frozenset(("updated", "modified", "datemodified", "lastmodified", "update"))
EXCERPT_LINK_WORDS = 8  # a link to the entry saying this much is its excerpt (_is_excerpt_link)


@dataclass
class DescribedEntry:
    url: str
    headline: str | None
    teaser: str | None
    date_raw: str | None
    headline_in_heading: bool
    path: str = ""  # the tags from the root down to the link the entry was found by


def describe_entry(page: ParsedPage, region: list[Element], url: str, flat: bool) -> DescribedEntry:
    headline, in_heading = _headline(page, region, url)
    date_raw, date_element = _date(page, region)
    teaser = _teaser(page, region, url, headline, date_element, date_raw, flat)
    return DescribedEntry(url, headline, teaser, date_raw, in_heading)


def _elements(region: list[Element], *tags: str) -> Iterator[Element]:
    if len(region) == 1:  # most entries: one block, no generator around its iter()
        return region[0].iter(*tags) if isinstance(region[0].tag, str) else iter(())
    return chain.from_iterable(root.iter(*tags) for root in region if isinstance(root.tag, str))


def _headline(page: ParsedPage, region: list[Element], url: str) -> tuple[str | None, bool]:
    """Text of the best link to ``url``: one in a heading, else the longest, else a heading.
    A link to a fragment of the article (a full post's section headings, MkDocs's
    ``a.toclink``) ranks below one to the article itself."""
    best: tuple[int, int, int, str] | None = None
    named: frozenset[str] | None = None  # read on the first link outside a heading
    for anchor in _elements(region, "a"):
        inner = first_heading(anchor)
        if inner is None:
            inner = _title_block(anchor)
        text = text_of(inner) if inner is not None else page.text(anchor)
        if not text or is_read_more(text) or is_date_link(anchor, text):
            continue
        if COMMENTS_FRAGMENT.search(anchor.get("href") or "") or _names_itself(text):
            continue  # "3 comments", "Permalink"
        whole = 0 if "#" in (anchor.get("href") or "") else 1
        in_heading = in_or_around_heading(anchor)
        if not in_heading and not has_words(text, 3):  # a button's label ("Notebook")
            named = _linkless_heading_keys(region) if named is None else named
            if named and (heading := _heading_it_files(anchor, named)) is not None:
                text, in_heading = text_of(heading), True
        rank = (1 if in_heading else 0, whole, len(text), text)
        # the URL (costly to normalise) only for a link that would be the better one
        if (best is None or rank[:3] > best[:3]) and page.href(anchor) == url:
            best = rank
    if best is not None:
        return best[3], bool(best[0]) or _repeats_a_heading(region, best[3])
    return _main_heading(region)


PERMALINK_LABELS = frozenset(
    ("permalink", "permanent link", "permalien", "lien permanent", "enlace permanente")
)


def _names_itself(text: str) -> bool:
    """A link labelled as the post's permalink, not by its title."""
    return len(text) <= 20 and text.casefold() in PERMALINK_LABELS


def _linkless_heading_keys(region: list[Element]) -> frozenset[str]:
    """The region's headings without a link, as a file name would say them (``slug_key``)."""
    keys = (
        slug_key(text_of(heading))
        for heading in _elements(region, *HEADINGS)
        if next(heading.iter("a"), None) is None
    )
    return frozenset(key for key in keys if len(key) >= MIN_FILE_NAME)


def _heading_it_files(anchor: Element, named: frozenset[str]) -> Element | None:
    """The entry's linkless heading that the link's file name says (a card's "Notebook" button
    to ``/Grid Search.html`` under ``<h3>Grid Search</h3>``): the entry's headline."""
    key = file_slug(anchor.get("href"))
    return heading_named_by_file(anchor, key) if key in named else None


def _title_block(anchor: Element) -> Element | None:
    """The title-classed block of a link wrapped around a whole card (hugo-sugoi's ``a >
    div.stamp-image + div.stamp-title + div.summary``): its headline, where the link's text
    runs on into the teaser and tags. Only for a link of blocks with no text of its own, so
    that a title written in the link beside a ``span.title-badge`` stays whole. Wrappers of
    one element and no text (Hugo Diary's ``a > div.post-item-wrapper > div.post-item``)
    are passed through."""
    blocks = anchor
    while len(blocks) == 1 and not _has_own_text(blocks) and isinstance(blocks[0].tag, str):
        blocks = blocks[0]
    if len(blocks) < 2 or _has_own_text(blocks):
        return None
    for node in blocks.iterdescendants():
        if isinstance(node.tag, str) and _is_title_classed(node) and WORD.search(text_of(node)):
            return node
    return None


def _has_own_text(element: Element) -> bool:
    return any(text.strip() for text in _own_text(element))


def _is_title_classed(element: Element) -> bool:
    """``title``, ``card-title``, ``posttitle``; not ``subtitle``, nor a meta line's title
    (``category-title``, ``title-badge``)."""
    if not element.get("class"):
        return False
    parts = class_parts(element)
    if not META_PARTS.isdisjoint(parts):
        return False
    if "title" in parts:
        return True
    return any(t.endswith("title") and not t.endswith("subtitle") for t in class_tokens(element))


def _main_heading(region: list[Element]) -> tuple[str | None, bool]:
    """The text of the region's highest-level heading (the first of that level): a card
    linked only by "read more" puts a kicker h3 ("Review") or an author h5 beside its h2
    title."""
    best: tuple[int, str] | None = None
    for heading in _elements(region, *HEADINGS):
        level = int(heading.tag[1])
        if (best is None or level < best[0]) and (text := text_of(heading)):
            best = (level, text)
    return (best[1], True) if best is not None else (None, False)


def _repeats_a_heading(region: list[Element], text: str) -> bool:
    """Whether a heading of the region without a link says the link's very text: a link laid
    over the entry beside its heading (Tailwind's ``a.absolute.inset-0`` at font size 0)."""
    return any(
        text_of(heading) == text and next(heading.iter("a"), None) is None
        for heading in _elements(region, *HEADINGS)
    )


def is_date_link(anchor: Element, text: str) -> bool:
    """A link saying only a date (WordPress's date permalink, its <time> or a date text): no
    headline."""
    rest = text
    for time in anchor.iter("time"):
        rest = rest.replace(text_of(time), "")
    if rest != text and WORD.search(rest) is None:
        return True
    match = DATE_TEXT.search(text) if len(text) <= 40 else None
    return match is not None and WORD.search(text[: match.start()] + text[match.end() :]) is None


def _date(page: ParsedPage, region: list[Element]) -> tuple[str | None, Element | None]:
    """Date shown in the entry: <time>, then a date-classed element, then date-like text."""
    for time in sorted(_elements(region, "time"), key=_is_update_time):
        value = _time_value(time)
        if value:
            return value, time
    date_like: tuple[str, Element] | None = None
    for element in _elements(region):
        if not isinstance(element.tag, str) or element.tag in LINK_OR_HEADING:
            continue
        if not DATE_PARTS.isdisjoint(class_parts(element)):
            text = text_of(element)
            if text and len(text) <= 80 and DIGIT.search(text):
                return text, element
        if date_like is None:
            own = collapse("".join(_own_text(element)))
            match = DATE_TEXT.search(own) if own and DIGIT.search(own) else None
            text = text_of(element) if match else ""
            if match and len(text) <= 80:
                date_like = (text if len(text) <= 40 else match.group(0)), element
    return date_like if date_like else (None, None)


def _is_update_time(time: Element) -> bool:
    """A <time> of the entry's last change (``class="updated"``, ``itemprop="dateModified"``),
    not of its publication (WordPress's ``class="entry-date published updated"`` is both):
    another <time> of the entry comes first (sorted() keeps their order otherwise)."""
    parts = class_parts(time) | {(time.get("itemprop") or "").lower()}
    if parts & PUBLISHED_PARTS:
        return False
    return bool(parts & UPDATED_PARTS)


def _time_value(time: Element) -> str:
    """A <time>'s datetime attribute, else its text; the text when it is a full date of
    another day than the attribute's (Jekyll themes writing the build time, ``site.time``, in
    every entry's attribute: ``<time datetime="2021-10-18T20:20:37Z">2021-05-12</time>``). A
    numeric text whose day and month could be swapped is not read against the attribute."""
    attribute = (time.get("datetime") or "").strip()
    text = text_of(time)
    if not attribute or not text:
        return attribute or text
    shown = parse_date_fast(text) if DIGIT.search(text) else None
    if shown is None or shown.order is not None:
        return attribute
    stated = parse_date_fast(attribute)
    return text if stated is None or stated.iso[:10] != shown.iso[:10] else attribute


def without_page_stamp(entries: list[DescribedEntry]) -> list[DescribedEntry]:
    """The entries without their date when every one of three or more gives the same date and
    time of day: the time the page was built or served, not the entries' dates."""
    dates = {entry.date_raw for entry in entries}
    if len(entries) < 3 or len(dates) != 1:
        return entries
    stamp = dates.pop()
    if stamp is None or not TIME_OF_DAY.search(stamp):
        return entries
    return [replace(entry, date_raw=None) for entry in entries]


def _own_text(element: Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if child.tail:
            yield child.tail


def _teaser(
    page: ParsedPage,
    region: list[Element],
    url: str,
    headline: str | None,
    date_element: Element | None,
    date_raw: str | None,
    flat: bool,
) -> str | None:
    """Paragraph texts of the entry minus headline, date, meta lines and read-more links."""
    collector = _ChunkCollector()
    for index, root in enumerate(region):
        is_tag = isinstance(root.tag, str)
        if is_tag and (index == 0 or not _skip_in_teaser(page, root, url, headline, date_element)):
            _walk_teaser(page, root, url, headline, date_element, collector)
            collector.flush()
        if flat:
            collector.add(root.tail, in_link=False)
    collector.flush()
    excluded = {headline, date_raw}
    chunks = [chunk for chunk in collector.chunks if chunk not in excluded]
    chunks = [chunk for chunk in chunks if has_words(chunk, 3) and not is_read_more(chunk)]
    return "\n\n".join(chunks) or None


class _ChunkCollector:
    """Gathers text into paragraphs; drops paragraphs that are link text only."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self._parts: list[str] = []
        self._has_plain_text = False

    def add(self, text: str | None, in_link: bool) -> None:
        if not text:
            return
        self._parts.append(text)
        if not in_link and not self._has_plain_text and WORD.search(text):
            self._has_plain_text = True

    def flush(self) -> None:
        if not self._parts:  # nothing since the last flush (the flag is only set with a part)
            return
        chunk = collapse("".join(self._parts))
        if chunk and self._has_plain_text and WORD.search(chunk):
            self.chunks.append(chunk)
        self._parts = []
        self._has_plain_text = False


def _walk_teaser(
    page: ParsedPage,
    root: Element,
    url: str,
    headline: str | None,
    date_element: Element | None,
    collector: _ChunkCollector,
) -> None:
    skipped: set[Element] = set()
    link_depth = 0
    # iterwalk never yields comments or processing instructions: the text after one (its tail)
    # is taken before the element that follows it, or at the end of its parent.
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is not root:
                _add_comment_tails(element.itersiblings(preceding=True), collector, link_depth > 0)
            if not isinstance(tag, str) or (
                element is not root and _skip_in_teaser(page, element, url, headline, date_element)
            ):
                skipped.add(element)
                walker.skip_subtree()
                continue
            if tag in BREAKING_TAGS:
                collector.flush()
            if tag == "a" and not _is_excerpt_link(page, element, url, headline):
                link_depth += 1
            elif tag == "br":
                collector.add(" ", in_link=False)
            if element.text:
                collector.add(element.text, in_link=link_depth > 0)
            continue
        if element not in skipped:
            _add_comment_tails(reversed(element), collector, link_depth > 0)
            if tag == "a" and not _is_excerpt_link(page, element, url, headline):
                link_depth -= 1
            if tag in BREAKING_TAGS:
                collector.flush()
        if element is not root and element.tail:
            collector.add(element.tail, in_link=link_depth > 0)


def _is_excerpt_link(page: ParsedPage, anchor: Element, url: str, headline: str | None) -> bool:
    """A link to the entry itself whose text is the excerpt, not the headline: a paragraph
    written as one link (``<section class="post-card-excerpt"><a href=entry>In May, we
    ...</a>``, Gatsby and Ghost cards) is the entry's teaser, not a list of links."""
    text = page.text(anchor)
    return (
        text != headline
        and has_words(text, EXCERPT_LINK_WORDS)
        and first_heading(anchor) is None
        and page.href(anchor) == url
    )


def _is_comment_like(node: Element) -> bool:
    return not isinstance(node.tag, str)


def _add_comment_tails(
    backwards: Iterable[Element], collector: _ChunkCollector, in_link: bool
) -> None:
    """The text after each comment (or processing instruction) that ``backwards`` (nodes in
    reverse document order) starts with, in document order."""
    comments = list(takewhile(_is_comment_like, backwards))
    for comment in reversed(comments):
        collector.add(comment.tail, in_link=in_link)


def _skip_in_teaser(
    page: ParsedPage, element: Element, url: str, headline: str | None, date_element: Element | None
) -> bool:
    if element.tag in SKIP_TAGS or element is date_element or element in page.landmarks:
        return True
    if hidden_meta_or_pager(element):
        return True
    if element.tag != "a":
        return False
    text = page.text(element)
    return is_read_more(text) or (text == headline and page.href(element) == url)
