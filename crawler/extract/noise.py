"""Noise: which subtrees of an article page are page chrome and which are article parts that
are not body text.

Chrome (menus, share bars, comments, ads, hidden elements) is never the article; body-only
parts (the article's header, bylines, captions) still hold the headline, date, authors and
tags. The other extractors read the full tree with ``Noise`` telling them what is chrome; the
body extractor removes both kinds last (``drop_noise``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree

from .class_words import (
    DATE_WORDS,
    PAGE_BUILDER_PREFIXES,
    RELATED_WORDS,
    class_words,
    is_marked_post,
    marked_posts,
    word_set,
    words_of_class_and_id,
)
from .text import collapse_whitespace, node_text, previous_element

__all__ = ["Noise", "classify_noise", "drop_noise"]


# Whole subtrees that are never the article: removed for every field.
_CHROME_TAGS = word_set(
    "script style noscript template nav aside footer iframe svg button select textarea input "
    "dialog object embed canvas map audio video rt rp"
)
_CHROME_ROLES = word_set(
    "navigation complementary contentinfo search banner dialog alertdialog menu menubar toolbar"
)
# class/id words (also "most-read" -> "mostread", "sr-only" -> "sronly") marking page chrome;
# Jetpack's share and like boxes ("sharedaddy sd-like jetpack-likes-widget-wrapper") sit
# inside the post's entry-content on countless WordPress sites: "Like this: Like Loading...".
# A post's copyright or licence notice after its text (Hexo Fluid's "license-box", NexT's and
# Butterfly's "post-copyright", Icarus's "article-licensing"): its title, address and licence.
_CHROME_WORDS = word_set(
    """share shares sharing sharebar sharetools social socials sociallinks comment comments
    commentlist commentform respond discussion disqus related relatedposts relatedarticles
    newsletter newsletters
    subscribe subscription subscriptions signup signin login advert adverts advertisement
    advertising ad ads adslot adunit adsbygoogle adblock dfp sponsor sponsored sponsors promo
    promos promoted promotion sidebar rail breadcrumb breadcrumbs mostread mostpopular
    mostviewed mostcommented popular trending outbrain taboola cookie cookies consent gdpr
    recommended recommendations recirculation paywall navbar nav navigation menu submenu
    widget widgets toolbar footer masthead siteheader pagination pager modal popup overlay
    skiplink sronly visuallyhidden screenreader printonly readmore alsoread readalso seealso
    moreon donate donation dnone sharedaddy sdlike sdsharing jetpacklikes likes
    likesothergravatars licensebox postcopyright articlecopyright copyrightbox
    articlelicensing postlicense"""
)
# An embedded post quoted by the article ("social-media-embed", "twitter-tweet"): content.
_EMBED_WORDS = word_set("embed embedded tweet twittertweet instagrammedia")
# Words whose match is not overridden by the "holds most of the page's text" guard.
# WordPress names its comment form "commentform" (one word) in a "respond" box.
_STRONG_CHROME_WORDS = word_set(
    "comment comments commentlist commentform respond disqus discussion"
)
# Parts of the article page that are not body text (kept for headline/date/author/tag search).
_BODY_ONLY_TAGS = word_set("header figcaption h1")
_NOISE_TAGS = _CHROME_TAGS | _BODY_ONLY_TAGS | {"header"}
# Text-level elements that cannot hold paragraphs (<a> can, in HTML5: not listed).
_TEXT_LEVEL_TAGS = word_set("span font b i em strong small big u label abbr cite time")
_BODY_ONLY_WORDS = word_set(
    """byline bylines author authors authorname bio authorbio authorbox authorinfo aboutauthor
    aboutthe dateline date time timestamp published pubdate posted meta postmeta entrymeta
    metadata postmetadata entrymetadata
    articlemeta tags taglist tagslist tagcloud keywords topics categories caption captions
    figcaption credit credits photocredit imagecredit header entryheader articleheader kicker
    print"""
)
_NOISE_WORDS = _CHROME_WORDS | _BODY_ONLY_WORDS
# An author's box: after the post's own text it is never the post, however long.
_AUTHOR_BOX_WORDS = word_set("bio authorbio authorbox authorinfo aboutauthor abouttheauthor")
_AFTER_POST_TEXT = etree.XPath(
    "boolean(preceding::h1 and preceding::p[not(ancestor::header)]"
    "[string-length(normalize-space()) >= 40])"
)
_POST_HEADER_WORDS = word_set("postheader entryheader articleheader")

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class Noise:
    chrome_roots: list[etree._Element]
    body_only_roots: list[etree._Element]
    inside_chrome: set[etree._Element]

    def __post_init__(self) -> None:
        # Chrome roots never nest (nothing inside chrome is classified), so an element inside
        # chrome has one chrome root: the elements under roots named as date boxes, once.
        self._inside_date_boxes: set[etree._Element] = set()
        for root in self.chrome_roots:
            if class_words(root) & DATE_WORDS:
                self._inside_date_boxes.update(root.iter())

    def is_chrome(self, el: etree._Element) -> bool:
        return el in self.inside_chrome

    def is_chrome_hiding_a_date(self, el: etree._Element) -> bool:
        """Inside chrome whose own class names it a date box (<ul class="nav meta">): a
        date line there is the article's, even though the box is not body text."""
        return el in self._inside_date_boxes


