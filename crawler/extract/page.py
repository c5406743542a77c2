"""The parsed article page: lxml parsing with its repairs, and ``Page``, the view of one page
that every field extractor (headline, dates, byline, body) reads.

``read_page`` reads what several fields need once: <meta> tags, JSON-LD and microdata, the
declared language and the noise classification. Also here: the page's canonical URL and the
site-file selectors run against the page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from crawler.extract.markup import SECTION_TAGS, with_sections_closed, without_early_end_tags
from crawler.sites import Selectors, select

from .date_order import OrderRules
from .noise import Noise, classify_noise
from .structured import (
    StructuredArticle,
    json_ld_article,
    json_ld_objects,
    meta_tags,
    microdata_article,
    microdata_elements,
    rdfa_date_elements,
)
from .text import collapse_whitespace, node_text
from .urls import browser_slashes

__all__ = [
    "Page",
    "find_canonical_url",
    "first_selected_text",
    "parse_html",
    "read_page",
    "selected_nodes",
]

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- parsing

UNESCAPED = re.compile(r"[\s\x00-\x1f\x7f]")
XML_INCOMPATIBLE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_html(html: str) -> etree._Element | None:
    """The <html> element of ``html`` parsed by lxml, or None for empty/unparseable input."""
    if not isinstance(html, str) or not html or html.isspace():
        return None
    # lxml parses control characters into text it then refuses to set (ValueError on the first
    # text edit); browsers show nothing for them either.
    html = without_early_end_tags(html)
    source, removed = _utf8_without_xml_incompatible_characters(html)
    if removed:
        html = XML_INCOMPATIBLE_CHARACTERS.sub("", html)
    root, ignored_end_tag = _parsed(source)
    if root is not None and ignored_end_tag and _chrome_holds_content(root):
        repaired = with_sections_closed(html)
        reparsed = None if repaired is html else _parsed(repaired.encode("utf-8", "replace"))[0]
        root = root if reparsed is None else reparsed
    if root is None:
        return None
    _restore_language_attributes(root, html)
    return root


# libxml2's message for an end tag it ignored because an element inside is still open
# ("Opening and ending tag mismatch: header and div"): a section's end tag is ignored while a
# <div> of it is open, where browsers close the div.
IGNORED_SECTION_END_TAG = re.compile(
    r"mismatch: (?:" + "|".join(sorted(SECTION_TAGS)) + r") and ", re.IGNORECASE
)


def _parsed(source: bytes) -> tuple[etree._Element | None, bool]:
    """The parsed page, and whether libxml2 ignored the end tag of a section element."""
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        root = etree.fromstring(source, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    if root is None or not isinstance(root.tag, str):
        return None, False
    ignored = any(
        IGNORED_SECTION_END_TAG.search(error.message)
        for error in parser.error_log
        if error.type_name == "ERR_TAG_NAME_MISMATCH"
    )
    return root, ignored


CHROME_SECTIONS = ("header", "footer", "nav", "aside")


def _chrome_holds_content(root: etree._Element) -> bool:
    """An <article> or <main> inside a header, footer, nav or aside. On a page where libxml2
    ignored a section's end tag, that is the page (or the post) nested in the banner or a
    sidebar, which a browser would not do: such a page is parsed again with the <div>s left
    open closed at their section's end tag (``with_sections_closed``). Other pages whose end
    tags libxml2 ignored keep their tree (closing those changed headlines on the article
    bench)."""
    for content in root.iter("article", "main"):
        for _ in content.iterancestors(*CHROME_SECTIONS):
            return True
    return False


# XML_INCOMPATIBLE_CHARACTERS in UTF-8: the control characters are single bytes that never occur
# inside a multi-byte sequence; U+FFFE and U+FFFF are the only sequences starting EF BF BE/BF.
_CONTROL_BYTES = bytes(range(0x20)).translate(None, b"\t\n\r")
_NONCHARACTER_BYTES = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _utf8_without_xml_incompatible_characters(html: str) -> tuple[bytes, bool]:
    """``html`` as UTF-8 without the characters of XML_INCOMPATIBLE_CHARACTERS, and whether
    any were removed (a byte-level translate is many times cheaper than the regular
    expression over the decoded page)."""
    encoded = html.encode("utf-8", "replace")
    source = encoded.translate(None, _CONTROL_BYTES)
    if "\ufffe" in html or "\uffff" in html:  # no scan at all on a page without such wide chars
        for sequence in _NONCHARACTER_BYTES:
            source = source.replace(sequence, b"")
    return source, len(source) != len(encoded)


_HTML_START_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANGUAGE_ATTRIBUTES = ("lang", "xml:lang")
MAX_HTML_TAG_SEARCH = 200_000  # characters of source searched for <html> start tags


def _restore_language_attributes(root: etree._Element, html: str) -> None:
    """lang/xml:lang of an <html> start tag that libxml2 dropped - after stray text such as a
    PHP notice, or on a second <html> tag - copied onto the root, as browsers do."""
    if any(root.get(name) for name in _LANGUAGE_ATTRIBUTES):
        return
    for match in islice(_HTML_START_TAG.finditer(html, 0, MAX_HTML_TAG_SEARCH), 5):
        attributes = _start_tag_attributes(match.group(0))
        for name in _LANGUAGE_ATTRIBUTES:
            value = (attributes.get(name) or "").strip()
            if value and not root.get(name):
                root.set(name, value)


def _start_tag_attributes(start_tag: str) -> dict[str, str]:
    """Attributes of one start tag; {} when lxml refuses it (reading a name such as
    ``{"@type":1}`` that libxml2 kept raises ValueError too)."""
    try:
        element = etree.fromstring(f"{start_tag}</html>".encode(), parser=etree.HTMLParser())
        return dict(element.attrib) if element is not None else {}
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return {}


# ---------------------------------------------------------------- the page view


@dataclass
class Page:
    """Everything read from the page once, shared by the field extractors."""

    root: etree._Element
    url: str
    selectors: Selectors
    meta: dict[str, list[str]]
    json_ld: StructuredArticle
    microdata: StructuredArticle
    rdfa_dates: list[etree._Element]  # RDFa publication-date properties (structured.py)
    noise: Noise
    headline_element: etree._Element | None
    language: str | None
    language_tag: str
    language_source: str | None
    date_floor: date
    # Read lazily, once, by the date strategies (only the body extractor, last, changes the tree).
    date_line_candidates: list[etree._Element] | None = None
    date_order: OrderRules = field(default_factory=OrderRules)  # set by published.py


def read_page(
    root: etree._Element, url: str, selectors: Selectors | None, date_floor: date
) -> Page:
    """The view of the parsed page the field extractors share (no headline element yet)."""
    meta = meta_tags(root)
    json_ld = json_ld_article(json_ld_objects(root), url) or StructuredArticle()
    marked = microdata_elements(root)
    microdata = microdata_article(root, marked) or StructuredArticle()
    language_tag, language_source = _language_tag(root, meta, json_ld, microdata)
    noise = classify_noise(root, marked)
    return Page(
        root=root,
        url=url,
        selectors=selectors or Selectors(),
        meta=meta,
        json_ld=json_ld,
        microdata=microdata,
        rdfa_dates=rdfa_date_elements(marked),
        noise=noise,
        headline_element=None,
        language=_primary_subtag(language_tag),
        language_tag=language_tag,
        language_source=language_source,
        date_floor=date_floor,
    )


# ---------------------------------------------------------------- canonical URL, language


def find_canonical_url(page: Page) -> tuple[str, str]:
    """(canonical URL, strategy): <link rel=canonical>, og:url, JSON-LD url, else the page URL."""
    base = page.url
    for el in page.root.iter("base"):
        if el.get("href"):
            base = _join_url(page.url, el.get("href", "")) or page.url
            break
    candidates: list[tuple[str | None, str]] = [
        (el.get("href"), "link-canonical")
        for el in page.root.iter("link")
        if "canonical" in (el.get("rel") or "").lower().split()
    ]
    candidates += [(value, "meta") for value in page.meta.get("og:url", [])[:1]]
    candidates.append((page.json_ld.url, "json-ld"))
    for candidate, source in candidates:
        absolute = _join_url(base, candidate or "")
        if absolute and not _is_front_page_of(absolute, page.url):
            return absolute, source
    return page.url, "url"


def _is_front_page_of(candidate: str, url: str) -> bool:
    """A canonical URL naming the site's front page for one of its inner pages: a broken
    template or a mirror tool gives every article the same canonical "/", and taking it would
    merge all of them into one."""
    try:
        ours, theirs = urlsplit(url), urlsplit(candidate)
    except ValueError:
        return False
    return theirs.path in ("", "/") and not theirs.query and ours.path not in ("", "/")


def _join_url(base: str, href: str) -> str | None:
    href = href.strip()
    if not href:
        return None
    try:
        absolute = urljoin(base, browser_slashes(href))
    except ValueError:
        return None
    if not absolute.lower().startswith(("http://", "https://")):
        return None
    # written as is by some generators (a file name with spaces): a URL has none
    return UNESCAPED.sub(lambda m: quote(m.group(0)), absolute)


LANGUAGE_META_NAMES = ("og:locale", "content-language", "dc.language", "language")


def _language_tag(
    root: etree._Element,
    meta: dict[str, list[str]],
    json_ld: StructuredArticle,
    microdata: StructuredArticle,
) -> tuple[str, str | None]:
    """(first language tag the page declares, as written: "en-GB", "ru_RU"; strategy)."""
    candidates = [(root.get("lang"), "html-lang"), (root.get("xml:lang"), "html-lang")]
    candidates += [(meta.get(name, [None])[0], "meta") for name in LANGUAGE_META_NAMES[:1]]
    candidates += [(json_ld.language, "json-ld"), (microdata.language, "microdata")]
    candidates += [(meta.get(name, [None])[0], "meta") for name in LANGUAGE_META_NAMES[1:]]
    for candidate, source in candidates:
        if candidate and _primary_subtag(candidate):
            return candidate.split(",")[0].strip(), source
    return "", None


def _primary_subtag(tag: str) -> str | None:
    primary = re.split(r"[-_,;\s]", tag.strip().lower(), maxsplit=1)[0] if tag else ""
    if re.fullmatch(r"[a-z]{2,3}", primary) and primary not in ("und", "zxx", "mul"):
        return primary
    return None


# ---------------------------------------------------------------- site selectors


def selected_nodes(page: Page, expression: str) -> list[etree._Element | str]:
    """Nodes (or text results) matched by a site-file selector on the page."""
    try:
        selected = select(Selector(root=page.root, type="html"), expression)
    except Exception:  # an invalid selector must not stop extraction; fall back to automatic
        log.warning("site selector %r failed on %s", expression, page.url, exc_info=True)
        return []
    return [s.root for s in selected if isinstance(s.root, (str, etree._Element))]


def first_selected_text(page: Page, expression: str) -> str | None:
    for node in selected_nodes(page, expression):
        text = collapse_whitespace(node) if isinstance(node, str) else node_text(node)
        if text:
            return text
    return None
