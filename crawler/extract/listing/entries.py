"""Which links of a listing page are its entries, found by structure rather than by class names:

1. Candidate links: ``<a href>`` outside navigation landmarks (nav, aside, site header and
   footer, ARIA roles) and outside byline/category lines, whose text looks like a headline
   (three words or more, or in a heading) and is not a "read more" link.
2. Entry blocks: from each candidate link, climb to the highest ancestor holding no candidate
   link to another URL; a link in a heading may also take in a few lesser links (category,
   author, a "related" link) but never another heading link. Headline, image and read-more
   links to one article end up in one block.
3. Lists: blocks with the same tag path whose containers above their entry items have the same
   tag/class path (``ul > li``, ``div.view-content > div.views-row``, ``main > article`` with
   per-post classes, table rows, cards spread over several grid rows).
4. The main list wins on a score of size, headline length, teasers, headings and dates, raised
   inside ``main``/``#content`` and lowered in sidebars or under "Most read"-like headings.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

from crawler.extract.class_words import PAGE_BUILDER_PREFIXES
from crawler.extract.listing.describe import DescribedEntry, describe_entry
from crawler.extract.listing.elements import (
    MIN_FILE_NAME,
    Element,
    class_parts,
    class_tokens,
    collapse,
    file_slug,
    has_words,
    heading_named_by_file,
    in_or_around_heading,
    is_meta,
    is_pager,
    is_read_more,
    meta_parts,
    rel_values,
    self_and_ancestors,
    slug_key,
    split_tokens,
    text_of,
    word_count,
)
from crawler.extract.listing.page import ASIDE_NAMES, HEADING_LINKS, INDEX_FILES, ParsedPage
from crawler.extract.listing.vocabulary import (
    ARROWS,
    BREAKING_TAGS,
    ENTRY_CONTAINERS,
    FLAT_BLOCK_TAGS,
    HEADING_TAGS,
    HEADINGS,
    LAYOUT_PREFIXES,
    MAIN_TOKENS,
    NEGATIVE_HEADING,
    NEGATIVE_PARTS,
    NEWER_WORDS,
    NEXT_WORDS,
    NOT_ENTRY_RELS,
    OLDER_WORDS,
    PAGE_COUNTER,
    PROSE_TAGS,
    READ_MORE_PARTS,
    RECENT_HEADING,
    SCREEN_READER_TOKENS,
    TAXONOMY_SEGMENTS,
    VOLATILE_TOKENS,
)

# --------------------------------------------------------------------------- entry blocks

MARK_CAP = 4  # a heading link's block may hold this many URLs (itself, category, author...)
MULTIPLE = object()  # marks an element holding candidate links to several URLs


@dataclass
class Block:
    element: Element
    url: str
    region: list[Element]
    flat: bool
    anchor: Element | None = None  # the candidate link the block grew from


@dataclass
class _Link:
    anchor: Element
    url: str
    strong: bool  # in (or around) a heading


Rejected = list[tuple[Element, str]]  # links that are not candidates, with a reason code


def _is_pager_label(text: str) -> bool:
    """A pager's label ("« Ältere Einträge", "Next page →", "Older posts (2 of 3) »"): no
    entry, even set in a heading beside the posts."""
    words = PAGE_COUNTER.sub(" ", text).strip(ARROWS + "<«‹←" + " .:-–—|·[]()\"'")
    words = " ".join(words.split()).casefold()
    return words in NEXT_WORDS or words in OLDER_WORDS or words in NEWER_WORDS


def _candidate_links(
    page: ParsedPage, rejected: Rejected | None = None, short: list[Element] | None = None
) -> list[_Link]:
    """Links that may be an entry's headline link, in document order.

    A "read more" link counts only when no headline-like link goes to its URL (entries whose
    headline is not a link). ``rejected``, when given, receives every other link with the
    reason it is not a candidate (``crawler inspect`` shows them; the crawl passes None).
    ``short``, when given, receives the links of one or two words outside headings, which may
    still be headlines of a list whose other headlines are longer (``_with_short_headlines``).
    """
    found: list[_Link] = []
    read_more: list[_Link] = []
    containers: dict[Element, bool] = {}  # meta-named elements: whether each is a container
    linkless = _linkless_heading_texts(page)
    named_files = _file_names_of(linkless)
    for anchor in page.root.iter("a"):
        # the URL last: normalising it costs most
        if page.link_in_landmark(anchor) or rel_values(anchor) & NOT_ENTRY_RELS:
            if rejected is not None:
                reason = "landmark" if page.link_in_landmark(anchor) else "rel"
                rejected.append((anchor, reason))
            continue
        text = page.text(anchor)
        overlay = not text and _overlays_linkless_heading(page, anchor)
        if overlay or _names_linkless_heading(page, anchor, linkless):
            url = page.href(anchor)
            if url is not None and not page.is_self(url):
                found.append(_Link(anchor, url, strong=True))
            continue
        if text and _is_pager_label(text):
            if rejected is not None:
                rejected.append((anchor, "pager"))
            continue
        read_more_text = bool(text) and is_read_more(text)
        if not text or _in_meta(anchor, containers, read_more_text):
            if rejected is not None:
                rejected.append((anchor, "meta-line" if text else "no-text"))
            continue
        if read_more_text:
            url = page.href(anchor)
            if url is not None and not page.is_self(url):
                read_more.append(_Link(anchor, url, strong=False))
            continue
        words, strong = word_count(text), in_or_around_heading(anchor)
        if words >= 3 and not strong and _in_prose(page, anchor):
            if rejected is not None:
                rejected.append((anchor, "in-sentence"))
            continue
        if words >= 3 or (words >= 1 and strong):
            url = page.href(anchor)
            if url is not None and not strong and is_taxonomy_url(url):
                if rejected is not None:  # a widget's category link (CJK: three "words")
                    rejected.append((anchor, "taxonomy"))
                continue
            if url is not None and not page.is_self(url):
                found.append(_Link(anchor, url, strong))
        elif named_files and _files_linkless_heading(page, anchor, named_files):
            found.append(_Link(anchor, page.href(anchor) or "", strong=True))
        else:
            if short is not None:
                short.append(anchor)
            if rejected is not None:
                rejected.append((anchor, "short-text"))
    headline_urls = {link.url for link in found}
    if rejected is not None:
        rejected.extend(
            (link.anchor, "read-more") for link in read_more if link.url in headline_urls
        )
    orphans = [link for link in read_more if link.url not in headline_urls]
    if not orphans:
        return found
    return _in_page_order(page, found + orphans)


def _in_page_order(page: ParsedPage, links: list[_Link]) -> list[_Link]:
    """``links`` in the order their anchors stand in the document."""
    order = {anchor: index for index, anchor in enumerate(page.root.iter("a"))}
    return sorted(links, key=lambda link: order[link.anchor])


def _has_no_link(heading: Element) -> bool:
    return next(heading.iter("a"), None) is None


def _overlays_linkless_heading(page: ParsedPage, anchor: Element) -> bool:
    """An empty link laid over a whole entry (``<a class="entry-link" aria-label="post link to
    X">`` beside ``<h2>X</h2>``, Hugo PaperMod; Bootstrap's stretched links): its parent holds
    a heading with text and no link of its own, so the entry's headline is that heading."""
    parent = anchor.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return False
    return any(_has_no_link(h) and page.text(h) for h in parent.iter(*HEADINGS))


def _linkless_heading_texts(page: ParsedPage) -> frozenset[str]:
    return frozenset(
        page.text(heading) for heading in page.root.iter(*HEADINGS) if _has_no_link(heading)
    )


def _names_linkless_heading(page: ParsedPage, anchor: Element, linkless: frozenset[str]) -> bool:
    """A link whose title is the text of its entry's heading, which has no link of its own
    (``<h2>Giving a gift</h2><a class="meta-date-link" title="Giving a gift">22 August
    2016</a>``): the entry's permalink, whatever line it sits in. ``linkless``: the texts of
    the page's headings without a link."""
    if not linkless:
        return False
    title = collapse(anchor.get("title"))
    if not title or title not in linkless:
        title = _screen_reader_label(anchor)
        if not title or title not in linkless:
            return False
    for ancestor in itertools.islice(anchor.iterancestors(), 4):
        if ancestor.tag in ("body", "html"):
            return False
        for heading in ancestor.iter(*HEADINGS):
            if page.text(heading) == title and _has_no_link(heading):
                return True
    return False


def _file_names_of(linkless: frozenset[str]) -> frozenset[str]:
    """The linkless headings' texts as a file name would say them (``slug_key``)."""
    keys = (slug_key(text) for text in linkless)
    return frozenset(key for key in keys if len(key) >= MIN_FILE_NAME)


def _files_linkless_heading(page: ParsedPage, anchor: Element, named: frozenset[str]) -> bool:
    """A short link whose file name is the text of its entry's heading, which has no link of
    its own (``<h3>Grid Search</h3>`` ... ``<a class="button" href="/Grid Search.html">
    Notebook</a>``, HTML5 UP's skel cards): the entry's permalink, whatever its label says.
    Not a category link under a widget heading of the same name, nor a link to this page."""
    key = file_slug(anchor.get("href"))
    if key not in named:
        return False
    url = page.href(anchor)
    if url is None or page.is_self(url) or is_taxonomy_url(url):
        return False
    return heading_named_by_file(anchor, key, page.text) is not None


LABEL_PUNCTUATION = " :\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019-\u2013\u2014"


def _screen_reader_label(anchor: Element) -> str:
    """The text of a link's span meant for screen readers only, without the punctuation around:
    WordPress's read-more block writes ``Read More<span class="screen-reader-text">: Title
    </span>``, classic themes ``Continue reading<span class="screen-reader-text"> "Title"``."""
    if not len(anchor):
        return ""
    for span in anchor.iterdescendants("span"):
        if span.get("class") and not SCREEN_READER_TOKENS.isdisjoint(class_tokens(span)):
            return collapse(text_of(span)).strip(LABEL_PUNCTUATION)
    return ""


def _in_prose(page: ParsedPage, anchor: Element) -> bool:
    """A link in the middle of running text (a full post's paragraph): text comes before it in
    its paragraph, and the paragraph says much more than the link. Entry headlines are not
    written inside sentences."""
    paragraph = None
    for depth, ancestor in enumerate(anchor.iterancestors()):
        if ancestor.tag in PROSE_TAGS:
            paragraph = ancestor
            break
        if depth >= 2 or ancestor.tag in BREAKING_TAGS:
            return False
    if paragraph is None:
        return False
    text, own = page.text(paragraph), page.text(anchor)
    return len(text) >= 2 * len(own) + 40 and not text.startswith(own[:20])


def _in_meta(anchor: Element, containers: dict[Element, bool], read_more: bool = False) -> bool:
    """Inside an entry's byline/category/tags line (``span.cat-links``, ``div.byline``). A
    heading is never one, whatever its wrapper's class says (WordPress marks every entry
    ``category-x tag-y``, a theme wraps the title in ``div.meta-main-wrap``), nor is a link
    around one (see _wraps_heading), nor is a label
    inside a heading that swallowed the heading's link (see _label_swallows_link), nor an entry
    or a list named by the page's taxonomy (see _is_meta_named_container and
    _repeated_post_item). A "read more" link
    is not in a meta line for being named as one (``span.more-link > a.readmore``)."""
    for element in self_and_ancestors(anchor):
        if element.tag in ENTRY_CONTAINERS or element.tag in HEADING_TAGS:
            return False
        if not is_meta(element) or (read_more and _named_read_more(element)):
            continue
        if element is not anchor:
            container = containers.get(element)
            if container is None:
                container = containers[element] = _is_meta_named_container(element)
                if not container and _repeated_post_item(element):
                    container = True
                    containers.update((e, True) for e in _alike_siblings(element))
            if container:
                continue
        return not (_label_swallows_link(anchor, element) or _wraps_heading(anchor))
    return False


def _wraps_heading(anchor: Element) -> bool:
    """The link holds a heading (``div.hmdl-page-meta > a > h5``, Hugo hmdl's list): a
    headline link, whatever its wrapper is named; a byline links names, dates and tags."""
    return next(anchor.iter(*HEADING_TAGS), None) is not None


def _named_read_more(element: Element) -> bool:
    """Its class/id says "read more" and nothing else of a meta line (``more-link``)."""
    return meta_parts(element) <= READ_MORE_PARTS


CONTAINER_MIN_WORDS = 20
LIST_MIN_POSTS = 3  # a byline never links this many posts


def _is_meta_named_container(element: Element) -> bool:
    """A meta-named element that holds more than a byline. Taxonomy pages name their entries
    and lists by the taxonomy (Hexo Matery's ``div.article.tag-post`` cards, Butterfly's
    ``div#tag`` column, WordPress's ``category-news`` on every post), while a byline never
    links three posts, nor two posts with a meta line of its own for each (an author's last
    page of two: ``div.author-articles`` whose posts each show a date line and a byline), nor
    holds a meta line of its own and a picture or heading beside more words than a line says
    or beside a single post link (a card with a short title and no teaser), nor holds the
    page's pager (Butterfly's ``div#category`` column of one post without a cover)."""
    holds_picture = False
    meta_lines: set[Element] = set()
    posts: set[str] = set()
    for node in element.iterdescendants():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if is_pager(node):
            return True
        if tag == "a":
            _note_post_link(node, posts)
        elif tag in ("img", "picture") or tag in HEADING_TAGS:
            holds_picture = True
        elif is_meta(node) and not _inside_any(node, meta_lines, element):
            meta_lines.add(node)
    if len(posts) >= LIST_MIN_POSTS:
        return True
    if len(posts) >= 2 and len(meta_lines) >= len(posts):
        return True
    holds_meta = bool(meta_lines)
    if not (holds_meta and holds_picture):
        return False
    return len(posts) == 1 or has_words(text_of(element), CONTAINER_MIN_WORDS)


def _alike_siblings(element: Element) -> list[Element]:
    """The element and its siblings of the same tag and class attribute."""
    parent, classes = element.getparent(), element.get("class")
    if parent is None or not classes:
        return []
    return [e for e in parent.iterchildren(element.tag) if e.get("class") == classes]


def _repeated_post_item(element: Element) -> bool:
    """The element is one of LIST_MIN_POSTS siblings or more of its tag and class, each
    linking one post, all different: the items of a list named by the taxonomy (Hexo iLiKE's
    ``div.category-item``: a title link and a ``<time>``), never a byline, which is not
    repeated side by side."""
    seen: set[str] = set()
    for sibling in _alike_siblings(element):
        posts: set[str] = set()
        for anchor in sibling.iter("a"):
            _note_post_link(anchor, posts)
            if len(posts) > 1:
                return False
        if len(posts) != 1 or posts <= seen:
            return False
        seen |= posts
    return len(seen) >= LIST_MIN_POSTS


def _inside_any(node: Element, found: set[Element], top: Element) -> bool:
    """``node`` lies inside one of ``found`` (elements below ``top``)."""
    if not found:
        return False
    for ancestor in node.iterancestors():
        if ancestor is top:
            return False
        if ancestor in found:
            return True
    return False


def _note_post_link(anchor: Element, posts: set[str]) -> None:
    """Add the link's address to ``posts`` when it may lead to a post: it says something and
    is no taxonomy page, fragment or script."""
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")) or is_taxonomy_url(href):
        return
    if text_of(anchor):
        posts.add(href)


def _label_swallows_link(anchor: Element, label: Element) -> bool:
    """A meta-classed label inside a heading around the heading's only link, which says at
    least as much as the rest of the heading: ``<h2><span class="tag">[ linux ] <a>Title</a>
    </h2>``, a label left unclosed, so that the parser nests the headline link in it."""
    heading = next(
        (e for e in itertools.islice(label.iterancestors(), 3) if e.tag in HEADING_TAGS), None
    )
    if heading is None or is_meta(heading):
        return False
    if sum(1 for a in heading.iter("a") if a.get("href") is not None) != 1:
        return False
    link_words = word_count(text_of(anchor))
    return link_words >= 1 and 2 * link_words >= word_count(text_of(heading))


class _Marks:
    """Which candidate-link URLs every element holds, to find where one entry ends.

    ``weak`` keeps up to MARK_CAP URLs per element (then MULTIPLE) from all candidate links;
    ``strong`` keeps one URL (or MULTIPLE) from links in headings to this site only, so that a
    heading link may take in a few other links (category, author) but never another heading
    link of the site.
    """

    def __init__(self, page: ParsedPage, links: list[_Link]) -> None:
        self.weak: dict[Element, object] = {}
        self.strong: dict[Element, object] = {}
        for link in links:
            # a link to another site outside a heading (a blogroll in a full post, a share
            # link) never bounds an entry of this site
            on_site = page.on_site(link.url)
            if link.strong or on_site:
                self._add_weak(link)
            # a heading link to another site inside an entry (a full post's "see the original
            # problem" subheading) does not make the entry hold two headlines
            if link.strong and on_site:
                self._add_strong(link)

    def _add_weak(self, link: _Link) -> None:
        for element in self_and_ancestors(link.anchor):
            urls = self.weak.get(element)
            if urls is MULTIPLE or (isinstance(urls, frozenset) and link.url in urls):
                break
            grown = (urls if isinstance(urls, frozenset) else frozenset()) | {link.url}
            self.weak[element] = grown if len(grown) <= MARK_CAP else MULTIPLE

    def _add_strong(self, link: _Link) -> None:
        for element in self_and_ancestors(link.anchor):
            mark = self.strong.get(element)
            if mark is None:
                self.strong[element] = link.url
            elif mark is MULTIPLE or (mark == link.url and element is not link.anchor):
                break
            elif mark != link.url:
                self.strong[element] = MULTIPLE

    def holds_only(self, element: Element, url: str) -> bool:
        urls = self.weak.get(element)
        return isinstance(urls, frozenset) and len(urls) == 1 and url in urls

    def may_extend(self, element: Element | None, link: _Link) -> bool:
        """Whether the entry block of ``link`` may grow to ``element``."""
        if element is None or element.tag in ("body", "html"):
            return False
        if self.holds_only(element, link.url):
            return True
        return (
            link.strong
            and self.strong.get(element) == link.url
            and self.weak.get(element) is not MULTIPLE
        )

    def foreign(self, element: Element, url: str) -> bool:
        """Holds a candidate link to another URL."""
        urls = self.weak.get(element)
        return urls is not None and urls != frozenset({url})


def _find_blocks(page: ParsedPage, links: list[_Link]) -> list[Block]:
    """One block per candidate link, except links to the site's home page (a logo, Blogger's
    "Show all posts" status line), which bound other blocks but are never an entry."""
    marks = _Marks(page, links)
    blocks: list[Block] = []
    seen: set[Element] = set()
    for link in links:
        if _is_home_page(link.url):
            continue
        block = link.anchor
        while marks.may_extend(block.getparent(), link):
            block = block.getparent()
        if block in seen:
            continue
        seen.add(block)
        flat = block.tag in FLAT_BLOCK_TAGS
        region = [block, *_flat_followers(page, block, link.url, marks)] if flat else [block]
        blocks.append(Block(block, link.url, region, flat, link.anchor))
    return blocks


HOME_PATHS = frozenset(("", "/", "/index.html", "/index.htm", "/index.php"))


def _is_home_page(url: str) -> bool:
    return urlsplit(url).path in HOME_PATHS and not urlsplit(url).query


def _flat_followers(page: ParsedPage, block: Element, url: str, marks: _Marks) -> list[Element]:
    """Siblings after a bare headline that belong to it (teaser, date, read-more link)."""
    followers = []
    for sibling in block.itersiblings():
        if not isinstance(sibling.tag, str):
            followers.append(sibling)
            continue
        if marks.foreign(sibling, url):
            break
        if sibling.tag in HEADINGS or sibling in page.landmarks or is_pager(sibling):
            break
        other_links = {page.href(a) for a in sibling.iter("a")} - {url, None}
        if len(other_links) >= 2:
            break
        followers.append(sibling)
    return followers


@dataclass
class Group:
    """Blocks of one list, and each block's item: its highest ancestor holding no other block
    of the same tag path (what a site file's ``entries`` selector would select)."""

    blocks: list[Block]
    items: list[Element]


def _group_blocks(blocks: list[Block]) -> list[Group]:
    """Blocks of one list: same tag path, and the same tag/class path above their items.

    A block's item is its highest ancestor holding no other block of the same tag path
    (``article`` around a ``header`` block, ``li.views-row`` around a title block). Items
    contribute only their tag, as their classes vary per entry (``post-318 category-syria``);
    the containers above them contribute tag and classes, which keeps a sidebar column apart
    from the main column, while card rows (``div.row``) of one grid fall together.
    """
    paths = [_tag_path(block.element) for block in blocks]
    counts: dict[tuple[Element, tuple[str, ...]], int] = {}
    for block, path in zip(blocks, paths, strict=True):
        for ancestor in block.element.iterancestors():
            counts[(ancestor, path)] = counts.get((ancestor, path), 0) + 1
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], Group] = {}
    for block, path in zip(blocks, paths, strict=True):
        item = block.element
        parent = item.getparent()
        while parent is not None and parent.tag not in ("body", "html"):
            if counts[(parent, path)] > 1:
                break
            item, parent = parent, parent.getparent()
        key = (_group_path(item), path[len(_tag_path(item)) - 1 :])
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group([], [])
        group.blocks.append(block)
        group.items.append(item)
    return _merge_cousins(_with_lone_blocks_joined(groups))