def classify_noise(root: etree._Element, marked: list[etree._Element]) -> Noise:
    """``marked``: microdata_elements(root)."""
    post = the_marked_post(root)
    protected = _protected_elements(root, marked, post)
    total_text = _paragraph_text_length(root)
    chrome: list[etree._Element] = []
    body_only: list[etree._Element] = []
    inside_chrome: set[etree._Element] = set()
    post_lengths: dict[etree._Element, int] = {}
    first_h1 = next(root.iter("h1"), None)
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        kind = _noise_kind(el, protected, total_text, post)
        if kind == "body-only" and el.tag == "h1" and _is_section_heading(el, first_h1):
            kind = None
        if kind == "chrome" and _holds_the_marked_post(el, post_lengths):
            kind = None
        if kind == "chrome":
            chrome.append(el)
            inside_chrome.update(el.iter())
            walker.skip_subtree()  # nothing inside chrome needs a kind of its own
        elif kind == "body-only":
            body_only.append(el)
    for el in _boxes_after_the_page_footer(chrome):
        chrome.append(el)
        inside_chrome.update(el.iter())
    return Noise(chrome, body_only, inside_chrome)


_FOOTER_WORDS = word_set("footer sitefooter pagefooter")


def _boxes_after_the_page_footer(chrome: list[etree._Element]) -> list[etree._Element]:
    """Boxes without paragraphs or headings that follow the page footer, beside the post: a
    signature <pre> under Nikola's footer (``div.content > div.post, div.footer,
    pre.geekcode``). The footer counts as the page's when an earlier sibling wraps a post
    (holds an <h1> and is more than a header) and no <article> holds it."""
    found: list[etree._Element] = []
    for footer in chrome:
        if not _is_page_footer(footer) or not _follows_a_post(footer):
            continue
        for sibling in footer.itersiblings():
            if isinstance(sibling.tag, str) and _holds_no_prose(sibling):
                found.append(sibling)
    return found


def _is_page_footer(el: etree._Element) -> bool:
    named = el.tag == "footer" or bool(class_words(el) & _FOOTER_WORDS)
    return named and next(el.iterancestors("article"), None) is None


def _follows_a_post(footer: etree._Element) -> bool:
    return any(
        isinstance(el.tag, str)
        and el.tag not in ("h1", "header")
        and next(el.iter("h1"), None) is not None
        for el in footer.itersiblings(preceding=True)
    )


def _holds_no_prose(el: etree._Element) -> bool:
    return next(el.iter("p", "h1", "h2", "h3", "article"), None) is None


def _protected_elements(
    root: etree._Element, marked: list[etree._Element], post: etree._Element | None
) -> set[etree._Element]:
    """h1 and articleBody elements, the page's one marked post, and all their ancestors:
    never dropped by class/id words (a wrapper like <div class="layout has-sidebar"> must not
    take the article with it, nor WordPress's ``div.post.tag-navigation`` or a theme's
    ``div.new-discussion-timeline`` the entry-content they hold).
    ``marked`` (microdata_elements) tells at once whether the page has an articleBody;
    ``post`` is the_marked_post(root)."""
    protected: set[etree._Element] = set()
    anchors = list(islice(root.iter("h1"), 20))
    if any(el.get("itemprop") == "articleBody" for el in marked):
        anchors += [el for el in islice(root.iter(), 20000) if el.get("itemprop") == "articleBody"]
    if post is not None:
        anchors.append(post)
    for el in anchors:
        while el is not None and el not in protected:
            protected.add(el)
            el = el.getparent()
    return protected


