"""Readers for the machine-readable parts of a page: JSON-LD, microdata, RDFa dates and <meta>
tags.

They return plain data (strings and lists); choosing between sources is left to the field
extractors (headline.py, published.py, byline.py).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .text import collapse_whitespace, dedupe, node_text

__all__ = [
    "ARTICLE_TYPES",
    "StructuredArticle",
    "json_ld_article",
    "json_ld_objects",
    "meta_tags",
    "microdata_article",
    "microdata_elements",
    "rdfa_date_elements",
    "split_names",
]

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in [
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Report",
        "TechArticle",
        "ScholarlyArticle",
        "AdvertiserContentArticle",
    ]
)
MAX_JSON_LD_OBJECTS = 500
MAX_JSON_LD_SCRIPT_CHARS = 2_000_000

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*;?\s*$")
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\||\band\b|&|\bund\b|\bet\b|\by\b|\bи\b)\s*")


@dataclass
class StructuredArticle:
    """The fields of one article object (JSON-LD or microdata); empty when absent."""

    headline: str | None = None
    date_published: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
    publisher: str | None = None


# ---------------------------------------------------------------- JSON-LD


def json_ld_objects(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, with @graph arrays, top-level lists and
    mainEntity values flattened into one list (document order)."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        if data is not None:
            objects.extend(_flatten(data, MAX_JSON_LD_OBJECTS - len(objects)))
        if len(objects) >= MAX_JSON_LD_OBJECTS:
            break
    return objects


def json_ld_article(objects: list[dict[str, Any]], page_url: str = "") -> StructuredArticle | None:
    """The article object among ``objects`` (the one for ``page_url`` when several)."""
    articles = [obj for obj in objects if _types(obj) & ARTICLE_TYPES]
    if not articles:
        return None
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    best = max(articles, key=lambda obj: _article_rank(obj, page_url))
    return StructuredArticle(
        headline=_first_text(best.get("headline")) or _first_text(best.get("name")),
        date_published=_first_text(best.get("datePublished"))
        or _first_text(best.get("dateCreated")),
        body=_first_text(best.get("articleBody"), collapse=False),
        authors=_person_names(best.get("author") or best.get("creator"), by_id),
        keywords=_keywords(best.get("keywords")),
        language=_language_value(best.get("inLanguage")),
        url=_object_url(best),
        publisher=(_person_names(best.get("publisher"), by_id) or [None])[0],
    )


# Keys of a Distill article's front matter that state its date (the template reads both).
_FRONT_MATTER_DATE_KEYS = ("published", "publishedDate")
_JSON_SCRIPT_TYPES = frozenset({"text/json", "application/json"})


def front_matter_date(root: etree._Element) -> str | None:
    """The date a Distill article's front matter states (``<d-front-matter><script
    type="text/json">{"published": "December 22, 2018", ...}``): the only date such a page
    declares (the template writes its byline from it with JavaScript). Distill.pub's
    template, al-folio's distill layout and many research blogs use it."""
    for holder in root.iter("d-front-matter"):
        for script in holder.iter("script"):
            if (script.get("type") or "").strip().lower() not in _JSON_SCRIPT_TYPES:
                continue
            data = _load_json(script.text or "")
            if isinstance(data, dict):
                for key in _FRONT_MATTER_DATE_KEYS:
                    if text := _first_text(data.get(key)):
                        return text
    return None


def _load_json(text: str) -> Any:
    text = _WRAPPERS.sub("", text.strip())
    if not text or len(text) > MAX_JSON_LD_SCRIPT_CHARS:
        return None
    for attempt in (text, _CONTROL_CHARS.sub(" ", _TRAILING_COMMA.sub(r"\1", text))):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any, limit: int) -> Iterator[dict[str, Any]]:
    """Iterative walk (no recursion: JSON-LD can be deeply nested or hostile)."""
    stack = [data]
    emitted = 0
    while stack and emitted < limit:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            emitted += 1
            yield item
            nested = [item.get("@graph"), item.get("mainEntity")]
            stack.extend(reversed([n for n in nested if isinstance(n, (list, dict))]))


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", v)[-1].lower() for v in values if isinstance(v, str)}


def _article_rank(obj: dict[str, Any], page_url: str) -> tuple[int, int, int]:
    same_page = int(bool(page_url) and _same_url(_object_url(obj), page_url))
    return same_page, int(bool(obj.get("articleBody"))), int(bool(obj.get("headline")))


