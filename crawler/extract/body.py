"""The article body: the element holding the article text (scored by its running text, less
its links), boxes inside it that are not prose (tables of short cells, headline+teaser
lists), and the choice between the page's text and a complete JSON-LD articleBody.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice
from urllib.parse import urljoin

from lxml import etree

from .class_words import (
    CONTENT_WORDS,
    RELATED_WORDS,
    class_words,
    word_set,
)
from .listing.elements import has_words
from .noise import drop_noise, the_marked_post
from .page import Page, parse_html, selected_nodes
from .paragraphs import (
    Block,
    blocks_of,
    clean_blocks,
    container_blocks,
    is_data_table,
    is_table_of_data,
    words_of,
)
from .text import (
    BLOCK_TAGS,
    INVISIBLE_TAGS,
    collapse_whitespace,
    comparable,
    drop_heading_permalinks,
    is_boilerplate_line,
    node_text,
    previous_element,
    split_paragraphs,
)
from .urls import same_domain

__all__ = ["find_body"]


MIN_LD_BODY = 200  # characters of JSON-LD articleBody before it is trusted at all


def find_body(
    page: Page, headline: str | None, date_raw: str | None, day: str | None = None
) -> tuple[str | None, str | None]:
    """(body text, strategy): the site selector's nodes, else the main content of the page or
    the JSON-LD articleBody when that is the complete text. ``day``: the article's date, the
    only one its date line names."""
    selected: list[etree._Element] = []
    if page.selectors.body:
        selected = [n for n in selected_nodes(page, page.selectors.body) if not isinstance(n, str)]
    widgets = _widget_boxes(page.root)  # before the noise goes with their buttons
    post = the_marked_post(page.root, with_text=False)
    embed_only = _embed_only_post(post)
    embed_headings = _headings_over_embeds(post)  # before the embeds go with the noise
    short_post = _short_post_run(page.root, widgets, headline)
    drop_noise(page.noise)
    _drop_line_number_gutters(page.root)
    drop_heading_permalinks(page.root)
    if selected:
        paragraphs = clean_blocks(blocks_of(selected), headline, date_raw, day=day)
        if paragraphs:
            return "\n\n".join(paragraphs), "site-selector"
    # a post of embeds only has no text (but their headings): what text the page has is not
    # the post's
    without_text = embed_only is not None or bool(embed_headings)
    containers = [] if without_text else _main_content(page.root)
    for container in containers:
        _prune_boxes(container)
        _references_as_text(container, page.url)
    _empty_widgets_inside(containers, widgets)
    dom = clean_blocks(blocks_of(containers), headline, date_raw, trim_tail=True, day=day)
    paragraphs = _prefer_json_ld_body(page.json_ld.body, dom)
    if not paragraphs:
        short = _short_post_text(short_post, page.root, headline, date_raw, day)
        short = short or _headings_text(embed_headings, page.root, headline)
        return ("\n\n".join(short), "short-post") if short else (None, None)
    return "\n\n".join(paragraphs), "main-content" if paragraphs is dom else "json-ld-articleBody"


_NUMBERS_ONLY = re.compile(r"[\d\s]+")
_GUTTER_WORDS = word_set("gutter linenos lineno linenumbers linenumber rougegutter")


def _drop_line_number_gutters(root: etree._Element) -> None:
    """Empty the line-number column of code listings laid out as a table (Rouge, Hexo,
    Pygments: ``<td class="gutter"><pre>1<br>2<br>3</pre></td><td class="code"><pre>``):
    a cell whose text is only consecutive numbers next to a cell holding the code."""
    for cell in list(root.iter("td", "th")):
        if _is_line_number_gutter(cell):
            _empty_keeping_tail(cell)


def _is_line_number_gutter(cell: etree._Element) -> bool:
    for piece in cell.itertext():  # stops at the first letter: most cells are text
        if not _NUMBERS_ONLY.fullmatch(piece) and piece.strip():
            return False
    numbers = node_text(cell).split()
    if not numbers or not all(n.isdigit() for n in numbers):
        return False
    first = int(numbers[0])
    if any(int(n) != first + i for i, n in enumerate(numbers)):
        return False
    if class_words(cell) & _GUTTER_WORDS:
        return True
    row = cell.getparent()
    return row is not None and any(
        other is not cell and (next(other.iter("pre", "code"), None) is not None)
        for other in row
        if other.tag in ("td", "th")
    )


def _short_post_run(
    root: etree._Element, widgets: set[etree._Element], headline: str | None
) -> list[etree._Element]:
    """Where a post too short for the main-content scores (a photo with its caption, a
    two-line note, a table of results, a note written as one heading) has its text: the run
    of paragraphs that starts at the first <p> (else <table>, else heading) of the page's one
    marked article container (its articleBody, content-class element, <article> or main
    column), else the first <p> after the page's one headline <h1> within its parent, and
    ends at the first box after it; none when that paragraph sits in a widget (a share or
    donation box is not the post)."""
    container = _single_article_container(root)
    if container is not None:
        first = next(container.iter("p"), None)
        if first is None:  # a post of one table (a ranking, a draw) starts at the table
            first = next(container.iter("table"), None)
        if first is None:  # a note written as one Markdown heading ("### ...")
            first = next(container.iter(*_HEADING_TAGS), None)
    else:
        first = _first_paragraph_after_the_headline(root, headline)
    if first is None or first.getparent() in widgets:
        return []
    run = [first]
    for sibling in first.itersiblings():
        if isinstance(sibling.tag, str) and sibling.tag in _SHORT_POST_BREAKS:
            break
        run.append(sibling)
    return run


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _first_paragraph_after_the_headline(
    root: etree._Element, headline: str | None
) -> etree._Element | None:
    """The first <p> after the one <h1> reading ``headline``, among the boxes that follow it
    in its parent (``div.post > h1, div.meta, div.body > div > p``)."""
    wanted = comparable(headline or "")
    if not wanted:
        return None
    h1s = [h1 for h1 in root.iter("h1") if comparable(node_text(h1)) == wanted]
    if len(h1s) != 1:
        return None
    for sibling in h1s[0].itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        first = next(sibling.iter("p"), None)
        if first is not None:
            return first
    return None


def _short_post_text(
    run: list[etree._Element],
    root: etree._Element,
    headline: str | None,
    date_raw: str | None,
    day: str | None,
) -> list[str]:
    """The paragraphs of a short post's run that are still in the page once noise is gone."""
    kept = [el for el in run if any(a is root for a in el.iterancestors())]
    if not kept:
        return []
    blocks = blocks_of(kept)
    cleaned = clean_blocks(blocks, headline, date_raw, trim_tail=True, day=day)
    return (
        cleaned
        or _link_paragraphs_only(blocks, headline, date_raw)
        or _one_heading_note(blocks, headline, date_raw)
    )


