"""The parsed listing page: the document, the URL its links resolve against, and its
landmarks (navigation, sidebars, site header and footer), with each link's URL and text kept
once read."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node

from crawler.extract.listing.elements import Element, class_parts, rel_values, text_of
from crawler.extract.listing.vocabulary import (
    LANDMARK_ROLES,
    LANDMARK_TAGS,
    PAGE_PARAMS,
    PATH_PAGE,
    QUERY_PAIR,
    SCOPED_LANDMARK_TAGS,
    SECTIONING,
)
from crawler.extract.markup import SECTION_TAGS, with_sections_closed, without_early_end_tags
from crawler.extract.urls import normalize_url, same_domain

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ROLE_HOLDERS = etree.XPath("//*[@role]")
HOLDS_MAIN_CONTENT = etree.XPath("boolean(descendant::main or descendant::*[@role='main'])")
PAGE_FRAME_ROLES = frozenset(("banner", "contentinfo"))
INDEX_FILES = ("index.html", "index.htm", "index.php")  # a folder's page in static exports
# The site header and footer a page builder writes as plain <div>s: Elementor Pro's theme
# locations (div.elementor-location-footer[data-elementor-type=footer]), Beaver Themer's
# (div.fl-builder-content[data-type=footer]).
BUILDER_FRAMES = etree.XPath(
    "//*[@data-elementor-type='header' or @data-elementor-type='footer'"
    " or (contains(@class, 'fl-builder-content') and (@data-type='header' or @data-type='footer'))]"
)
HEADING_LINKS = etree.XPath(".//*[self::h1 or self::h2 or self::h3 or self::h4]//a[@href]")
# What an end tag libxml2 ignored leaves behind: a section element inside one of its own kind,
# or the page's content (<main>, <article>s) inside a header or footer whose end tag a <div>
# left open in it outranked
MISNESTED_SECTION = etree.XPath(
    "boolean("
    + " or ".join(f"//{tag}[ancestor::{tag}]" for tag in sorted(SECTION_TAGS))
    + " or //header[descendant::main or descendant::article]"
    + " or //footer[descendant::main or descendant::article])"
)


class ParsedPage:
    """The parsed document with the URLs needed to resolve and compare its links."""

    def __init__(self, document: Selector, url: str) -> None:
        self.document = document
        self.root: Element = document.root
        self.url = normalize_url(url) or url
        self.base = self._base_href(url)
        self.canonical = self._declared_canonical()
        self.mirrored_origin = self._mirrored_origin()
        self.self_urls = self._self_urls()
        self._hrefs: dict[Element, str | None] = {}
        self._texts: dict[Element, str] = {}
        self.landmarks = self._find_landmarks()
        self._links_in_landmarks = self._links_inside(self.landmarks)

    def _base_href(self, url: str) -> str:
        for base in self.root.iter("base"):
            href = base.get("href")
            if href:
                resolved = normalize_url(href, url or None)
                return resolved or url
        return url

    def _declared_canonical(self) -> str | None:
        """The page's canonical URL (``rel=canonical``, else ``og:url``), or None."""
        declared = [
            *(e.get("href") for e in self.root.iter("link") if "canonical" in rel_values(e)),
            *(e.get("content") for e in self.root.iter("meta") if e.get("property") == "og:url"),
        ]
        for raw in declared:
            canonical = normalize_url(raw, self.url or None) if raw else None
            if canonical is not None:
                return canonical
        return None

    def _mirrored_origin(self) -> str | None:
        """The origin this page is a copy of: its canonical URL names the same path on another
        origin, as on a staging copy, an archive or a local mirror of a site built with
        absolute links. Links to that origin are links to this copy (see href)."""
        if self.canonical is None:
            return None
        origin, here = _origin(self.canonical), _origin(self.url)
        same_path = _path_key(self.canonical) == _path_key(self.url)
        return origin if same_path and origin != here else None

    def _self_urls(self) -> frozenset[str]:
        """The URLs that name this listing rather than an entry of it: its own URL, its first
        page's when it is a later page (``/posts/page/4/`` -> ``/posts/``, ``?page=4`` -> no
        page key), and its canonical URL when that names one of them, on any origin (Hugo
        gives every page of a section the section's ``.Permalink``)."""
        urls = {self.url}
        first = _first_page_url(self.url)
        if first is not None:
            urls.add(first)
        paths = {_path_key(url) for url in urls}
        if self.canonical is not None and _path_key(self.canonical) in paths:
            urls.add(self.canonical)
        return frozenset(urls)

    def is_self(self, url: str) -> bool:
        """Whether ``url`` names this listing (see _self_urls): never one of its entries."""
        return url in self.self_urls

    def href(self, element: Element) -> str | None:
        """The normalised URL an element's href points to (None if unusable); on a mirrored
        page, a link to the origin it copies points into this copy."""
        if element not in self._hrefs:
            raw = element.get("href")
            url = normalize_url(raw, self.base or None) if raw else None
            if url is not None and _rooted_by_mistake(raw, url):
                url = normalize_url("/" + raw.strip().lstrip("/"), self.url)
            mirrored = self.mirrored_origin
            if url is not None and mirrored is not None and url.startswith(mirrored + "/"):
                url = _origin(self.url) + url[len(mirrored) :]
            self._hrefs[element] = url
        return self._hrefs[element]

    def text(self, element: Element) -> str:
        """text_of(element), kept: a link's text is read by several steps."""
        text = self._texts.get(element)
        if text is None:
            text = self._texts[element] = text_of(element)
        return text

    def resolve(self, raw: str) -> str | None:
        return normalize_url(raw.strip(), self.base or None) if raw and raw.strip() else None

    def _find_landmarks(self) -> set[Element]:
        tagged = self.root.iter(*LANDMARK_TAGS, *SCOPED_LANDMARK_TAGS)
        found = {e for e in (*tagged, *ROLE_HOLDERS(self.root)) if _is_landmark(e)}
        found.update(e for e in BUILDER_FRAMES(self.root) if not HOLDS_MAIN_CONTENT(e))
        return found

    @staticmethod
    def _links_inside(landmarks: set[Element]) -> set[Element]:
        """Every <a> in (or being) a landmark."""
        inside: set[Element] = set()
        for landmark in landmarks:
            inside.update(landmark.iter("a"))
        return inside

    def link_in_landmark(self, anchor: Element) -> bool:
        return anchor in self._links_in_landmarks

    def on_site(self, url: str) -> bool:
        """Whether ``url`` is on this site's domain (any subdomain): a tag page lists the site's
        own articles, while blogrolls, share and login links go elsewhere."""
        return same_domain(url, self.url)


