"""Selectors for a site file that give what detection found on one listing page: ``entries``
(the chosen list's items), ``article_link`` (within an entry) and ``next_page``.

Each is the simplest of a few candidates (tag and stable classes, a parent or an ancestor with a
stable id or class above it, the full tag path) that selects, through the site-file code path
(``site_selectors``), the same entry URLs and the same next page as detection did; the whole set
is checked once more with parse_listing. Stable means it does not vary per entry or per page:
no digits (``post-318``), no taxonomy words (``category-syria``), no state (``current``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.extract.listing import ListingPage, parse_listing
from crawler.extract.listing.elements import (
    Element,
    class_parts,
    collapse,
    in_or_around_heading,
    is_pager,
    text_of,
)
from crawler.extract.listing.entries import Candidate
from crawler.extract.listing.page import ParsedPage
from crawler.extract.listing.pagination import NextPage
from crawler.extract.listing.site_selectors import selected_blocks, selected_next_url
from crawler.extract.listing.vocabulary import (
    CURRENT_PARTS,
    HEADING_TAGS,
    TAXONOMY_SEGMENTS,
    VOLATILE_TOKENS,
)
from crawler.sites import Selectors

CSS_IDENTIFIER = re.compile(r"^-?[A-Za-z_][\w-]*$")
TAXONOMY_PREFIXES = tuple(f"{word}-" for word in TAXONOMY_SEGMENTS) + (
    "post-",
    "page-",
    "postid-",
    "format-",
)
MAX_CLASSES = 2


@dataclass
class SuggestedSelectors:
    """Selectors and, per key, a note on how it was chosen or why there is none."""

    selectors: Selectors = field(default_factory=Selectors)
    notes: dict[str, str] = field(default_factory=dict)
    verified: bool = False  # parse_listing with these selectors gives the same entries and next


def suggest_selectors(
    html: str,
    url: str,
    page: ParsedPage,
    best: Candidate | None,
    next_page: NextPage,
    expected: ListingPage,
) -> SuggestedSelectors:
    """Selectors that reproduce ``expected`` (what detection gave on this page, ``page``
    parsed from ``html`` at ``url``)."""
    notes: dict[str, str] = {}
    entries = link = None
    expected_urls = [entry.url for entry in expected.entries]
    if best is None or not expected_urls:
        notes["entries"] = "no entries detected: write one by hand"
    else:
        entries, link = _entry_selectors(page, best, expected_urls, notes)
    next_selector = _next_selector(page, next_page, notes)
    selectors = Selectors(entries=entries, article_link=link, next_page=next_selector)
    verified = False
    if entries or next_selector:
        again = parse_listing(html, url, selectors)
        same_entries = entries is None or [e.url for e in again.entries] == expected_urls
        same_next = next_selector is None or again.next_url == expected.next_url
        verified = same_entries and same_next
    return SuggestedSelectors(selectors, notes, verified)


# --------------------------------------------------------------------------- entries


def _entry_selectors(
    page: ParsedPage, best: Candidate, expected_urls: list[str], notes: dict[str, str]
) -> tuple[str | None, str | None]:
    items = best.group.items
    urls = [block.url for block in best.group.blocks]
    for entries in _fitting_item_selectors(page, items):
        link = _link_selector(page, items, urls, entries)
        found = _selected_urls(page, Selectors(entries=entries, article_link=link))
        if found == expected_urls:
            notes["entries"] = f"gives the {len(expected_urls)} entry URLs detection found"
            if link is None:
                notes["article_link"] = "no selector gives every entry's link; detection picks it"
            else:
                notes["article_link"] = "the headline link of every entry"
            return entries, link
    notes["entries"] = "no stable selector selects the entries detection chose"
    return None, None


def _fitting_item_selectors(page: ParsedPage, items: list[Element]) -> list[str]:
    """Candidates that select exactly ``items``, then those that select more (a table's
    header row along with its entry rows: it gives no link)."""
    exact, wider = [], []
    wanted = set(items)
    for expression in _item_selector_candidates(items):
        selected = set(_select_items(page, expression) or ())
        if selected == wanted:
            exact.append(expression)
        elif selected > wanted:
            wider.append(expression)
    return exact + wider


def _item_selector_candidates(items: list[Element]) -> list[str]:
    """From the simplest to the most specific."""
    item = _shared_step(items)
    parents = [element.getparent() for element in items]
    found = []
    if item != items[0].tag:
        found.append(item)
    if all(parent is not None for parent in parents):
        found.append(f"{_shared_step(parents)} > {item}")
    for ancestor in items[0].iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        if not all(_is_ancestor(ancestor, element) for element in items):
            continue
        step = _shared_step([ancestor])
        if step != ancestor.tag:  # a stable id or class
            found.append(f"{step} {item}")
        if step.startswith("#"):
            break
    found.append(_full_path(items))
    return list(dict.fromkeys(found))


def _shared_step(elements: list[Element]) -> str:
    """``tag.class1.class2`` with the stable classes every element has (a stable id if all
    are the same element)."""
    first = elements[0]
    if all(element is first for element in elements):
        anchor = _anchor_step(first)
        if anchor:
            return anchor
    shared = [c for c in stable_classes(first) if all(c in _classes(e) for e in elements[1:])]
    return first.tag + "".join(f".{c}" for c in shared[:MAX_CLASSES])


def _anchor_step(element: Element) -> str | None:
    """``#id`` for a stable id, else None."""
    element_id = (element.get("id") or "").strip()
    if _is_stable(element_id):
        return f"#{element_id}"
    return None