MAX_LINK_PARAGRAPHS = 3


def _link_paragraphs_only(
    blocks: list[Block], headline: str | None, date_raw: str | None
) -> list[str]:
    """A short post made of nothing but a few link paragraphs ("Link zum Event", "Ver o
    Vídeo"): with no text of its own around them, the links are the post."""
    skip = {s.casefold() for s in (headline, date_raw) if s}
    lines = [b for b in blocks if b.text.casefold() not in skip and not is_boilerplate_line(b.text)]
    if not 0 < len(lines) <= MAX_LINK_PARAGRAPHS:
        return []
    if any(b.tag != "p" or b.link_ratio < 0.5 for b in lines):
        return []
    return [b.text for b in lines]


MIN_NOTE_WORDS = 5  # a heading this long says something; "Share this", "相关文章" do not


def _one_heading_note(blocks: list[Block], headline: str | None, date_raw: str | None) -> list[str]:
    """A short post written as a single heading ("### Updates now go to my other blog"): the
    trailing-label rule of clean_blocks drops it, but with no other line it is the post.
    Labels ("Related posts:", "分享到") stay out."""
    skip = {s.casefold() for s in (headline, date_raw) if s}
    lines = [b for b in blocks if b.text.casefold() not in skip and not is_boilerplate_line(b.text)]
    if len(lines) != 1 or lines[0].tag not in _HEADING_TAGS:
        return []
    text = lines[0].text
    if text.endswith((":", "：")) or not has_words(text, MIN_NOTE_WORDS):
        return []
    return [text]


