"""What listing detection saw on a page, for ``crawler inspect``: the entries and next page that
parse_listing gives, with the steps that chose them kept (every candidate list with its score,
the links that are no entry and why, the link the next page came from and the rule that
recognised it) and the selectors a site file would need to give the same result.

It runs the detector's own steps (``entries.scored_lists``, ``entries.choose_list``,
``pagination.find_next_page``); ``explain_listing(html, url).page == parse_listing(html, url)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.extract.listing import ListingPage, detect_listing
from crawler.extract.listing.elements import Element, collapse, is_meta, text_of
from crawler.extract.listing.entries import (
    Candidate,
    Rejected,
    is_chosen,
    is_taxonomy_url,
    unique_by_url,
)
from crawler.extract.listing.page import ParsedPage, load_document
from crawler.extract.listing.pagination import NextPage
from crawler.extract.listing.suggest import SuggestedSelectors, suggest_selectors
from crawler.extract.listing.vocabulary import VOLATILE_TOKENS
from crawler.sites import Selectors

__all__ = ["CandidateList", "ListingExplanation", "NextPageChoice", "explain_listing"]

# Why a link is no entry (RejectedLink.reason).
REJECTION_REASONS = {
    "landmark": "in a navigation landmark (nav, aside, site header or footer)",
    "rel": "rel attribute says it is no article (next, prev, tag, category, author, home)",
    "meta-line": "in a byline/meta line (author, category, tags, date, share)",
    "no-text": "no text (an image or icon link)",
    "pager": "a pager's label (next, older, newer posts)",
    "taxonomy": "a link to a tag, category or author page, outside a heading",
    "short-text": "fewer than three words and not in a heading",
    "in-sentence": "inside a sentence of running text",
    "read-more": "a read-more link to a headline link's URL",
    "alone": "in no list: a single link without heading or teaser",
    "other-list": "in a list that scored lower than the chosen one",
}
# What raised or lowered a list's score (CandidateList.notes).
LIST_NOTES = {
    "main-column": "inside the main column (x1.5)",
    "sidebar-class": "a sidebar/widget/related class above it (x0.2)",
    "negative-heading": 'under a "Most read"-like heading (x0.3)',
    "repeated-urls": "the same URL in several entries",
    "taxonomy-urls": "mostly taxonomy URLs: /author/x, /category/y (x0.2)",
    "other-sites": "mostly links to other sites (x0.1)",
    "alone": "a single link without heading or teaser (score 0)",
}


@dataclass
class CandidateList:
    """One list of entry blocks the detector found and scored."""

    rank: int  # 1 = the chosen list when it scores above 0
    score: float
    size: int  # distinct entry URLs
    blocks: int
    container: str  # CSS-like path of its items
    sample_url: str
    sample_headline: str | None
    notes: list[str]
    chosen: bool


@dataclass
class RejectedLink:
    url: str
    text: str
    reason: str  # a key of REJECTION_REASONS
    detail: str | None = None  # which landmark, meta line, rel value or list
    off_site: bool = False
    taxonomy: bool = False


@dataclass
class NextPageChoice:
    url: str | None
    source: str | None  # as ListingPage.next_source
    rule: str | None  # see pagination.LABEL_RULES
    anchor_text: str | None
    anchor_label: str | None  # aria-label or title, where it has one
    anchor_path: str | None
    end_confirmed: bool  # no next page, and a pager or rel="prev" says this is the last page
    pagers: int
    unlinked: str | None = None  # as ListingPage.unlinked: why the page may go on
    probe_url: str | None = None  # the usual URL of its next page, which the crawl probes
    probe_fallback: str | None = None  # probed next when probe_url finds nothing


@dataclass
class ListingExplanation:
    page: ListingPage  # what parse_listing(html, url) returns
    lists: list[CandidateList] = field(default_factory=list)
    rejected_links: list[RejectedLink] = field(default_factory=list)
    next_page: NextPageChoice | None = None
    selectors: SuggestedSelectors = field(default_factory=SuggestedSelectors)

    @property
    def chosen_score(self) -> float | None:
        return next((c.score for c in self.lists if c.chosen), None)

    @property
    def runner_up_score(self) -> float | None:
        scores = [c.score for c in self.lists if not c.chosen and c.score > 0]
        return scores[0] if scores else None


def explain_listing(html: str, url: str) -> ListingExplanation:
    """parse_listing(html, url) with the detector's intermediate results. Like parse_listing,
    never raises on page content: a page it cannot read gives an empty explanation."""
    try:
        return _explain(html, url)
    except Exception:  # as parse_listing: whatever a hostile page triggers
        return ListingExplanation(ListingPage([], None, None, ["no-entries", "extract-error"]))


def _explain(html: str, url: str) -> ListingExplanation:
    document = load_document(html)
    if document is None:
        return ListingExplanation(ListingPage([], None, None, ["no-entries"]))
    page = ParsedPage(document, url)
    rejected: Rejected = []
    found = detect_listing(page, Selectors(), rejected)
    best, result = found.best, found.listing
    return ListingExplanation(
        page=result,
        lists=_candidate_lists(found.candidates, best),
        rejected_links=_rejected_links(page, rejected, found.candidates, best, result),
        next_page=_next_page_choice(found.next_page, result),
        selectors=suggest_selectors(html, url, page, best, found.next_page, result),
    )


def _is_list(candidate: Candidate) -> bool:
    """Shown as a list: two or more blocks, or one that scores; a lone link that does not
    score is shown among the rejected links instead."""
    return candidate.score > 0 or len(candidate.group.blocks) >= 2


def _candidate_lists(candidates: list[Candidate], best: Candidate | None) -> list[CandidateList]:
    """The lists, best first."""
    shown = []
    for candidate in candidates:
        if not _is_list(candidate):
            continue
        unique = unique_by_url(candidate.entries)
        shown.append(
            CandidateList(
                rank=len(shown) + 1,
                score=round(candidate.score, 2),
                size=len(unique),
                blocks=len(candidate.group.blocks),
                container=_list_path(candidate),
                sample_url=unique[0].url,
                sample_headline=unique[0].headline,
                notes=list(candidate.notes),
                chosen=is_chosen(candidate, best),
            )
        )
    return shown


def _list_path(candidate: Candidate) -> str:
    """Where the list's items sit, then the tags from an item down to its entry block
    (``... > article > h3`` for a headline, ``... > article > h6 > a`` for a byline link)."""
    item, block = candidate.group.items[0], candidate.group.blocks[0].element
    below = []
    for element in (block, *block.iterancestors()):
        if element is item:
            break
        below.append(element.tag)
    return " > ".join([element_path(item, item=True), *reversed(below)])


def _rejected_links(
    page: ParsedPage,
    rejected: Rejected,
    candidates: list[Candidate],
    best: Candidate | None,
    result: ListingPage,
) -> list[RejectedLink]:
    """Links to URLs that are neither entries nor the next page, each once per reason: the
    candidate links' drop reasons, then the entries of the lists that lost."""
    entries, next_url = result.entries, result.next_url
    skip = {entry.url for entry in entries} | {page.url, next_url}
    found: list[RejectedLink] = []
    seen: set[tuple[str, str]] = set()

    def add(url: str | None, text: str, reason: str, detail: str | None) -> None:
        if url is None or url in skip or (url, reason) in seen:
            return
        seen.add((url, reason))
        found.append(
            RejectedLink(url, text, reason, detail, not page.on_site(url), is_taxonomy_url(url))
        )

    for anchor, reason in rejected:
        add(page.href(anchor), page.text(anchor), reason, _rejection_detail(page, anchor, reason))
    shown_rank = 0
    for candidate in candidates:
        listed = _is_list(candidate)
        shown_rank += listed
        if is_chosen(candidate, best):
            continue
        reason = "other-list" if listed else "alone"
        detail = f"list {shown_rank}" if listed else None
        for item in unique_by_url(candidate.entries):
            add(item.url, item.headline or "", reason, detail)
    return found


