"""Questions about one element: its text, class/id tokens, whether it is or sits in a
heading, is a "read more" link, or is hidden, a byline/meta line or a pager.

Entries repeat the same markup, so the answers that depend on attributes only are cached by them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any
from urllib.parse import unquote

from lxml import etree

from crawler.extract.listing.vocabulary import (
    BARE_READ_MORE,
    HEADING_TAGS,
    HEADINGS,
    HIDDEN_TOKENS,
    META_PARTS,
    PAGER_TOKEN,
    READ_MORE,
    SHOWN_AT_WIDTH,
)

Element = Any  # an lxml element; lxml ships no type stubs

# all text below an element, as itertext() joins it
STRING_VALUE = etree.XPath("string()", smart_strings=False)
WORD = re.compile(r"\w+")
SPACELESS_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_SPACELESS_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]+")
NO_RELS: frozenset[str] = frozenset()


def collapse(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def text_of(element: Element) -> str:
    return collapse(STRING_VALUE(element))


def class_tokens(element: Element) -> tuple[str, ...]:
    """Lower-cased class tokens plus the id."""
    return split_tokens(element.get("class"), element.get("id"))


def class_parts(element: Element) -> frozenset[str]:
    """Class/id tokens and their hyphen/underscore parts (``cat-links`` -> cat, links)."""
    return _split_parts(element.get("class"), element.get("id"))


@lru_cache(maxsize=4096)
def split_tokens(classes: str | None, element_id: str | None) -> tuple[str, ...]:
    tokens = (classes or "").lower().split()
    if element_id and element_id.strip():
        tokens.append(element_id.strip().lower())
    return tuple(tokens)


@lru_cache(maxsize=4096)
def _split_parts(classes: str | None, element_id: str | None) -> frozenset[str]:
    parts: set[str] = set()
    for token in split_tokens(classes, element_id):
        parts.add(token)
        parts.update(p for p in re.split(r"[-_]+", token) if p)
    return frozenset(parts)


def has_words(text: str, count: int) -> bool:
    """word_count(text) >= count, without counting the words of a long text to its end."""
    for found, _ in enumerate(WORD.finditer(text), start=1):
        if found >= count:
            return True
    return not text.isascii() and len(SPACELESS_SCRIPT.findall(text)) // 2 >= count


def word_count(text: str) -> int:
    """Words of a spaced script, plus those of a spaceless one (Chinese, Japanese, Thai) counted
    as one per two characters, rounded up: 'CRF 算法' says two words, '条件随机场' three. A
    word mixing scripts with no space counts each spaced run apart: 'SQL学习日记02' says four."""
    words = WORD.findall(text)
    if text.isascii():  # no character of a spaceless script
        return len(words)
    spaceless = len(SPACELESS_SCRIPT.findall(text))
    runs, spaced = 0, 0
    for word in words:
        found = _SPACELESS_RUN.findall(word)
        runs += len(found)
        spaced += len([part for part in _SPACELESS_RUN.split(word) if part])
    return spaced + max(runs, (spaceless + 1) // 2)


def is_read_more(text: str) -> bool:
    match = READ_MORE.match(text) if text else None
    if match is None or word_count(text) > 12:
        return False
    bare = " ".join(match.group(1).lower().split()) in BARE_READ_MORE
    return not bare or WORD.search(text, match.end()) is None


_NOT_ALNUM = re.compile(r"[\W_]+")
_PAGE_EXTENSIONS = (".html", ".htm", ".php", ".shtml", ".aspx")
_INDEX_STEMS = frozenset({"index", "default"})
MIN_FILE_NAME = 4  # letters and digits of a file name that may name a heading


def slug_key(text: str) -> str:
    """A title or a file name as compared with the other: letters and digits only, folded
    ("Grid Search", "grid-search", "Grid_Search" -> "gridsearch")."""
    return _NOT_ALNUM.sub("", text.casefold())


def file_slug(href: str | None) -> str:
    """The name a link's URL gives its page: its last path segment, decoded, without a page
    extension (a folder's index file names the folder), as ``slug_key`` compares it."""
    path = (href or "").split("#", 1)[0].split("?", 1)[0].rstrip("/")
    segments = path.rsplit("/", 2)
    name = unquote(segments[-1])
    stem = name[: -len(ext)] if (ext := _page_extension(name)) else name
    if stem.casefold() in _INDEX_STEMS and len(segments) > 1:
        stem = unquote(segments[-2])
    return slug_key(stem)


def heading_named_by_file(
    anchor: Element, key: str, text: Callable[[Element], str] = text_of
) -> Element | None:
    """The linkless heading among the link's four nearest ancestors' that its file name
    (``key``, see ``file_slug``) says."""
    for ancestor in islice(anchor.iterancestors(), 4):
        if ancestor.tag in ("body", "html"):
            return None
        for heading in ancestor.iter(*HEADINGS):
            if next(heading.iter("a"), None) is None and slug_key(text(heading)) == key:
                return heading
    return None


def _page_extension(name: str) -> str:
    lowered = name.casefold()
    return next((ext for ext in _PAGE_EXTENSIONS if lowered.endswith(ext)), "")


def in_or_around_heading(anchor: Element) -> bool:
    """In a heading (up to a few levels up, as headings wrap links closely) or around one."""
    for depth, ancestor in enumerate(anchor.iterancestors()):
        if ancestor.tag in HEADINGS or _declares_headline(ancestor):
            return True
        if depth >= 4:
            break
    return first_heading(anchor) is not None


def first_heading(element: Element) -> Element | None:
    """The first heading in the element's subtree (itself included), or an element that
    declares itself the headline (schema.org ``property``/``itemprop="headline"``: VuePress
    Hope's ``span[property=headline]``). A scan in Python: iter() with the six heading names
    costs more for the few elements under a link."""
    for node in element.iter():
        if node.tag in HEADING_TAGS or _declares_headline(node):
            return node
    return None


def _declares_headline(element: Element) -> bool:
    return "headline" in (element.get("property"), element.get("itemprop"))


def _is_hidden(element: Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    tokens = class_tokens(element)
    hidden = any(token in HIDDEN_TOKENS for token in tokens)
    return hidden and not any(SHOWN_AT_WIDTH.match(token) for token in tokens)


def hidden_in(element: Element, container: Element | None = None) -> bool:
    """The element or one of its ancestors below ``container`` (up to the root when None) is
    hidden: a pager's "next" link kept but hidden on the last page."""
    for node in self_and_ancestors(element):
        if node is container or node.tag in ("body", "html"):
            break  # a <body class="hidden"> is a preloader's state, which a script removes
        attributes = node.items()
        if attributes and _attributes_hidden(node.tag, tuple(attributes)):
            return True
    return False


@lru_cache(maxsize=4096)
def _attributes_hidden(tag: str, attributes: tuple[tuple[str, str], ...]) -> bool:
    return _is_hidden(_AttributeView(tag, attributes))


def is_meta(element: Element) -> bool:
    return bool(meta_parts(element))


def meta_parts(element: Element) -> frozenset[str]:
    """The META_PARTS its class/id names, but for those of a token saying a post's state
    (Hugo Paige's ``paige-status-published``, Drupal's ``node--published``, ``is-published``):
    a published post is no date line; nor for those of a token naming a title too."""
    return _meta_parts(element.get("class"), element.get("id"))


_STATE_TOKEN = re.compile(r"(?:^|[-_])(?:status|state)(?:$|[-_])|^(?:is|node)-+(?:un)?published$")


_STATE_WORDS = frozenset({"published", "unpublished"})
# a class naming the title too ("post-card-title-and-meta", Jekyll Adam Blog) is the headline's
# line, however it names the meta beside it
_TITLE_WORDS = frozenset({"title", "headline", "heading"})


@lru_cache(maxsize=4096)
def _meta_parts(classes: str | None, element_id: str | None) -> frozenset[str]:
    parts: set[str] = set()
    for token in split_tokens(classes, element_id):
        token_parts = _split_parts(token, None)
        if token_parts & _TITLE_WORDS:
            continue
        parts |= token_parts - _STATE_WORDS if _STATE_TOKEN.search(token) else token_parts
    return META_PARTS.intersection(parts)


def is_pager(element: Element) -> bool:
    if _has_pager_token(element.get("class"), element.get("id")):
        return True
    label = (element.get("aria-label") or "").lower()
    is_navigation = element.tag == "nav" or element.get("role") == "navigation"
    return is_navigation and bool(re.search(r"pag|seite", label))


@lru_cache(maxsize=4096)
def _has_pager_token(classes: str | None, element_id: str | None) -> bool:
    return any(PAGER_TOKEN.search(token) for token in split_tokens(classes, element_id))


class _AttributeView:
    """An element's tag and attributes, for the tests above that read nothing else."""

    def __init__(self, tag: str, attributes: tuple[tuple[str, str], ...]) -> None:
        self.tag = tag
        self.get = dict(attributes).get


def hidden_meta_or_pager(element: Element) -> bool:
    """_is_hidden, is_meta or is_pager; decided once per tag and attribute set, as entries
    repeat the same markup."""
    attributes = element.items()
    return bool(attributes) and _attributes_hidden_meta_or_pager(element.tag, tuple(attributes))


@lru_cache(maxsize=4096)
def _attributes_hidden_meta_or_pager(tag: str, attributes: tuple[tuple[str, str], ...]) -> bool:
    view = _AttributeView(tag, attributes)
    return _is_hidden(view) or is_meta(view) or is_pager(view)


def self_and_ancestors(element: Element) -> Iterator[Element]:
    """The element, then its ancestors, made one by one (loops over them often stop early)."""
    yield element
    yield from element.iterancestors()


def rel_values(element: Element) -> frozenset[str]:
    rel = element.get("rel")
    return _rel_tokens(rel) if rel else NO_RELS


@lru_cache(maxsize=256)
def _rel_tokens(rel: str) -> frozenset[str]:
    return frozenset(rel.lower().split())
