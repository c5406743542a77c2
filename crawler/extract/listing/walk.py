"""What a listing's first page tells about its later pages: the pages of one listing share
their template, so their entries' links sit at the same tag path. A later page whose chosen
list is shaped otherwise took something else: a box of "featured" links that beat the last
page's two entries, or a site-wide "latest post" banner taken into a list of one entry. And a
later page's list that brings nothing the walk has not taken (a carousel of the section's
newest posts above every page's grid) is not that page's list when one shaped alike brings
new entries.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

from crawler.extract.listing import ListingEntry, ListingPage

FEW_ENTRIES = 3  # a chosen list this small may have taken a link from outside the list


@dataclass(frozen=True)
class ListShape:
    """Where the first page's entries sit: their links' tag paths, and how deep the list's
    container is."""

    paths: frozenset[str]
    container_depth: int


def first_page_shape(listing: ListingPage) -> ListShape | None:
    """The shape of the list a walk's first page chose; None when it found none by itself."""
    paths = frozenset(entry.path for entry in listing.entries if entry.path)
    if not paths or listing.container_depth is None:
        return None
    return ListShape(paths, listing.container_depth)


def keep_first_shape(listing: ListingPage, shape: ListShape | None) -> ListingPage:
    """The later page ``listing`` with the entries shaped like the first page's:

    - none of the chosen entries is: the best other list whose entries mostly are instead, or
      else the one single link where the first page's entries were (a last page's one post
      beaten by a menu); unless the chosen list is a long one in the items of the first page's
      list container, which only a longer list replaces;
    - a few-entry list holds some: without the others whose link lies outside the first
      page's list container (its path leaves theirs above that depth).

    Unchanged otherwise; a longer list keeps an entry of other markup (a video post)."""
    if shape is None:
        return listing
    if not listing.entries:
        return _lone_entry_shaped_alike(listing, shape)
    alike = [entry for entry in listing.entries if entry.path in shape.paths]
    if len(alike) == len(listing.entries):
        return listing
    if not alike:
        kept = len(listing.entries) > FEW_ENTRIES and _mostly_in_first_container(listing, shape)
        for other in listing.others:
            if kept and len(other) < len(listing.entries):
                continue
            if 2 * sum(entry.path in shape.paths for entry in other) > len(other):
                return _with_entries(listing, other)
        return listing if kept else _lone_entry_shaped_alike(listing, shape)
    if len(listing.entries) > FEW_ENTRIES:
        return listing
    kept = [
        entry
        for entry in listing.entries
        if entry in alike or _inside_container(entry.path, alike, shape.container_depth)
    ]
    return listing if len(kept) == len(listing.entries) else _with_entries(listing, kept)


def _mostly_in_first_container(listing: ListingPage, shape: ListShape) -> bool:
    """Most of the page's entries sit in items of the first page's list container, linked by
    another link of their item: the first page's posts had empty title links, so its entries
    were their "Read more" buttons; a later page's titled posts are linked by their headings.
    (Paths name tags only: the item's tag, one step below the container, must match too, or a
    menu's ``div > header > ul`` beside the first page's ``div > article`` list would.)"""
    first = [path.split("/") for path in shape.paths]
    depth = shape.container_depth + 1
    inside = sum(
        any(_shared_steps(entry.path.split("/"), steps) >= depth for steps in first)
        for entry in listing.entries
    )
    return 2 * inside > len(listing.entries)


def _lone_entry_shaped_alike(listing: ListingPage, shape: ListShape) -> ListingPage:
    """A later page whose one single link sits where the first page's entries did, with that
    link for its entry: the last page's one post, which alone scores nothing without a date or
    teaser. Unchanged when no such link or several are."""
    alike = [entry for entry in listing.lone if entry.path in shape.paths]
    if len(alike) != 1:
        return listing
    taken = _with_entries(listing, alike)
    return replace(taken, uncertain=[code for code in taken.uncertain if code != "no-entries"])


def prefer_new_entries(
    listing: ListingPage, shape: ListShape | None, taken: Container[str]
) -> ListingPage:
    """The later page ``listing`` with the best other list shaped like the first page's that
    brings entries the walk has not taken, when every chosen entry is one it has; with no such
    list, its one single link at the first page's place that the walk has not taken. Unchanged
    otherwise: a last page that repeats the first is the end of the walk, and a list shaped
    otherwise (a sidebar's popular posts) is never taken for it."""
    if shape is None or not listing.entries or any(e.url not in taken for e in listing.entries):
        return listing
    for other in listing.others:
        shaped_alike = 2 * sum(entry.path in shape.paths for entry in other) > len(other)
        if shaped_alike and 2 * sum(entry.url not in taken for entry in other) > len(other):
            return _with_entries(listing, other)
    alike = [e for e in listing.lone if e.path in shape.paths and e.url not in taken]
    return _with_entries(listing, alike) if len(alike) == 1 else listing


def _inside_container(path: str, alike: list[ListingEntry], depth: int) -> bool:
    steps = path.split("/")
    return any(_shared_steps(steps, entry.path.split("/")) >= depth for entry in alike)


def _shared_steps(first: list[str], second: list[str]) -> int:
    shared = 0
    for mine, theirs in zip(first, second, strict=False):
        if mine != theirs:
            break
        shared += 1
    return shared


def _with_entries(listing: ListingPage, entries: list[ListingEntry]) -> ListingPage:
    renumbered = [replace(entry, rank=rank) for rank, entry in enumerate(entries, start=1)]
    uncertain = [code for code in listing.uncertain if code != "few-entries"]
    if len(renumbered) < FEW_ENTRIES:
        uncertain.append("few-entries")
    return replace(listing, entries=renumbered, uncertain=uncertain)