# The cards of a related-posts box repeat the post's classes (Kadence: entry-content-wrap).


def the_marked_post(root: etree._Element, with_text: bool = True) -> etree._Element | None:
    """The page's one outermost element marked as its article text (an entry-content class,
    itemprop articleBody or text) outside a related-posts box and a schema.org Comment: none
    when several are so marked (a list of posts). With ``with_text``, only one holding text,
    however short (a four-line announcement); without, a post of embeds only too."""
    found: list[etree._Element] = []
    for el in marked_posts(root):
        if el.tag in ("meta", "link"):
            continue
        if any(a in found for a in el.iterancestors()):
            continue
        if _in_a_comment(el) or any(class_words(a) & RELATED_WORDS for a in el.iterancestors()):
            continue
        found.append(el)
        if len(found) > 1:
            return None
    if not found or (with_text and not node_text(found[0])):
        return None
    return found[0]


def _in_a_comment(el: etree._Element) -> bool:
    """A comment's text, marked itemprop=text inside its schema.org Comment item."""
    if el.get("itemprop") != "text":
        return False
    item = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
    return item is not None and "comment" in (item.get("itemtype") or "").lower()


def _noise_kind(
    el: etree._Element,
    protected: set[etree._Element],
    total_text: int,
    post: etree._Element | None,
) -> str | None:
    tag = el.tag.lower()
    if not el.attrib and tag not in _NOISE_TAGS:
        return None
    attributes = dict(el.items())  # one call instead of one per attribute read below
    role = (attributes.get("role") or "").strip().lower()
    if tag == "footer" and not role and _is_post_footer(el, attributes):
        # one holding the post's text was left open (the parser nested the rest in it)
        return None if _HOLDS_MAIN(el) or _holds_most_text(el, total_text) else "body-only"
    if tag in _CHROME_TAGS or role == "navigation":
        # one holding the page's <main> is a wrapper the parser made: libxml2 ignores an
        # </aside> while a <div> inside it is open, and nests the rest of the page in it
        return None if tag in _BOX_CHROME_TAGS and _HOLDS_MAIN(el) else "chrome"
    # a header holding the page's <main> or <article>, or most of its paragraphs, is no header
    # (unless it says it is the banner): a <div> in it was left open, so the parser ignored
    # its </header> and nested the rest of the page (or of the post) in it
    if tag == "header":
        if role != "banner" and (_HOLDS_MAIN_CONTENT(el) or _holds_most_text(el, total_text)):
            return None
        return "chrome" if _is_site_header(el) else "body-only"
    if tag in _BODY_ONLY_TAGS:
        return "body-only"
    if el in protected:
        return None
    words = words_of_class_and_id(
        _without_utilities(_without_post_labels(el, attributes.get("class"))), attributes.get("id")
    )
    if role in _CHROME_ROLES or _hides(attributes):
        return "chrome"
    if _swallows_paragraphs(el) or words & _EMBED_WORDS or tag in _SECTION_HEADINGS:
        return None
    if _is_a_block_of_the_post(el, words, attributes.get("class")):
        words = words - _WIDGET_WORDS
    if not words & _NOISE_WORDS or _in_code(el):
        return None
    if words & _CHROME_WORDS:
        if not words & _STRONG_CHROME_WORDS and (
            _HOLDS_MAIN(el)
            or (
                _holds_most_text(el, total_text)
                and not _side_column_beside(el, words, post)
                and not _related_box_after_post(el, words)
            )
        ):
            return None
        return "chrome"
    if tag == "p":  # a line of the post's meta (Kubrick's p.postmetadata), never its wrapper
        return "body-only"
    if _holds_most_text(el, total_text) and not _author_box_after_post(el, words):
        return None
    return "body-only"


# A column beside the post, however long: its words are not those of a misnamed wrapper.
_SIDE_COLUMN_WORDS = word_set("sidebar rail")


def _side_column_beside(
    el: etree._Element, words: frozenset[str], post: etree._Element | None
) -> bool:
    """``el`` is named a sidebar and sits beside the page's marked post (not around it: its
    ancestors are protected; not inside it): a sidebar with the owner's long about-me text
    next to a short post is still the sidebar, since the page says where its post is."""
    if post is None or not words & _SIDE_COLUMN_WORDS:
        return False
    return not any(a is post for a in el.iterancestors())