GroupKey = tuple[tuple[str, ...], tuple[str, ...]]


def _with_lone_blocks_joined(groups: dict[GroupKey, Group]) -> list[Group]:
    """The groups, each group of one block joined to a list of several when an element
    between its anchor and its item has that list's item shape: the list's container path
    (``_group_path``) and the anchor's tag path below the item. A lone block has no sibling of
    its tag path to stop its item's climb, which then reaches the top of the page: Hexo
    Carrot's year of one post, one wrapper shallower or deeper than the other years (each
    ``div.container`` left open), stayed a list of its own."""
    if all(len(group.blocks) > 1 for group in groups.values()):
        return list(groups.values())
    lists: dict[GroupKey, Group] = {}
    for (container_path, _), group in groups.items():
        shape = _item_shape(group) if len(group.blocks) > 1 else None
        if shape is not None:
            lists.setdefault((container_path, shape), group)
    if not lists:
        return list(groups.values())
    item_tags = {group.items[0].tag for group in lists.values()}
    joined: list[Group] = []
    for key, group in list(groups.items()):
        if len(group.blocks) != 1 or group.blocks[0].anchor is None:
            continue
        block, top = group.blocks[0], group.items[0]
        anchor_path = _anchor_path(block)
        for candidate in self_and_ancestors(block.anchor):
            if candidate is top:
                break
            if candidate.tag not in item_tags:
                continue
            depth = len(_tag_path(candidate))
            target = lists.get((_group_path(candidate), anchor_path[depth - 1 :]))
            if target is not None:
                target.blocks.append(block)
                target.items.append(candidate)
                joined.append(target)
                del groups[key]
                break
    for group in joined:
        _sort_in_document_order(group)
    return list(groups.values())