def _rejection_detail(page: ParsedPage, anchor: Element, reason: str) -> str | None:
    if reason == "landmark":
        holder = next((a for a in _self_and_up(anchor) if a in page.landmarks), None)
        return element_step(holder) if holder is not None else None
    if reason == "rel":
        return anchor.get("rel")
    if reason == "meta-line":
        return next((element_step(a) for a in _self_and_up(anchor) if is_meta(a)), None)
    return None


def _self_and_up(element: Element) -> list[Element]:
    return [element, *element.iterancestors()]


def _next_page_choice(next_page: NextPage, result: ListingPage) -> NextPageChoice:
    anchor = next_page.anchor
    label = None
    if anchor is not None:
        label = collapse(anchor.get("aria-label") or anchor.get("title")) or None
    return NextPageChoice(
        url=next_page.url,
        source=next_page.source,
        rule=next_page.rule,
        anchor_text=text_of(anchor) if anchor is not None else None,
        anchor_label=label,
        anchor_path=element_path(anchor) if anchor is not None else None,
        end_confirmed=next_page.end_confirmed,
        pagers=next_page.pagers,
        unlinked=result.unlinked,
        probe_url=result.probe_url,
        probe_fallback=result.probe_fallback,
    )


def element_step(element: Element, with_classes: bool = True) -> str:
    """``tag#id.class1.class2`` (at most three classes; per-entry classes left out)."""
    tag = element.tag if isinstance(element.tag, str) else "?"
    element_id = (element.get("id") or "").strip()
    step = tag + (f"#{element_id}" if element_id and " " not in element_id else "")
    if with_classes:
        classes = [t for t in (element.get("class") or "").split() if t not in VOLATILE_TOKENS]
        step += "".join(f".{c}" for c in classes[:3])
    return step


def element_path(element: Element, item: bool = False, depth: int = 4) -> str:
    """A readable CSS-like path: the element and up to ``depth - 1`` ancestors, stopping at
    one with an id. ``item``: the element's own classes vary per entry and are left out."""
    steps = [element.tag if item else element_step(element)]
    for ancestor in element.iterancestors():
        if len(steps) >= depth or ancestor.tag in ("html",):
            break
        steps.append(element_step(ancestor))
        if ancestor.get("id") or ancestor.tag == "body":
            break
    return " > ".join(reversed(steps))