def _widget_boxes(root: etree._Element) -> set[etree._Element]:
    """Boxes holding their own buttons or form fields (donate, share, subscribe): the nearest
    box around each control. A box holding code is a code block with its "Copy" button."""
    boxes = set()
    for control in root.iter("button", "input", "select", "textarea"):
        box = next((a for a in control.iterancestors() if a.tag in _SHORT_POST_BREAKS), None)
        if box is not None and not _holds_code(box) and not _is_labelled_switch(control, box):
            boxes.add(box)
    return boxes


def _is_labelled_switch(control: etree._Element, box: etree._Element) -> bool:
    """A radio button or checkbox that a ``<label for>`` in its box names: the switch of tabs,
    a spoiler or an accordion written without script, which shows the post's own text."""
    if control.tag != "input" or (control.get("type") or "").lower() not in ("radio", "checkbox"):
        return False
    name = control.get("id")
    return bool(name) and any(label.get("for") == name for label in box.iter("label"))


def _holds_code(box: etree._Element) -> bool:
    return next(box.iter("pre", "code"), None) is not None


MAX_WIDGET_TEXT = 200  # characters; a box with more text and a button is more than a widget


def _empty_widgets_inside(containers: list[etree._Element], widgets: set[etree._Element]) -> None:
    """Empty the short widget boxes chosen as or nested in the containers."""
    chosen = set(containers)
    for box in widgets:
        if box not in chosen and not any(a in chosen for a in box.iterancestors()):
            continue
        if len(node_text(box)) <= MAX_WIDGET_TEXT:
            _empty_keeping_tail(box)


_SHORT_POST_BREAKS = frozenset({"div", "section", "aside", "nav", "footer", "header", "form"})


def _single_article_container(root: etree._Element) -> etree._Element | None:
    """The element the page marks as its article - articleBody, else a content class, else
    <article>, else its main column - when exactly one (outermost) element is so marked,
    those in a related-posts box left out when that decides it."""
    elements = [el for el in root.iter() if isinstance(el.tag, str) and el.tag not in _NOT_SHOWN]
    marked = _outermost_marked(elements)
    if len(marked) > 1:
        marked = _outermost_marked(_outside_related_boxes(root, elements))
    return marked[0] if len(marked) == 1 else None


def _is_main_landmark(el: etree._Element) -> bool:
    """The page's main column: <main>, role=main, or a box with the id "main" or "content"."""
    return el.tag == "main" or el.get("role") == "main" or el.get("id") in ("main", "content")


_ARTICLE_MARKS = (
    lambda el: el.get("itemprop") == "articleBody",
    lambda el: bool(class_words(el) & CONTENT_WORDS),
    lambda el: el.tag == "article",
    _is_main_landmark,
)


def _outermost_marked(elements: list[etree._Element]) -> list[etree._Element]:
    """The outermost ``elements`` of the first kind of article mark any of them has."""
    for is_kind in _ARTICLE_MARKS:
        found = [el for el in elements if is_kind(el)]
        outermost = [el for el in found if not any(a in found for a in el.iterancestors())]
        if outermost:
            return outermost
    return []


# a cheap first look for the class words RELATED_WORDS reads ("related", "relatedPosts")
_RELATED_NAMED = etree.XPath("//*[contains(@class, 'elated') or contains(@id, 'elated')]")


def _outside_related_boxes(
    root: etree._Element, elements: list[etree._Element]
) -> list[etree._Element]:
    """``elements`` but those in a related-posts box without an <h1>: the
    ``article#related.related-posts`` a theme writes after the post, with its own
    ``div.entry``, is a second article container, and the post would have none."""
    inside: set[etree._Element] = set()
    for box in _RELATED_NAMED(root):
        if (
            box not in inside
            and class_words(box) & RELATED_WORDS
            and next(box.iter("h1"), None) is None
        ):
            inside.update(box.iter())
    return [el for el in elements if el not in inside] if inside else elements


# a script's id may name the post ("entry-content-js"): never the post itself
_NOT_SHOWN = INVISIBLE_TAGS | {"meta", "link"}