def _author_box_after_post(el: etree._Element, words: frozenset[str]) -> bool:
    """An author's bio box that follows the post's headline and a paragraph of its text: a
    short post's bio (``section.author__bio`` after a one-paragraph post) may hold most of
    the page's paragraph text and is still no body."""
    return bool(words & _AUTHOR_BOX_WORDS) and bool(_AFTER_POST_TEXT(el))


def _related_box_after_post(el: etree._Element, words: frozenset[str]) -> bool:
    """A related-posts box that follows a headline and a paragraph of the post's text: a
    short post's (WordPress's "aside" format) is outweighed by the excerpts of the box
    after it (``article#related.related-posts``), which is still no body."""
    return bool(words & RELATED_WORDS) and bool(_AFTER_POST_TEXT(el))


_SECTIONING_TAGS = word_set("section aside nav main body footer header")


def _is_post_footer(el: etree._Element, attributes: Mapping[str, str]) -> bool:
    """A <footer> whose nearest sectioning ancestor is the post's <article> (one holding an
    <h1>): the post's own footer, as HTML5 means it (its date line, byline, tags: Pelican's
    ``article div.entry-content > footer.post-info``), not the site's. Body-only: its date
    counts, its text is no body. A comments box or a hidden one stays chrome."""
    words = words_of_class_and_id(attributes.get("class"), attributes.get("id"))
    if words & _STRONG_CHROME_WORDS or _hides(attributes):
        return False
    for ancestor in el.iterancestors():
        if ancestor.tag == "article":
            return next(ancestor.iter("h1"), None) is not None
        if ancestor.tag in _SECTIONING_TAGS:
            return False
    return False


_WIDGET_WORDS = word_set("widget widgets")


def _is_page_builder_block(class_value: str | None) -> bool:
    """Its "widget" comes from a page builder's own class names only: a block of the layout,
    which holds the post as well as the donation box beside it (its other words still
    count)."""
    if not class_value:
        return False
    tokens = [t for t in class_value.lower().split() if "widget" in t]
    return bool(tokens) and all(t.startswith(PAGE_BUILDER_PREFIXES) for t in tokens)


def _is_a_block_of_the_post(el: etree._Element, words: frozenset[str], classes: str | None) -> bool:
    """Named a widget alone, ``el`` is a block inside the element the page marks as its
    article text, or a page builder's block holding it (a column around the post block)."""
    if not words & _CHROME_WORDS or not words & _CHROME_WORDS <= _WIDGET_WORDS:
        return False
    if any(is_marked_post(a) for a in el.iterancestors()):
        return True
    return _is_page_builder_block(classes) and any(
        isinstance(d.tag, str) and is_marked_post(d) for d in el.iterdescendants()
    )


# A heading is never chrome by its class and id words alone: its id is the slug of its own
# text on every Markdown generator ("## Share your thoughts" -> id="share-your-thoughts") and
# its class says how it is anchored (Docusaurus: "anchorTargetStickyNavbar_Vzrq"); a
# widget's title goes with the widget's box.
_SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


# Classes that say a post's state, not what a box is: Drupal's node "with-comments",
# WordPress's "comments-open" on the <article> itself; and on a post (an <article>, a Drupal
# "node"), Drupal's "published" (no date box).
_STATE_CLASSES = re.compile(
    r"(?<![\w-])(?:(?:with|has|no)-comments?|comments?-(?:open|closed))(?![\w-])", re.IGNORECASE
)
_POST_STATE_CLASSES = re.compile(r"(?<![\w-])(?:un)?published(?![\w-])", re.IGNORECASE)
# WordPress's post_class() also names the post's tags and categories ("tag-navigation",
# "category-social"): on the post (one marked "hentry", "type-post" or "status-publish"),
# those are the topics it is filed under, not what the box is.
_POST_CLASS_MARKERS = re.compile(
    r"(?<![\w-])(?:hentry|type-post|status-publish)(?![\w-])", re.IGNORECASE
)
_TAXONOMY_CLASSES = re.compile(r"(?<![\w-])(?:tag|category)-[\w-]+(?![\w-])", re.IGNORECASE)


def _without_post_labels(el: etree._Element, class_value: str | None) -> str | None:
    if not class_value:
        return class_value
    lowered = class_value.lower()
    if "comment" in lowered:
        class_value = _STATE_CLASSES.sub(" ", class_value)
    if "published" in lowered and (el.tag == "article" or "node" in lowered.split()):
        class_value = _POST_STATE_CLASSES.sub(" ", class_value)
    if ("tag-" in lowered or "category-" in lowered) and _POST_CLASS_MARKERS.search(lowered):
        class_value = _TAXONOMY_CLASSES.sub(" ", class_value)
    return class_value


