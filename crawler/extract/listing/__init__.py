"""Find the entries and the next page of a listing page (tag, category, archive pages).

Works without site configuration, by structure rather than by class names. parse_listing, here,
composes the modules of this package:

- ``page``: the parsed page, its landmarks (navigation, sidebars, site header and footer) and
  link URLs;
- ``entries``: which links are the entries (candidate links, entry blocks, lists of blocks, the
  main list chosen by score and context);
- ``describe``: an entry's headline, date and teaser;
- ``pagination``: the next page (rel="next", pager, link text, URL pattern);
- ``site_selectors``: entries and next page from a site file's selectors instead;
- ``walk``: a later page of a walk against its first page (the spider applies it);
- ``elements``: questions about one element (text, class tokens, heading, hidden, meta, pager);
- ``vocabulary``: the words, tags, class tokens and patterns all of them recognise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from crawler.extract.listing.describe import DescribedEntry, describe_entry, without_page_stamp
from crawler.extract.listing.entries import (
    Candidate,
    Rejected,
    choose_list,
    container_depth,
    is_chosen,
    scored_lists,
    the_next_links_own_list,
    unique_by_url,
)
from crawler.extract.listing.page import ParsedPage, load_document
from crawler.extract.listing.pagination import (
    NextPage,
    find_next_page,
    next_probe_fallback,
    next_probe_url,
)
from crawler.extract.listing.site_selectors import selected_blocks, selected_next_url
from crawler.sites import Selectors

__all__ = ["ListingEntry", "ListingPage", "parse_listing"]


@dataclass
class ListingEntry:
    url: str  # absolute, normalize_url()'d article URL
    headline: str | None  # headline text of the entry (whitespace collapsed)
    teaser: str | None  # paragraphs joined with "\n\n"; no headline, date or "read more"
    date_raw: str | None  # date text shown in the entry (<time datetime> or a date-like text)
    rank: int  # 1-based position on this page
    path: str = ""  # tags from the root down to the entry's link (entries.link_path)


@dataclass
class ListingPage:
    """What a listing page offers. ``uncertain`` holds reason codes (used as stats keys):

    - ``no-entries``: no entry found (then the only code);
    - ``few-entries``: fewer than three entries found automatically;
    - ``competing-lists``: another list scored close to the chosen one;
    - ``next-guessed``: the next page comes from link text or a URL pattern only;
    - ``no-next-guessed``: no next page, and no pager or rel="prev" confirms this is the end;
    - ``extract-error``: the page could not be read at all.
    """

    entries: list[ListingEntry]
    next_url: str | None  # absolute URL of the next listing page, or None
    next_source: str | None  # "rel-next" | "pager" | "text" | "url-pattern" | "site-selector"
    uncertain: list[str] = field(default_factory=list)
    # for the walk (listing/walk.py): how deep the chosen list's container sits (None: no list
    # found automatically), and the other lists that score, best first
    container_depth: int | None = None
    others: list[list[ListingEntry]] = field(default_factory=list)
    # single links no list took ("alone"): a later page's one entry may be one of them
    lone: list[ListingEntry] = field(default_factory=list)
    # no next link, yet the page may go on: why (NextPage.unlinked) and the usual URL of the
    # next page, for the spider to probe once (see may_go_on)
    unlinked: str | None = None
    probe_url: str | None = None
    probe_fallback: str | None = None  # probed when probe_url finds nothing (404)
    # (the page number the pager marks as this page, the highest number it links), if any:
    # the walk may go on past a page of entries seen before (TagPagesSpider.leads_on)
    pager_position: tuple[int, int] | None = None


def parse_listing(html: str, url: str, selectors: Selectors | None = None) -> ListingPage:
    """Entries (article links with headline, teaser, date) and the next page of a listing.

    Never raises: unreadable input gives an empty page with ``uncertain == ["no-entries"]``.
    """
    try:
        return _parse_listing(html, url, selectors or Selectors())
    except Exception:  # the contract is "never raise", whatever a hostile page triggers
        return ListingPage([], None, None, ["no-entries", "extract-error"])


def _parse_listing(html: str, url: str, selectors: Selectors) -> ListingPage:
    document = load_document(html)
    if document is None:
        return ListingPage([], None, None, ["no-entries"])
    return detect_listing(ParsedPage(document, url), selectors).listing


@dataclass
class Detection:
    """The listing found on a page, with what the detector weighed to find it (for explain)."""

    listing: ListingPage
    candidates: list[Candidate]
    best: Candidate | None
    next_page: NextPage


def detect_listing(
    page: ParsedPage, selectors: Selectors, rejected: Rejected | None = None
) -> Detection:
    """The page's entries (a site file's selectors, else the best-scoring list) and its next
    page; ``rejected`` receives the links that are no candidate (see scored_lists)."""
    uncertain: list[str] = []
    candidates: list[Candidate] = []
    best: Candidate | None = None
    if selectors.entries:
        blocks = selected_blocks(page, selectors)
        described = [describe_entry(page, b.region, b.url, b.flat) for b in blocks]
    else:
        candidates = scored_lists(page, rejected)
        best, uncertain = choose_list(page, candidates)
        described = best.entries if best else []
    entries = to_entries(described)
    if selectors.next_page:
        next_url = selected_next_url(page, selectors.next_page)
        next_page = NextPage(next_url, "site-selector" if next_url else None, True)
    else:
        next_page = find_next_page(page, {entry.url for entry in entries})
        if best is not None and "competing-lists" in uncertain:
            chosen = the_next_links_own_list(best, candidates, next_page.anchor)
            if chosen is not best:
                best, described = chosen, chosen.entries
                entries = to_entries(described)
                next_page = find_next_page(page, {entry.url for entry in entries})
    entries = without_next_page(entries, described, next_page)
    listing = listing_page(
        entries,
        next_page,
        uncertain,
        container_depth(best),
        other_lists(candidates, best),
        lone_entries(candidates),
    )
    if not selectors.next_page:
        listing = with_probe(listing, next_page, page)
    return Detection(listing, candidates, best, next_page)


def without_next_page(
    entries: list[ListingEntry], described: list[DescribedEntry], next_page: NextPage
) -> list[ListingEntry]:
    """The entries less one that links the next page a pager or rel="next" names (a pager
    link taken in as one more block of the list): fetched as an article first, the
    listing's own request would be dropped as a duplicate and the walk would end."""
    if next_page.source not in ("pager", "rel-next") or next_page.url is None:
        return entries
    if all(entry.url != next_page.url for entry in entries):
        return entries
    kept = to_entries(item for item in described if item.url != next_page.url)
    return kept or entries


