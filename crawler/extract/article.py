"""Article page -> headline, publication date, body text and metadata.

``extract_article`` is a pure function of (html, url[, site selectors]). The page is parsed once
with lxml; each field is taken from the most reliable source that has it: site selectors, then
JSON-LD, microdata, <meta> tags, and finally the visible page (and the URL for the date).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice
from typing import Any

from lxml import etree

from crawler.sites import Selectors

from .byline import find_authors, find_tags
from .class_words import class_words, word_set
from .dates import (
    parse_date_fast,
)
from .headline import choose_headline, find_headline_element, strip_site_name
from .noise import drop_noise
from .page import (
    Page,
    find_canonical_url,
    parse_html,
    read_page,
    selected_nodes,
)
from .published import DEFAULT_DATE_FLOOR, publication_date
from .text import (
    BLOCK_TAGS,
    collapse_whitespace,
    comparable,
    is_boilerplate_line,
    node_text,
    split_paragraphs,
)

__all__ = ["extract_article", "parse_html", "strip_site_name"]

log = logging.getLogger(__name__)


MIN_LD_BODY = 200  # characters of JSON-LD articleBody before it is trusted at all

# ---------------------------------------------------------------- class/id words, patterns


_CONTENT_WORDS = word_set(
    """articlebody entrycontent postcontent storybody articlecontent fieldnamebody
    fielditemsbody contentbody bodytext articletext storytext postbody entrybody textbody
    storycontent newsbody newstext articlecopy bodycopy richtext maincontent"""
)
_SENTENCE_END = re.compile(r"[.!?\"”»)]$")


def extract_article(
    html: str, url: str, selectors: Selectors | None = None, *, date_floor: date | None = None
) -> dict[str, Any]:
    """Headline, date, body and metadata of an article page (see module docstring).

    Returns the keys canonical_url, headline, date, date_raw, date_source, body, authors, tags
    and language; missing values are None or []. Never raises on page content: a page that
    cannot be read at all gives the empty result.
    """
    return extract_article_details(html, url, selectors, date_floor=date_floor)[0]


def extract_article_details(
    html: str, url: str, selectors: Selectors | None = None, *, date_floor: date | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """``extract_article`` plus where each field came from: ``{field: strategy}`` for every
    field that has a value (strategies such as "json-ld", "meta", "h1", "title", "byline",
    "main-content", "json-ld-articleBody", "site-selector"). Dates before ``date_floor``
    (default ``DEFAULT_DATE_FLOOR``) are rejected like dates in the future."""
    try:
        root = parse_html(html)
        if root is None:
            return _empty_result(url), {}
        return _extract(root, url, selectors, date_floor or DEFAULT_DATE_FLOOR)
    except Exception:  # a crawl must not stop on one hostile page; the page is logged
        log.warning("article extraction failed for %s", url, exc_info=True)
        return _empty_result(url), {}


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
    root: etree._Element, url: str, selectors: Selectors | None, date_floor: date
) -> tuple[dict[str, Any], dict[str, str]]:
    page = read_page(root, url, selectors, date_floor)
    canonical_url, canonical_source = find_canonical_url(page)
    page.headline_element = find_headline_element(page)
    headline, headline_source = choose_headline(page)
    found_date = publication_date(page, canonical_url)
    authors, authors_source = find_authors(page)
    tags, tags_source = find_tags(page)
    result = _empty_result(canonical_url)
    result.update(headline=headline, authors=authors, tags=tags, language=page.language)
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
    result["body"], sources["body"] = _body(page, headline, result["date_raw"])
    return result, {name: source for name, source in sources.items() if source and result[name]}


# ---------------------------------------------------------------- body


def _body(page: Page, headline: str | None, date_raw: str | None) -> tuple[str | None, str | None]:
    """(body text, strategy): the site selector's nodes, else the main content of the page or
    the JSON-LD articleBody when that is the complete text."""
    selected: list[etree._Element] = []
    if page.selectors.body:
        selected = [n for n in selected_nodes(page, page.selectors.body) if not isinstance(n, str)]
    drop_noise(page.noise)
    if selected:
        paragraphs = _clean_blocks(_blocks(selected), headline, date_raw)
        if paragraphs:
            return "\n\n".join(paragraphs), "site-selector"
    containers = _main_content(page.root)
    for container in containers:
        _prune_boxes(container)
    dom = _clean_blocks(_blocks(containers), headline, date_raw, trim_tail=True)
    paragraphs = _prefer_json_ld_body(page.json_ld.body, dom)
    if not paragraphs:
        return None, None
    return "\n\n".join(paragraphs), "main-content" if paragraphs is dom else "json-ld-articleBody"


def _main_content(root: etree._Element) -> list[etree._Element]:
    """The element holding the article text (plus sibling parts of a split body).

    Every piece of running text adds its length (less its linked text) to the element holding
    it - the parent of a <p>, or a <div>/<td> with text written straight into it - and, halved,
    to the next two ancestors; the highest score wins.
    """
    scores: dict[etree._Element, float] = {}
    for holder, value in _text_holder_values(root):
        weight = 1.0
        for el in islice(chain([holder], holder.iterancestors()), 3):
            scores[el] = scores.get(el, 0.0) + value * weight
            weight /= 2
    if not scores:
        return []
    for el in scores:
        if el.tag == "article" or el.get("itemprop") == "articleBody":
            scores[el] *= 1.3
        elif class_words(el) & _CONTENT_WORDS:
            scores[el] *= 1.2
    best = max(scores, key=lambda el: scores[el])
    chosen = _with_body_siblings(best, scores)
    chunks = _body_chunks(best, scores)
    if not chunks:
        return chosen
    wanted = set(chosen) | set(chunks)
    return [el for el in root.iter() if el in wanted]


MIN_CHUNK_SHARE = 0.2  # of the best element's score


def _body_chunks(best: etree._Element, scores: dict[etree._Element, float]) -> list[etree._Element]:
    """Other parts of a body the page split into same-class chunks between ads and embeds
    (<div class="article__body"> ... <div class="article__body">)."""
    signature = best.get("class")
    if not signature:
        return []
    threshold = scores[best] * MIN_CHUNK_SHARE
    alike = [
        el
        for el, score in scores.items()
        if el is not best
        and score >= threshold
        and el.tag == best.tag
        and el.get("class") == signature
    ]
    if not alike:
        return []
    ancestors = set(best.iterancestors())  # not every descendant: best may be the whole page
    return [
        el
        for el in alike
        if el not in ancestors and all(parent is not best for parent in el.iterancestors())
    ]


def _text_holder_values(root: etree._Element) -> Iterator[tuple[etree._Element, float]]:
    """(element holding the text, text length weighted down by its share of linked text)."""
    for el in root.iter("p", "pre", "div", "section", "td", "blockquote"):
        parent = el.getparent()
        paragraph = el.tag in ("p", "pre")
        if paragraph:
            if parent is None:
                continue
            holder = parent
            text_length = _text_length(el)
        else:
            holder = el
            text_length = _direct_text_length(el)
        holder = _text_owner(holder, text_length)
        if text_length >= 25 and holder is not None:  # the linked text only counts from here
            link_length = _link_length(el) if paragraph else _direct_link_length(el)
            density = min(link_length, text_length) / text_length
            yield holder, text_length * (1 - density) ** 2


MAX_TABLE_CELL_TEXT = 200  # characters; longer cell text is a layout table's article column


def _text_owner(holder: etree._Element, text_length: int) -> etree._Element | None:
    """Where a piece of text counts: not in a quote (a quoted paragraph or an embedded post
    belongs to the text around it) and not in a cell of a data table (the table belongs to
    the text around it), but in the element around them."""
    while holder is not None and holder.tag == "blockquote":
        holder = holder.getparent()
    if holder is not None and holder.tag in ("td", "th") and text_length < MAX_TABLE_CELL_TEXT:
        table = next(holder.iterancestors("table"), None)
        if table is not None:
            holder = table.getparent()
    return holder


def _text_length(el: etree._Element) -> int:
    return len(collapse_whitespace("".join(el.itertext())))


def _link_length(el: etree._Element) -> int:
    """Length of the linked text inside ``el`` (uncapped: see _text_length)."""
    return sum(len(collapse_whitespace("".join(a.itertext()))) for a in el.iter("a"))


def _direct_text_length(el: etree._Element) -> int:
    """Text written straight into a <div>/<td> (not inside child blocks), as old sites and some
    CMSs do."""
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            pieces.append("".join(child.itertext()))
        pieces.append(child.tail or "")
    return len(collapse_whitespace("".join(pieces)))


def _direct_link_length(el: etree._Element) -> int:
    """How much of the text _direct_text_length counts is linked (uncapped)."""
    return sum(
        len(collapse_whitespace(node_text(a)))
        for child in el
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS
        for a in child.iter("a")
    )


def _with_body_siblings(
    best: etree._Element, scores: dict[etree._Element, float]
) -> list[etree._Element]:
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = scores[best] * 0.2
    chosen: list[etree._Element] = []
    for sibling in parent:
        if (
            sibling is best
            or isinstance(sibling.tag, str)
            and _is_body_sibling(sibling, scores, threshold)
        ):
            chosen.append(sibling)
    return chosen


def _is_body_sibling(
    el: etree._Element, scores: dict[etree._Element, float], threshold: float
) -> bool:
    if scores.get(el, 0.0) >= threshold:
        return True
    if el.tag != "p":
        return False
    text_length = _text_length(el)
    return text_length >= 80 and min(_link_length(el), text_length) / text_length < 0.25


# Inside the chosen container: boxes that sit next to the article text in old layouts.
_BOX_TAGS = frozenset({"table", "ul", "ol", "div", "section", "menu", "center"})
MAX_DATA_CELL = 40  # characters; a table whose cells are all this short holds data or a heading
MAX_TEASER_ITEM = 400  # characters of one "headline + teaser" item
MIN_LINKED_HEADLINE = 15
MIN_TEASER = 20


def _prune_boxes(container: etree._Element) -> None:
    """Empty the tables of short cells and the headline+teaser lists inside ``container``
    (innermost first, so a box emptied of its list then goes as a table of short cells); link
    lists are left to the per-block link share."""
    marked_body = _is_marked_article_body(container)  # its tables are the article's
    inner = [
        el
        for _, el in etree.iterwalk(container, events=("end",))
        if el is not container and el.tag in _BOX_TAGS
    ]
    for el in inner:
        if (_is_data_table(el) and not marked_body) or _is_teaser_list(el):
            _empty_keeping_tail(el)


def _empty_keeping_tail(el: etree._Element) -> None:
    """Remove an element's content but keep it as a block boundary between the texts around it."""
    tail = el.tail
    el.clear()
    el.tail = tail