# Layout utility classes: a grid column or a display rule per screen size or for print
# (Bootstrap's col-print-12, d-print-none), and a styling layer named after the background it
# paints (Tatsu's tatsu-bg-overlay, has-background-dim). Their words say how a box is laid
# out or painted, not what it is: "print" there is no print button, "overlay" no popup.
_RESPONSIVE_UTILITY = re.compile(
    r"(?<![\w-])(?:col|d|offset|order)-(?:xs|sm|md|lg|xl|xxl|print)(?:-[\w-]+)?(?![\w-])",
    re.IGNORECASE,
)
_AFTER_A_BACKGROUND = re.compile(
    r"(?<=[\w])[-_](?:bg|background)(?:[-_][\w-]*)?(?![\w-])|"
    r"(?<![\w-])(?:bg|background)[-_][\w-]+(?![\w-])",
    re.IGNORECASE,
)


def _without_utilities(class_value: str | None) -> str | None:
    """The class names less layout utilities' words (see above); a name before the
    background's stays ("footer-bg" is still a footer)."""
    if not class_value:
        return class_value
    lowered = class_value.lower()
    if "print" in lowered:  # the one word of the noise vocabulary such utilities yield
        class_value = _RESPONSIVE_UTILITY.sub(" ", class_value)
    if "bg" in lowered or "background" in lowered:
        class_value = _AFTER_A_BACKGROUND.sub(" ", class_value)
    return class_value


def _in_code(el: etree._Element) -> bool:
    """Inside a code block: a highlighter's token classes (``<span class="comment">``,
    ``<span class="meta prompt_">``) name the code's parts, not the page's."""
    return next(el.iterancestors("pre", "code"), None) is not None


MIN_LEADING_PARAGRAPH = 80  # characters: a kicker or breadcrumb line above a headline is shorter


def _is_section_heading(h1: etree._Element, first_h1: etree._Element | None) -> bool:
    """An <h1> written in the text (a Markdown "# Heading"): right after a paragraph (of text,
    or of a photo or video), and not the page's first <h1> unless that paragraph is running
    text (a kicker line such as "Local politics" sits above the page's own headline); or
    opening the element the page marks as its article text, below the page's first <h1>."""
    previous = _previous_shown(h1)
    if previous is None:
        parent = h1.getparent()
        return (
            h1 is not first_h1
            and parent is not None
            and not (parent.text or "").strip()
            and is_marked_post(parent)
        )
    if previous.tag in _TEXT_BLOCK_TAGS:
        return h1 is not first_h1  # a code block's figure, a list, a table above it
    if previous.tag != "p":
        return False
    text = " ".join("".join(previous.itertext()).split())
    if not text:  # a paragraph of a photo or a video: the text's flow, below the headline
        return h1 is not first_h1 and next(previous.iter(*_EMBED_TAGS), None) is not None
    return h1 is not first_h1 or len(text) >= MIN_LEADING_PARAGRAPH


_EMBED_TAGS = ("img", "iframe", "video", "audio", "object", "embed")
# Blocks of a post's text other than paragraphs: an <h1> after one heads the text's next part
_TEXT_BLOCK_TAGS = frozenset(("figure", "pre", "ul", "ol", "dl", "table", "blockquote"))


def _previous_shown(el: etree._Element) -> etree._Element | None:
    """The element before ``el``, passing over empty marks (Hexo's ``<span id="more">``
    where the excerpt ends)."""
    previous = previous_element(el)
    while previous is not None and _is_empty_mark(previous):
        previous = previous_element(previous)
    return previous


def _is_empty_mark(el: etree._Element) -> bool:
    return (
        el.tag in ("span", "a")
        and len(el) == 0
        and not (el.text or "").strip()
        and not (el.tail or "").strip()
    )


# Chrome that may still be a post's text: boxes and their words, not scripts or controls.
_BOX_CHROME_TAGS = word_set("aside nav footer")
MIN_MARKED_POST = 200  # characters of text in the marked container
MIN_POST_SHARE = 0.8  # of the marked container's text