def _item_shape(group: Group) -> tuple[str, ...] | None:
    """The tag path from a list's items down to their anchors, when all its blocks share it
    (the container path above the items is the group's key already)."""
    shapes = {
        _anchor_path(block)[len(_tag_path(item)) - 1 :]
        for block, item in zip(group.blocks, group.items, strict=True)
        if block.anchor is not None
    }
    return shapes.pop() if len(shapes) == 1 else None


def _merge_cousins(groups: list[Group]) -> list[Group]:
    """Join blocks of a higher group to a deeper group when they are its items' cousins: the
    anchor's tag path is the deeper group's, and its ancestor at the depth of that group's
    items has their container path. Blogger groups posts by day (``div.date-outer >
    div.date-posts > div.post-outer``): a day of two posts gives a group of ``post-outer``
    items, the days of one post a group of ``date-outer`` blocks, and both are one list."""
    shapes: dict[tuple[tuple[str, ...], int, tuple[str, ...]], Group] = {}
    for group in groups:
        anchor_paths = {_anchor_path(block) for block in group.blocks}
        if len(anchor_paths) == 1:
            depth = len(_tag_path(group.items[0]))
            key = (anchor_paths.pop(), depth, _container_path(group.items[0]))
            shapes.setdefault(key, group)
    if len(shapes) < 2:
        return groups
    depths = sorted({depth for _, depth, _ in shapes}, reverse=True)
    merged: list[Group] = []
    grown: list[Group] = []
    for group in groups:
        kept = Group([], [])
        for block, item in zip(group.blocks, group.items, strict=True):
            found = _cousin_of(block, shapes, depths)
            target = kept if found is None else found[0]
            target.blocks.append(block)
            target.items.append(item if found is None else found[1])
            if found is not None and all(found[0] is not g for g in grown):
                grown.append(found[0])
        if kept.blocks:
            merged.append(group if len(kept.blocks) == len(group.blocks) else kept)
    for group in grown:
        _sort_in_document_order(group)
    return merged


def _cousin_of(
    block: Block,
    shapes: dict[tuple[tuple[str, ...], int, tuple[str, ...]], Group],
    depths: list[int],
) -> tuple[Group, Element] | None:
    """The deeper group ``block`` belongs to and its item there, if any."""
    if block.anchor is None:
        return None
    path = _anchor_path(block)
    own = len(_tag_path(block.element))
    chain = list(self_and_ancestors(block.anchor))
    for depth in depths:
        if depth <= own:
            break
        if depth > len(chain):
            continue
        item = chain[len(chain) - depth]
        target = shapes.get((path, depth, _container_path(item)))
        if target is not None and all(block is not own_block for own_block in target.blocks):
            return target, item
    return None


def _anchor_path(block: Block) -> tuple[str, ...]:
    return _tag_path(block.anchor) if block.anchor is not None else ()


def _sort_in_document_order(group: Group) -> None:
    if len(group.blocks) < 2:
        return
    order = {e: i for i, e in enumerate(_common_ancestor(group.items).iter())}
    pairs = sorted(zip(group.blocks, group.items, strict=True), key=lambda p: order[p[1]])
    group.blocks[:] = [block for block, _ in pairs]
    group.items[:] = [item for _, item in pairs]


def _tag_path(element: Element) -> tuple[str, ...]:
    """The tags from the root down to the element, an <article> right inside an <article>
    counted once: a template that never closes its entries' ``<article>`` (a Pelican
    bootstrap theme) nests each entry in the one before, and they are still one list."""
    tags = [element.tag, *(a.tag for a in element.iterancestors())]
    tags.reverse()
    if "article" not in tags:
        return tuple(tags)
    return tuple(
        tag
        for index, tag in enumerate(tags)
        if index == 0 or tag != "article" or tags[index - 1] != "article"
    )


def _group_path(item: Element) -> tuple[str, ...]:
    """The container path of a list's item, a classed step (or an <article>) repeated right
    below itself counted once: a template that leaves its wrapper open (Hexo Carrot's year
    groups, each ``div.container`` never closed; unclosed entry ``<article>``s) nests each
    next group one wrapper deeper, and the groups are still one list."""
    steps = _container_path(item)
    return tuple(
        step
        for index, step in enumerate(steps)
        if index == 0 or step != steps[index - 1] or ("." not in step and step != "article")
    )