def _is_marked_article_body(el: etree._Element) -> bool:
    """The page itself says this element is the article text (itemprop or class name)."""
    return el.get("itemprop") == "articleBody" or bool(class_words(el) & _CONTENT_WORDS)


def _is_data_table(el: etree._Element) -> bool:
    """A <table> whose cells are all short: figures, a box heading, a calendar - not prose."""
    if el.tag != "table":
        return False
    has_cells = False
    for cell in el.iter("td", "th"):
        has_cells = True
        if _is_long_cell(cell):
            return False
    return has_cells


def _is_long_cell(cell: etree._Element) -> bool:
    """Cell text longer than MAX_DATA_CELL (the raw text first: most cells are plainly short)."""
    raw = "".join(cell.itertext())
    return len(raw) > MAX_DATA_CELL and len(node_text(cell)) > MAX_DATA_CELL


def _is_teaser_list(el: etree._Element) -> bool:
    """At least two short items, (nearly) all a linked headline with a line of plain text
    under it."""
    items: list[etree._Element] = []
    candidates = _list_items(el)
    if len(candidates) < 2:
        return False
    for item in candidates:
        length = len(node_text(item))
        if length > MAX_TEASER_ITEM:
            return False  # a long item: no need to read the others
        if length:
            items.append(item)
    if len(items) < 2:
        return False
    misses = 0
    for item in items:
        if not _is_teaser_item(item):
            misses += 1
            if misses > 0.25 * len(items):  # fewer than 75% teasers: settled
                return False
    teasers = len(items) - misses
    return teasers >= 2 and teasers >= 0.75 * len(items)