def _rooted_by_mistake(raw: str, url: str) -> bool:
    """A protocol-relative link (``//categories/x/page/2/``, ``//page/1``) whose "host" is one
    plain label with no dot or port: no host on the web, but a root path a site built with
    base URL "/" (gatsby-starter-lumen, Hugo) joined to "/"; a browser would go nowhere, the
    path on this site is meant."""
    if not raw.strip().startswith("//"):
        return False
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in parts.netloc or host == "localhost":
        return False
    return PLAIN_LABEL.fullmatch(host) is not None


PLAIN_LABEL = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _first_page_url(url: str) -> str | None:
    """The first page of the listing ``url`` is a later page of, by its page number in the
    path (``/page/4/``) or in a page query key; None when it names no page number."""
    parts = urlsplit(url)
    match = PATH_PAGE.match(without_index_file(parts.path))
    if match and not parts.query:
        return normalize_url(parts._replace(path=match.group("prefix") + "/").geturl())
    pairs = parts.query.split("&") if parts.query else []
    kept = [pair for pair in pairs if not _is_page_pair(pair)]
    if len(kept) == len(pairs):
        return None
    return normalize_url(parts._replace(query="&".join(kept)).geturl())


def without_index_file(path: str) -> str:
    """The folder a path's index file stands for (``/news/page/2/index.html`` -> ``/news/page/2/``):
    static exports (wget, Simply Static, HTTrack) link every folder by its index file."""
    folder, _, name = path.rpartition("/")
    return folder + "/" if name in INDEX_FILES else path


def _is_page_pair(pair: str) -> bool:
    match = QUERY_PAIR.match(pair)
    return bool(match) and match.group("key").lower() in PAGE_PARAMS


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _path_key(url: str) -> str:
    return urlsplit(url).path.rstrip("/") or "/"


def _is_landmark(element: Element) -> bool:
    role = (element.get("role") or "").strip().lower()
    # a site header or footer never holds the page's main content: one that does was left
    # open by the markup (the parser nests the rest of the page inside it)
    is_frame = element.tag in SCOPED_LANDMARK_TAGS or role in PAGE_FRAME_ROLES
    if is_frame and HOLDS_MAIN_CONTENT(element):
        return False
    if element.tag == "aside" and not role and _is_list_aside(element):
        return False
    if element.tag in LANDMARK_TAGS or role in LANDMARK_ROLES:
        return True
    if element.tag not in SCOPED_LANDMARK_TAGS:
        return False
    if any(part in ("site", "masthead", "page", "global") for part in class_parts(element)):
        return True
    return not any(
        ancestor.tag in SECTIONING or (ancestor.get("role") or "").lower() in ("main", "article")
        for ancestor in element.iterancestors()
    )


ASIDE_NAMES = frozenset(("sidebar", "widget", "widgets", "secondary", "related", "toc"))


def _is_list_aside(aside: Element) -> bool:
    """An <aside> inside the main content holding a list of linked headings, with no sidebar
    name: the page's own list (Hugo Ananke lists a section's posts in ``main > article >
    aside``), not a sidebar."""
    if not ASIDE_NAMES.isdisjoint(class_parts(aside)):
        return False
    in_main = any(
        ancestor.tag in ("main", "article") or (ancestor.get("role") or "").lower() == "main"
        for ancestor in aside.iterancestors()
    )
    return in_main and len(HEADING_LINKS(aside)) >= 2


def load_document(html: Any) -> Selector | None:
    """The page as parsel parses it, but with plain lxml elements: lxml.html's element classes
    cost a Python-level class lookup each time an element is touched, and nothing here needs
    their methods."""
    if isinstance(html, bytes | bytearray):
        html = bytes(html).decode("utf-8", "replace")
    if not isinstance(html, str) or not html.strip():
        return None
    text = CONTROL_CHARS.sub(" ", without_early_end_tags(html))
    try:
        root = create_root_node(text, etree.HTMLParser)
        if MISNESTED_SECTION(root):
            root = _parsed_with_sections_closed(text, root)
        return Selector(root=root, type="html")
    except (ValueError, etree.LxmlError):
        return None


def _parsed_with_sections_closed(text: str, root: Element) -> Element:
    """``root`` parsed again from ``text`` with the <div>s left open in a section closed at its
    end tag as browsers do (a theme leaving ``div.entry-content`` open in every ``<article>``
    otherwise nests each entry in the one before); ``root`` itself when nothing was open."""
    repaired = with_sections_closed(text)
    return root if repaired is text else create_root_node(repaired, etree.HTMLParser)