def _full_path(items: list[Element]) -> str:
    """The child path from the nearest ancestor with a stable id (else from ``body``)."""
    chain = [items]
    while True:
        parents = [element.getparent() for element in chain[-1]]
        if any(parent is None for parent in parents) or parents[0].tag in ("body", "html"):
            root = "body"
            break
        chain.append(parents)
        if all(parent is parents[0] for parent in parents) and _anchor_step(parents[0]):
            root = None
            break
    steps = [_shared_step(level) for level in reversed(chain)]
    return " > ".join([root, *steps] if root else steps)


def _is_ancestor(ancestor: Element, element: Element) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())


def stable_classes(element: Element) -> list[str]:
    return [c for c in _classes(element) if _is_stable(c)]


def _classes(element: Element) -> list[str]:
    return (element.get("class") or "").split()


def _is_stable(token: str) -> bool:
    if not token or not CSS_IDENTIFIER.match(token) or any(ch.isdigit() for ch in token):
        return False
    lower = token.lower()
    return lower not in VOLATILE_TOKENS and not lower.startswith(TAXONOMY_PREFIXES)


def _select_items(page: ParsedPage, expression: str) -> list[Element] | None:
    try:
        return [node.root for node in page.document.css(expression)]
    except Exception:  # cssselect raises its own errors for what it cannot translate
        return None


def _selected_urls(page: ParsedPage, selectors: Selectors) -> list[str]:
    return list(dict.fromkeys(block.url for block in selected_blocks(page, selectors)))


def _link_selector(
    page: ParsedPage, items: list[Element], urls: list[str], entries: str
) -> str | None:
    """A selector inside an entry whose first match is the entry's link, for every entry."""
    anchors = [_headline_anchor(page, item, url) for item, url in zip(items, urls, strict=True)]
    if any(anchor is None for anchor in anchors):
        return None
    wanted = dict(zip(items, urls, strict=True))
    for link in _link_candidates(anchors, items):
        blocks = selected_blocks(page, Selectors(entries=entries, article_link=link))
        found = {block.element: block.url for block in blocks}
        if all(found.get(item) == url for item, url in wanted.items()):
            return link
    return None


def _headline_anchor(page: ParsedPage, item: Element, url: str) -> Element | None:
    links = [a for a in item.iter("a") if page.href(a) == url]
    return next((a for a in links if in_or_around_heading(a)), links[0] if links else None)


def _link_candidates(anchors: list[Element], items: list[Element]) -> list[str]:
    anchor = _shared_step(anchors)
    found = []
    headings = [_heading_of(a, item) for a, item in zip(anchors, items, strict=True)]
    if all(h is not None for h in headings):
        found.append(f"{_shared_step(headings)} {anchor}")
        if anchor != "a":
            found.append(f"{_shared_step(headings)} a")
    if anchor != "a":
        found.append(anchor)
    found.append("a")
    return list(dict.fromkeys(found))


def _heading_of(anchor: Element, item: Element) -> Element | None:
    for ancestor in anchor.iterancestors():
        if ancestor.tag in HEADING_TAGS:
            return ancestor
        if ancestor is item:
            break
    return None