def _list_items(el: etree._Element) -> list[etree._Element]:
    if el.tag == "table":
        return [row for row in el.iter("tr") if _owner_table(row) is el]
    if el.tag in ("ul", "ol", "menu"):
        return [child for child in el if child.tag == "li"]
    return [child for child in el if isinstance(child.tag, str)]


def _owner_table(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors("table"), None)


def _is_teaser_item(item: etree._Element) -> bool:
    """A linked headline, then on a line of its own a short plain text (dates and bullets of
    a few characters may come first)."""
    lines = list(_container_blocks(item, split_lines=True))
    substantial = [line for line in lines if len(line.text) >= MIN_LINKED_HEADLINE]
    if len(substantial) < 2 or substantial[0].link_ratio < 0.9:
        return False
    return any(line.link_ratio < 0.5 and len(line.text) >= MIN_TEASER for line in substantial)


@dataclass
class _Block:
    text: str
    tag: str
    link_ratio: float


_BR = "\ue000"  # stands for <br> until paragraphs are split
_LINK_OPEN, _LINK_CLOSE = "\ue001", "\ue002"  # around linked text until paragraphs are split
_PARAGRAPH_BREAK = re.compile(rf"\s*{_BR}\s*(?:{_BR}\s*)+")
_LINE_BREAK = re.compile(rf"\s*{_BR}\s*")
_PLAIN_WHITESPACE = re.compile(r"[^\S\ue000]+|[\u00a0\u200b\u202f\ufeff]+")
_LINKED_TEXT = re.compile(f"{_LINK_OPEN}([^{_LINK_CLOSE}]*){_LINK_CLOSE}")
_LINK_MARKS = re.compile(f"[{_LINK_OPEN}{_LINK_CLOSE}]")


