"""A tag's RSS/Atom feed: found on its listing page, read into entries (URL, title, date).

Pure: HTML or XML bytes and URLs in, plain data out (no Scrapy objects, no network).

Feeds are hostile input. They are parsed by lxml with entity expansion, external entities,
DTD loading and the network off, and without ``huge_tree`` (libxml2's depth and size limits
stay on). A feed that declares entities at all (the billion-laughs and XXE shapes) is refused
rather than read with its references left out; so is one larger than ``max_bytes``. Every
refusal is a :class:`FeedError` whose ``reason`` is short enough to be a stats key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from lxml import etree

from crawler.extract.urls import normalize_url, same_site

__all__ = [
    "FEED_TYPES",
    "FeedEntry",
    "FeedError",
    "MAX_FEED_BYTES",
    "find_tag_feed",
    "parse_feed",
    "url_variants",
]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
MAX_FEED_BYTES = 4 * 1024 * 1024  # a tag feed of 4 MiB holds hundreds of full posts
# How a feed's own URL ends, for feeds linked with a plain <a> (no type attribute).
FEED_PATH_ENDINGS = re.compile(
    r"(?:/feed|/rss|/atom|index\.xml|feed\.xml|rss\.xml|atom\.xml|\.rss|\.atom)/?$", re.I
)
# Page-number steps of a listing's URL, dropped before comparing it with a feed's URL.
PAGE_PATH_SUFFIX = re.compile(r"/page/\d+/?$|/(?:index\d*\.html?)$|/$", re.I)
PAGE_QUERY_KEYS = frozenset({"page", "paged", "p", "pg", "start", "offset"})
# File-name parts that never name a tag (``/feeds/all.atom.xml`` is the whole site's feed).
GENERIC_SLUGS = frozenset({"all", "index", "feed", "feeds", "rss", "atom", "xml", "tag", "tags"})
# The prolog (XML declaration, DOCTYPE) ends where the root element starts.
PROLOG_SCAN = 1024 * 1024
ROOT_START = re.compile(rb"<[A-Za-z_:]")
ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s+(?:%\s+)?[^\s\"'>]+\s+(SYSTEM|PUBLIC)?")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


class FeedError(ValueError):
    """A feed that was not read; ``reason``: ``too_large``, ``not_xml``, ``not_a_feed``,
    ``entities`` (declares entities: billion laughs) or ``external_entity`` (XXE)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class FeedEntry:
    url: str  # absolute, normalize_url()'d link of the entry
    title: str | None  # whitespace collapsed
    date: str | None  # ISO 8601 (the offset kept when the feed gives one)


# --------------------------------------------------------------------------- discovery


def find_tag_feed(html: str | bytes, page_url: str) -> str | None:
    """The feed of the listing itself, linked from its page, or None.

    ``<link rel="alternate">`` (or ``<a>``) with an RSS/Atom type first, then ``<a>`` links
    whose URL looks like a feed's. Only a feed that belongs to this listing counts (see
    :func:`is_listing_feed`): the site's main feed or a comments feed lists other articles.
    """
    root = _html_root(html)
    if root is None:
        return None
    for url in _feed_links(root, page_url):
        if is_listing_feed(url, page_url):
            return url
    return None


def _html_root(html: str | bytes) -> etree._Element | None:
    if isinstance(html, bytes | bytearray):
        html = bytes(html).decode("utf-8", "replace")
    if not html.strip():
        return None
    try:
        return etree.HTML(html, etree.HTMLParser(no_network=True))
    except (ValueError, etree.LxmlError):
        return None


def _feed_links(root: etree._Element, page_url: str) -> Iterator[str]:
    base = _base_href(root, page_url)
    typed = root.xpath("//link[@href][@type] | //a[@href][@type]")
    for element in typed:
        rel = (element.get("rel") or "alternate").lower().split()
        if "alternate" in rel and (element.get("type") or "").strip().lower() in FEED_TYPES:
            url = normalize_url(element.get("href") or "", base)
            if url:
                yield url
    for element in root.xpath("//a[@href]"):
        url = normalize_url(element.get("href") or "", base)
        if url and FEED_PATH_ENDINGS.search(urlsplit(url).path):
            yield url


