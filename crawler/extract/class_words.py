"""The words of an element's class and id attributes, as the extractors match them.

"shareBar most-read" reads as share, bar, sharebar, most, read, mostread, and "sidebar1" as
sidebar1 and sidebar: a class/id vocabulary (a word set) then matches however a site spells
its names. The vocabulary of date boxes lives here because both the noise rules and the
date-line search use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

__all__ = [
    "CONTENT_WORDS",
    "DATE_WORDS",
    "PAGE_BUILDER_PREFIXES",
    "POST_WORDS",
    "class_words",
    "is_marked_post",
    "marked_posts",
    "word_set",
    "words_of_class_and_id",
]


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


DATE_WORDS = word_set(
    """date time timestamp published pubdate posted dateline datetime meta byline entrydate
    postdate publishdate publish publication datum data dates metadata"""
)

# class/id words of the element a page marks as its article text (both the body and the
# noise rules read them)
CONTENT_WORDS = word_set(
    """articlebody entrycontent postcontent storybody articlecontent fieldnamebody
    fielditemsbody contentbody bodytext articletext storytext postbody entrybody textbody
    storycontent newsbody newstext articlecopy bodycopy richtext maincontent"""
)

# The same, less the words of wrappers that also hold a page's sidebars.
POST_WORDS = CONTENT_WORDS - {"maincontent"}

# class/id words of a box of other posts: what sits inside one is never the page's own post
RELATED_WORDS = word_set("related relatedposts relatedarticles")

# Page builders that call every block of a page a widget, content included (Elementor:
# elementor-widget-wrap > elementor-widget-text-editor > elementor-widget-container).
PAGE_BUILDER_PREFIXES = ("elementor-",)

_CAMEL_CASE = re.compile(r"([a-z])([A-Z])")
_DIGITS = "0123456789"


def class_words(el: etree._Element) -> frozenset[str]:
    """Words of an element's class and id: "shareBar most-read" -> share, bar, sharebar, most,
    read, mostread, ..."""
    return words_of_class_and_id(el.get("class"), el.get("id"))


def words_of_class_and_id(class_value: str | None, id_value: str | None) -> frozenset[str]:
    if not class_value and not id_value:
        return _NO_WORDS
    return _words_of_attributes(f"{class_value or ''} {id_value or ''}")


_NO_WORDS: frozenset[str] = frozenset()


@lru_cache(maxsize=50_000)
def _words_of_attributes(raw: str) -> frozenset[str]:
    """The words of a class/id string (cached: pages repeat the same few strings endlessly)."""
    words: set[str] = set()
    for token in _CAMEL_CASE.sub(r"\1-\2", raw).lower().split():
        parts = [p for p in re.split(r"[-_]+", token) if p]
        words.update(parts)
        if token[-1].isdigit():  # "sidebar1", "art-sidebar2": a sidebar (not "h1", "md4")
            words.update(w for p in parts if len(w := p.rstrip(_DIGITS)) > 2 and w != p)
        words.update(a + b for a, b in zip(parts, parts[1:], strict=False))
        words.add("".join(parts))
    return frozenset(words)


def is_marked_post(el: etree._Element) -> bool:
    """The page marks ``el`` as its article text: itemprop articleBody or text, or a post
    class (POST_WORDS)."""
    if el.get("itemprop") in ("articleBody", "text"):
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(part in names for part in _POST_WORD_PARTS) and bool(class_words(el) & POST_WORDS)


# every POST_WORDS word holds one of these: a class/id without any is no post (a quick test,
# as the noise and body rules ask it of every named element of a page)
_POST_WORD_PARTS = ("body", "content", "text", "copy")


# Only an element with a class, id or itemprop can be marked: found in C, so that
# is_marked_post looks at those alone and not at every element of the page.
_NAMED_ELEMENTS = etree.XPath("descendant-or-self::*[@class or @id or @itemprop]")


def marked_posts(root: etree._Element) -> list[etree._Element]:
    """Every element of ``root`` (itself included) marked as article text (is_marked_post), in
    document order."""
    return [el for el in _NAMED_ELEMENTS(root) if is_marked_post(el)]