def _same_url(a: str | None, b: str) -> bool:
    def key(u: str) -> str:
        return re.sub(r"^https?://(www\.)?", "", u.split("#")[0]).rstrip("/").lower()

    return bool(a) and key(a or "") == key(b)


def _object_url(obj: dict[str, Any]) -> str | None:
    for value in (obj.get("url"), obj.get("mainEntityOfPage"), obj.get("@id")):
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


def _first_text(value: Any, collapse: bool = True) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, int, float))), None)
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    for _ in range(2):  # some CMSs HTML-escape the strings inside their JSON-LD, some twice
        if not _ENTITY.search(value):
            break
        value = html.unescape(value)
    text = collapse_whitespace(value) if collapse else value.strip()
    return text or None


def _person_names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        if isinstance(item, dict):
            item = _first_text(item.get("name"))
        if isinstance(item, str) and not _looks_like_url(item):
            names.append(item)
    return dedupe(names)


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return dedupe(value.split(","))
    if isinstance(value, list):
        return dedupe([v for v in value if isinstance(v, str)])
    return []


def _language_value(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _looks_like_url(text: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^www\.", text.strip(), re.IGNORECASE))


def split_names(text: str) -> list[str]:
    """'Jane Doe and John Roe' / 'Jane Doe, John Roe' -> two names; parts with digits dropped."""
    parts = _NAME_SEPARATORS.split(text)
    return dedupe([p for p in parts if p and not any(ch.isdigit() for ch in p) and len(p) < 80])


# ---------------------------------------------------------------- microdata


_MICRODATA_ELEMENTS = etree.XPath(
    "descendant-or-self::*[@itemscope or @itemprop or (@property and @content)]"
)


def microdata_elements(root: etree._Element) -> list[etree._Element]:
    """The elements of ``root`` (itself included) with an itemscope or itemprop attribute, in
    document order: one libxml2 pass costs about what one Python loop reading one attribute of
    every element does, and serves every microdata question of the page. The same pass also
    gives the RDFa properties stated in a ``content`` attribute (see rdfa_date_elements)."""
    return _MICRODATA_ELEMENTS(root)


def microdata_article(
    root: etree._Element, marked: list[etree._Element] | None = None
) -> StructuredArticle | None:
    """itemprop values of the first itemscope typed as an article (or page-wide itemprops
    when the page uses itemprop without an article itemscope). ``marked`` is
    microdata_elements(root) when the caller already has it."""
    if marked is None:
        marked = microdata_elements(root)
    scope = _article_scope(marked)
    props = _article_properties(root, marked, scope)
    if not props:
        return None
    article = StructuredArticle(
        headline=_prop_text(props, "headline")
        or (_prop_text(props, "name") if scope is not None else None),
        date_published=_prop_text(props, "datePublished") or _prop_text(props, "dateCreated"),
        authors=_microdata_authors(props.get("author", []) + props.get("creator", [])),
        keywords=dedupe(
            [k for el in props.get("keywords", []) for k in _prop_value(el).split(",")]
        ),
        language=_prop_text(props, "inLanguage"),
        url=_prop_text(props, "url") if scope is not None else None,
    )
    has_data = article.headline or article.date_published or article.authors or article.keywords
    return article if has_data or article.language else None


def _article_scope(marked: list[etree._Element]) -> etree._Element | None:
    """The article itemscope; the one holding the page's h1 or articleBody when there are
    several (lists of related articles are often marked up as articles too)."""
    scopes: list[etree._Element] = []
    for el in marked:
        if el.get("itemscope") is None:
            continue
        types = {re.split(r"[/:#]", t)[-1].lower() for t in (el.get("itemtype") or "").split()}
        if types & ARTICLE_TYPES:
            scopes.append(el)
            if len(scopes) >= 50:
                break
    for scope in scopes:
        if (
            scope.find(".//h1") is not None
            or scope.find(".//*[@itemprop='articleBody']") is not None
        ):
            return scope
    return scopes[0] if scopes else None


def _article_properties(
    root: etree._Element, marked: list[etree._Element], scope: etree._Element | None
) -> dict[str, list[etree._Element]]:
    """_scope_properties(scope or root, scope) from the marked elements: an element whose
    owner scope is ``scope`` is inside it, so no walk of the scope is needed."""
    return _properties_by_name((el for el in marked if el is not root), scope)


def _scope_properties(
    container: etree._Element, scope: etree._Element | None
) -> dict[str, list[etree._Element]]:
    """itemprop elements that belong to ``scope`` (not to a nested itemscope), by name."""
    elements = (el for el in container.iter() if isinstance(el.tag, str) and el is not container)
    return _properties_by_name(elements, scope)


def _properties_by_name(
    elements: Iterable[etree._Element], scope: etree._Element | None
) -> dict[str, list[etree._Element]]:
    """The elements with an itemprop owned by ``scope`` (any, when None), by property name."""
    props: dict[str, list[etree._Element]] = {}
    for el in elements:
        names = (el.get("itemprop") or "").split()
        if not names or (scope is not None and _owner_scope(el) is not scope):
            continue
        for name in names:
            props.setdefault(name, []).append(el)
    return props


def _owner_scope(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.get("itemscope") is None:
        parent = parent.getparent()
    return parent


def _prop_value(el: etree._Element) -> str:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    for attr in ("content", "datetime") if tag != "a" else ("content",):
        if el.get(attr) is not None:
            return collapse_whitespace(el.get(attr) or "")
    if tag in ("a", "link") and el.get("href"):
        return el.get("href", "").strip()
    return node_text(el)


def _prop_text(props: dict[str, list[etree._Element]], name: str) -> str | None:
    for el in props.get(name, []):
        value = _prop_value(el)
        if value:
            return value
    return None


def _microdata_authors(elements: list[etree._Element]) -> list[str]:
    names: list[str] = []
    for el in elements:
        if el.get("itemscope") is not None:
            name_props = _scope_properties(el, el).get("name", [])
            value = _prop_value(name_props[0]) if name_props else ""
        else:
            value = _prop_value(el)
        if value and not _looks_like_url(value):
            names.append(value)
    return dedupe(names)


# ---------------------------------------------------------------- RDFa dates

# Elements stating a value in a ``content`` attribute under an RDFa ``property`` (or a prefixed
# microdata ``itemprop``), outside the <head>: Drupal 7's submitted line is
# <span property="dc:date dc:created" content="2021-04-12T19:02:00+00:00">Mon, 04/12/2021 -
# 19:02</span>. Plain itemprop="datePublished" is read by the microdata reader, in its scope;
# the <meta> tags of the <head> by meta_tags.
_DUBLIN_CORE_PREFIXES = frozenset({"dc", "dcterms", "dct", "dc11", "dce"})
_DUBLIN_CORE_DATES = frozenset({"date", "created", "issued"})
_PUBLICATION_PROPERTIES = frozenset({"datepublished", "published_time"})
MAX_RDFA_DATES = 50


def rdfa_date_elements(marked: list[etree._Element]) -> list[etree._Element]:
    """The elements of ``marked`` (microdata_elements) outside the <head> whose ``content`` is a
    publication date by their property, in document order: dc:date, dc:created,
    dcterms:created, dcterms:date, dcterms:issued (any Dublin Core prefix or namespace URI),
    schema:datePublished (any prefix, or none in a ``property``) and article:published_time."""
    found: list[etree._Element] = []
    for el in marked:
        if el.get("content") is None or _in_head(el):
            continue
        tokens = (el.get("property") or "").split() + [
            token for token in (el.get("itemprop") or "").split() if ":" in token
        ]
        if any(_is_publication_date_property(token) for token in tokens):
            found.append(el)
            if len(found) >= MAX_RDFA_DATES:
                break
    return found


def _in_head(el: etree._Element) -> bool:
    parent = el.getparent()
    return parent is not None and parent.tag == "head"


def _is_publication_date_property(token: str) -> bool:
    prefix, _, local = token.rpartition("/" if "/" in token else ":")
    local = local.rpartition("#")[2].lower()
    if local in _PUBLICATION_PROPERTIES:
        return True
    if local not in _DUBLIN_CORE_DATES:
        return False
    return prefix.lower() in _DUBLIN_CORE_PREFIXES or "purl.org/dc/" in prefix.lower()


# ---------------------------------------------------------------- meta tags


def meta_tags(root: etree._Element) -> dict[str, list[str]]:
    """<meta name|property|http-equiv=... content=...> as lowercased key -> contents in order."""
    meta: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                meta.setdefault(key, []).append(collapse_whitespace(content))
    return meta