def _base_href(root: etree._Element, page_url: str) -> str:
    bases = root.xpath("//base[@href]/@href")
    return normalize_url(str(bases[0]), page_url) or page_url if bases else page_url


def is_listing_feed(feed_url: str, listing_url: str) -> bool:
    """Whether a feed is the listing's own: on the same site, not a comments feed, and

    - under the listing's path (``/tags/x/`` -> ``/tags/x/feed/``, ``/tags/x/index.xml``;
      ``/tag/x.html`` -> ``/tag/x.xml``), or
    - carrying the listing's query (``/?tag=x`` -> ``/?feed=rss2&tag=x``), or
    - naming the listing's slug in its file name (``/tag/x.html`` -> ``/feeds/x.tag.atom.xml``).
    """
    if not same_site(feed_url, listing_url):
        return False
    feed, listing = urlsplit(feed_url), urlsplit(listing_url)
    if "comments" in feed.path.lower().split("/"):
        return False
    listing_query = _listing_query(listing.query)
    if listing_query:
        return listing_query <= set(parse_qsl(feed.query))
    stem = _listing_stem(listing.path)
    if stem and (feed.path.startswith(stem + "/") or feed.path.startswith(stem + ".")):
        return True
    slug = stem.rsplit("/", 1)[-1].lower()
    feed_name_parts = re.split(r"[._-]", feed.path.rsplit("/", 1)[-1].lower())
    return len(slug) >= 3 and slug not in GENERIC_SLUGS and slug in feed_name_parts


def _listing_query(query: str) -> set[tuple[str, str]]:
    return {(k, v) for k, v in parse_qsl(query) if k.lower() not in PAGE_QUERY_KEYS}


def _listing_stem(path: str) -> str:
    """``/tags/x/page/2/`` -> ``/tags/x``; ``/tag/x.html`` -> ``/tag/x``; ``/`` -> ``""``."""
    stem = PAGE_PATH_SUFFIX.sub("", path)
    while stem != (shorter := PAGE_PATH_SUFFIX.sub("", stem)):
        stem = shorter
    return re.sub(r"\.(?:html?|php|aspx?)$", "", stem, flags=re.I)


# --------------------------------------------------------------------------- parsing


