"""Small text helpers shared by the extractors: whitespace, element text, boilerplate lines."""

from __future__ import annotations

import re
from collections.abc import Collection

from lxml import etree

__all__ = [
    "BLOCK_TAGS",
    "INVISIBLE_TAGS",
    "collapse_whitespace",
    "comparable",
    "dedupe",
    "is_boilerplate_line",
    "node_text",
    "previous_element",
    "short_text",
    "split_paragraphs",
]

# Elements that start a new line when a browser renders them.
# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# fmt: on

# Elements whose text content is never shown (ruby annotations: readings above the text).
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "rt", "rp"})

_WHITESPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_BLANK_LINES = re.compile(r"\n\s*\n")
_NON_WORD = re.compile(r"\W+")

_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        advertisement | advertising | adverts? | ad | ads | sponsored(?:\ content)? | promoted
        | share(?:\ (?:this|the|on|via))?(?:\ (?:article|story|post|page))?
        | share\ on\ (?:facebook|twitter|x|linkedin|whatsapp)
        | (?:facebook|twitter|linkedin|whatsapp|telegram|email|e-mail|print|copy\ link)
        | read\ more | read\ also | see\ also | continue\ reading | click\ here | more\ on\ this
        | related(?:\ (?:articles?|stories|content|news|posts))? | most\ read | most\ popular
        | (?:leave\ a\ |post\ a\ |add\ a\ )?comments? | \d+\ comments?
        | sign\ up(?:\ for\ (?:our|the)\ newsletter)? | subscribe(?:\ now|\ to\ our\ newsletter)?
        | back\ to\ top | skip\ to\ (?:main\ )?content | tags? | topics?
        | реклама | читайте\ также | смотрите\ также | поделиться | комментарии
        | anzeige | werbung | mehr\ zum\ thema | lesen\ sie\ auch | teilen
        | publicité | lire\ aussi | à\ lire\ aussi | partager
        | publicidad | lea\ también | compartir
    )[\s.:!…»>|-]*$
    | ^(?:(?:photo|photograph|image|picture|foto|фото|credit)s?\s*[:©/|]
         | © | \(c\)\s | copyright\s).*
    """,
    re.IGNORECASE | re.VERBOSE,
)


def collapse_whitespace(text: str) -> str:
    """All runs of whitespace (including no-break and zero-width spaces) become one space.

    The runs of _WHITESPACE are the whitespace of str.split() plus two characters it does not
    count (zero-width space, BOM); split() and join() do the same work many times faster."""
    if not text.isascii():
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def comparable(text: str) -> str:
    """``text`` without punctuation and spaces, casefolded: "Backen.de" = "backen de"."""
    return _NON_WORD.sub("", text).casefold()


def previous_element(el: etree._Element) -> etree._Element | None:
    """The element before ``el`` among its siblings, passing over comments and processing
    instructions."""
    previous = el.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    return previous


def node_text(node: etree._Element, exclude: Collection[etree._Element] = ()) -> str:
    """Visible-ish text of an element: block boundaries and <br> become spaces, then collapsed;
    script and style contents, and the contents of ``exclude`` elements (not the text after
    them), are left out."""
    parts: list[str] = []
    hidden_depth = 0
    for event, el in etree.iterwalk(node, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        hidden = tag in INVISIBLE_TAGS or el in exclude
        if event == "start":
            if hidden:
                hidden_depth += 1
            if tag in BLOCK_TAGS or tag == "br":
                parts.append(" ")
            if el.text and tag and not hidden_depth:
                parts.append(el.text)
            continue
        if hidden:
            hidden_depth -= 1
        if tag in BLOCK_TAGS:
            parts.append(" ")
        if el.tail and el is not node and not hidden_depth:
            parts.append(el.tail)
    return collapse_whitespace("".join(parts))


def short_text(el: etree._Element, limit: int) -> str | None:
    """node_text of ``el`` when it is at most ``limit`` characters (cheap early exit)."""
    for count, _ in enumerate(el.iter()):
        if count > 40:  # a short line is not a large subtree
            return None
    length = 0
    for piece in el.itertext():
        length += len(piece.strip())
        if length > limit * 2:
            return None
    text = node_text(el)
    return text if len(text) <= limit else None


def is_boilerplate_line(text: str) -> bool:
    """True for short lines such as "Share this", "Read more" or "Advertisement"."""
    return len(text) <= 60 and bool(_BOILERPLATE_LINE.match(text.strip()))


def split_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs on blank lines (or on single newlines when none)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text) else text.split("\n")
    return [p for p in (collapse_whitespace(c) for c in chunks) if p]


def dedupe(values: list[str]) -> list[str]:
    """Drop empty values and case-insensitive repeats, keeping the first spelling and order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        value = collapse_whitespace(value)
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


# The symbol Markdown renderers put beside a heading to link to it (markdown-it-anchor "#",
# Python-Markdown and Sphinx "¶", "§", "🔗", Docusaurus's zero-width space).
_PERMALINK_SYMBOLS = frozenset({"", "#", "¶", "§", "🔗", "🔗︎", "⚓", "⚓︎"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def heading_permalinks(heading: etree._Element) -> list[etree._Element]:
    """The heading's links to itself whose text is a permalink symbol ("DatPy is progressing
    <a href="#datpy-is-progressing">#</a>")."""
    found = []
    for anchor in heading.iter("a"):
        href = (anchor.get("href") or "").strip()
        if href.startswith("#") and "".join(anchor.itertext()).strip().strip("\u200b") in (
            _PERMALINK_SYMBOLS
        ):
            found.append(anchor)
    return found


def drop_heading_permalinks(root: etree._Element) -> None:
    """Empty every heading's permalinks (heading_permalinks), keeping the text after them."""
    for heading in list(root.iter(*_HEADINGS)):
        for anchor in heading_permalinks(heading):
            tail = anchor.tail
            anchor.clear()
            anchor.tail = tail