def _main_content(root: etree._Element) -> list[etree._Element]:
    """The element holding the article text (plus sibling parts of a split body).

    Every piece of running text adds its length (less its linked text) to the element holding
    it - the parent of a <p>, or a <div>/<td> with text written straight into it - and, halved,
    to the next two ancestors; the highest score wins.
    """
    scores: dict[etree._Element, float] = {}
    for holder, value in _text_holder_values(root):
        weight = 1.0
        for el in islice(chain([holder], holder.iterancestors()), 3):
            scores[el] = scores.get(el, 0.0) + value * weight
            weight /= 2
    if not scores:
        return []
    for el in scores:
        if el.tag == "article" or el.get("itemprop") == "articleBody":
            scores[el] *= 1.3
        elif class_words(el) & CONTENT_WORDS:
            scores[el] *= 1.2
    top = max(scores, key=lambda el: scores[el])
    article = _the_article_over_an_outside_box(top, scores[top], root)
    if article is not None:
        return [_best_inside(article, scores)]
    best = _marked_post_around(top, root)
    scores[best] = max(scores.get(best, 0.0), scores[top])
    chosen = _with_body_siblings(best, scores)
    chunks = [el for el in _body_chunks(best, scores) if not _is_inside_any(el, chosen)]
    if not chunks:
        return chosen
    wanted = set(chosen) | set(chunks)
    return [el for el in root.iter() if el in wanted]


MAX_OUTSIDE_BOX_SCORE = 400  # a box outside the page's one article wins from here on


def _the_article_over_an_outside_box(
    top: etree._Element, top_score: float, root: etree._Element
) -> etree._Element | None:
    """The page's one marked article when ``top`` is a short box outside it and the article
    holds text or a photo: a short post ("Published in today's paper" over a photo) or a
    photo post lost to the "Meta Data" box a theme prints after it."""
    if top_score >= MAX_OUTSIDE_BOX_SCORE:
        return None
    container = _single_article_container(root)
    if container is None or top is container or not _holds_post_matter(container):
        return None
    if any(a is container for a in top.iterancestors()):
        return None
    if any(a is top for a in container.iterancestors()):
        return None
    return container


def _best_inside(container: etree._Element, scores: dict[etree._Element, float]) -> etree._Element:
    """The best-scored element in ``container``, else ``container`` itself."""
    inside = [el for el in scores if el is container or container in el.iterancestors()]
    return max(inside, key=lambda el: scores[el]) if inside else container


def _holds_post_matter(container: etree._Element) -> bool:
    """Text or an image or embed (a photo post) is left in it once the noise is gone."""
    return bool(node_text(container)) or next(container.iter(*_EMBED_TAGS), None) is not None


_EMBED_TAGS = ("iframe", "video", "audio", "object", "embed", "img")


def _embed_only_post(post: etree._Element | None) -> etree._Element | None:
    """The marked post when it holds an embed (a video, a newsletter in an <iframe>, an
    image) and no text: a post without words. Asked before the noise goes, as the <iframe>
    goes with it."""
    if post is None or node_text(post) or next(post.iter(*_EMBED_TAGS), None) is None:
        return None
    return post


MAX_EMBED_HEADINGS = 12
_HEADING_OR_CAPTION = frozenset({"h2", "h3", "h4", "h5", "h6", "figure", "figcaption"})


def _headings_over_embeds(post: etree._Element | None) -> list[etree._Element]:
    """The headings of the marked post that each head an embed or an image (the next element
    is one or holds one), when the post has no other text than headings and captions: a post
    of videos or photos under headings has these headings for its text. Asked before the
    noise goes with the embeds."""
    if post is None or not all(b.tag in _HEADING_OR_CAPTION for b in container_blocks(post)):
        return []
    headings = []
    for heading in post.iter(*_HEADING_TAGS):
        following = next(heading.itersiblings(), None)
        while following is not None and not isinstance(following.tag, str):
            following = next(following.itersiblings(), None)
        if following is not None and (
            following.tag in _EMBED_TAGS or next(following.iter(*_EMBED_TAGS), None) is not None
        ):
            headings.append(heading)
    return headings if len(headings) <= MAX_EMBED_HEADINGS else []


def _headings_text(
    headings: list[etree._Element], root: etree._Element, headline: str | None
) -> list[str]:
    """The text of the headings still in the page once noise is gone, the headline's aside."""
    skip = comparable(headline or "")
    lines = []
    for heading in headings:
        if not any(a is root for a in heading.iterancestors()):
            continue
        text = node_text(heading)
        if text and comparable(text) != skip and not is_boilerplate_line(text):
            lines.append(text)
    return lines