def parse_feed(data: bytes, url: str, max_bytes: int = MAX_FEED_BYTES) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in the feed's order, each link
    resolved (``xml:base``, then the feed's URL) and normalised, once each.

    Raises :class:`FeedError` for a feed it will not read.
    """
    if max_bytes and len(data) > max_bytes:
        raise FeedError("too_large", f"{len(data)} bytes, more than {max_bytes}")
    _refuse_declared_entities(data)
    root = _xml_root(data)
    _refuse_entities(root)
    kind = etree.QName(root).localname.lower()
    if kind == "rss":
        channels = _children(root, "channel")
        items = [item for channel in channels for item in _children(channel, "item")]
    elif kind == "rdf":
        items = list(_children(root, "item"))
    elif kind == "feed":
        items = list(_children(root, "entry"))
    else:
        raise FeedError("not_a_feed", f"root element <{kind}>")
    return _unique(_entry(item, url) for item in items)


def _xml_root(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise FeedError("not_xml", str(error)[:200]) from None
    if root is None:
        raise FeedError("not_xml", "empty document")
    return root


def _refuse_declared_entities(data: bytes) -> None:
    """Refuse entity declarations in the prolog before parsing: libxml2 would stop a billion
    laughs with a syntax error (its amplification limit), which says less than ``entities``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data[: 2 * PROLOG_SCAN].decode("utf-16", "replace").encode("utf-8")
    root_start = ROOT_START.search(data, 0, PROLOG_SCAN)
    prolog = data[: root_start.start() if root_start else PROLOG_SCAN]
    declarations = ENTITY_DECLARATION.findall(prolog)
    if any(external for external in declarations):
        raise FeedError("external_entity", "the feed declares an external entity")
    if declarations:
        raise FeedError("entities", f"the feed declares {len(declarations)} entities")


def _refuse_entities(root: etree._Element) -> None:
    """No feed needs its own entities; declaring them is how the billion-laughs (internal,
    nested) and XXE (external: SYSTEM or PUBLIC) attacks start."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return
    entities = list(dtd.iterentities())
    if any(entity.system_url for entity in entities):
        raise FeedError("external_entity", "the feed declares an external entity")
    if entities:
        raise FeedError("entities", f"the feed declares {len(entities)} entities")


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname.lower() == name:
            yield child


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    for name in names:
        for child in _children(element, name):
            return child
    return None


def _entry(item: etree._Element, feed_url: str) -> FeedEntry | None:
    base = _xml_base(item, feed_url)
    link = _entry_link(item)
    url = normalize_url(link, base) if link else None
    if url is None:
        return None
    title = _text(_child(item, "title"))
    when = _text(_child(item, "pubdate", "published", "date", "issued", "updated", "modified"))
    if when and _ZERO_YEAR.search(when):
        return None  # Go's zero time: a Hugo page without a date (About), not a post
    return FeedEntry(url, title or None, feed_date(when))


def _xml_base(element: etree._Element, feed_url: str) -> str:
    """``xml:base`` of the element and its ancestors, resolved outermost first."""
    bases = [e.get(XML_BASE) for e in (*reversed(list(element.iterancestors())), element)]
    base = feed_url
    for value in (b for b in bases if b):
        base = normalize_url(value, base) or base
    return base


def _entry_link(item: etree._Element) -> str | None:
    """RSS ``<link>`` text, Atom ``<link rel="alternate" href>``, else a permalink ``<guid>``."""
    for link in _children(item, "link"):
        href = link.get("href")
        if href is None:
            if text := _text(link):
                return text
        elif (link.get("rel") or "alternate") == "alternate":
            return href.strip()
    guid = _child(item, "guid", "id")
    if guid is not None and guid.get("isPermaLink", "true") != "false":
        text = _text(guid)
        if text and text.startswith(("http://", "https://")):
            return text
    return None


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


# A four-digit year before 1000 ('0001', Go's zero time, which Hugo writes for an undated
# page): RFC 2822's rule for two-digit years would read it as 2001.
_ZERO_YEAR = re.compile(r"^\s*0\d{3}-|\d\s+[A-Za-z]{3,}\.?\s+0\d{3}(?!\d)")


def feed_date(text: str | None) -> str | None:
    """RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) -> ISO 8601; None when unreadable or
    when its year is written as one before 1000 (a placeholder, not a date)."""
    if not text or _ZERO_YEAR.search(text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return moment.isoformat()


def _unique(entries: Iterable[FeedEntry | None]) -> list[FeedEntry]:
    kept: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry is not None and entry.url not in kept:
            kept[entry.url] = entry
    return list(kept.values())


# --------------------------------------------------------------------------- comparing


def url_variants(url: str) -> set[str]:
    """The forms under which a listing may give a feed's link: http or https, with or without
    ``www.``, with or without a trailing slash (all normalised)."""
    parts = urlsplit(url)
    host = parts.netloc
    bare = host[len("www.") :] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    variants = set()
    for scheme in ("http", "https"):
        for netloc in (bare, "www." + bare):
            for tail in (path or "/", path + "/"):
                variant = normalize_url(urlunsplit((scheme, netloc, tail, parts.query, "")))
                if variant:
                    variants.add(variant)
    return variants