# --------------------------------------------------------------------------- next page


def _next_selector(page: ParsedPage, next_page: NextPage, notes: dict[str, str]) -> str | None:
    anchor = next_page.anchor
    if anchor is None or next_page.url is None:
        notes["next_page"] = "no next page detected on this page"
        return None
    for candidate in _next_candidates(anchor, next_page.rule):
        if selected_next_url(page, candidate) == next_page.url:
            notes["next_page"] = f"the link detection took ({next_page.source}, {next_page.rule})"
            return candidate
    notes["next_page"] = (
        f"detection finds it by {next_page.rule or next_page.source}; no selector would find "
        "the same link on every page, so leave it to detection"
    )
    return None


def _next_candidates(anchor: Element, rule: str | None) -> list[str]:
    tag = anchor.tag
    found = []
    if "next" in (anchor.get("rel") or "").lower().split():
        found.append(f'{tag}[rel~="next"]')
    pager = next((a for a in anchor.iterancestors() if is_pager(a)), None)
    scope = _pager_scope(pager)
    wrapper = next((a for a in _up_to(anchor, pager) if "next" in class_parts(a)), None)
    if wrapper is not None:
        step = _shared_step([wrapper])
        own = step if wrapper is anchor else f"{step} a"
        found += [own, f"{scope} {own}"] if scope else [own]
    label = anchor.get("aria-label") or anchor.get("title")
    if label and '"' not in label:
        attribute = "aria-label" if anchor.get("aria-label") else "title"
        found.append(f'a[{attribute}="{label}"]')
    text = text_of(anchor)
    # a label naming a page number changes from page to page ("2", "Page 2 of 7")
    numbered = rule in ("page-number", "after-current") or any(ch.isdigit() for ch in text)
    if text and '"' not in text and not numbered:
        within = f"{_xpath_scope(pager)}//a" if pager is not None else "//a"
        found.append(f'{within}[normalize-space(.)="{collapse(text)}"]')
    if rule == "after-current":
        found += _after_marker_candidates(anchor, scope)
        found += _after_current_candidates(pager)
    return list(dict.fromkeys(found))


def _after_marker_candidates(anchor: Element, scope: str | None) -> list[str]:
    """``.current + a`` or ``li.current + li a``: the link right after the marked page."""
    found = []
    for element in (anchor, anchor.getparent()):
        if element is None:
            break
        marker = element.getprevious()
        while marker is not None and not isinstance(marker.tag, str):
            marker = marker.getprevious()
        if marker is None:
            continue
        tokens = [t for t in _classes(marker) if CSS_IDENTIFIER.match(t)]
        current = [t for t in tokens if class_parts_of(t) & CURRENT_PARTS]
        if current:
            follower = anchor.tag if element is anchor else f"{element.tag} a"
            own = f"{marker.tag}.{current[0]} + {follower}"
            found += [f"{scope} {own}", own] if scope else [own]
    return found


def class_parts_of(token: str) -> set[str]:
    return {token.lower(), *re.split(r"[-_]+", token.lower())}


def _up_to(anchor: Element, stop: Element | None) -> list[Element]:
    chain = [anchor]
    for ancestor in anchor.iterancestors():
        if ancestor is stop or ancestor.tag in ("body", "html"):
            break
        chain.append(ancestor)
    return chain


def _pager_scope(pager: Element | None) -> str | None:
    if pager is None:
        return None
    step = _shared_step([pager])
    return step if step != pager.tag else None


def _xpath_scope(pager: Element) -> str:
    element_id = (pager.get("id") or "").strip()
    if _is_stable(element_id):
        return f'//*[@id="{element_id}"]'
    classes = stable_classes(pager)
    if classes:
        return (
            f'//{pager.tag}[contains(concat(" ", normalize-space(@class), " "), " {classes[0]} ")]'
        )
    return f"//{pager.tag}"


def _after_current_candidates(pager: Element | None) -> list[str]:
    """The first link after the pager's current-page marker."""
    scope = _xpath_scope(pager) if pager is not None else ""
    found = [f'({scope}//*[@aria-current="page"]/following::a[@href])[1]']
    for token in sorted(CURRENT_PARTS):
        marked = f'contains(concat(" ", normalize-space(@class), " "), " {token} ")'
        found.append(f"({scope}//*[{marked}]/following::a[@href])[1]")
    return found