def _blocks(containers: list[etree._Element]) -> list[_Block]:
    """Text of the containers split where a browser would start a new block, in order."""
    blocks: list[_Block] = []
    for container in containers:
        blocks.extend(_container_blocks(container))
    return blocks


def _container_blocks(container: etree._Element, split_lines: bool = False) -> Iterator[_Block]:
    """Blocks of ``container``; a run of text with <br><br> inside gives one block per part
    (one per line with ``split_lines``)."""
    buffer: list[str] = []
    link_depth = 0
    block_tags: list[str] = [container.tag]
    data_tables: dict[etree._Element, bool] = {}

    def add(text: str | None) -> None:
        if text:
            buffer.append(f"{_LINK_OPEN}{text}{_LINK_CLOSE}" if link_depth else text)

    def flush() -> Iterator[_Block]:
        if not buffer:  # most block boundaries come with no text in between
            return
        text = "".join(buffer)
        buffer.clear()
        if not text.isspace():  # whitespace alone makes no block
            yield from _text_blocks(text, block_tags[-1], split_lines)

    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _CELL_TAGS and not split_lines and _is_data_cell(el, data_tables):
            buffer.append(" ")  # a data table's row reads as one line: "1 Kyle Busch 5040"
            tag = "span"
        if event == "start":
            if tag in BLOCK_TAGS:
                yield from flush()
                block_tags.append(tag)
            elif tag == "br":
                buffer.append(_BR)
            elif tag == "a":
                link_depth += 1
            if tag:
                add(el.text)
            continue
        if tag in BLOCK_TAGS:
            yield from flush()
            block_tags.pop()
        elif tag == "a":
            link_depth -= 1
        if el is not container:
            add(el.tail)
    yield from flush()