MIN_MARKED_SHARE = 0.5  # of the marked post's text the best element must hold


def _marked_post_around(best: etree._Element, root: etree._Element) -> etree._Element:
    """The page's one element marked as its article text (itemprop=articleBody/text, an
    entry-content class) when the best element is inside it with less than half its text: a
    post pasted as a soup of <div>s scores each short <div> on its own, and the first one
    won; the page says where its article is."""
    container = the_marked_post(root, with_text=False)
    if container is None:
        return best
    if best is container or not any(a is container for a in best.iterancestors()):
        return best
    if len(node_text(best)) >= MIN_MARKED_SHARE * len(node_text(container)):
        return best
    return container


MIN_CHUNK_SHARE = 0.2  # of the best element's score


def _body_chunks(best: etree._Element, scores: dict[etree._Element, float]) -> list[etree._Element]:
    """Other parts of a body the page split into same-class chunks between ads and embeds
    (<div class="article__body"> ... <div class="article__body">)."""
    signature = best.get("class")
    if not signature:
        return []
    threshold = scores[best] * MIN_CHUNK_SHARE
    alike = [
        el
        for el, score in scores.items()
        if el is not best
        and score >= threshold
        and el.tag == best.tag
        and el.get("class") == signature
    ]
    if not alike:
        return []
    ancestors = set(best.iterancestors())  # not every descendant: best may be the whole page
    return [
        el
        for el in alike
        if el not in ancestors and all(parent is not best for parent in el.iterancestors())
    ]


def _text_holder_values(root: etree._Element) -> Iterator[tuple[etree._Element, float]]:
    """(element holding the text, text length weighted down by its share of linked text)."""
    for el in root.iter("p", "pre", "li", "div", "section", "td", "blockquote"):
        parent = el.getparent()
        paragraph = el.tag in ("p", "pre", "li")
        if paragraph:
            if parent is None:
                continue
            # a list item's text belongs to the element holding the list, as a paragraph's
            # belongs to the element holding it (a post written as a list of points)
            holder = parent.getparent() if el.tag == "li" else parent
            if holder is None:
                continue
            text_length = _text_length(el)
        else:
            holder = el
            text_length = _direct_text_length(el)
        if el.tag == "pre":
            holder = _code_block_owner(el)
        holder = _text_owner(holder, text_length)
        if text_length >= 25 and holder is not None:  # the linked text only counts from here
            link_length = _link_length(el) if paragraph else _direct_link_length(el)
            density = min(link_length, text_length) / text_length
            yield holder, text_length * (1 - density) ** 2


MAX_TABLE_CELL_TEXT = 200  # characters; longer cell text is a layout table's article column


def _text_owner(holder: etree._Element | None, text_length: int) -> etree._Element | None:
    """Where a piece of text counts: not in a quote (a quoted paragraph, an embedded post or
    a pullquote's <figure> belongs to the text around it) and not in a cell of a data table
    (the table belongs to the text around it), but in the element around them."""
    while holder is not None and holder.tag == "blockquote":
        holder = holder.getparent()
        if holder is not None and holder.tag == "figure":
            holder = holder.getparent()
    if holder is not None and holder.tag in ("td", "th") and text_length < MAX_TABLE_CELL_TEXT:
        table = next(holder.iterancestors("table"), None)
        if table is not None:
            holder = table.getparent()
    return holder


MAX_CODE_WRAPPERS = 4


def _code_block_owner(pre: etree._Element) -> etree._Element | None:
    """The element holding a code block next to the text around it: past the table of a
    line-numbered listing (``td.code > pre``, however long the code) and the wrappers that
    hold nothing else (``div.highlighter-rouge > div.highlight``), so a long listing counts
    for the post it is in rather than winning on its own."""
    table = _code_listing_table(pre)
    block = table if table is not None else pre
    for _ in range(MAX_CODE_WRAPPERS):
        parent = block.getparent()
        if parent is None or not _holds_only(parent, block):
            break
        block = parent
    return block.getparent()