def _holds_the_marked_post(el: etree._Element, lengths: dict[etree._Element, int]) -> bool:
    """``el`` is, or holds (nearly) all the text of, the element the page marks as its
    article text (itemprop=articleBody/text, an entry-content class): widget markup pasted
    into a post with its text (``<div class="entry-content"><div id="secondary"
    class="widget-area"><aside class="widget">...``) is the post, not a sidebar, and a page
    builder's post block (Elementor's ``elementor-widget elementor-widget-theme-post-content``)
    is the post whatever its length. Comments and hidden boxes stay chrome; so does a box
    that is mostly links."""
    tag = el.tag.lower()
    if (tag in _CHROME_TAGS and tag not in _BOX_CHROME_TAGS) or _hides(el.attrib):
        return False
    if class_words(el) & _STRONG_CHROME_WORDS:
        return False
    if is_marked_post(el):
        container = el
    else:
        container = next((a for a in el.iterancestors() if is_marked_post(a)), None)
    if container is None:
        return False
    if container not in lengths:
        lengths[container] = len(node_text(container))
    total = lengths[container]
    text = node_text(el)
    if total < MIN_MARKED_POST and len(text) < total:  # a short post: itself or all of it
        return False
    linked = sum(len(node_text(a)) for a in el.iter("a"))
    return len(text) >= MIN_POST_SHARE * total and linked < 0.5 * len(text)


def _hides(attributes: Mapping[str, str]) -> bool:
    """An element with these attributes is hidden (hidden, aria-hidden, a display:none or
    visibility:hidden style, class "hidden")."""
    return (
        attributes.get("hidden") is not None
        or (attributes.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))
        or "hidden" in (attributes.get("class") or "").lower().split()
    )


def _swallows_paragraphs(el: etree._Element) -> bool:
    """A text-level element (an unclosed <span class="byline">) that holds paragraphs only
    because its end tag is missing: its class words name its first words, not the rest."""
    return el.tag in _TEXT_LEVEL_TAGS and next(el.iterdescendants("p"), None) is not None


_HOLDS_MAIN_CONTENT = etree.XPath("boolean(descendant::main or descendant::article)")
# A layout wrapper around the page's <main> names the layout: VitePress's "VPContent
# has-sidebar", Quarto's "page-layout-article page-navbar". A sidebar never holds <main>.
_HOLDS_MAIN = etree.XPath("boolean(descendant::main)")


def _is_site_header(el: etree._Element) -> bool:
    """A page banner (logo + menu, or a logo whose menu stands beside it) rather than an
    article's own <header>. A header named as the post's (``header#post-header``, Casper-like
    themes) is the post's even with the menu buttons in it."""
    if (el.get("role") or "").lower() == "banner":
        return True
    if words_of_class_and_id(el.get("class"), el.get("id")) & _POST_HEADER_WORDS:
        return False
    for ancestor in el.iterancestors():
        if ancestor.tag in ("article", "main"):
            return False
    if el.find(".//nav") is not None or el.find(".//*[@role='navigation']") is not None:
        return True
    return _is_logo_banner(el)


_FRONT_PAGE_PATHS = frozenset({"", "/", "./", "index.html", "/index.html"})


def _is_logo_banner(el: etree._Element) -> bool:
    """A header whose <h1> is nothing but a link to a front page (the site's logo, as in
    Wintersmith's and many hand-made templates, the menu a sibling <nav>): the site's
    name and tagline, whatever dates the tagline holds, are no part of the article."""
    h1s = list(el.iter("h1"))
    if not h1s:
        return False
    for h1 in h1s:
        links = [a for a in h1.iter("a") if _links_a_front_page(a)]
        shown = collapse_whitespace("".join(h1.itertext()))
        linked = collapse_whitespace("".join(t for a in links for t in a.itertext()))
        if not links or shown != linked:
            return False
    return True


def _links_a_front_page(a: etree._Element) -> bool:
    href = (a.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    parts = urlsplit(href)
    return parts.path in _FRONT_PAGE_PATHS and not parts.query


def _paragraph_text_length(node: etree._Element) -> int:
    return sum(len("".join(p.itertext())) for p in node.iter("p"))


def _holds_most_text(el: etree._Element, total_text: int) -> bool:
    return total_text > 500 and _paragraph_text_length(el) > 0.5 * total_text


def drop_noise(noise: Noise) -> None:
    """Remove boilerplate subtrees in place (done last: other fields need the full tree)."""
    for el in noise.chrome_roots + noise.body_only_roots:
        _remove_keeping_tail(el)


def _remove_keeping_tail(el: etree._Element) -> None:
    """Remove ``el`` and its subtree; the text after it stays in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
