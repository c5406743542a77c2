"""Repairs to raw HTML before lxml parses it, where libxml2 reads markup otherwise than browsers.

libxml2 (2.14) stops at the first ``</html>``: a template that closes the document early
(``</head></html></html><body>...``, Hexo's Ayer theme on every page) loses its whole body,
while browsers ignore the stray end tags. Such end tags, and ``</body>``, are dropped when
markup follows them; libxml2 closes both at the end of the input anyway.
"""

from __future__ import annotations

import re

HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)
END_TAGS = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
MARKUP = re.compile(r"<[a-zA-Z!]")


def without_early_end_tags(html: str) -> str:
    """``html`` without its ``</html>``/``</body>`` end tags when markup follows the first
    ``</html>``; any other page is returned as it is."""
    first = HTML_END.search(html)
    if first is None or MARKUP.search(html, first.end()) is None:
        return html
    return END_TAGS.sub("", html)


# ------------------------------------------------------- open <div>s at a section's end tag

# libxml2 lets a misplaced end tag close only elements of lower or equal "end priority": a
# <div> left open inside an <article> outranks ``</article>``, which is then ignored, and the
# next <article> nests inside the previous one's div. Browsers (HTML5 tree building) close
# every element still open inside the section at its end tag.
SECTION_TAGS = frozenset(("article", "section", "aside", "nav", "main", "header", "footer"))
TRACKED_TAGS = SECTION_TAGS | {"div"}
TAG_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|textarea|template)\b[^>]*>.*?</\1\s*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def with_sections_closed(html: str) -> str:
    """``html`` with an end tag inserted for each <div> (or section) still open when the end
    tag of a section element that holds it (``</article>``, ``</section>``, ...) comes, as a
    browser closes them; the very string when nothing is left open.

    A section's start tag with the very classes of an open section of its tag also closes that
    one first: a loop that never ends its teasers (the Blogily family writes each
    ``<article class="post excerpt">`` with no end tag and two divs left open, and all the
    ``</article>`` after the loop) would otherwise nest every teaser in the one before.
    """
    stack: list[tuple[str, str]] = []  # (tag, class attribute) of the open tracked elements
    insertions: list[tuple[int, str]] = []
    for token in TAG_TOKEN.finditer(html):
        name = (token.group(3) or "").lower()
        if name not in TRACKED_TAGS:
            continue
        if not token.group(2):
            classes = _class_attribute(token.group(0)) if name in SECTION_TAGS else ""
            sibling = _open_sibling(stack, name, classes)
            if sibling is not None:
                insertions.append((token.start(), _end_tags(stack[sibling:])))
                del stack[sibling:]
            stack.append((name, classes))
            continue
        depth = _last_open(stack, name)
        if depth is None:
            continue
        left_open = stack[depth + 1 :]
        del stack[depth:]
        if left_open and name in SECTION_TAGS:
            insertions.append((token.start(), _end_tags(left_open)))
    return _inserted(html, insertions)


CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _class_attribute(tag: str) -> str:
    """The class tokens of a start tag, normalised ("" without any)."""
    found = CLASS_ATTRIBUTE.search(tag)
    if found is None:
        return ""
    return " ".join((found.group(1) or found.group(2) or found.group(3) or "").split())


def _open_sibling(stack: list[tuple[str, str]], name: str, classes: str) -> int | None:
    """Where in ``stack`` an open section of tag ``name`` with the very classes sits."""
    if not classes:
        return None
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth] == (name, classes):
            return depth
    return None


def _last_open(stack: list[tuple[str, str]], name: str) -> int | None:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == name:
            return depth
    return None


def _end_tags(open_elements: list[tuple[str, str]]) -> str:
    return "".join(f"</{tag}>" for tag, _ in reversed(open_elements))


def _inserted(html: str, insertions: list[tuple[int, str]]) -> str:
    """``html`` with each (offset, text) of ``insertions`` (in offset order) put in."""
    if not insertions:
        return html
    parts: list[str] = []
    start = 0
    for offset, text in insertions:
        parts += (html[start:offset], text)
        start = offset
    parts.append(html[start:])
    return "".join(parts)