_CELL_TAGS = frozenset({"td", "th"})


def _is_data_cell(cell: etree._Element, known: dict[etree._Element, bool]) -> bool:
    """A cell of a table of short cells (figures, standings), not a column of a layout;
    ``known`` remembers the answer per table (every cell asks twice)."""
    table = next(cell.iterancestors("table"), None)
    if table is None:
        return False
    if table not in known:
        known[table] = _is_data_table(table)
    return known[table]


def _text_blocks(text: str, tag: str, split_lines: bool = False) -> Iterator[_Block]:
    """One block per <br><br>-separated part of ``text`` (per line with ``split_lines``), each
    with its own share of links."""
    if _BR in text:
        breaks = _LINE_BREAK if split_lines else _PARAGRAPH_BREAK
        pieces = breaks.split(_PLAIN_WHITESPACE.sub(" ", text))
    else:  # one piece; its whitespace is collapsed below, only what \s misses matters here
        pieces = [_zero_width_as_spaces(text)]
    for piece in pieces:
        ratio = _link_ratio(piece)
        plain = _PLAIN_WHITESPACE.sub(" ", _LINK_MARKS.sub("", piece))
        lines = "\n".join(line.strip() for line in plain.split(_BR) if line.strip())
        if lines:
            yield _Block(lines, tag, ratio)


def _zero_width_as_spaces(text: str) -> str:
    """The characters _PLAIN_WHITESPACE takes for whitespace that \\s does not, as spaces."""
    if not text.isascii():
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return text


def _link_ratio(marked: str) -> float:
    """Share of the visible characters of ``marked`` text that sit inside links."""
    if _LINK_OPEN not in marked:
        return 0.0
    total = len(_ANY_WHITESPACE.sub("", _LINK_MARKS.sub("", marked)).replace(_BR, ""))
    if not total:
        return 0.0
    linked = sum(len(_ANY_WHITESPACE.sub("", m)) for m in _LINKED_TEXT.findall(marked))
    return min(1.0, linked / total)


_ANY_WHITESPACE = re.compile(r"\s")


def _clean_blocks(
    blocks: list[_Block], headline: str | None, date_raw: str | None, trim_tail: bool = False
) -> list[str]:
    """Drop boilerplate lines, link lists, the headline and the date line; trailing headings
    (and, with ``trim_tail``, the short non-sentence lines after the last paragraph)."""
    skip = {s.casefold() for s in (headline, date_raw) if s}
    kept: list[_Block] = []
    for block in blocks:
        text = block.text
        if trim_tail and kept and _is_related_heading(block):
            break  # what follows a "You may also like" heading is other articles
        if text.casefold() in skip or is_boilerplate_line(text) or _is_date_line(text):
            continue
        if block.link_ratio > 0.5 and not block.tag.startswith("h"):
            continue
        if kept and kept[-1].text == text:
            continue
        kept.append(block)
    while kept and _SUBHEADING_TAG.fullmatch(kept[-1].tag):
        kept.pop()
    while trim_tail and len(kept) > 1 and _is_trailing_chrome(kept[-1]):
        kept.pop()
    if trim_tail:
        kept = _without_promos_at_the_ends(kept)
    return [block.text for block in kept]


_SUBHEADING_TAG = re.compile(r"h[2-6]")
_PROMO = re.compile(
    r"newsletter|sign\s+up|subscribe|subscription|delivered\s+(?:right\s+)?(?:to|in(?:to)?)\s+your"
    r"|abonnieren|abonnement|abonnez|suscr[ií]b",
    re.IGNORECASE,
)
MAX_PROMO = 300  # characters