def _container_path(item: Element) -> tuple[str, ...]:
    return tuple(
        reversed([_step(a.tag, a.get("class"), a.get("id")) for a in item.iterancestors()])
    )


@lru_cache(maxsize=4096)
def _step(tag: str, classes: str | None, element_id: str | None) -> str:
    tokens = sorted(t for t in split_tokens(classes, element_id) if t not in VOLATILE_TOKENS)
    return ".".join([tag, *tokens])


# --------------------------------------------------------------------------- choosing the list

TEASER_MIN_CHARS = 40


@dataclass
class Candidate:
    """A list of entry blocks with its score; ``notes`` say what lowered or raised it."""

    group: Group
    entries: list[DescribedEntry]
    score: float
    notes: tuple[str, ...] = ()


def scored_lists(page: ParsedPage, rejected: Rejected | None = None) -> list[Candidate]:
    """Every list of entry blocks on the page, best score first (ties in document order);
    ``rejected`` receives the links that are no candidate (see _candidate_links)."""
    short: list[Element] = []
    links = _candidate_links(page, rejected, short)
    candidates = _scored(page, links)
    completed = _with_short_headlines(page, links, candidates, short)
    widgets_only = not any(_scores_outside_widgets(c) for c in candidates)
    if widgets_only:
        completed = _short_title_list(page, completed or links, short) or completed
    if completed is None:
        return candidates + _lone_short_titles(page, links, short)
    if rejected is not None:
        added = {link.anchor for link in completed} - {link.anchor for link in links}
        rejected[:] = [(anchor, why) for anchor, why in rejected if anchor not in added]
    rescored = _scored(page, completed)
    return _widgets_last(rescored) if widgets_only else rescored


def _scores_outside_widgets(candidate: Candidate) -> bool:
    """The list scores, and not only as a sidebar or widget box (Hexo Butterfly's recent posts
    beside a tag's one post titled "无题"): such a box does not keep the page's short titles
    out of the running."""
    return candidate.score > 0 and "sidebar-class" not in candidate.notes


def _widgets_last(candidates: list[Candidate]) -> list[Candidate]:
    """The scoring lists outside sidebar and widget boxes first: once the page's short titles
    are in, a box of recent posts never beats the column's own list, even of one post."""
    return sorted(candidates, key=lambda c: (c.score <= 0, not _scores_outside_widgets(c)))


def _scored(page: ParsedPage, links: list[_Link]) -> list[Candidate]:
    blocks = _find_blocks(page, links)
    groups = [_without_sidebar_blocks(group) for group in _group_blocks(blocks)]
    candidates = [_score_group(page, group) for group in groups]
    return sorted(candidates, key=lambda c: -c.score)


SIDEBAR_PARTS = frozenset(("sidebar", "sidebars"))
# WordPress writes a post's terms into its classes (tag-sidebar, category-widgets): no layout
TERM_CLASS_PREFIXES = ("tag-", "category-", "format-", "post-")


def _without_sidebar_blocks(group: Group) -> Group:
    """``group`` without the blocks that sit in a sidebar-classed element below the group's
    container while the others do not. Jekyll's Hux theme sets the post column and the
    sidebar column (``div.sidebar-container`` with its "About me" heading link) side by side
    in one ``div.row``: on a last page of one post the two looked like a list of two."""
    if len(group.blocks) < 2:
        return group
    container = _common_ancestor([block.element for block in group.blocks])
    in_sidebar = [_below_in_sidebar(block.element, container) for block in group.blocks]
    if all(in_sidebar) or not any(in_sidebar):
        return group
    kept = [
        (block, item)
        for block, item, aside in zip(group.blocks, group.items, in_sidebar, strict=True)
        if not aside
    ]
    return Group([block for block, _ in kept], [item for _, item in kept])


def _below_in_sidebar(element: Element, container: Element) -> bool:
    """Whether ``element`` or an ancestor of it below ``container`` is classed as a sidebar."""
    for node in self_and_ancestors(element):
        if node is container:
            return False
        for token in class_tokens(node):
            if not token.startswith(TERM_CLASS_PREFIXES) and SIDEBAR_PARTS & {
                token,
                *re.split(r"[-_]+", token),
            }:
                return True
    return False


def _with_short_headlines(
    page: ParsedPage, links: list[_Link], candidates: list[Candidate], short: list[Element]
) -> list[_Link] | None:
    """The candidate links plus the short ones ("USB monitor", "Restart") shaped like the
    headline links of the best list: same tag path and class as two or more of them, or as
    its title-named one (``div.section-post-title > a``: a last page of two posts, one titled
    "Company"). Entries of one list share their markup whatever their headline's length. None
    when none is. A short link to a taxonomy page, or beside its entry's headline link (a link
    post's ``#post`` tag, see _second_link_of_an_entry), is no headline."""
    best = next((c for c in candidates if c.score > 0), None)
    if best is None or not short:
        return None
    shapes: dict[tuple[tuple[str, ...], str | None], list[Element]] = {}
    for block in best.group.blocks:
        if block.anchor is not None:
            shapes.setdefault(_link_shape(block.anchor), []).append(block.anchor)
    common = {
        shape
        for shape, anchors in shapes.items()
        if len(anchors) >= 2 or (len(best.group.blocks) == 1 and _title_named(anchors[0]))
    }
    taken = {link.anchor for link in links}
    added = []
    for anchor in short:
        if _link_shape(anchor) not in common or _page_number_link(page, anchor, _around(best)):
            continue
        if _second_link_of_an_entry(anchor, taken):
            continue
        url = page.href(anchor)
        if url is not None and not page.is_self(url) and not is_taxonomy_url(url):
            added.append(_Link(anchor, url, strong=False))
    if not added:
        return None
    return _in_page_order(page, links + added)


def _second_link_of_an_entry(anchor: Element, taken: set[Element]) -> bool:
    """The short link stands beside a headline link of its own entry: the smallest element
    holding both holds no other candidate (``taken``) nor another link shaped like this one,
    and the short link is not wrapped like the headline's own item (two ``div.post`` cards of
    one list are two entries; ``li > a`` headline and ``li > a`` "#tag" are one)."""
    shape = _link_shape(anchor)
    child = anchor
    for ancestor in anchor.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        others = [a for a in ancestor.iter("a") if a is not anchor]
        headlines = [a for a in others if a in taken]
        if not headlines:
            child = ancestor
            continue
        if len(headlines) > 1 or any(_link_shape(a) == shape for a in others if a not in taken):
            return False
        holder = next(c for c in ancestor if headlines[0] in c.iter("a"))
        return child is anchor or (child.tag, child.get("class")) != (
            holder.tag,
            holder.get("class"),
        )
    return False


def _short_title_list(
    page: ParsedPage, links: list[_Link], short: list[Element]
) -> list[_Link] | None:
    """When no list scores: the candidate links plus the short ones of a title-named shape
    (``a.archive__title``, ``span.archive-post-title > a``, ``a > span.card-title``) to posts
    of this site. A list whose every headline has one or two words ("Katex support", "搜索")
    is still a list of titles, and a last page may hold one such post (scored as a lone entry:
    see _dated_lone_link); a menu is not named so."""
    shapes: dict[tuple[tuple[str, ...], str | None], dict[str, Element]] = {}
    for anchor in [*short, *(link.anchor for link in links)]:
        url = _title_link_url(page, anchor)
        if url is not None:
            shapes.setdefault(_link_shape(anchor), {}).setdefault(url, anchor)
    known = {link.anchor for link in links}
    added = [
        _Link(anchor, url, strong=False)
        for found in shapes.values()
        for url, anchor in found.items()
        if anchor not in known
    ]
    if not added:
        return None
    return _in_page_order(page, links + added)


def _title_link_url(page: ParsedPage, anchor: Element) -> str | None:
    """The URL of a title-named link to a post of this site, or of one that is the one item
    of a list in the main column, else None."""
    url = page.href(anchor)
    if url is None or page.is_self(url) or not page.on_site(url) or is_taxonomy_url(url):
        return None
    if _page_number_link(page, anchor):
        return None
    if not _title_named(anchor) and _sole_list_item(page, anchor) is None:
        return None
    return url


def _lone_short_titles(
    page: ParsedPage, links: list[_Link], short: list[Element]
) -> list[Candidate]:
    """Each short title-named link (Hexo's "Hello World" alone on a last page, beside a
    carousel of pinned posts that wins), or short link that is the one item of a list in the
    main column (a year-grouped list's last page: "N00bzCTF 2024" with a yearless "08/05"), as
    a single-link candidate that scores nothing: never chosen, but kept for the walk among the
    page's lone entries."""
    added = []
    for anchor in short:
        url = _title_link_url(page, anchor)
        if url is not None:
            added.append(_Link(anchor, url, strong=False))
    if not added:
        return []
    anchors = {link.anchor for link in added}
    blocks = _find_blocks(page, _in_page_order(page, links + added))
    return [
        replace(_score_group(page, Group([block], [block.element])), score=0.0, notes=("alone",))
        for block in blocks
        if block.anchor in anchors
    ]