def _code_listing_table(pre: etree._Element) -> etree._Element | None:
    """The table around ``pre`` when it is a code listing: the other cells of its row hold no
    words (line numbers, or their emptied gutter)."""
    cell = next((a for a in islice(pre.iterancestors(), 2) if a.tag in ("td", "th")), None)
    row = cell.getparent() if cell is not None else None
    if row is None or row.tag != "tr":
        return None
    others = [c for c in row if c is not cell and c.tag in ("td", "th")]
    if not others or any(_HAS_LETTER.search(node_text(c)) for c in others):
        return None
    return next(row.iterancestors("table"), None)


_HAS_LETTER = re.compile(r"[^\W\d_]")


def _holds_only(parent: etree._Element, child: etree._Element) -> bool:
    """``child`` is the only element and there is no text beside it in ``parent``."""
    if (parent.text or "").strip() or (child.tail or "").strip():
        return False
    return all(el is child or not isinstance(el.tag, str) for el in parent)


def _text_length(el: etree._Element) -> int:
    return len(collapse_whitespace("".join(el.itertext())))


def _link_length(el: etree._Element) -> int:
    """Length of the linked text inside ``el`` (uncapped: see _text_length)."""
    return sum(len(collapse_whitespace("".join(a.itertext()))) for a in el.iter("a"))


def _direct_text_length(el: etree._Element) -> int:
    """Text written straight into a <div>/<td> (not inside child blocks), as old sites and some
    CMSs do."""
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
            pieces.append("".join(child.itertext()))
        pieces.append(child.tail or "")
    return len(collapse_whitespace("".join(pieces)))


def _direct_link_length(el: etree._Element) -> int:
    """How much of the text _direct_text_length counts is linked (uncapped)."""
    return sum(
        len(collapse_whitespace(node_text(a)))
        for child in el
        if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS
        for a in child.iter("a")
    )


def _is_inside_any(el: etree._Element, elements: list[etree._Element]) -> bool:
    wanted = set(elements)
    return any(a in wanted for a in el.iterancestors())


def _with_body_siblings(
    best: etree._Element, scores: dict[etree._Element, float]
) -> list[etree._Element]:
    parent = best.getparent()
    if parent is None:
        return [best]
    for part in (best, _headed_section_around(best)):
        if part is not None and _is_one_of_a_run_of_sections(part, best):
            return [el for el in part.getparent() if isinstance(el.tag, str)]
    threshold = scores[best] * 0.2
    chosen: list[etree._Element] = []
    for sibling in parent:
        if (
            sibling is best
            or isinstance(sibling.tag, str)
            and _is_body_sibling(sibling, scores, threshold)
        ):
            chosen.append(sibling)
    return chosen


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _headed_section_around(best: etree._Element) -> etree._Element | None:
    """The parent of ``best`` when it holds ``best`` and its heading, nothing else and no text
    of its own (Asciidoctor's ``<div class="sect1"><h2>…</h2><div class="sectionbody">``)."""
    parent = best.getparent()
    if parent is None or parent.getparent() is None or (parent.text or "").strip():
        return None
    headings = 0
    for child in parent:
        if (child.tail or "").strip():
            return None
        if not isinstance(child.tag, str) or child is best:
            continue
        if child.tag not in _HEADING_TAGS:
            return None
        headings += 1
    return parent if headings else None


def _is_one_of_a_run_of_sections(part: etree._Element, body: etree._Element) -> bool:
    """Every element beside ``part`` is a paragraph or shares its tag and class, one at least
    (reStructuredText's ``<div class="section">`` per heading, after the opening
    paragraphs): the parts of one post, the short ones included. A box holding an element
    like ``body`` (the section's body in ``part``) is one of them too: Asciidoctor's
    ``<div id="preamble"><div class="sectionbody">`` before its ``div.sect1`` sections."""
    signature = (part.tag, part.get("class"))
    if not signature[1]:
        return False
    inner = (body.tag, body.get("class"))
    siblings = [el for el in part.itersiblings(preceding=True) if isinstance(el.tag, str)]
    siblings += [el for el in part.itersiblings() if isinstance(el.tag, str)]
    alike = [
        el
        for el in siblings
        if (el.tag, el.get("class")) == signature
        or part is not body
        and inner[1]
        and any((child.tag, child.get("class")) == inner for child in el)
    ]
    return bool(alike) and all(el.tag == "p" or el in alike for el in siblings)