def _without_promos_at_the_ends(kept: list[_Block]) -> list[_Block]:
    """Drop a newsletter or subscription pitch opening or closing the text."""
    while len(kept) > 1 and len(kept[-1].text) <= MAX_PROMO and _PROMO.search(kept[-1].text):
        kept = kept[:-1]
    while len(kept) > 1 and len(kept[0].text) <= MAX_PROMO and _PROMO.search(kept[0].text):
        kept = kept[1:]
    return kept


_RELATED_HEADING = re.compile(
    r"""^\W*(?:you\ (?:may|might)\ (?:also\ )?(?:like|enjoy|be\ interested\ in)
    | (?:more|other|related|recommended|similar|latest)\ (?:stories|articles|posts|news|reads)
    | recommended\ for\ you | don'?t\ miss | (?:read|see)\ (?:also|next)
    | você\ (?:também\ )?pode\ (?:gostar|se\ interessar) | veja\ também | leia\ também
    | (?:das|dies)\ könnte\ sie\ (?:auch\ )?interessieren | weitere\ (?:artikel|beiträge)
    | mehr\ zum\ thema | lesen\ sie\ auch | à\ lire\ aussi | lire\ aussi | sur\ le\ même\ sujet
    | te\ puede\ interesar | también\ te\ puede\ interesar | noticias\ relacionadas
    | potrebbe\ interessarti | leggi\ anche | читайте\ также | смотрите\ также
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _is_related_heading(block: _Block) -> bool:
    """A heading (h2-h6) over other articles; the same words in a paragraph are often an
    inline box ("DON'T MISS: ...") in the middle of the article."""
    return bool(_SUBHEADING_TAG.fullmatch(block.tag)) and bool(_RELATED_HEADING.match(block.text))


# Blocks that may legitimately end an article without a full stop (a list, a quote, code).
_PROSE_TAGS = frozenset({"p", "li", "dd", "dt", "blockquote", "pre", "tr"})
_CLAUSE_END = re.compile(r"[.!?…;\"'”’»)]$")
MAX_TRAILING_LINE = 80  # characters


def _is_trailing_chrome(block: _Block) -> bool:
    """After the last paragraph: a box heading in capitals, or a short line that is no sentence
    written straight into a layout cell ("Printer friendly | E-mail this story")."""
    if _is_caps_heading(block.text):
        return True
    return (
        block.tag not in _PROSE_TAGS
        and len(block.text) <= MAX_TRAILING_LINE
        and not _CLAUSE_END.search(block.text)
    )


def _is_caps_heading(text: str) -> bool:
    if len(text) > 40:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _is_date_line(text: str) -> bool:
    """A dateline or "By X, published 21 February 2020" line (short, not a sentence)."""
    return len(text) <= 120 and not _SENTENCE_END.search(text) and parse_date_fast(text) is not None


def _prefer_json_ld_body(json_ld_body: str | None, dom: list[str]) -> list[str]:
    """JSON-LD articleBody when it is complete and longer than what the page shows (paywalled or
    script-rendered text); otherwise the page's own paragraphs, which keep their structure."""
    if not json_ld_body:
        return dom
    paragraphs = split_paragraphs(_strip_tags(json_ld_body))
    ld_text = " ".join(paragraphs)
    if len(ld_text) < MIN_LD_BODY or ld_text.endswith(("…", "...")):
        return dom
    dom_text = " ".join(dom)
    if not dom:
        return paragraphs
    if len(ld_text) <= len(dom_text) * 1.1:
        return dom
    return paragraphs if _texts_agree(ld_text, dom_text) else dom


def _texts_agree(ld_text: str, dom_text: str) -> bool:
    """The page's text starts the JSON-LD text (or the other way round)."""
    a, b = comparable(ld_text)[:150], comparable(dom_text)[:150]
    shorter = min(len(a), len(b))
    return shorter >= 40 and a[:shorter] == b[:shorter]


def _strip_tags(text: str) -> str:
    if "<" not in text or not re.search(r"</?[a-zA-Z][^>]*>", text):
        return text
    root = parse_html(f"<div>{text}</div>")
    if root is None:
        return text
    return "\n\n".join(block.text for block in _container_blocks(root))
