"""The next page of a listing, looked for in order of trust: rel="next", a pager block, the
text of a link, a URL that differs from the current one only by an incremented page number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from urllib.parse import SplitResult, urlsplit

from crawler.extract.listing.elements import (
    Element,
    class_parts,
    class_tokens,
    collapse,
    hidden_in,
    is_pager,
    rel_values,
    self_and_ancestors,
    text_of,
)
from crawler.extract.listing.page import ParsedPage, without_index_file
from crawler.extract.listing.vocabulary import (
    ARROWS,
    CURRENT_PARTS,
    MORE_WORDS,
    NEWER_WORDS,
    NEXT_WORDS,
    OFFSET_PARAMS,
    OLDER_WORDS,
    PAGE_COUNTER,
    PAGE_PARAMS,
    PATH_PAGE,
    QUERY_PAIR,
)
from crawler.extract.urls import same_site

INTEGER = re.compile(r"^\d{1,5}$")


# How the next-page link was recognised (NextPage.rule), by source:
# rel-next: "rel-next"; pager: "next-class", "next-label", "after-current", "page-number",
# "arrow-label", "double-arrow"; text: "next-label", "arrow-label", "double-arrow", "more-label";
# url-pattern: "page-number".
LABEL_RULES = {3: "next-label", 2: "arrow-label", 1: "double-arrow", 0: "more-label"}


@dataclass
class NextPage:
    url: str | None = None
    source: str | None = None
    end_confirmed: bool = False
    anchor: Element | None = None  # the <a> or <link> it came from
    rule: str | None = None
    pagers: int = 0  # pager blocks found (0 when rel="next" decided first)
    # no next link, yet the page may go on (see may_go_on): "script-pager", "empty-pager",
    # "no-pager"; the spider may then probe the usual next URL (next_probe_url)
    unlinked: str | None = None
    # (the page number a pager marks as this page, the highest number it links), if any
    position: tuple[int, int] | None = None


def find_next_page(page: ParsedPage, entry_urls: set[str]) -> NextPage:
    pagers = _pagers(page)
    found = _next_page(page, entry_urls, pagers)
    found.position = _pager_position(page, pagers)
    return found


def _pager_position(page: ParsedPage, pagers: list[Element]) -> tuple[int, int] | None:
    """(the number of the page a pager marks as current, the highest page number it links):
    the first pager with a marked page decides."""
    for pager in pagers:
        marker = _current_marker(pager)
        if marker is None:
            continue
        numbers = [
            int(text_of(anchor))
            for anchor in pager.iter("a")
            if INTEGER.match(text_of(anchor)) and page.href(anchor) and not hidden_in(anchor, pager)
        ]
        return int(text_of(marker)), max(numbers, default=0)
    return None


def _next_page(page: ParsedPage, entry_urls: set[str], pagers: list[Element]) -> NextPage:
    element = _rel_next(page)
    if element is not None:
        overruled = _pager_overruling_rel_next(page, pagers, page.href(element))
        if overruled is not None:
            return overruled
        return NextPage(page.href(element), "rel-next", True, element, "rel-next")
    has_prev = any(rel_values(element) & _BACKWARDS for element in page.root.iter("link", "a"))
    for pager in pagers:
        anchor, rule, at_end = _pager_next(page, pager)
        if anchor is not None:
            return NextPage(page.href(anchor), "pager", True, anchor, rule, len(pagers))
        if at_end:
            if _shows_later_pages_unlinked(pager):  # not the last page: a script's pager
                return NextPage(None, None, False, pagers=len(pagers), unlinked="script-pager")
            return NextPage(None, None, True, pagers=len(pagers))
    candidates = _next_candidates(page, entry_urls)
    found = _text_next(candidates, page)
    if found:
        return NextPage(found[1], "text", False, found[0], found[2], len(pagers))
    found = _pattern_next(candidates, page)
    if found:
        return NextPage(found[1], "url-pattern", False, found[0], "page-number", len(pagers))
    unlinked = _why_unlinked(page, pagers, has_prev)
    return NextPage(None, None, bool(pagers) or has_prev, pagers=len(pagers), unlinked=unlinked)


def _why_unlinked(page: ParsedPage, pagers: list[Element], has_prev: bool) -> str | None:
    """Why a page without a next link may still have a next page: it has no pager and no
    link back ("no-pager": a theme without pager, or one a script renders), or its pagers hold
    no link at all ("empty-pager": filled by a script)."""
    if has_prev:
        return None
    if not pagers:
        return "no-pager"
    if not any(page.href(anchor) for pager in pagers for anchor in pager.iter("a")):
        return "empty-pager"
    return None


def _shows_later_pages_unlinked(pager: Element) -> bool:
    """The pager marks the current page and shows higher page numbers after it, none of
    them a link: a pager a script makes live (Element UI's ``ul.el-pager > li.number``
    in VuePress themes), not the last page."""
    marker = _current_marker(pager)
    if marker is None or any(anchor.get("href") for anchor in pager.iter("a")):
        return False
    number = int(text_of(marker))
    inside_marker = set(marker.iter())
    passed = False
    for element in pager.iter():
        if element is marker:
            passed = True
        elif passed and element not in inside_marker and isinstance(element.tag, str):
            text = text_of(element)
            if INTEGER.match(text) and int(text) > number and not len(element):
                return True
    return False


def _rel_next(page: ParsedPage) -> Element | None:
    """The first rel="next" to another page of this site; one to another site (a production
    host written into a copy's head) is left for the pager to overrule. None on pages of a
    generator whose rel="next" is the next page of its navigation."""
    if _rel_next_is_navigation(page):
        return None
    for element in page.root.iter("link", "a"):
        if "next" in rel_values(element) and not _is_disabled(element):
            url = page.href(element)
            if (
                url
                and url != page.url
                and page.on_site(url)
                and urlsplit(url).path not in ("", "/")
                and not _above_listing(url, page.url)
            ):
                return element  # one to the site's front page is no page of this listing
    return None


def _above_listing(url: str, current: str) -> bool:
    """``url`` is a folder above the current page on its host, with no query: the site root
    or a section (``/``, ``/categories/`` from ``/categories/rust/page/2/``), where themes
    point the dead "next" of a last page (Hexo Pure). A listing never goes on up there."""
    target, here = urlsplit(url), urlsplit(current)
    if target.query or target.netloc.lower() != here.netloc.lower():
        return False
    folder = without_index_file(target.path or "/")
    path = without_index_file(here.path or "/")
    return folder.endswith("/") and len(folder) < len(path) and path.startswith(folder)


def _is_disabled(element: Element) -> bool:
    """A pager link kept but switched off on the last page (``a.next-link--disable``,
    ``aria-disabled="true"``)."""
    if (element.get("aria-disabled") or "").lower() == "true":
        return True
    return any(token.endswith(("disable", "disabled")) for token in class_tokens(element))


# generators (the start of <meta name="generator">) that write rel="next" for the next page of
# the site's navigation, never for a listing's page 2 (MkDocs, Material's blog plugin too)
_NAVIGATION_REL_NEXT_GENERATORS = ("mkdocs",)


def _rel_next_is_navigation(page: ParsedPage) -> bool:
    for meta in islice(page.root.iter("meta"), 200):
        if (meta.get("name") or "").strip().lower() == "generator":
            content = (meta.get("content") or "").strip().lower()
            if content.startswith(_NAVIGATION_REL_NEXT_GENERATORS):
                return True
    return False


# pager rules that say which link is the next page (a bare page number may be any page)
_CLEAR_PAGER_RULES = frozenset(("next-class", "next-label", "after-current"))


def _pager_overruling_rel_next(
    page: ParsedPage, pagers: list[Element], rel_next: str | None
) -> NextPage | None:
    """The pager's answer when it clearly disagrees with rel="next": MkDocs (and other
    documentation generators) write rel="next" for the next page of the site's navigation,
    another category, while the listing's own pager shows page 2, or shows this page as the
    last. None when a pager links to the rel="next" URL or says nothing clear."""
    if not pagers or any(
        page.href(anchor) == rel_next for pager in pagers for anchor in pager.iter("a")
    ):
        return None
    for pager in pagers:
        anchor, rule, at_end = _pager_next(page, pager)
        if anchor is not None and rule in _CLEAR_PAGER_RULES:
            return NextPage(page.href(anchor), "pager", True, anchor, rule, len(pagers))
        if anchor is None and at_end:
            return NextPage(None, None, True, pagers=len(pagers))
    # the pager only goes back, and rel="next" is not this listing's next page number: the
    # site-wide paginator's link (Jekyll themes that write the home page's rel="next" into
    # every tag page's head)
    if _page_step(page.url, rel_next) is None and _leads_only_back(page, pagers):
        return NextPage(None, None, True, pagers=len(pagers))
    return None


def _pagers(page: ParsedPage) -> list[Element]:
    """Pager blocks: by class/aria-label, then any container of two or more numbered links."""
    pagers: list[Element] = []
    for element in page.root.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        if is_pager(element) and not any(p in pagers for p in element.iterancestors()):
            pagers.append(element)
    numbered: dict[Element, int] = {}
    in_pager: dict[Element, bool] = {}
    for anchor in page.root.iter("a"):
        if not INTEGER.match(page.text(anchor)):
            continue
        parent = anchor.getparent()
        if parent is not None and parent.tag == "li":
            parent = parent.getparent()
        if parent is None:
            continue
        if parent not in in_pager:
            in_pager[parent] = any(p in pagers for p in self_and_ancestors(parent))
        # links in a pager found above are not counted: their container is never added
        if not in_pager[parent] and page.href(anchor):
            numbered[parent] = numbered.get(parent, 0) + 1
    for container, count in numbered.items():
        # (also the test "in some pager's subtree": a pager is the container or its ancestor)
        inside = any(p in pagers for p in self_and_ancestors(container))
        if count >= 2 and not inside:
            pagers.append(container)
    return pagers


def _pager_next(page: ParsedPage, pager: Element) -> tuple[Element | None, str, bool]:
    """(next link, the rule that found it, whether the pager shows the current page as the
    last one)."""
    anchors = [
        anchor
        for anchor in pager.iter("a")
        if not hidden_in(anchor, pager) and not _is_disabled(anchor)
    ]

    def elsewhere(anchor: Element) -> bool:
        """Links to another page, not one above this listing: asked after the cheaper tests,
        as normalising URLs costs."""
        url = page.href(anchor)
        return bool(url) and url != page.url and not _above_listing(url, page.url)

    for anchor in anchors:
        if _has_next_class(anchor, pager) and not _says_newer(page, anchor) and elsewhere(anchor):
            return anchor, "next-class", False
        if (
            _next_label_priority(anchor) >= 3
            and elsewhere(anchor)
            and not _is_page_before(page.href(anchor) or "", page.url)
        ):
            return anchor, "next-label", False
    marker = _current_marker(pager)
    if marker is not None:
        after = _after_marker(page, pager, marker)
        if after is not None:
            return after, "after-current", False
    else:
        for anchor in anchors:
            if _labels_first_page(page.text(anchor)):
                continue  # the first page, never the one after: Drupal's ?page=1 says "2"
            numbered = INTEGER.match(page.text(anchor)) and elsewhere(anchor)
            if numbered and _page_step(page.url, page.href(anchor)):
                return anchor, "page-number", False
    for priority in (2, 1):
        for anchor in anchors:
            if _next_label_priority(anchor) == priority and elsewhere(anchor):
                return anchor, LABEL_RULES[priority], False
    return None, "", marker is not None or _counts_itself_last(pager)


# "Page 3 of 3", "3 / 3", "Seite 3 von 3": the pager's counter of this page and the last
_PAGE_OF_PAGES = re.compile(
    r"(?<!\d)(\d{1,4})\s*(?:of|/|von|de|di|sur|z|из|av|af|van)\s*(\d{1,4})(?!\d)", re.IGNORECASE
)


def _counts_itself_last(pager: Element) -> bool:
    """The pager's counter says this page is the last ("Page 3 of 3": Casper and its ports
    show it between the newer and older links, and no current-page marker)."""
    match = _PAGE_OF_PAGES.search(text_of(pager))
    return match is not None and match.group(1) == match.group(2)


def _leads_only_back(page: ParsedPage, pagers: list[Element]) -> bool:
    """Every link of the pagers leads to newer posts or the page before: a last page."""
    links = [(anchor, pager) for pager in pagers for anchor in pager.iter("a") if page.href(anchor)]
    return bool(links) and all(_leads_back(page, anchor, pager) for anchor, pager in links)


def _leads_back(page: ParsedPage, anchor: Element, pager: Element) -> bool:
    """The link or its wrapper in the pager has a prev/newer class, its label says so, or its
    URL is the page before."""
    parts: set[str] = set()
    for element in self_and_ancestors(anchor):
        if element is pager:
            break
        parts |= class_parts(element)
    label = _label_words(_next_label(anchor))
    return (
        not parts.isdisjoint(_BACK_PARTS)
        or label in NEWER_WORDS
        or label in ("prev", "previous", "previous page")
        or _is_page_before(page.href(anchor) or "", page.url)
    )


def _labels_first_page(text: str) -> bool:
    return INTEGER.match(text) is not None and int(text) == 1


_NEXT_PARTS = frozenset({"next", "older"})  # Blogger: a.blog-pager-older-link
_BACK_PARTS = frozenset({"prev", "previous", "newer"})


def _has_next_class(anchor: Element, pager: Element) -> bool:
    """The link or its wrapper inside the pager has a "next" (or Blogger's "older") class
    (``li.pager-next > a``, ``a.blog-pager-older-link``).
    A bare ``first``/``last`` class is the item's place in the list (Drupal's
    ``li.pager-next.last``), not a link to the last page (``pager-last``)."""
    for element in self_and_ancestors(anchor):
        parts = class_parts(element)
        if (
            not parts.isdisjoint(_NEXT_PARTS)
            and parts.isdisjoint(_BACK_PARTS)
            and ("last" not in parts or _last_is_a_place(element))
        ):
            return True
        if element is pager:
            return False
    return False


def _last_is_a_place(element: Element) -> bool:
    """``last`` stands alone as a class (the item's place in its list), and no other class
    names a last page."""
    tokens = (element.get("class") or "").lower().split()
    return "last" in tokens and not any("last" in token for token in tokens if token != "last")


def _is_page_before(url: str, current: str) -> bool:
    """``url`` is the page ``current`` follows in a pager numbered upwards: the listing's own
    URL with ``current`` its page 2, or one page number lower where the number is a page's
    (``/page/3/``, ``?paged=3``). Themes that label their newer posts "Next →" (ColorMag, old
    WordPress themes) lead there. Nikola's ``index-3.html`` counts downwards: not judged."""
    url, current = _with_saved_query(url), _with_saved_query(current)
    if _added_page_number(url, current) is not None:
        return True
    if _incremented_number(url, current) is None:
        return False
    parts = urlsplit(current)
    if PATH_PAGE.match(without_index_file(parts.path)):
        return True
    keys = {pair.split("=", 1)[0].lower() for pair in parts.query.split("&") if "=" in pair}
    return bool(keys & PAGE_PARAMS)


def _says_newer(page: ParsedPage, anchor: Element) -> bool:
    """The link leads to newer posts: its label says so, or its URL has a lower page number.
    WordPress's posts navigation puts the older posts in ``.nav-previous`` and the newer ones
    in ``.nav-next``, the only link left on the last page."""
    label = _label_words(_next_label(anchor))
    return label in NEWER_WORDS or _page_step(page.href(anchor) or "", page.url) is not None


def _current_marker(pager: Element) -> Element | None:
    for element in pager.iter():
        if element is pager or not isinstance(element.tag, str):
            continue
        current = element.get("aria-current") == "page" or class_parts(element) & CURRENT_PARTS
        if current and INTEGER.match(text_of(element)):
            return element
    return None


def _after_marker(page: ParsedPage, pager: Element, marker: Element) -> Element | None:
    """The numbered link for the page after the marked one, else the first link after it."""
    number = int(text_of(marker))
    inside_marker = set(marker.iter())
    passed = False
    first_after = None
    for element in pager.iter():
        if element is marker:
            passed = True
            continue
        if not passed or element in inside_marker or element.tag != "a":
            continue
        if hidden_in(element, pager):
            continue
        url = page.href(element)
        text = text_of(element)
        if not url or url == page.url or not INTEGER.match(text):
            continue
        if int(text) == number + 1:
            return element
        if first_after is None and int(text) > number:
            first_after = element
    return first_after


def _next_labels(anchor: Element) -> list[str]:
    """The link's labels, lower-cased, in the order they speak for it: its aria-label, its
    text, its title."""
    labels = (anchor.get("aria-label"), text_of(anchor), anchor.get("title"))
    return [collapse(label).lower() for label in labels if label and label.strip()]


def _next_label(anchor: Element) -> str:
    labels = _next_labels(anchor)
    return labels[0] if labels else ""


# an accessibility label's wording around the link's word: "Goto Next Page" (AstroPaper),
# "Go to next page" (MUI, Flowbite), "Navigate to the next page"
_GO_TO = re.compile(r"^(?:go\s?to|navigate\s+to|jump\s+to|move\s+to)\s+(?:the\s+)?")


def _label_words(label: str) -> str:
    """The label without page counters, arrows, punctuation and a leading "go to"."""
    words = PAGE_COUNTER.sub(" ", label).strip(ARROWS + "<«‹←" + " .:-–—|·[]()\"'").strip()
    return _GO_TO.sub("", words)


def _says_next_in_words(anchor: Element) -> bool:
    """One of the link's labels says next or older in words: AstroPaper's pager link is
    labelled "Goto Next Page" for screen readers and shows "Next"."""
    return any(
        words in NEXT_WORDS or words in OLDER_WORDS
        for words in map(_label_words, _next_labels(anchor))
    )


def _next_label_priority(anchor: Element) -> int:
    """3: one of its labels says next/older in words, 2: a single arrow, 1: "»" or a doubled
    arrow ("››", Drupal's mini pager), 0: "more", -1: not next. The arrows and "more" are
    read from the first label only (an aria-label "Last page" over a "»" is no next link)."""
    if _says_next_in_words(anchor):
        return 3
    label = _next_label(anchor)
    words = _label_words(label)
    if label in ("›", "→", ">", "❯", "⟩", "▶", "⇒"):
        return 2
    if label in ("»", "››", ">>", "»»"):
        return 1
    if words in MORE_WORDS:
        return 0
    return -1


def _in_chrome(page: ParsedPage, element: Element) -> bool:
    """Inside header, footer or sidebar landmarks (navigation blocks may hold the pager)."""
    for ancestor in (element, *element.iterancestors()):
        is_navigation = ancestor.tag == "nav" or ancestor.get("role") == "navigation"
        if ancestor in page.landmarks and not is_navigation:
            return True
    return False


_BACKWARDS = frozenset({"prev", "previous"})


def _next_candidates(page: ParsedPage, entry_urls: set[str]) -> list[tuple[Element, str]]:
    """Same-site visible links outside header/footer/sidebars that are neither entries, this
    page nor marked as the page before (rel="prev": Nikola numbers its pages downwards, so
    its "Newer posts" link has the higher number)."""
    found = []
    same: dict[str, bool] = {}
    for anchor in page.root.iter("a"):
        url = page.href(anchor)
        if not url or url == page.url or url in entry_urls:
            continue
        if url not in same:
            same[url] = same_site(url, page.url)
        # a pager may sit in the page footer: a link there counts when its URL is this page's
        # URL stepped to the next page number
        if not same[url] or hidden_in(anchor) or rel_values(anchor) & _BACKWARDS:
            continue
        if _is_disabled(anchor):
            continue
        if _is_page_before(url, page.url) or _above_listing(url, page.url):
            continue
        if not _in_chrome(page, anchor) or _page_step(page.url, url):
            found.append((anchor, url))
    return found


def _text_next(
    candidates: list[tuple[Element, str]], page: ParsedPage
) -> tuple[Element, str, str] | None:
    """(link, URL, rule) of the candidate whose label says "next" most clearly."""
    best, best_priority = None, -1
    for anchor, url in candidates:
        priority = _next_label_priority(anchor)
        if priority == 0 and not (_page_step(page.url, url) or _extends_path(page.url, url)):
            continue
        if priority > best_priority:
            best, best_priority = (anchor, url), priority
    if best is None or best_priority < 0:
        return None
    return best[0], best[1], LABEL_RULES[best_priority]


def _extends_path(current: str, candidate: str) -> bool:
    current_path = without_index_file(urlsplit(current).path).rstrip("/")
    candidate_path = urlsplit(candidate).path
    return bool(current_path) and candidate_path.startswith(current_path + "/")


def _pattern_next(
    candidates: list[tuple[Element, str]], page: ParsedPage
) -> tuple[Element, str] | None:
    """The candidate nearest to the next page by its URL; of equal steps, one whose URL names
    a page (``?cat=1&paged=2``, not the sidebar's next category ``?cat=2``), then one outside
    the page's chrome."""
    best, best_rank = None, None
    for anchor, url in candidates:
        step = _page_step(page.url, url)
        if step is None:
            continue
        rank = (step, not _names_page(url), _in_chrome(page, anchor))
        if best_rank is None or rank < best_rank:
            best, best_rank = (anchor, url), rank
    return best


def _names_page(url: str) -> bool:
    """The URL has a page number by name: a page or offset parameter, or a ``/page/N`` path."""
    parts = urlsplit(_with_saved_query(url))
    keys = {pair.split("=", 1)[0].lower() for pair in parts.query.split("&") if "=" in pair}
    return bool(keys & (PAGE_PARAMS | OFFSET_PARAMS)) or bool(
        PATH_PAGE.match(without_index_file(parts.path))
    )


def _page_step(current: str, candidate: str | None) -> int | None:
    """A rank (lower is nearer) if ``candidate`` is the page after ``current``, else None."""
    if not candidate or candidate == current:
        return None
    current, candidate = _with_saved_query(current), _with_saved_query(candidate)
    step = _incremented_number(current, candidate)
    return step if step is not None else _added_page_number(current, candidate)


# wget saves ``/index.php?cat=1&paged=2`` as the file ``index.php?cat=1&paged=2.html`` (or
# ``index.php@cat=1...`` with --restrict-file-names=windows) and links it with the "?" encoded
SAVED_QUERY = re.compile(r"^(?P<file>[^/?]+\.\w+)(?:%3[fF]|@)(?P<query>[^/=]+=[^/]*?)(?:\.html?)?$")
# and an extensionless ``/news?page=2`` (so does HTTrack) as ``news@page=2.html``, beside
# ``/news`` saved as ``news.html``
SAVED_BARE_QUERY = re.compile(r"^(?P<stem>[^/?@.%]+)(?:%3[fF]|@)(?P<query>[^/=]+=[^/]*?)\.html?$")


def _with_saved_query(url: str) -> str:
    """``url`` with the query that a mirror's file name holds (``index.html%3Fcat=1.html``)
    as its query (``index.html?cat=1``), so its page parameter is read as on the live site."""
    parts = urlsplit(url)
    folder, _, name = parts.path.rpartition("/")
    if parts.query:
        return url
    if (match := SAVED_QUERY.match(name)) is not None:
        path = f"{folder}/{match.group('file')}"
    elif (match := SAVED_BARE_QUERY.match(name)) is not None:
        path = f"{folder}/{match.group('stem')}.html"
    else:
        return url
    return parts._replace(path=path, query=match.group("query")).geturl()


def _incremented_number(current: str, candidate: str) -> int | None:
    """Both URLs are equal except for one number, raised by one (or by any step for offsets).
    A folder's slash or index file does not count (``/page/2/`` -> ``/page/3``: the server
    redirected to the slash form, the pager links the other)."""
    current, candidate = _as_folder_url(current), _as_folder_url(candidate)
    ours, theirs = re.split(r"(\d+)", current), re.split(r"(\d+)", candidate)
    if len(ours) != len(theirs) or ours[0::2] != theirs[0::2]:
        return None
    changed = [i for i in range(1, len(ours), 2) if ours[i] != theirs[i]]
    if len(changed) != 1:
        return None
    index = changed[0]
    before, after = int(ours[index]), int(theirs[index])
    if after == before + 1:
        return after
    offset = re.search(r"[?&;](\w+)=$", ours[index - 1])
    if offset and offset.group(1).lower() in OFFSET_PARAMS and after > before:
        return after
    return None


def _as_folder_url(url: str) -> str:
    """``url`` with a path ending in a slash, its index file dropped (query and all kept)."""
    parts = urlsplit(url)
    path = without_index_file(parts.path)
    if path and not path.endswith("/") and "." not in path.rpartition("/")[2]:
        path += "/"
    return parts._replace(path=path).geturl()


def _added_page_number(current: str, candidate: str) -> int | None:
    """The candidate is the current URL plus a first page number (?page=1, /page/2/, start=)."""
    ours, theirs = urlsplit(current), urlsplit(candidate)
    if (ours.scheme, ours.netloc) != (theirs.scheme, theirs.netloc):
        return None
    if theirs.query != ours.query:
        pairs = theirs.query.split("&")
        for index, pair in enumerate(pairs):
            match = QUERY_PAIR.match(pair)
            if not match or theirs.path != ours.path:
                continue
            rest = "&".join(pairs[:index] + pairs[index + 1 :])
            key, number = match.group("key").lower(), int(match.group("n"))
            if rest != ours.query:
                continue
            if key in PAGE_PARAMS and number in (1, 2):
                return number
            if key in OFFSET_PARAMS and number > 0:
                return number
        return None
    match = PATH_PAGE.match(without_index_file(theirs.path))
    prefix = without_index_file(ours.path).rstrip("/")
    if match and int(match.group("n")) == 2 and match.group("prefix") == prefix:
        return 2
    if _numbered_file(ours.path, theirs.path) or _numbered_subfolder(prefix, theirs.path):
        return 2
    return None


def _numbered_subfolder(prefix: str, candidate: str) -> bool:
    """The candidate is the listing's folder with a bare 2 below it (AstroPaper, Gatsby and
    Next.js blogs: ``/tags/bread/`` -> ``/tags/bread/2``), a listing not itself named by a
    number (``/2019/`` -> ``/2019/2/`` is a month)."""
    last = prefix.rpartition("/")[2]
    return (
        bool(last)
        and not last.isdigit()
        and without_index_file(candidate).rstrip("/") == (prefix + "/2")
    )


def _numbered_file(current: str, candidate: str) -> bool:
    """The candidate is the current page's file with a 2 added (``news.html`` ->
    ``news2.html``, ``index.html`` -> ``index-2.html``), or a folder's second page written as
    a file (``/news/`` -> ``/news/index2.html`` or ``/news/page2.html``)."""
    folder, _, name = current.rpartition("/")
    their_folder, _, their_name = candidate.rpartition("/")
    if folder != their_folder:
        return False
    if not name:  # the folder's own page: its index
        return any(
            their_name == f"{stem}{joint}2{ext}"
            for stem in ("index", "page")
            for joint in ("", "-", "_")
            for ext in (".html", ".htm", ".php")
        )
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    suffix = f".{ext}" if dot else ""
    joints = ("-", "_") if stem[-1:].isdigit() else ("", "-", "_")  # cat=1 + 2 is no cat=12
    return any(their_name == f"{stem}{joint}2{suffix}" for joint in joints)


# The ways a site may number its listing's later pages, as a path ("page/2/", "page2/") or a
# query (page=2); the first one this page links somewhere is the site's, else "page/2/"
# (VuePress's blog plugins, Hugo, Hexo, Ghost, jekyll-paginate-v2 all use it).
_LINKED_PAGE_FORM = re.compile(
    r"/(?P<word>page|seite|pagina|strona)(?P<joint>[/-]?)\d+(?P<end>/|\.html?)?$"
)
DEFAULT_PAGE_FORM = ("page", "/", "/")
_NUMBERED_PAGE_PATH = re.compile(
    r"/(?:(?:page|p|seite|pagina|strona)[/-]?|index_)(\d+)(?:/|\.html?)?$"
)
# Where a folder's page 2 is when "page/2/" is not: the numbered index file EmpireCMS,
# DedeCMS-era and Movable Type sites write (/news/ -> /news/index_2.html)
NUMBERED_INDEX_FILE = "index_2.html"


def next_probe_url(page: ParsedPage) -> str | None:
    """The usual URL of the page after ``page``, to probe when it links no next page: its
    own page number plus one (``/tag/x/page/2/`` -> ``/tag/x/page/3/``, ``?page=2`` ->
    ``?page=3``), else page 2 in the form the site's other numbered pages take, else
    ``<listing>/page/2/``. None for a page that is a file (``news.html``) or has a query and
    numbers nothing."""
    parts = urlsplit(page.url)
    numbered = _numbered_page_url(parts)
    if numbered is not None:
        return numbered
    path = without_index_file(parts.path)
    if not path.endswith("/") or parts.query:
        return None
    word, joint, end = _site_page_form(page)
    return parts._replace(path=f"{path}{word}{joint}2{end}", fragment="").geturl()


def next_probe_fallback(page: ParsedPage, probe_url: str | None) -> str | None:
    """Where to probe next when ``probe_url`` (the usual ``page/2/``, no form the page
    links) finds nothing: the folder's numbered index file (NUMBERED_INDEX_FILE). A stale
    first page of such a CMS keeps an empty pager while its pages 2-N link each other."""
    parts = urlsplit(page.url)
    path = without_index_file(parts.path)
    word, joint, end = DEFAULT_PAGE_FORM
    if probe_url is None or parts.query or urlsplit(probe_url).path != f"{path}{word}{joint}2{end}":
        return None
    return parts._replace(path=path + NUMBERED_INDEX_FILE, fragment="").geturl()


def follows_in_number(current: str, candidate: str) -> bool:
    """``candidate`` is ``current`` with its page number raised by one (``page/2/`` ->
    ``page/3/``, ``?page=2`` -> ``?page=3``, ``index_2.html`` -> ``index_3.html``)."""
    raised = _numbered_page_url(urlsplit(current))
    if raised is None:
        return False
    ours, theirs = urlsplit(raised), urlsplit(candidate)
    return (ours.netloc, without_index_file(ours.path), ours.query) == (
        theirs.netloc,
        without_index_file(theirs.path),
        theirs.query,
    )


def _numbered_page_url(parts: SplitResult) -> str | None:
    """The URL with its page number (path ``page/N`` or a page query key) raised by one."""
    path = without_index_file(parts.path)
    match = _NUMBERED_PAGE_PATH.search(path)
    if match and not parts.query:
        number = int(match.group(1)) + 1
        raised = path[: match.start(1)] + str(number) + path[match.end(1) :]
        return parts._replace(path=raised, fragment="").geturl()
    pairs = parts.query.split("&") if parts.query else []
    for index, pair in enumerate(pairs):
        match = QUERY_PAIR.match(pair)
        if match and match.group("key").lower() in PAGE_PARAMS:
            pairs[index] = f"{match.group('key')}={int(match.group('n')) + 1}"
            return parts._replace(query="&".join(pairs), fragment="").geturl()
    return None


def _site_page_form(page: ParsedPage) -> tuple[str, str, str]:
    """(word, joint, end) of the first numbered page this page links on its own site."""
    for anchor in islice(page.root.iter("a"), 2000):
        url = page.href(anchor)
        if not url or not page.on_site(url):
            continue
        match = _LINKED_PAGE_FORM.search(urlsplit(url).path)
        if match:
            return match.group("word"), match.group("joint"), match.group("end") or ""
    return DEFAULT_PAGE_FORM