def _title_named(anchor: Element) -> bool:
    """The link, its parent or an element inside it has "title" among its class parts."""
    parent = anchor.getparent()
    near = [anchor, *([parent] if parent is not None else []), *anchor.iterdescendants()]
    return any(isinstance(e.tag, str) and "title" in class_parts(e) for e in near)


def _around(candidate: Candidate) -> set[Element]:
    """The elements around the candidate list's headline links."""
    return {
        ancestor
        for block in candidate.group.blocks
        if block.anchor is not None
        for ancestor in block.anchor.iterancestors()
    }


def _page_number_link(
    page: ParsedPage, anchor: Element, around_list: set[Element] | frozenset[Element] = frozenset()
) -> bool:
    """A pager's link: a page number, or any link inside a pager block (``ul.pagination``
    whose items are shaped like the entries' ``ul > li > a``). An element around the list's
    entries (``around_list``) is no pager, whatever its name says (Hugo Paige's posts in
    ``div#paige-page-pages``)."""
    if page.text(anchor).isdigit():
        return True
    return any(is_pager(e) and e not in around_list for e in anchor.iterancestors())


def _link_shape(anchor: Element) -> tuple[tuple[str, ...], str | None]:
    return _tag_path(anchor), anchor.get("class")


def choose_list(
    page: ParsedPage, candidates: list[Candidate]
) -> tuple[Candidate | None, list[str]]:
    """The main list among ``scored_lists`` (None when no list scores), and the uncertainty
    codes its choice gives (``competing-lists``, ``few-entries``)."""
    scoring = [c for c in candidates if c.score > 0]
    if not scoring:
        return None, []
    best = _with_own_permalinks(page, _the_pagers_own_list(page, scoring))
    best = _with_stray_entries(page, best, candidates)
    best = _without_folder_entries(
        _with_featured_strip(page, _with_lead_entry(page, best), candidates)
    )
    codes = []
    if len(scoring) > 1 and scoring[1].score >= COMPETING * best.score:
        codes.append("competing-lists")
    if len(unique_by_url(best.entries)) < 3:
        codes.append("few-entries")
    return best, codes


COMPETING = 0.6  # another list scoring this share of the chosen one's competes with it


def _the_pagers_own_list(page: ParsedPage, scoring: list[Candidate]) -> Candidate:
    """The best list, or a scoring list of one entry that shares a nearer ancestor with the
    page's pager: a WordPress block theme's query loop holds its posts and its pagination in
    one ``div.wp-block-query``, while a "latest posts" query in the other column has no
    pager. Where the loop shows one post (its title unlinked, a read-more link), the column
    of several latest posts outscored it, and every page gave those same posts."""
    best = scoring[0]
    lone = [c for c in scoring[1:] if len(c.group.blocks) == 1]
    if not lone or len(best.group.blocks) < 2:
        return best
    pagers = [e for e in page.root.iter() if e.attrib and isinstance(e.tag, str) and is_pager(e)]
    if not pagers:
        return best
    reach = _pager_reach(best, pagers)
    return next((c for c in lone if _pager_reach(c, pagers) > reach), best)


def the_next_links_own_list(
    best: Candidate, candidates: list[Candidate], next_link: Element | None
) -> Candidate:
    """The best list, or the competing list the page's next link closes: a portal's column
    of dated entries with its "下一页" link below, beaten by a longer box of undated
    "recommended" links in the column beside it. Only when every entry of that list is
    dated, none of the best's is, and the next link shares a deeper ancestor with it."""
    if next_link is None or next_link.tag != "a":
        return best
    others = [c for c in candidates if c.score >= COMPETING * best.score and c is not best]
    if not others or any(entry.date_raw for entry in best.entries):
        return best
    other = max(others, key=lambda c: c.score)
    if len(other.group.blocks) < 2 or not all(entry.date_raw for entry in other.entries):
        return best
    pager = [next_link.getparent()] if next_link.getparent() is not None else []
    return other if _pager_reach(other, pager) > _pager_reach(best, pager) else best


def _pager_reach(candidate: Candidate, pagers: list[Element]) -> int:
    """The depth of the deepest element holding both the list and one of the pagers."""
    blocks = candidate.group.blocks
    if len(blocks) == 1:  # a lone block grows to the top: its link says where it stands
        container = blocks[0].anchor if blocks[0].anchor is not None else blocks[0].element
    else:
        container = _common_ancestor([block.element for block in blocks])
    holders = set(self_and_ancestors(container))
    deepest = 0
    for pager in pagers:
        if pager in holders:
            continue
        shared = next((a for a in pager.iterancestors() if a in holders), None)
        if shared is not None:
            deepest = max(deepest, len(_tag_path(shared)))
    return deepest


def _without_folder_entries(best: Candidate) -> Candidate:
    """The list without entries whose URL is the folder of another entry's URL and that,
    unlike most entries, show neither teaser nor date: a section or author index (Drupal's
    "marek's blog" -> /blog/marek beside the post /blog/marek/x), not an article. A folder
    page listed like the others (a docs section's index in a blog's list) stays."""
    folders = {_as_folder(entry.url) for entry in best.entries}
    inside = set()
    for host, path in folders:
        parts = [part for part in path.split("/") if part]
        for depth in range(1, len(parts)):
            inside.add((host, "/" + "/".join(parts[:depth]) + "/"))
    described = sum(1 for entry in best.entries if entry.teaser or entry.date_raw)
    if not folders & inside or 2 * described <= len(best.entries):
        return best
    dropped = {
        entry.url
        for entry in best.entries
        if _as_folder(entry.url) in inside and not entry.teaser and not entry.date_raw
    }
    if not dropped:
        return best
    entries = [entry for entry in best.entries if entry.url not in dropped]
    return replace(best, entries=entries, notes=(*best.notes, "folder-entries"))


def _as_folder(url: str) -> tuple[str, str]:
    """Host and path of ``url`` read as a folder (``/blog/marek`` -> ``/blog/marek/``)."""
    split = urlsplit(url)
    path = split.path
    if path.endswith(INDEX_FILES):
        path = path[: path.rfind("/") + 1]
    return split.netloc, path.rstrip("/") + "/"


def is_chosen(candidate: Candidate, best: Candidate | None) -> bool:
    """Whether ``candidate`` is the list choose_list chose (which may have added entries)."""
    return best is not None and candidate.group is best.group


def _with_stray_entries(
    page: ParsedPage, best: Candidate, candidates: list[Candidate]
) -> Candidate:
    """The chosen list with the entries of its items that gave no block of it:

    - an element shaped like the chosen items (same tag, same container path, the classes
      they all carry) holding no chosen block but a block of another list gives the entry of
      its first block: a full post whose content holds a linked heading or a list of links to
      the site stops its headline's block at the post's header;
    - an element of the chosen items' loop (see _post_loop) holding a block of another list
      whose headline is a heading gives the entry of its first such block: a magazine
      archive's lead post above a grid of cards and the list of posts after it (MH Themes'
      ``div.mh-loop > article.content-lead, div.archive-grid > article.content-grid,
      div.archive-list > article.content-list``);
    - a sibling of the chosen items with their tag and no block at all gives the entry of its
      permalink (``rel="bookmark"``): a post without a title, linked by its date only.
    """
    items = best.group.items
    tag, paths, chosen = items[0].tag, {_container_path(i) for i in items}, set(items)
    known = {entry.url for entry in best.entries}
    loop = _post_loop(items)
    shared = _shared_classes(items)
    strays: list[tuple[Element, Element, DescribedEntry]] = []
    for other in candidates:
        if other is best:
            continue
        for block, entry in zip(other.group.blocks, other.entries, strict=True):
            item = _stray_item(block.element, tag, paths, chosen)
            if item is not None and not shared.issubset(class_tokens(item)):
                item = None  # a box beside the posts (div.recentf among div.item)
            if item is None and loop is not None and entry.headline_in_heading:
                item = _loop_item(block.element, tag, loop, chosen)
            if item is not None and entry.url not in known:
                strays.append((item, block.element, _at_own_permalink(page, item, entry, known)))
    untitled = _untitled_items(page, items, {item for item, _, _ in strays}, known)
    if not strays and not untitled:
        return best
    position = {e: i for i, e in enumerate(page.root.iter())}
    first: dict[Element, tuple[int, DescribedEntry]] = {}
    for item, element, entry in strays:
        if item not in first or position[element] < first[item][0]:
            first[item] = (position[element], entry)
    placed = [(position[item], entry) for item, entry in zip(items, best.entries, strict=True)]
    placed += [(position[item], entry) for item, (_, entry) in first.items()]
    placed += [(position[item], entry) for item, entry in untitled]
    entries = [entry for _, entry in sorted(placed, key=lambda pair: pair[0])]
    return Candidate(best.group, entries, best.score, (*best.notes, "stray-entries"))