def with_probe(listing: ListingPage, next_page: NextPage, page: ParsedPage) -> ListingPage:
    """The listing with the usual URL of its next page to probe, where it may go on."""
    if may_go_on(listing, next_page):
        listing.unlinked, listing.probe_url = next_page.unlinked, next_probe_url(page)
        listing.probe_fallback = next_probe_fallback(page, listing.probe_url)
    return listing


FULL_PAGE = 5  # entries a page without any pager shows when it is one of several


def may_go_on(listing: ListingPage, next_page: NextPage) -> bool:
    """The page links no next page, but a later page may exist: its pager shows higher page
    numbers that are no links (a script makes them live), or it has no pager (or an empty
    one) and a full page of entries (a theme whose pager a script renders, or without any)."""
    if not listing.entries or listing.next_url is not None or next_page.unlinked is None:
        return False
    return next_page.unlinked == "script-pager" or len(listing.entries) >= FULL_PAGE


MAX_LONE = 10  # single links kept for the walk


def lone_entries(candidates: list[Candidate]) -> list[ListingEntry]:
    """The entries of the single-link candidates that scored nothing ("alone")."""
    lone = [c.entries[0] for c in candidates if c.score <= 0 and len(c.entries) == 1]
    return to_entries(lone[:MAX_LONE])


def other_lists(candidates: list[Candidate], best: Candidate | None) -> list[list[ListingEntry]]:
    """The entries of each list that scores besides the chosen one, best first."""
    return [to_entries(c.entries) for c in candidates if not is_chosen(c, best) and c.score > 0]


def listing_page(
    entries: list[ListingEntry],
    next_page: NextPage,
    uncertain: list[str],
    depth: int | None = None,
    others: list[list[ListingEntry]] | None = None,
    lone: list[ListingEntry] | None = None,
) -> ListingPage:
    """The ListingPage of the entries and next page found, with the uncertainty codes they give
    added to those of the entries' detection."""
    others, lone = others or [], lone or []
    if not entries:
        return ListingPage([], next_page.url, next_page.source, ["no-entries"], None, others, lone)
    if next_page.source in ("text", "url-pattern"):
        uncertain.append("next-guessed")
    if next_page.url is None and not next_page.end_confirmed:
        uncertain.append("no-next-guessed")
    return ListingPage(
        entries,
        next_page.url,
        next_page.source,
        uncertain,
        depth,
        others,
        lone,
        pager_position=next_page.position,
    )


def to_entries(described: Iterable[DescribedEntry]) -> list[ListingEntry]:
    entries = []
    for item in without_page_stamp(unique_by_url(list(described))):
        entries.append(
            ListingEntry(
                item.url, item.headline, item.teaser, item.date_raw, len(entries) + 1, item.path
            )
        )
    return entries
