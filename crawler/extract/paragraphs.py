"""Text blocks and paragraphs: the text of the chosen containers split where a browser starts
a new block (with each block's share of linked text), then cleaned into the body's
paragraphs: boilerplate lines, link lists, the headline and date line, related-article
headings and trailing chrome are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from .dates import ParsedDate, parse_date_fast
from .text import BLOCK_TAGS, is_boilerplate_line, node_text

__all__ = [
    "Block",
    "blocks_of",
    "clean_blocks",
    "container_blocks",
    "is_data_table",
    "is_table_of_data",
]


# ---------------------------------------------------------------- blocks as a browser lays them out


@dataclass
class Block:
    text: str
    tag: str
    link_ratio: float
    in_data_table: bool = False  # a cell or row of a table of data: no line filter applies
    cites_addresses: bool = False  # its links show their addresses, with a short lead-in
    unlinked_words: int = 0  # words outside its links
    links: int = 0  # how many links it holds (counted in mostly linked blocks only)
    is_note: bool = False  # opens with its linked note number: "[1] https://...", "3 See ..."


_BR = "\ue000"  # stands for <br> until paragraphs are split
_LINK_OPEN, _LINK_CLOSE = "\ue001", "\ue002"  # around linked text until paragraphs are split
_PARAGRAPH_BREAK = re.compile(rf"\s*{_BR}\s*(?:{_BR}\s*)+")
_LINE_BREAK = re.compile(rf"\s*{_BR}\s*")
_PLAIN_WHITESPACE = re.compile(r"[^\S\ue000]+|[\u00a0\u200b\u202f\ufeff]+")
_LINKED_TEXT = re.compile(f"{_LINK_OPEN}([^{_LINK_CLOSE}]*){_LINK_CLOSE}")
_LINK_MARKS = re.compile(f"[{_LINK_OPEN}{_LINK_CLOSE}]")


def blocks_of(containers: list[etree._Element]) -> list[Block]:
    """Text of the containers split where a browser would start a new block, in order."""
    blocks: list[Block] = []
    for container in containers:
        blocks.extend(container_blocks(container))
    return blocks


def container_blocks(container: etree._Element, split_lines: bool = False) -> Iterator[Block]:
    """Blocks of ``container``; a run of text with <br><br> inside gives one block per part
    (one per line with ``split_lines``)."""
    buffer: list[str] = []
    link_depth = 0
    block_tags: list[str] = [container.tag]
    data_tables: dict[etree._Element, bool] = {}
    tables: list[bool] = []  # per open <table>: whether it is a table of data

    def add(text: str | None) -> None:
        if text:
            buffer.append(f"{_LINK_OPEN}{text}{_LINK_CLOSE}" if link_depth else text)

    def flush() -> Iterator[Block]:
        if not buffer:  # most block boundaries come with no text in between
            return
        text = "".join(buffer)
        buffer.clear()
        if not text.isspace():  # whitespace alone makes no block
            in_data_table = bool(tables) and tables[-1]
            yield from _text_blocks(text, block_tags[-1], split_lines, in_data_table)

    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _CELL_TAGS and not split_lines and _is_data_cell(el, data_tables):
            buffer.append(" ")  # a data table's row reads as one line: "1 Kyle Busch 5040"
            tag = "span"
        if event == "start":
            if tag in BLOCK_TAGS:
                yield from flush()
                block_tags.append(tag)
                if tag == "table":
                    tables.append(is_table_of_data(el))
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
            if tag == "table":
                tables.pop()
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
        known[table] = is_data_table(table)
    return known[table]


MAX_DATA_CELL = 40  # characters; a table whose cells are all this short holds data or a heading


def is_data_table(el: etree._Element) -> bool:
    """A <table> whose cells are all short: figures, a box heading, a calendar - not prose."""
    if el.tag != "table":
        return False
    has_cells = False
    for cell in el.iter("td", "th"):
        has_cells = True
        if _is_long_cell(cell):
            return False
    return has_cells


MIN_DATA_ROWS = 3
MAX_GRID_CELL = 300  # characters; a longer cell is a layout's column, not a table entry


def is_table_of_data(table: etree._Element) -> bool:
    """A table written as a grid of data (a schedule, a ranking): at least three rows of the
    same two or more cells, no cell longer than a short paragraph, no table inside, and not
    mostly links. A layout table has a column of running text or rows of differing shapes;
    a menu laid out as a table is links."""
    if table.tag != "table" or next(table.iterdescendants("table"), None) is not None:
        return False
    rows = [row for row in table.iter("tr")]
    if len(rows) < MIN_DATA_ROWS:
        return False
    widths = [sum(1 for cell in row if cell.tag in _CELL_TAGS) for row in rows]
    common = max(set(widths), key=widths.count)
    if common < 2 or widths.count(common) < 0.8 * len(rows):
        return False
    if _is_calendar(table):
        return False
    text = 0
    for cell in table.iter("td", "th"):
        length = len(node_text(cell))
        if length > MAX_GRID_CELL:
            return False
        text += length
    linked = sum(len(node_text(a)) for a in table.iter("a"))
    return text > 0 and linked < 0.5 * text


def _is_calendar(table: etree._Element) -> bool:
    """A month laid out as a table (an archive widget): every cell a day number or empty."""
    days = [node_text(cell) for cell in table.iter("td")]
    return all(not day or (day.isdigit() and int(day) <= 31) for day in days)


def _is_long_cell(cell: etree._Element) -> bool:
    """Cell text longer than MAX_DATA_CELL (the raw text first: most cells are plainly short)."""
    raw = "".join(cell.itertext())
    return len(raw) > MAX_DATA_CELL and len(node_text(cell)) > MAX_DATA_CELL


def _text_blocks(
    text: str, tag: str, split_lines: bool = False, in_data_table: bool = False
) -> Iterator[Block]:
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
            cites = ratio > 0 and _cites_addresses(piece)
            unlinked = _unlinked_words(piece) if ratio > 0.5 else 0
            links = piece.count(_LINK_OPEN) if ratio > 0.5 else 0
            note = ratio > 0.5 and _is_note(piece)
            yield Block(lines, tag, ratio, in_data_table, cites, unlinked, links, note)


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
# An address written out as link text: with its scheme, www., or a host and a path.
_WRITTEN_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
MAX_LEAD_IN = 100  # characters of plain text around the addresses of a citing line


_WORD = re.compile(r"[^\W\d_]{2,}")


# Chinese and Japanese characters: written without spaces, about two make a word
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_CHARS_PER_WORD = 2


def _unlinked_words(marked: str) -> int:
    """How many words of ``marked`` text stand outside its links; a run of Chinese or Japanese
    characters counts one word per two characters ("所以就有了<a>X</a>这个项目。": four)."""
    return sum(_word_count(word) for word in _WORD.findall(_LINKED_TEXT.sub(" ", marked)))


def words_of(text: str) -> int:
    """How many words ``text`` holds, counting Chinese and Japanese as _unlinked_words does."""
    return sum(_word_count(word) for word in _WORD.findall(text))


def _word_count(run: str) -> int:
    if run.isascii():
        return 1
    return max(1, len(_CJK_CHAR.findall(run)) // CJK_CHARS_PER_WORD)


# A note opened by its number, linked back to where the text cites it ("[1]", "3", "^"), and
# not followed by another linked number (a pager's "1 2 3 Next").
_NOTE_NUMBER = re.compile(
    rf"^\s*{_LINK_OPEN}\s*(?:\[\d{{1,3}}\]|\d{{1,3}}|\^)\s*{_LINK_CLOSE}"
    rf"(?!\s*{_LINK_OPEN}\s*\[?\d)\s*\S"
)


def _is_note(marked: str) -> bool:
    """A footnote or endnote: its number, linked back to the reference, then the note."""
    return _NOTE_NUMBER.match(marked) is not None


def _cites_addresses(marked: str) -> bool:
    """Every link of ``marked`` text shows the address it points to, and the plain text
    around them is a short lead-in ("More information: http://..."). Menus and related
    links show titles, never raw addresses."""
    linked = [text.strip() for text in _LINKED_TEXT.findall(marked) if text.strip()]
    if not linked or not all(_WRITTEN_ADDRESS.fullmatch(text) for text in linked):
        return False
    plain = _LINKED_TEXT.sub("", marked).replace(_BR, " ")
    return len(" ".join(plain.split())) <= MAX_LEAD_IN


# ---------------------------------------------------------------- blocks -> the body's paragraphs


def clean_blocks(
    blocks: list[Block],
    headline: str | None,
    date_raw: str | None,
    trim_tail: bool = False,
    day: str | None = None,
) -> list[str]:
    """Drop boilerplate lines, link lists, the headline opening the text as a title (not a
    paragraph that repeats it) and the date line (of the article's ``day`` when known);
    trailing headings (MAX_LABEL_HEADING) and, with ``trim_tail``, the short non-sentence
    lines after the last paragraph."""
    title = headline.casefold() if headline else None
    skip = {date_raw.casefold()} if date_raw else set()
    kept: list[Block] = []
    for block in blocks:
        text = block.text
        if block.in_data_table:  # a date or an address in a cell is data, not a page's line
            kept.append(block)
            continue
        if trim_tail and kept and _is_related_heading(block):
            break  # what follows a "You may also like" heading is other articles
        if _is_title_over_date_line(kept, block, title, day, skip):
            kept.clear()  # the page's own header: title and date line
            continue
        if text.casefold() in skip or is_boilerplate_line(text):
            continue
        if not kept and text.casefold() == title and block.tag not in _TITLE_REPEATING_TAGS:
            continue
        if not kept and _is_page_date_line(block, day):
            continue
        if (
            block.link_ratio > 0.5
            and not block.tag.startswith("h")
            and not block.cites_addresses
            and not block.is_note
            and not _is_cited(text)
            and not _is_linked_sentence(block)
            and not _is_credited_link(block)
            and not _is_linked_statement(block)
        ):
            continue
        if kept and kept[-1].text == text:
            continue
        kept.append(block)
    all_headings = all(_SUBHEADING_TAG.fullmatch(block.tag) for block in kept)
    while (
        kept
        and _reads_as_a_heading(kept[-1])
        and (not all_headings or len(kept[-1].text) <= MAX_LABEL_HEADING)
    ):
        kept.pop()
    while len(kept) > 1 and (
        _is_page_date_line(kept[-1], day) or trim_tail and _is_trailing_chrome(kept[-1])
    ):
        kept.pop()
    if trim_tail and not (headline and _PROMO.search(headline)):  # the post is the newsletter
        kept = _without_promos_at_the_ends(kept)
    return [block.text for block in kept]


# A post may open with a paragraph repeating its title, or quote it (a song's name under its
# words); a heading or a bare line repeating it above the text is the title of the box.
_TITLE_REPEATING_TAGS = frozenset({"p", "blockquote", "li"})


def _is_title_over_date_line(
    kept: list[Block], block: Block, title: str | None, day: str | None, date_raw: set[str]
) -> bool:
    """``block`` is a date line (the article's date text, ``date_raw``, or a dateline) under a
    first line that repeats the headline: the page's title and its "05/10/2018 - Published
    by ..." line, not the post's."""
    return (
        len(kept) == 1
        and kept[0].text.casefold() == title
        and (block.text.casefold() in date_raw or _is_page_date_line(block, day))
    )


_SUBHEADING_TAG = re.compile(r"h[2-6]")
# A post written all in headings keeps them, but for short labels at its end ("Share this:",
# "Related"); after text, every trailing heading goes (it heads what the page left out).
MAX_LABEL_HEADING = 40  # characters
MAX_HEADING = 100  # characters; a longer "heading" is text set in a heading's type


def _reads_as_a_heading(block: Block) -> bool:
    """An <h2>-<h6> that reads as one: a single short line, not ending a sentence. Editors
    set changelogs and small print in <h6> (several lines), or a closing sentence in <h4>."""
    return (
        _SUBHEADING_TAG.fullmatch(block.tag) is not None
        and "\n" not in block.text
        and len(block.text) <= MAX_HEADING
        and not block.text.endswith((".", "!", "?", "。", "！", "？"))
    )


# An address written out, after a footnote's marker when it is a note ("[1] https://...").
_WRITTEN_URL = re.compile(r"(?:\[\d{1,3}\]\s*|\d{1,3}[.)]\s+)?https?://\S+")


def _is_cited(text: str) -> bool:
    """A mostly linked line that the text cites rather than a link list: one address written
    out, or a source credit ("Source: <a>title</a>", "原文：<a>…</a>"). Navigation never reads
    like either."""
    return _WRITTEN_URL.fullmatch(text) is not None or _SOURCE_CREDIT.match(text) is not None


MIN_WORDS_AROUND_LINKS = 4
MIN_LINKED_SENTENCE = 40  # characters


def _is_linked_sentence(block: Block) -> bool:
    """A sentence that weaves its links in ("In the latest issue of <a>Comment</a> Professor
    Bolt <a>reviews Trinity and Organism</a>."): words of its own between the links and a
    sentence end. A link list is separated by nothing, commas or bars (a name's hover card
    of linked headlines inside a paragraph is one), and ends without one."""
    return (
        block.unlinked_words >= MIN_WORDS_AROUND_LINKS
        and len(block.text) >= MIN_LINKED_SENTENCE
        and _SENTENCE_END.search(block.text) is not None
        and "|" not in block.text
    )


MIN_CREDIT_WORDS = 3


def _is_credited_link(block: Block) -> bool:
    """A paragraph or list item of one link and a few words of its own: a linked title with
    its credit ("<a>Tides and Moorings</a> by Anna Kowalska"), a download with what it is.
    Menus and related-posts lists are links alone, or links and a date."""
    return (
        block.links == 1
        and block.tag in ("p", "li")
        and block.unlinked_words >= MIN_CREDIT_WORDS
        and "|" not in block.text
    )


MIN_STATEMENT_WORDS = 6


def _is_linked_statement(block: Block) -> bool:
    """A paragraph of one link whose text is a sentence, ended by a full stop outside it: a
    link post's whole point ("<a>Rob Allen on setting up PHP on Mavericks</a>."). Menus and
    related-posts lists end on their titles, with no stop after the link."""
    return (
        block.links == 1
        and block.tag == "p"
        and block.unlinked_words == 0
        and block.link_ratio < 1.0
        and block.text.endswith(".")
        and len(_WORD.findall(block.text)) >= MIN_STATEMENT_WORDS
    )


_SOURCE_CREDIT = re.compile(
    r"""(?:sources?|via|original(?:\ article|\ post)?|originally\ published(?:\ \w+)?
    | quelle | fuente | fonte | source\ originale | источник | оригинал | źródło | zdroj
    | 原文(?:链接|連結|網址|地址)? | 来源 | 來源 | 出处 | 出處 | 出典 | 元記事 | 출처 | 원문
    )\s*[:：]
    # where the post first appeared, with or without the colon
    | (?:(?:originally|first)\ published\ (?:in|on|at|by)
    | (?:publicado\ originalmente|originalmente\ publicado)\ (?:en|em|no|na)
    | (?:publié\ (?:initialement|originellement|à\ l'origine)|paru\ initialement)\ (?:dans|sur)
    | (?:pubblicato\ (?:originariamente|originalmente|inizialmente))\ (?:su|in)
    | (?:ursprünglich|zuerst)\ (?:veröffentlicht|erschienen)\ (?:in|auf|bei|im)
    )[\s:：]""",
    re.IGNORECASE | re.VERBOSE,
)


_PROMO = re.compile(
    r"newsletter|sign\s+up|subscribe|subscription|delivered\s+(?:right\s+)?(?:to|in(?:to)?)\s+your"
    r"|abonnieren|abonnement|abonnez|suscr[ií]b",
    re.IGNORECASE,
)
MAX_PROMO = 300  # characters


def _without_promos_at_the_ends(kept: list[Block]) -> list[Block]:
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


def _is_related_heading(block: Block) -> bool:
    """A heading (h2-h6) over other articles; the same words in a paragraph are often an
    inline box ("DON'T MISS: ...") in the middle of the article."""
    return bool(_SUBHEADING_TAG.fullmatch(block.tag)) and bool(_RELATED_HEADING.match(block.text))


# Blocks that may legitimately end an article without a full stop (a list, a quote, code).
_PROSE_TAGS = frozenset({"p", "li", "dd", "dt", "blockquote", "pre", "tr"})
_CLAUSE_END = re.compile(r"[.!?…;\"'”’»)]$")
MAX_TRAILING_LINE = 80  # characters


def _is_page_date_line(block: Block, day: str | None = None) -> bool:
    """A dateline or "posted on" line of the page where it opens or closes the text; inside
    the text a line with a date is the post's ("Date of the meeting: 9 June 2018"). An
    address with a date in its path and a table's cell are no date lines, nor a line naming
    another day than the article's (an invitation to an event on its day)."""
    return (
        not block.in_data_table
        and not block.cites_addresses
        and _is_date_line(block.text, day)
        and not _is_cited(block.text)
    )


def _is_trailing_chrome(block: Block) -> bool:
    """After the last paragraph: a box heading in capitals, or a short line that is no sentence
    written straight into a layout cell ("Printer friendly | E-mail this story")."""
    if block.in_data_table:
        return False
    if _is_caps_heading(block.text):
        return True
    return (
        block.tag not in _PROSE_TAGS
        and not block.cites_addresses
        and not _is_cited(block.text)
        and len(block.text) <= MAX_TRAILING_LINE
        and not _CLAUSE_END.search(block.text)
    )


def _is_caps_heading(text: str) -> bool:
    if len(text) > 40:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


# Latin and CJK sentence ends (the ideographic full stop, full-width marks, corner quotes).
_SENTENCE_END = re.compile(r"[.!?\"”»)。！？」』）]$")


def _is_date_line(text: str, day: str | None = None) -> bool:
    """A dateline or "By X, published 21 February 2020" line (short, not a sentence), of the
    article's ``day`` when known."""
    if len(text) > 120 or _SENTENCE_END.search(text):
        return False
    found = parse_date_fast(text)
    return found is not None and (day is None or not _days_apart(found, day))


def _days_apart(found: ParsedDate, day: str) -> bool:
    """The line's date is more than a day (time zones) from the article's ``day``, read
    either way round when it is a numeric date of two readings."""
    try:
        wanted = date.fromisoformat(day[:10])
        shown = date.fromisoformat(found.iso[:10])
    except ValueError:
        return False
    readings = [shown]
    if found.order is not None and shown.day <= 12:
        readings.append(shown.replace(month=shown.day, day=shown.month))
    return all(abs((reading - wanted).days) > 1 for reading in readings)