def _with_own_permalinks(page: ParsedPage, best: Candidate) -> Candidate:
    """The chosen list with each entry linked elsewhere moved to its item's own permalink
    (see _at_own_permalink)."""
    known = {entry.url for entry in best.entries}
    entries = [
        _at_own_permalink(page, item, entry, known)
        for item, entry in zip(best.group.items, best.entries, strict=True)
    ]
    return replace(best, entries=entries) if entries != best.entries else best


def _at_own_permalink(
    page: ParsedPage, item: Element, entry: DescribedEntry, known: set[str]
) -> DescribedEntry:
    """An entry whose headline links to another site, at the one post of this site its item
    links (an IndieWeb reply or bookmark post: Hugo indiefeed's ``h2.p-name >
    a.u-in-reply-to`` beside the post's ``a.u-url`` date link and "leer más"); the headline
    stays the heading's. A syndicated story whose item links no post of the site stays."""
    if page.on_site(entry.url):
        return entry
    own = _own_permalink(page, item)
    if own is None or own in known:
        return entry
    shape = _post_path_shape(own)
    if not any(page.on_site(url) and _post_path_shape(url) == shape for url in known):
        return entry  # a tag page ('#post' of a link-post list), not a post
    known.add(own)
    return replace(entry, url=own)


def _own_permalink(page: ParsedPage, item: Element) -> str | None:
    """The one page of this site ``item`` links, the home page, taxonomy pages and the
    listing itself aside; None for none or several."""
    found: str | None = None
    for anchor in item.iter("a"):
        url = page.href(anchor)
        if url is None or not page.on_site(url) or page.is_self(url):
            continue
        if _is_home_page(url) or is_taxonomy_url(url) or url == found:
            continue
        if found is not None:
            return None
        found = url
    return found


def _post_path_shape(url: str) -> tuple[str, ...]:
    """The path's folders as written (numbers as their digit count) and its last segment as
    its extension, a trailing slash aside: ``/post/a-slug/`` and ``/post/b`` alike,
    ``/ru/2020/05/keel/`` and ``/ru/kinds/post`` not."""
    segments = [part for part in urlsplit(url).path.lower().split("/") if part]
    shape = ["0" * len(part) if part.isdigit() else part for part in segments[:-1]]
    if segments:
        last = segments[-1]
        dot = last.rfind(".")
        shape.append("0" * len(last) if last.isdigit() else "*" + (last[dot:] if dot > 0 else ""))
    return tuple(shape)


LOOP_MIN_TOKENS = 2  # class tokens every chosen item carries (post, hentry, type-post...)


@dataclass(frozen=True)
class _Loop:
    """Where a list's posts are written: the element around the chosen items' containers,
    and the class tokens every chosen item carries."""

    element: Element
    tokens: frozenset[str]


def _post_loop(items: list[Element]) -> _Loop | None:
    """The chosen items' loop: the element holding their container(s) (the common ancestor of
    items spread over several containers, else their one container's parent), when every item
    carries the same post classes (WordPress's ``post type-post status-publish hentry``)."""
    tokens = _shared_classes(items)
    if len(items) < 2 or len(tokens) < LOOP_MIN_TOKENS:
        return None
    element = _common_ancestor(items)
    if all(item.getparent() is element for item in items):
        element = element.getparent()
    if element is None or element.tag in ("body", "html"):
        return None
    return _Loop(element, tokens)


def _loop_item(element: Element, tag: str, loop: _Loop, chosen: set[Element]) -> Element | None:
    """The post around a block of another list (or the one post inside it, when the block
    grew above it: ``div.archive-list`` holding a single post): an element with the chosen
    items' tag and most of their post classes, inside their loop, neither inside nor around a
    chosen item, with no sidebar name between it and the loop."""
    found = None
    for ancestor in self_and_ancestors(element):
        if ancestor in chosen:
            return None
        if ancestor is loop.element:
            break
        if _carries_loop_classes(ancestor, tag, loop):
            found = ancestor
            break
    else:
        return None  # outside the loop
    if found is None:
        inside = [e for e in element.iterdescendants(tag) if _carries_loop_classes(e, tag, loop)]
        if len(inside) != 1 or element is loop.element:
            return None
        found = inside[0]
    if any(descendant in chosen for descendant in found.iterdescendants(tag)):
        return None
    for ancestor in found.iterancestors():
        if ancestor is loop.element:
            return found
        if ancestor in chosen or _has_negative_token(frozenset(class_tokens(ancestor))):
            return None
    return None


def _carries_loop_classes(element: Element, tag: str, loop: _Loop) -> bool:
    shared = loop.tokens.intersection(class_tokens(element))
    return (
        element.tag == tag
        and len(shared) >= LOOP_MIN_TOKENS
        and 2 * len(shared) >= len(loop.tokens)
    )


def _with_lead_entry(page: ParsedPage, best: Candidate) -> Candidate:
    """The chosen list with its lead entry in front: the one post an ``<aside>`` above the
    list shows (Pelican's default theme shows the newest post whole in ``aside#featured``
    above "Other articles"; featured and sticky boxes), its heading link to a URL shaped like
    the list's entries. The aside is a landmark, so its link gave no block; a sidebar (named
    or roled so, or under a "Most read"-like heading) or a box of several posts is no lead."""
    items = best.group.items
    known = {entry.url for entry in best.entries}
    shapes = [_url_shape(url) for url in known]
    for aside in page.landmarks:
        if aside.tag != "aside" or _in_sidebar(aside) or _under_negative_heading(aside):
            continue
        article = _single_article(aside)
        anchor = next(iter(HEADING_LINKS(article)), None) if article is not None else None
        url = page.href(anchor) if anchor is not None else None
        if url is None or page.is_self(url) or url in known or not page.on_site(url):
            continue
        if 2 * shapes.count(_url_shape(url)) <= len(shapes) or not _precedes(page, aside, items[0]):
            continue
        entry = describe_entry(page, [article], url, False)
        if not (entry.date_raw or (entry.teaser and len(entry.teaser) >= TEASER_MIN_CHARS)):
            continue
        lead = replace(entry, path=link_path(anchor))
        return Candidate(best.group, [lead, *best.entries], best.score, (*best.notes, "lead-entry"))
    return best


STRIP_REACH = 2  # levels above a strip's container where its lead post may sit


def _with_featured_strip(
    page: ParsedPage, best: Candidate, candidates: list[Candidate]
) -> Candidate:
    """The chosen list with the featured strip above it in front: a category page's newest
    posts shown as a grid or slider above a loop that skips them (tagDiv Newspaper's big grid
    ``div.td_block_big_grid_1`` above ``div.td-ss-main-content``; JNews, Soledad, ColorMag
    featured blocks). The strip is another list that ends before the chosen list starts,
    every entry a heading link to a post of this site the chosen list does not hold, shaped
    like its entries' URLs, with no sidebar, widget, related or "Most read" name above it and
    no post labelled with another category; it is smaller than the chosen list and scores
    too little to compete with it (a later page's few posts above a "Featured" box that beat
    them are no strip of that box). The strip's lead post, a block of its own beside the
    strip (the grid's big picture), comes with it."""
    if not any(_may_be_strip(c, best) for c in candidates):
        return best
    position = {e: i for i, e in enumerate(page.root.iter())}
    fits = _StripTest(page, best, position)
    strip = next((c for c in candidates if len(unique_by_url(c.entries)) >= 2 and fits(c)), None)
    if strip is None:
        return best
    scope = _strip_scope(strip, best.group.items[0])
    placed = [
        (position[block.element], entry)
        for c in candidates
        if c is strip or (len(c.entries) == 1 and fits(c) and _inside(c, scope))
        for block, entry in zip(c.group.blocks, c.entries, strict=True)
    ]
    added = unique_by_url([entry for _, entry in sorted(placed, key=lambda pair: pair[0])])
    notes = (*best.notes, "featured-strip")
    return Candidate(best.group, [*added, *best.entries], best.score, notes)


def _may_be_strip(candidate: Candidate, best: Candidate) -> bool:
    """A cheap first test: another scoring list of two posts or more, all in headings."""
    return (
        candidate.score > 0
        and not is_chosen(candidate, best)
        and len(unique_by_url(candidate.entries)) >= 2
        and all(entry.headline_in_heading for entry in candidate.entries)
    )