def _is_body_sibling(
    el: etree._Element, scores: dict[etree._Element, float], threshold: float
) -> bool:
    if scores.get(el, 0.0) >= threshold:
        return True
    if el.tag != "p":
        return False
    text_length = _text_length(el)
    return text_length >= 80 and min(_link_length(el), text_length) / text_length < 0.25


# ---------------------------------------------------------------- boxes inside the chosen container

# Inside the chosen container: boxes that sit next to the article text in old layouts.
_BOX_TAGS = frozenset({"table", "ul", "ol", "div", "section", "menu", "center"})
MAX_TEASER_ITEM = 400  # characters of one "headline + teaser" item
MIN_LINKED_HEADLINE = 15
MIN_TEASER = 20


def _prune_boxes(container: etree._Element) -> None:
    """Empty the tables of short cells and the headline+teaser lists inside ``container``
    (innermost first, so a box emptied of its list then goes as a table of short cells); link
    lists are left to the per-block link share."""
    marked_body = _is_marked_article_body(container)  # its tables are the article's
    inner = [
        el
        for _, el in etree.iterwalk(container, events=("end",))
        if el is not container and el.tag in _BOX_TAGS
    ]
    for el in inner:
        if (is_data_table(el) and not marked_body and not _is_table_in_the_text(el)) or (
            _is_teaser_list(el)
        ):
            _empty_keeping_tail(el)


def _references_as_text(container: etree._Element, url: str) -> None:
    """Read each paragraph of ``container`` that is only links to other sites as text: the
    references a post gives ("参考博客", a chart, a video, download mirrors), which the share
    of linked text would drop as a link list. A paragraph linking another page of the site
    is a related post and stays a link, and so does one in a classed quote (an embedded
    post's credit line: ``blockquote.instagram-media``, ``blockquote.twitter-tweet``); a
    Markdown quote of links is a reference still."""
    for paragraph in container.iter("p"):
        anchors = _reference_links(paragraph)
        if not anchors:
            continue
        if any(quote.get("class") for quote in paragraph.iterancestors("blockquote")):
            continue  # an embedded post's credit line (Instagram's, a tweet's)
        if all(_links_elsewhere(anchor, url) for anchor in anchors):
            for anchor in anchors:
                anchor.tag = "span"


def _links_elsewhere(anchor: etree._Element, url: str) -> bool:
    href = (anchor.get("href") or "").strip()
    if not href.lower().startswith(("http://", "https://", "//")):
        return False
    return not same_domain(urljoin(url, href), url)


