"""Authors and tags of an article page: from JSON-LD, microdata and <meta> when the page
declares them, else from the visible byline and tag links (outside sidebars and menus).
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from .class_words import class_words, word_set
from .page import Page
from .structured import split_names
from .text import BLOCK_TAGS, dedupe, node_text, short_text

__all__ = ["find_authors", "find_tags"]


AUTHOR_META_NAMES = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "byl",
)  # fmt: skip
TAG_META_NAMES = ("article:tag", "og:article:tag")
KEYWORD_META_NAMES = ("news_keywords", "keywords", "parsely-tags", "sailthru.tags")

MAX_BYLINE = 120  # characters of a byline element's own text

_AUTHOR_WORDS = word_set("byline author authorname authors writer reporter")
# class/id words of an element holding only a date (narrower than DATE_WORDS: no "byline").
_DATE_ELEMENT_WORDS = word_set(
    "date time timestamp published pubdate posted datetime dateline entrydate postdate publishdate"
)
_TAG_LIST_WORDS = word_set(
    "tags taglist tagslist posttags entrytags articletags tagcloud keywords topics storytags"
)
_BYLINE_PREFIX = re.compile(
    r"^\W*(?:by|written\s+by|von|par|por|di|door|автор[ы]?:?|текст:?)\s+", re.IGNORECASE
)


def find_authors(page: Page) -> tuple[list[str], str | None]:
    """(author names, strategy): JSON-LD, microdata, <meta>, then the visible byline."""
    for names, source in ((page.json_ld.authors, "json-ld"), (page.microdata.authors, "microdata")):
        if names:
            return names, source
    for name in AUTHOR_META_NAMES:
        values = [v for v in page.meta.get(name, []) if not re.match(r"^(https?:)?//", v)]
        names = dedupe([n for v in values for n in split_names(_BYLINE_PREFIX.sub("", v))])
        if names:
            return names, "meta"
    names = _visible_authors(page)
    return names, "byline" if names else None


def _visible_authors(page: Page) -> list[str]:
    links = [
        el
        for el in islice(page.root.iter("a"), 5000)
        if "author" in (el.get("rel") or "").lower().split() and not page.noise.is_chrome(el)
    ]
    if links:
        return dedupe([node_text(el) for el in links if 0 < len(node_text(el)) < 80])
    for el in islice(page.root.iter(), 20000):
        if not isinstance(el.tag, str) or page.noise.is_chrome(el):
            continue
        words = class_words(el)
        if not words & _AUTHOR_WORDS or words & {"bio", "authorbio"}:
            continue
        if el.tag in BLOCK_TAGS and short_text(el, 2 * MAX_BYLINE) is None:
            continue  # a large block (an author page, a bio box), not a byline
        text = _byline_text(el)
        if 0 < len(text) <= MAX_BYLINE:
            return split_names(_BYLINE_PREFIX.sub("", text))
    return []


def _byline_text(el: etree._Element) -> str:
    """Text of a byline without the dates inside it ("By Jane Doe <span class=date>...").
    A text-level byline (an unclosed <span>) also leaves out the blocks it swallowed."""
    inline = el.tag not in BLOCK_TAGS
    left_out = {
        child
        for child in el.iterdescendants()
        if isinstance(child.tag, str)
        and (
            child.tag == "time"
            or bool(class_words(child) & _DATE_ELEMENT_WORDS)
            or (inline and child.tag in BLOCK_TAGS)
        )
    }
    return node_text(el, exclude=left_out)


def find_tags(page: Page) -> tuple[list[str], str | None]:
    """(tags, strategy): JSON-LD/microdata keywords, <meta> tags, then visible tag links."""
    for tags, source in (
        (page.json_ld.keywords, "json-ld"),
        (page.microdata.keywords, "microdata"),
    ):
        if tags:
            return _clean_tags(tags), source
    for names, split in ((TAG_META_NAMES, False), (KEYWORD_META_NAMES, True)):
        for name in names:
            values = page.meta.get(name, [])
            tags = [t for v in values for t in (v.split(",") if split else [v])]
            if tags:
                return _clean_tags(tags), "meta"
    tags = _clean_tags(_visible_tags(page))
    return tags, "tag-links" if tags else None


def _visible_tags(page: Page) -> list[str]:
    """Links marked rel=tag or inside a tag-list container outside sidebars and menus."""
    tags: list[str] = []
    tag_lists: dict[etree._Element, bool] = {}  # links share their few ancestors: ask once each

    def is_tag_list(el: etree._Element) -> bool:
        if el not in tag_lists:
            tag_lists[el] = bool(class_words(el) & _TAG_LIST_WORDS)
        return tag_lists[el]

    for el in islice(page.root.iter("a"), 5000):
        rel = (el.get("rel") or "").lower().split()
        if "category" in rel:  # WordPress writes rel="category tag" on category links
            continue
        is_tag = "tag" in rel
        if not is_tag and not any(is_tag_list(a) for a in islice(el.iterancestors(), 6)):
            continue
        if _in_sidebar_or_menu(el):
            continue
        tags.append(node_text(el))
    return tags


def _in_sidebar_or_menu(el: etree._Element) -> bool:
    unwanted = {"sidebar", "widget", "widgets", "rail", "tagcloud", "menu", "related", "mostread"}
    for ancestor in el.iterancestors():
        if ancestor.tag in ("nav", "aside") or class_words(ancestor) & unwanted:
            return True
    return False


def _clean_tags(tags: list[str]) -> list[str]:
    return dedupe([t.strip().lstrip("#") for t in tags if 0 < len(t.strip()) <= 100])