class _StripTest:
    """Whether a list may be the chosen list's featured strip (see _with_featured_strip)."""

    def __init__(self, page: ParsedPage, best: Candidate, position: dict[Element, int]) -> None:
        self.page, self.best, self.position = page, best, position
        self.known = {entry.url for entry in best.entries}
        shapes = [_url_shape(url) for url in self.known]
        self.shape = max(set(shapes), key=shapes.count) if shapes else None
        self.majority = 2 * shapes.count(self.shape) > len(shapes)
        self.start = position[best.group.items[0]]

    def __call__(self, candidate: Candidate) -> bool:
        if candidate.score <= 0 or is_chosen(candidate, self.best) or not self.majority:
            return False
        if len(unique_by_url(candidate.entries)) >= len(self.known):
            return False
        if candidate.score >= COMPETING * self.best.score:
            return False
        if any(self.position[item] >= self.start for item in candidate.group.items):
            return False
        if not all(self._is_new_post(entry) for entry in candidate.entries):
            return False
        container = _common_ancestor([block.element for block in candidate.group.blocks])
        if _in_named_aside(container):
            return False
        return not any(self._labels_another_term(block) for block in candidate.group.blocks)

    def _labels_another_term(self, block: Block) -> bool:
        """The entry is labelled with terms of this listing's taxonomy and none of them is
        this listing's term, its parent or child: a post of another category (a theme's
        category hero set to the site's picks)."""
        here = _listing_term(self.page.url)
        if here is None:
            return False
        labels = []
        for element in block.region:
            for anchor in element.iter("a"):
                url = self.page.href(anchor)
                term = _listing_term(url) if url is not None else None
                if term is not None and term[0] == here[0]:
                    labels.append(term[1])
        return bool(labels) and not any(_related_terms(label, here[1]) for label in labels)

    def _is_new_post(self, entry: DescribedEntry) -> bool:
        url, page = entry.url, self.page
        if not entry.headline_in_heading or url in self.known or page.is_self(url):
            return False
        if not page.on_site(url) or is_taxonomy_url(url) or _is_home_page(url):
            return False
        return _url_shape(url) == self.shape


PAGE_SUFFIX = re.compile(r"/page/\d+/?$")


def _listing_term(url: str) -> tuple[str, str] | None:
    """A taxonomy listing's base and term: ``/blog/category/news/world/page/2/`` ->
    (``/blog/category/``, ``news/world/``); None for another URL."""
    path = urlsplit(url).path
    if path.endswith(INDEX_FILES):
        path = path[: path.rfind("/") + 1]
    path = PAGE_SUFFIX.sub("/", path)
    segments = path.split("/")
    for index, segment in enumerate(segments[:-1]):
        if segment.lower() in TAXONOMY_SEGMENTS and segments[index + 1]:
            base = "/".join(segments[: index + 1]) + "/"
            return base, path[len(base) :].rstrip("/") + "/"
    return None


def _related_terms(first: str, second: str) -> bool:
    """One term is the other or holds it (a parent category and its child)."""
    return first.startswith(second) or second.startswith(first)


def _in_named_aside(container: Element) -> bool:
    """The element or one above it is named as a sidebar, widget, related or "Most read"
    box, or sits under a "Most read"-like heading."""
    for element in self_and_ancestors(container):
        if element.tag in ("body", "html"):
            break
        if _has_negative_token(frozenset(class_tokens(element))):
            return True
        if (element.get("role") or "").strip().lower() == "complementary":
            return True
    return _under_negative_heading(container)


def _strip_scope(strip: Candidate, first_item: Element) -> Element:
    """The highest element within STRIP_REACH levels above the strip's container that does
    not hold the chosen list."""
    scope = _common_ancestor([block.element for block in strip.group.blocks])
    for _ in range(STRIP_REACH):
        parent = scope.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if any(ancestor is parent for ancestor in first_item.iterancestors()):
            break
        scope = parent
    return scope


def _inside(candidate: Candidate, scope: Element) -> bool:
    element = candidate.group.blocks[0].element
    return any(ancestor is scope for ancestor in element.iterancestors())


def _in_sidebar(aside: Element) -> bool:
    """The aside, or an element around it, is named or roled as a sidebar."""
    for element in self_and_ancestors(aside):
        if element.tag in ("body", "html"):
            return False
        if (element.get("role") or "").strip().lower() == "complementary":
            return True
        if _has_negative_token(frozenset(class_tokens(element))):
            return True
        if not ASIDE_NAMES.isdisjoint(class_parts(element)):
            return True
    return False


def _single_article(aside: Element) -> Element | None:
    """The aside's one ``<article>``, none with another inside or beside it."""
    articles = list(itertools.islice(aside.iter("article"), 2))
    return articles[0] if len(articles) == 1 else None


def _precedes(page: ParsedPage, first: Element, second: Element) -> bool:
    """``first`` starts before ``second`` in the document."""
    for element in page.root.iter():
        if element is first:
            return True
        if element is second:
            return False
    return False


def _url_shape(url: str) -> tuple[str, ...]:
    """The path's segments with each number kept as its digit count and each other segment as
    its file extension: ``/2017/01/a-post.html`` -> ('0000', '00', '*.html'), plus whether the
    path ends in a slash."""
    path = urlsplit(url).path
    shape = []
    for segment in (part for part in path.split("/") if part):
        if segment.isdigit():
            shape.append("0" * len(segment))
        else:
            dot = segment.rfind(".")
            shape.append("*" + (segment[dot:].lower() if dot > 0 else ""))
    return (*shape, "/" if path.endswith("/") else "")


def _untitled_items(
    page: ParsedPage, items: list[Element], taken: set[Element], known: set[str]
) -> list[tuple[Element, DescribedEntry]]:
    """Siblings of the chosen items with their tag, holding no block, described by their
    permalink (``rel="bookmark"``), or, when they carry the classes every chosen item
    carries, by their one link shaped like the entries' URLs (a theme's "status" post: no
    title, its only link the meta line's "comments"); no headline but a heading's."""
    tag, chosen = items[0].tag, set(items)
    shared = _shared_classes(items)
    digits = _dated_prefix_length(known)
    found = []
    for parent in {item.getparent() for item in items if item.getparent() is not None}:
        for sibling in parent.iterchildren(tag):
            if sibling in chosen or sibling in taken:
                continue
            link = next((a for a in sibling.iter("a") if "bookmark" in rel_values(a)), None)
            if link is None and digits and shared and shared.issubset(class_tokens(sibling)):
                link = _sole_dated_link(page, sibling, digits)
            url = page.href(link) if link is not None else None
            if url is None or page.is_self(url) or url in known or not page.on_site(url):
                continue
            entry = describe_entry(page, [sibling], url, False)
            if not entry.headline_in_heading:
                entry = replace(entry, headline=None)
            found.append((sibling, replace(entry, path=link_path(link))))
            known.add(url)
    return found


def _dated_prefix_length(urls: set[str]) -> int:
    """How many all-digit path segments (``/2025/08/30/``) every one of ``urls`` starts
    with, when they all start with the same number of them (0 otherwise)."""
    lengths = {_leading_digit_segments(url) for url in urls}
    return lengths.pop() if len(lengths) == 1 else 0


def _leading_digit_segments(url: str) -> int:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    count = next((i for i, s in enumerate(segments) if not s.isdigit()), len(segments))
    return count if count < len(segments) else 0  # a slug must follow the digits


def _sole_dated_link(page: ParsedPage, element: Element, digits: int) -> Element | None:
    """The link of ``element`` to the one on-site page it links (fragments aside), when
    that page's path starts with ``digits`` all-digit segments as the entries' do."""
    link, target = None, None
    for anchor in element.iter("a"):
        url = page.href(anchor)
        if url is None or url == page.url or (anchor.get("href") or "").startswith("#"):
            continue
        if target is not None and url != target:
            return None
        link, target = link if link is not None else anchor, url
    if target is None or not page.on_site(target):
        return None
    return link if _leading_digit_segments(target) == digits else None


def _shared_classes(items: list[Element]) -> frozenset[str]:
    """The class tokens every chosen item carries, none of the volatile ones."""
    if len(items) < 2:
        return frozenset()
    shared = frozenset.intersection(*(frozenset(class_tokens(item)) for item in items))
    return shared - VOLATILE_TOKENS


def _stray_item(
    element: Element, tag: str, paths: set[tuple[str, ...]], chosen: set[Element]
) -> Element | None:
    """The ancestor of ``element`` shaped like the chosen items, unless it is in one of them."""
    found = None
    for ancestor in self_and_ancestors(element):
        if ancestor in chosen:
            return None
        if ancestor.tag in ("body", "html"):
            break
        if found is None and ancestor.tag == tag and _container_path(ancestor) in paths:
            found = ancestor
    return found


def container_depth(candidate: Candidate | None) -> int | None:
    """How many elements deep the list's container sits (``html`` is 1)."""
    if candidate is None:
        return None
    return len(_tag_path(_common_ancestor([block.element for block in candidate.group.blocks])))


def link_path(anchor: Element | None) -> str:
    """The tags from the root down to an entry's link (``html/body/main/article/h2/a``): what
    the pages of one listing share, whatever classes their containers carry (WordPress writes
    ``paged-2`` on a later page's body) and however high an entry's block grew."""
    return "/".join(_tag_path(anchor)) if anchor is not None else ""


def _with_item_heading(
    entry: DescribedEntry, block: Block, item: Element, several: bool
) -> DescribedEntry:
    """An entry without a headline (its links to the post say only a date or "more…") takes
    the first heading of its item when that heading has no link and stands before the block:
    Pelican's ``div.article > h2`` above ``Permalink: <a>date</a>`` and a "more…" button,
    with the summary's headings linking other sites. Only for items of a list of several."""
    if entry.headline is not None or not several or item is block.element:
        return entry
    heading = next(item.iter(*HEADINGS), None)
    if heading is None or next(heading.iter("a"), None) is not None:
        return entry
    text = text_of(heading)
    first = block.region[0] if block.region else block.element
    if not text or not _comes_first(item, heading, first):
        return entry
    return replace(entry, headline=text, headline_in_heading=True)