def _reference_links(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's links when they hold all its text: one link, or several of a few
    words each (a mirror's "本地下载1：复制缓冲区 1.12"), not a row of social buttons."""
    if (paragraph.text or "").strip() or not len(paragraph):
        return []
    anchors = []
    for child in paragraph:
        if child.tag == "br":
            continue
        if child.tag != "a" or (child.tail or "").strip() or len(anchors) == MAX_REFERENCES:
            return []
        anchors.append(child)
    texts = [node_text(anchor) for anchor in anchors]
    if not all(WORD_CHAR.search(text) for text in texts):
        return []
    if len(anchors) > 1 and not all(words_of(text) >= MIN_REFERENCE_WORDS for text in texts):
        return []
    return anchors


MAX_REFERENCES = 5
MIN_REFERENCE_WORDS = 3  # words of each link in a paragraph of several


WORD_CHAR = re.compile(r"[^\W_]")


def _empty_keeping_tail(el: etree._Element) -> None:
    """Remove an element's content but keep it as a block boundary between the texts around it."""
    tail = el.tail
    el.clear()
    el.tail = tail


def _is_table_in_the_text(table: etree._Element) -> bool:
    """A table of data the post itself presents (a ranking under "Other languages:", a
    Markdown table under its own section heading): written as one, with a header row, led in
    by a paragraph or a heading of the post's flow of paragraphs and headings. A box of figures
    beside an old layout's article has no text of the post leading into it."""
    if not is_table_of_data(table) or not _has_header_row(table):
        return False
    parent, previous = table.getparent(), previous_element(table)
    if parent is None or previous is None or previous.tag not in _TEXT_FLOW_TAGS:
        return False
    return sum(1 for child in parent if child.tag in _TEXT_FLOW_TAGS) >= 2


_TEXT_FLOW_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6"})


def _has_header_row(table: etree._Element) -> bool:
    """A <thead>, a first row of <th> cells, or one of plain <td> cells written by hand
    (labels of words over rows that hold figures)."""
    if table.find("thead") is not None:
        return True
    rows = list(table.iter("tr"))
    cells = [c for c in rows[0] if c.tag in ("td", "th")] if rows else []
    if not cells:
        return False
    return all(c.tag == "th" for c in cells) or _is_label_row(cells, rows[1:])


MAX_LABEL_CELL = 40  # characters of a column label


def _is_label_row(cells: list[etree._Element], rows: list[etree._Element]) -> bool:
    """Every cell a short label without digits, and the rows below hold figures."""
    labels = [node_text(c) for c in cells]
    if not all(
        0 < len(label) <= MAX_LABEL_CELL and not _HAS_DIGIT.search(label) for label in labels
    ):
        return False
    return any(
        _FIGURE.fullmatch(node_text(c)) for row in rows for c in row if c.tag in ("td", "th")
    )


_HAS_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"[-+]?\d[\d.,:%]*")


def _is_marked_article_body(el: etree._Element) -> bool:
    """The page itself says this element is the article text (itemprop or class name)."""
    return el.get("itemprop") == "articleBody" or bool(class_words(el) & CONTENT_WORDS)


def _is_teaser_list(el: etree._Element) -> bool:
    """At least two short items, (nearly) all a linked headline with a line of plain text
    under it."""
    items: list[etree._Element] = []
    candidates = _list_items(el)
    if len(candidates) < 2:
        return False
    for item in candidates:
        length = len(node_text(item))
        if length > MAX_TEASER_ITEM:
            return False  # a long item: no need to read the others
        if length:
            items.append(item)
    if len(items) < 2:
        return False
    misses = 0
    for item in items:
        if not _is_teaser_item(item):
            misses += 1
            if misses > 0.25 * len(items):  # fewer than 75% teasers: settled
                return False
    teasers = len(items) - misses
    return teasers >= 2 and teasers >= 0.75 * len(items)


def _list_items(el: etree._Element) -> list[etree._Element]:
    if el.tag == "table":
        return [row for row in el.iter("tr") if _owner_table(row) is el]
    if el.tag in ("ul", "ol", "menu"):
        return [child for child in el if child.tag == "li"]
    return [child for child in el if isinstance(child.tag, str)]


def _owner_table(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors("table"), None)


def _is_teaser_item(item: etree._Element) -> bool:
    """A linked headline, then on a line of its own a short plain text (dates and bullets of
    a few characters may come first)."""
    lines = list(container_blocks(item, split_lines=True))
    substantial = [line for line in lines if len(line.text) >= MIN_LINKED_HEADLINE]
    if len(substantial) < 2 or substantial[0].link_ratio < 0.9:
        return False
    return any(line.link_ratio < 0.5 and len(line.text) >= MIN_TEASER for line in substantial)


# ---------------------------------------------------------------- page text or articleBody


def _prefer_json_ld_body(json_ld_body: str | None, dom: list[str]) -> list[str]:
    """JSON-LD articleBody when it is complete and longer than what the page shows (paywalled or
    script-rendered text); otherwise the page's own paragraphs, which keep their structure."""
    if not json_ld_body:
        return dom
    paragraphs = split_paragraphs(_strip_tags(json_ld_body))
    ld_text = " ".join(paragraphs)
    if len(ld_text) < MIN_LD_BODY or ld_text.endswith(("…", "...")):
        return dom
    dom_text = " ".join(dom)
    if not dom:
        return paragraphs
    if len(ld_text) <= len(dom_text) * 1.1:
        return dom
    return paragraphs if _texts_agree(ld_text, dom_text) else dom


def _texts_agree(ld_text: str, dom_text: str) -> bool:
    """The page's text starts the JSON-LD text (or the other way round)."""
    a, b = comparable(ld_text)[:150], comparable(dom_text)[:150]
    shorter = min(len(a), len(b))
    return shorter >= 40 and a[:shorter] == b[:shorter]


def _strip_tags(text: str) -> str:
    if "<" not in text or not re.search(r"</?[a-zA-Z][^>]*>", text):
        return text
    root = parse_html(f"<div>{text}</div>")
    if root is None:
        return text
    return "\n\n".join(block.text for block in container_blocks(root))