def _comes_first(root: Element, first: Element, second: Element) -> bool:
    """``first`` starts before ``second`` inside ``root``."""
    for element in root.iter():
        if element is first:
            return True
        if element is second:
            return False
    return False


def _score_group(page: ParsedPage, group: Group) -> Candidate:
    blocks = group.blocks
    several = len(blocks) > 1  # a lone block's item may hold the whole page
    described = [
        replace(
            _with_item_heading(describe_entry(page, b.region, b.url, b.flat), b, item, several),
            path=link_path(b.anchor),
        )
        for b, item in zip(blocks, group.items, strict=True)
    ]
    unique = unique_by_url(described)
    count = len(unique)
    with_teaser = sum(1 for d in unique if d.teaser and len(d.teaser) >= TEASER_MIN_CHARS)
    in_heading = sum(1 for d in unique if d.headline_in_heading)
    lone = count == 1 and not (with_teaser or in_heading)
    if lone and not _dated_lone_link(page, blocks[0], unique[0]):
        return Candidate(group, described, 0.0, ("alone",))
    words = sum(min(word_count(d.headline or ""), 8) for d in unique) / count
    with_date = sum(1 for d in unique if d.date_raw)
    quality = 1 + (3 * with_teaser + 0.5 * in_heading + 0.3 * with_date) / count
    container = _common_ancestor([block.element for block in blocks])
    context, context_notes = _context_factor(container)
    # Size counts, but less than linearly: a long "latest headlines" column must not beat a
    # shorter main list whose entries carry teasers.
    score = count**0.7 * (0.5 + words / 8) * quality * context
    kind, kind_notes = _link_kind_factor(page, unique, len(described))
    return Candidate(group, described, score * kind, context_notes + kind_notes)


def _dated_lone_link(page: ParsedPage, block: Block, entry: DescribedEntry) -> bool:
    """A lone entry still counts when dated and linked by a title-named link (``div.post-title
    > a.post-title-link``, Hexo NexT's list of one post; Hexo Matery's card link around a
    ``span.card-title``), by a dated permalink (``/2020/08/31/slug/``: Hexo Cactus's
    ``li.post-item > span > a``, Hexo Pure's ``a.collection-item``) or as the one item of a
    list in the main column (see _sole_dated_list_item): a tag page may list one post. Never
    in a sidebar or widget box, nor under a "Most read"-like heading (one recent post)."""
    anchor = block.anchor
    if anchor is None or not entry.date_raw or _in_named_aside(anchor):
        return False
    if _title_named(anchor) or _sole_dated_list_item(page, anchor, entry):
        return True
    # a dated permalink alone in a small block: not a page wrapper whose one stray link (a
    # related post on an article page) borrows the article's own date
    dated_url = DATED_PATH.search(urlsplit(entry.url).path) is not None
    return dated_url and len(text_of(block.element)) <= MAX_LONE_ENTRY_TEXT


DATED_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/")
MAX_LONE_ENTRY_TEXT = 300  # characters: a date and a title, not a page
LIST_ITEM_REACH = 3  # levels from a link up to the list item holding it


def _sole_dated_list_item(page: ParsedPage, anchor: Element, entry: DescribedEntry) -> bool:
    """The link is the one item of a ``ul``/``ol`` in the main column, to a post of this site,
    with its date in the item (Jekyll Chirpy's ``ul.content > li > a + time`` of a category of
    one post, eleventy-base-blog's ``ol.postlist > li.postlist-item``): the markup the site's
    lists of several posts use. A menu or breadcrumb item bears no date, a list under a
    "Latest posts" heading is no listing of its own."""
    if not page.on_site(entry.url) or is_taxonomy_url(entry.url):
        return False
    item = _sole_list_item(page, anchor)
    return item is not None and describe_entry(page, [item], entry.url, False).date_raw is not None


def _sole_list_item(page: ParsedPage, anchor: Element) -> Element | None:
    """The ``li`` holding the link when it is the one item of a ``ul``/``ol`` in the main
    column, with no more text than a date and a title, and not under a "Latest posts"
    heading; else None."""
    item = next(
        (e for e in itertools.islice(anchor.iterancestors(), LIST_ITEM_REACH) if e.tag == "li"),
        None,
    )
    parent = item.getparent() if item is not None else None
    if parent is None or parent.tag not in ("ul", "ol"):
        return None
    if sum(1 for _ in parent.iterchildren("li")) != 1 or len(text_of(item)) > MAX_LONE_ENTRY_TEXT:
        return None
    if "main-column" not in _context_factor(parent)[1] or _under_heading(parent, RECENT_HEADING):
        return None
    return item


def _link_kind_factor(
    page: ParsedPage, unique: list[DescribedEntry], blocks: int
) -> tuple[float, tuple[str, ...]]:
    """Lower a group whose links do not look like the site's article links: the same URL in
    several entries (one author writing most posts), taxonomy pages (``/author/x/``,
    ``/category/y.html``), or mostly other sites (a blogroll, share and login links). A tag
    page lists the site's own articles; a syndicated story among them is still taken."""
    factor = (len(unique) / blocks) ** 2
    notes: tuple[str, ...] = ("repeated-urls",) if len(unique) < blocks else ()
    taxonomy = sum(1 for item in unique if is_taxonomy_url(item.url))
    if taxonomy * 2 > len(unique):
        factor *= 0.2
        notes += ("taxonomy-urls",)
    elsewhere = sum(1 for item in unique if not page.on_site(item.url))
    if elsewhere * 2 > len(unique):
        factor *= 0.1
        notes += ("other-sites",)
    return factor, notes


def is_taxonomy_url(url: str) -> bool:
    """A path ending in a taxonomy segment and one slug: ``/author/jane/``, ``/tag/x.html``."""
    segments = [part for part in urlsplit(url).path.split("/") if part]
    if segments and segments[-1] in ("index.html", "index.htm", "index.php"):
        segments.pop()
    return len(segments) >= 2 and segments[-2].lower() in TAXONOMY_SEGMENTS


def unique_by_url(described: list[DescribedEntry]) -> list[DescribedEntry]:
    seen: set[str] = set()
    unique = []
    for item in described:
        if item.url not in seen:
            seen.add(item.url)
            unique.append(item)
    return unique


def _common_ancestor(elements: list[Element]) -> Element:
    first = elements[0]
    chain = list(first.iterancestors())
    if not chain:
        return first
    others = [set(element.iterancestors()) for element in elements[1:]]
    for ancestor in chain:
        if all(ancestor in ancestors for ancestors in others):
            return ancestor
    return chain[-1]


def _context_factor(container: Element) -> tuple[float, tuple[str, ...]]:
    """Raise lists inside the main column, lower those in sidebars or under "Most read".
    Blogger's post column is a widget too (``div#Blog1.widget.Blog``): main, not a sidebar."""
    in_main = negative = False
    for element in (container, *container.iterancestors()):
        if element.tag in ("body", "html"):
            break
        tokens = frozenset(class_tokens(element))
        main_widget = tokens >= BLOGGER_POST_WIDGET
        if element.tag == "main" or element.get("role") == "main" or tokens & MAIN_TOKENS:
            in_main = True
        if main_widget:
            in_main = True
        elif _has_negative_token(tokens):
            negative = True
    factor = 1.5 if in_main else 1.0
    notes: tuple[str, ...] = ("main-column",) if in_main else ()
    if negative:
        factor *= 0.2
        notes += ("sidebar-class",)
    if _under_negative_heading(container):
        factor *= 0.3
        notes += ("negative-heading",)
    return factor, notes


BLOGGER_POST_WIDGET = frozenset(("widget", "blog"))  # div#Blog1.widget.Blog: the post column


# Elementor names every block a widget ("elementor-widget-shortcode" around the post grid);
# its "elementor-widget-wp-widget-recent-posts" is a WordPress sidebar widget placed there.
_WIDGET_PARTS = frozenset({"widget", "widgets"})


def _has_negative_token(tokens: frozenset[str]) -> bool:
    for token in tokens:
        if token.startswith(LAYOUT_PREFIXES):
            continue
        parts = {token, *re.split(r"[-_]+", token)}
        if token.startswith(PAGE_BUILDER_PREFIXES) and "wp-widget" not in token:
            parts -= _WIDGET_PARTS  # a page builder's block (the post grid too), not a sidebar's
        if parts & NEGATIVE_PARTS or "most-read" in token or "mostread" in token:
            return True
    return False


def _under_negative_heading(container: Element) -> bool:
    return _under_heading(container, NEGATIVE_HEADING)


def _under_heading(container: Element, words: re.Pattern[str]) -> bool:
    """The container's first heading, or the heading right before it, says ``words``."""
    first_child_heading = next(container.iterchildren(*HEADINGS), None)
    if first_child_heading is not None:
        return bool(words.search(text_of(first_child_heading)))
    node = container
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return False
        for sibling in list(node.itersiblings(preceding=True))[:3]:
            if not isinstance(sibling.tag, str):
                continue
            is_heading = sibling.tag in HEADINGS or class_parts(sibling) & {"title", "heading"}
            if is_heading:
                text = text_of(sibling)
                return len(text) < 80 and bool(words.search(text))
        node = node.getparent()
    return False
