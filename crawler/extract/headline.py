"""The headline: which element shows it, and which of the page's titles is the article's.

Site selectors first, then the visible h1 when the page's metadata titles confirm it or it sits
in the article, then a confirmed h2, then the metadata titles with the site name stripped
(``strip_site_name``: "Headline | Example News" -> "Headline").
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .class_words import class_words, word_set
from .dates import parse_date_fast
from .page import Page, first_selected_text
from .text import collapse_whitespace, comparable, heading_permalinks, node_text
from .urls import browser_slashes

__all__ = [
    "Headline",
    "choose_headline",
    "decode_stray_references",
    "find_headline_element",
    "page_title",
    "strip_site_name",
]


SITE_NAME_META_NAMES = ("og:site_name", "application-name", "apple-mobile-web-app-title")

_LOGO_WORDS = frozenset({"logo", "brand", "sitetitle", "sitename", "branding"})

# "｜" (fullwidth): Japanese and Chinese titles join their parts with it, spaces or not
_TITLE_SEPARATORS = (
    " | ",
    " || ",
    "｜",
    " – ",
    " — ",
    " - ",
    " :: ",
    " · ",
    " • ",
    " » ",
    " « ",
)

MIN_HEADLINE_AGREEMENT = 0.5  # token F1 between the visible h1 and a metadata title


class Headline(NamedTuple):
    """The headline, the strategy that chose it, and the element that shows it (None when it
    came from a site selector or a metadata title)."""

    text: str | None
    source: str | None
    element: etree._Element | None = None


def choose_headline(page: Page, listing_headline: str | None = None) -> Headline:
    """The headline and its strategy. Site selectors first; then the visible h1 (it is what
    readers see; metadata titles are often rewritten for search or social media) when it
    agrees with the page's metadata titles, and is no link home; then an h2 that agrees with
    them; then an h1 inside <article>/<main> although they name something else; then
    JSON-LD/microdata, og:title and <title> with the site name stripped; any other h1 is the
    last resort (it is often the logo).
    The element returned is where the article's header is: the date line is searched from it."""
    if page.selectors.headline:
        text = first_selected_text(page, page.selectors.headline)
        if text:
            return Headline(text, "site-selector")
    site_names = _site_names(page)
    metadata = _metadata_titles(page, site_names)
    if listing_headline:
        confirmed = _candidate_matching_listing(page, listing_headline, metadata)
        if confirmed:
            return confirmed
    element = page.headline_element
    visible = heading_text(element) if element is not None else None
    placed = False
    if visible and element is not None and _may_be_the_headline(element, page):
        if _is_confirmed_headline(visible, metadata, site_names):
            return Headline(_without_kicker(element, visible, metadata), "h1", element)
        placed = _is_placed_as_headline(element) or _links_to_itself(element, page.url)
    heading = _confirmed_subheading(page, metadata, site_names)
    if heading is not None:  # it outranks an h1 that only stands in <main> ("See also")
        return Headline(heading_text(heading), "h2", heading)
    if placed and visible and element is not None:
        return Headline(_without_kicker(element, visible, metadata), "h1", element)
    if metadata:
        return Headline(*metadata[0])
    if visible:
        return Headline(visible, "h1", element)
    return Headline(None, None)


def page_title(page: Page) -> str | None:
    """The page's <title> as it is: the headline of an untitled post with no text, when it
    is only the site's name (better than an item with none)."""
    return _title_text(page.root)


# a character reference left as text: '&#233;', '&#xE9;', '&eacute;'
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def decode_stray_references(text: str) -> str:
    """A headline escaped twice by its CMS ('Estrat&amp;#233;gias' in the HTML reads
    'Estrat&#233;gias'): its character references decoded, as the page's og:title gives it."""
    return html.unescape(text) if _CHARACTER_REFERENCE.search(text) else text


def _candidate_matching_listing(
    page: Page, listing_headline: str, metadata: list[tuple[str, str]]
) -> Headline | None:
    """The page's own headline candidate that says what the listing entry said: the listing
    named this article, so its headline outranks a site-name <h1> or an SEO <title>.
    Headings first (as readers see them), then the titles the page declares."""
    wanted = _listing_key(listing_headline)
    if not wanted:
        return None
    stated = collapse_whitespace(listing_headline)
    heading = _heading_matching_listing(page, wanted, metadata, stated)
    if heading is not None and not _spelt_as_listed(heading, stated):
        # matched only without spaces and punctuation: a title saying it word for word wins
        # (the text; the heading still anchors the date line)
        for text, source in metadata:
            if text == stated:
                return Headline(text, f"{source}+listing", heading.element)
    if heading is not None and comparable(heading.text) != wanted:
        # it only starts with the listing's text (a cut headline's rule): a title saying
        # the listing's text whole wins (the post's opening <h2> "Title: and its subtitle",
        # visible once the post is)
        for text, source in metadata:
            if comparable(text) == wanted:
                return Headline(text, f"{source}+listing", heading.element)
        part = _title_part_matching_listing(page, wanted)
        if part is not None and comparable(part.text) == wanted:
            return Headline(part.text, part.source, heading.element)
    if heading is not None:
        return heading
    for text, source in metadata:
        if _says_the_same(text, wanted):
            return Headline(_typeset_as_listed(text, stated), f"{source}+listing")
    part = _title_part_matching_listing(page, wanted)
    return part if part is not None else _text_saying_listing(page, stated)


# a date the listing wrote into the title link after the title: "Title (24.07.2019 17:33)"
_TRAILING_DATE = re.compile(
    r"\s*[(\[]\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)\]]$"
)
MIN_SHOWN_TITLE_WORDS = 3


def _text_saying_listing(page: Page, stated: str) -> Headline | None:
    """The bold or title-classed element whose own text is the listing's headline (less a
    date the listing added) on a page whose <h1> says no headline (SharePoint news pages:
    ``h1[name=onetidProjectPropertyTitle]`` saying "Home", the title in
    ``div.title-gt > p > strong`` and a <title> of the site's name): the page shows the
    title the listing named."""
    element = page.headline_element
    if element is not None and len(heading_text(element).split()) >= MIN_SHOWN_TITLE_WORDS:
        return None
    title = _TRAILING_DATE.sub("", stated)
    if len(title.split()) < MIN_SHOWN_TITLE_WORDS:
        return None
    wanted, body = comparable(title), page.root.find("body")
    for candidate in body.iter() if body is not None else ():
        text = candidate.text
        if not text or abs(len(text.strip()) - len(title)) > 3 or comparable(text) != wanted:
            continue
        if _shown_as_title(candidate):
            return Headline(collapse_whitespace(text), "text+listing", candidate)
    return None


def _shown_as_title(element: etree._Element) -> bool:
    """Set in bold or inside a title-classed box (three levels up), and in no link."""
    around = [element, *islice(element.iterancestors(), 3)]
    if any(a.tag == "a" for a in element.iterancestors()):
        return False
    return element.tag in ("strong", "b") or any("title" in class_words(e) for e in around)


# The marks a CMS typesets where it shows a title (WordPress's wptexturize) and leaves plain
# in <title>, og:title and JSON-LD: curly quotes, dashes, the ellipsis.
_TYPEWRITER_MARKS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
_DASH_RUN = re.compile(r"-{2,3}")


def _typeset_as_listed(title: str, stated: str) -> str:
    """The listing's spelling of a declared title that differs from it only in typesetting
    ('Boek: \u2018Titel\u2019' listed, "Boek: 'Titel'" declared): that is how the site shows
    the title; the declared one is the plain text of the same words."""
    if title == stated or stated.isascii():
        return title
    return stated if _typewriter(stated) == _typewriter(title) else title


def _typewriter(text: str) -> str:
    return _DASH_RUN.sub("-", text.translate(_TYPEWRITER_MARKS))


def _spelt_as_listed(heading: Headline, stated: str) -> bool:
    """The heading says the listing's text word for word, or would without the spaces its
    line breaks make (a listing's text and a <title> run "A,<br>B" together as "A,B"), or
    differs from it only in case without being all capitals: a theme's title-case filter
    (Octopress's) in the post's header is the page's spelling; an upper-cased heading is
    typography, and the listed spelling stays."""
    if heading.text == stated or heading.element is None or _recased(heading.text, stated):
        return True
    return collapse_whitespace("".join(heading.element.itertext())) == stated


def _recased(text: str | None, stated: str) -> bool:
    """``text`` is ``stated`` with other capitals, and not in capitals throughout."""
    return bool(text) and text != text.upper() and text.casefold() == stated.casefold()


def _heading_matching_listing(
    page: Page, wanted: str, metadata: list[tuple[str, str]], stated: str = ""
) -> Headline | None:
    """The first heading outside the chrome (or the visible headline) that says what the
    listing said; one that says it word for word before one that matches only without
    punctuation (a banner <h1> printing the raw Markdown title, "*Hoffnung*", above the
    article's rendered <h2>)."""
    first = None
    for el in _listing_match_candidates(page):
        if page.noise.is_chrome(el) and el is not page.headline_element:
            continue
        text = node_text(el)
        if text and _says_the_same(text, wanted):
            source = el.tag if el is not page.headline_element else "h1"
            if el is page.headline_element and el.tag == "h1":
                text = _without_kicker(el, text, metadata)
            found = Headline(text, f"{source}+listing", el)
            if not stated or _spelt_as_listed(found, stated):
                return found
            first = first or found
    return first


def _listing_match_candidates(page: Page) -> Iterable[etree._Element]:
    """The headings a listing's headline is looked for in: the page's title-classed headline
    element first when it is no heading (``div.article-title``), then the first h1-h3."""
    element = page.headline_element
    if element is not None and element.tag not in _HEADLINE_TAGS:
        yield element
    yield from islice(page.root.iter(*_HEADLINE_TAGS), 40)


def _title_part_matching_listing(page: Page, wanted: str) -> Headline | None:
    """The run of parts of a declared title ("Headline – Site") that the listing named: when
    no heading outside the chrome shows it, guessing which part is the site name can keep
    the site name, or cut a headline that holds the separator itself ("A – B – Site")."""
    raw = [value for name in ("og:title", "twitter:title") for value in page.meta.get(name, [])[:1]]
    title = _title_text(page.root)
    if title:
        raw.append(title)
    for value in raw:
        for run in _title_runs(collapse_whitespace(value)):
            if _says_the_same(run, wanted):
                return Headline(run, "title+listing")
    return None


def _title_runs(title: str) -> list[str]:
    """The runs of consecutive parts of a title around its first separator, shortest first."""
    separator = next((s for s in _TITLE_SEPARATORS if s in title), None)
    if separator is None:
        return []
    parts = [p.strip() for p in title.split(separator) if p.strip()]
    runs = [
        separator.join(parts[start : start + size])
        for size in range(1, len(parts) + 1)
        for start in range(len(parts) - size + 1)
    ]
    return runs[:50]


_HEADLINE_TAGS = ("h1", "h2", "h3")
_ELLIPSIS = ("…", "...")


def _listing_key(headline: str) -> str:
    """The listing headline as compared: without a trailing ellipsis (a cut headline keeps
    what came before it), punctuation, spaces and case."""
    text = collapse_whitespace(headline)
    for ellipsis in _ELLIPSIS:
        text = text.removesuffix(ellipsis)
    return comparable(text)


def _says_the_same(text: str, wanted: str) -> bool:
    """``text`` is the listing's headline, or starts with a cut one of at least 20 letters."""
    found = comparable(text)
    return found == wanted or (len(wanted) >= 20 and found.startswith(wanted))


def _confirmed_subheading(
    page: Page, metadata: list[tuple[str, str]], site_names: list[str]
) -> etree._Element | None:
    """On a page whose h1 is not the headline (or that has none): the first h2 that agrees
    with a metadata title."""
    if not metadata:
        return None
    for el in islice(page.root.iter("h2"), 10):
        if page.noise.is_chrome(el) or _links_home(el, page.url) or heading_permalinks(el):
            continue  # a logo, or a section heading of the Markdown text
        text = node_text(el)
        if text and _is_confirmed_headline(text, metadata, site_names):
            return el
    return None


def _metadata_titles(page: Page, site_names: list[str]) -> list[tuple[str, str]]:
    """Titles the page declares for itself, most trusted first, site names stripped."""
    titles: list[tuple[str, str]] = []
    for value, source in (
        (page.json_ld.headline, "json-ld"),
        (page.microdata.headline, "microdata"),
    ):
        if value:
            titles.append((strip_site_name(value, site_names, guess=False), source))
    for name in ("og:title", "twitter:title", "dc.title"):
        for value in page.meta.get(name, [])[:1]:
            titles.append((_strip_guessing_site_name(value, site_names, page), "meta"))
    title = _title_text(page.root)
    if title:
        titles.append((_strip_guessing_site_name(title, site_names, page), "title"))
    # a title that is only the site's name (a theme printing SITENAME alone) names no article;
    # on the front page it is the page's own name
    names = set() if _is_front_page(page.url) else {comparable(n) for n in site_names if n}
    return [(text, source) for text, source in titles if text and comparable(text) not in names]


def _is_front_page(url: str) -> bool:
    return _url_path(url) in _HOME_PATHS


def _strip_guessing_site_name(title: str, site_names: list[str], page: Page) -> str:
    """Strip the site names the page declares; when none of them ends the title, those and
    names guessed from the host, else the longest part ("Headline | Site", "Site -
    Headline"), then again inside it ("Headline : Site | Tagline")."""
    stripped = strip_site_name(title, site_names, guess=False)
    if stripped != collapse_whitespace(title):
        return stripped
    shown = _part_shown_as_heading(stripped, page)
    if shown is not None:
        return shown
    return strip_site_name(title, [*site_names, *_guessed_site_names(page)], guess=True)


def _part_shown_as_heading(title: str, page: Page) -> str | None:
    """The one part of a split title ("Post | Longer Site Name") that a visible, non-chrome
    <h1>/<h2> of the page shows word for word: the headline, even when shorter than the
    site name beside it (no site name known to strip)."""
    parts = {
        comparable(part): part.strip()
        for separator in _TITLE_SEPARATORS
        if separator in title
        for part in title.split(separator)
        if part.strip()
    }
    if len(parts) < 2:
        return None
    shown = {
        key
        for el in page.root.iter("h1", "h2")
        if (key := comparable(node_text(el) or "")) in parts
        and key
        and not page.noise.is_chrome(el)
    }
    return parts[shown.pop()] if len(shown) == 1 else None


def _guessed_site_names(page: Page) -> list[str]:
    """The host's name ("www.example-news.com" -> "example-news", "example news") as a site
    name, so "Headline - Example News" loses its suffix without og:site_name."""
    host = urlsplit(page.url).hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    if len(labels) < 2:
        return []
    name = labels[-2]
    return [name, name.replace("-", " "), ".".join(labels[-2:])]


def _is_confirmed_headline(
    visible: str, metadata: list[tuple[str, str]], site_names: list[str]
) -> bool:
    """The visible headline is the article's: not the site's name, and agreeing with one of
    the titles the page declares (or the page declares none)."""
    folded = visible.casefold()
    if any(folded == name.casefold() for name in site_names):
        return False
    if not metadata:
        return True
    return any(_token_f1(visible, text) >= MIN_HEADLINE_AGREEMENT for text, _ in metadata)


def _is_placed_as_headline(element: etree._Element) -> bool:
    """An h1 inside the page's <article> or <main> (banners and menus are chrome, never
    candidates): where the article's own headline goes, even when the metadata titles say
    something else."""
    return any(
        a.tag in ("article", "main") or a.get("role") == "main" for a in element.iterancestors()
    )


def _without_kicker(element: etree._Element, visible: str, metadata: list[tuple[str, str]]) -> str:
    """The headline of a composite h1 ("<span>Kicker</span> Headline"): the part marked as the
    headline, else the text without the parts marked as a kicker, else the part the metadata
    titles name (nearly word for word) when it matches them better than the whole h1 does."""
    marked = _marked_headline_text(element)
    if marked and marked != visible:
        return marked
    parts = _text_parts(element)
    if len(parts) < 2 or not metadata:
        return visible
    titles = [text for text, _ in metadata]
    whole = max(_token_f1(visible, title) for title in titles)
    best = max(parts, key=lambda part: max(_token_f1(part, title) for title in titles))
    best_score = max(_token_f1(best, title) for title in titles)
    if best_score >= 0.9 and best_score > whole:
        return best
    return visible


# class words of the line above a headline ("Dachzeile", "overline", "kicker", a label).
_KICKER_WORDS = word_set(
    "kicker dachzeile overline topline roofline eyebrow supertitle spitzmarke label rubric"
)


def _marked_headline_text(element: etree._Element) -> str | None:
    """Text of the descendant marked as the headline (class "headline", itemprop="headline"),
    or of the element itself, without the descendants marked as a kicker (<small>, class
    "dachzeile", ...); None when nothing is marked."""
    inner = next(
        (
            el
            for el in element.iterdescendants()
            if isinstance(el.tag, str)
            and (el.get("itemprop") == "headline" or "headline" in class_words(el))
        ),
        element,
    )
    kickers = [
        el
        for el in inner.iterdescendants()
        if el.tag == "small" or (isinstance(el.tag, str) and class_words(el) & _KICKER_WORDS)
    ]
    if inner is element and not kickers:
        return None
    return node_text(inner, exclude=kickers) or None


def _text_parts(element: etree._Element) -> list[str]:
    """The texts of an element's children and of the text between them, in order."""
    pieces = [element.text or ""]
    for child in element:
        pieces.append(node_text(child) if isinstance(child.tag, str) else "")
        pieces.append(child.tail or "")
    return [text for text in (collapse_whitespace(p) for p in pieces) if text]


_WORD = re.compile(r"\w+")


def _token_f1(a: str, b: str) -> float:
    tokens_a = Counter(_WORD.findall(a.casefold()))
    tokens_b = Counter(_WORD.findall(b.casefold()))
    shared = sum((tokens_a & tokens_b).values())
    if not shared:
        return 0.0
    precision, recall = shared / sum(tokens_a.values()), shared / sum(tokens_b.values())
    return 2 * precision * recall / (precision + recall)


def find_headline_element(page: Page) -> etree._Element | None:
    """The visible headline: the best <h1>, or a title-classed element when there is no h1."""
    h1s = [
        el
        for el in islice(page.root.iter("h1"), 30)
        if not page.noise.is_chrome(el) and node_text(el)
    ]
    if not h1s:
        return _title_classed_element(page)
    hints = [h for h in (page.json_ld.headline, page.microdata.headline, _title_text(page.root))]
    hints += page.meta.get("og:title", [])[:1]
    folded_hints = [h.casefold() for h in hints if h]
    return max(h1s, key=lambda el: _headline_score(el, folded_hints, page.url))


def _headline_score(el: etree._Element, folded_hints: list[str], page_url: str) -> int:
    text = node_text(el).casefold()
    score = 0
    if any(text == hint or (len(text) > 10 and text in hint) for hint in folded_hints):
        score += 2
    if any(a.tag in ("article", "main") for a in el.iterancestors()):
        score += 1
    if class_words(el) & _LOGO_WORDS or el.find(".//img") is not None:
        score -= 2
    if _links_home(el, page_url) or heading_permalinks(el):
        score -= 3  # a logo; or a heading of the Markdown text, which gives each a permalink
    elif _is_link_elsewhere(el, page_url):
        score -= 2
    return score


def _is_link_elsewhere(el: etree._Element, page_url: str) -> bool:
    """The element only wraps a link to another page of the site: the title of a teaser in a
    list of posts ("recent posts" in a sidebar), not this page's headline. (A link to another
    site is a link post's headline: it names what the post is about.)"""
    return _only_link_target(el, page_url) is False


def _links_to_itself(el: etree._Element, page_url: str) -> bool:
    """The element only wraps a link to this very page: the post's permalink title
    (Pelican's ``h4.entry-title > a[rel=bookmark]``), its headline whatever a ``<title>``
    printing only the site's name says."""
    return _only_link_target(el, page_url) is True


def _only_link_target(el: etree._Element, page_url: str) -> bool | None:
    """Whether the one link the element wraps (saying all its text) leads to this page (True)
    or to another page of the site (False); None for no such link, or one to another site."""
    links = list(islice(el.iter("a"), 2))
    if len(links) != 1 or node_text(links[0]) != node_text(el):
        return None
    href = browser_slashes((links[0].get("href") or "").strip())
    if not href or href.startswith("#"):
        return None
    try:
        page, target = urlsplit(page_url), urlsplit(urljoin(page_url, href))
    except ValueError:
        return None
    if target.netloc != page.netloc:
        return None
    return target.path.rstrip("/") == page.path.rstrip("/")


def _may_be_the_headline(el: etree._Element, page: Page) -> bool:
    """Not a logo linking home; and not a heading of the Markdown text (it carries a
    permalink) while another <h1> has none: that one is the theme's title. A page whose only
    <h1> is the Markdown's (VuePress) has its headline there."""
    if _links_home(el, page.url):
        return False
    if not heading_permalinks(el):
        return True
    return not any(
        h1 is not el and not heading_permalinks(h1) for h1 in islice(page.root.iter("h1"), 10)
    )


def heading_text(el: etree._Element) -> str:
    """A heading's text without its permalink symbol ("# Promises in practice") or the
    theme's bullet before it ("[> Jens Weber", "» Jens Weber")."""
    exclude = set(heading_permalinks(el))
    date = _trailing_date(el)
    text = node_text(el, exclude=exclude | {date} if date is not None else exclude)
    if date is not None and not text.strip():
        text = node_text(el, exclude=exclude)
    return _LEADING_MARKS.sub("", text) or text


MAX_HEADING_DATE = 40  # characters


def _trailing_date(el: etree._Element) -> etree._Element | None:
    """A date closing a heading on a line of its own, not part of the title: ``<h1>Why
    Constraints Rock <br><date>25 May 2014</date></h1>`` (a ``<time>``/``<date>`` last, or
    any element after a ``<br>``)."""
    if not len(el):
        return None
    last = el[-1]
    if not isinstance(last.tag, str) or (last.tail or "").strip():
        return None
    if last.tag not in ("time", "date"):
        before = last.getprevious()
        if before is None or before.tag != "br" or (before.tail or "").strip():
            return None
    text = node_text(last).strip()
    if not text or len(text) > MAX_HEADING_DATE or not any(c.isdigit() for c in text):
        return None
    return last if parse_date_fast(text) is not None else None


# Arrows, brackets and bars a theme sets before every heading: a run of them (no letters,
# digits, quotes, dots or opening marks of a sentence) followed by a space.
_LEADING_MARKS = re.compile(r"^[\[\]<>»›→•·|/:*#-]+\s+(?=\w)")


def _links_home(el: etree._Element, page_url: str = "") -> bool:
    """The element is (or holds) a link to the site's front page: a logo, not a headline.
    A link to a fragment of the page (a heading's permalink "#") is not; a relative link
    (``../../index.html``) is read from ``page_url``."""
    links = [el] if el.tag == "a" else list(islice(el.iter("a"), 3))
    return any(
        _is_home_link(link, page_url) for link in links + list(islice(el.iterancestors("a"), 1))
    )


_HOME_PATHS = ("", "/", "/index.html", "/index.php")


def _is_home_link(link: etree._Element, page_url: str) -> bool:
    href = browser_slashes((link.get("href") or "").strip())
    if not href or href.startswith("#"):
        return False
    if page_url and not href.startswith(("/", "http:", "https:", "//")):
        try:
            href = urljoin(page_url, href)
        except ValueError:
            return False
    return _url_path(href) in _HOME_PATHS


def _url_path(href: str) -> str | None:
    """The path of a link, or None when it does not parse (``http://[`` raises ValueError)."""
    try:
        return urlsplit(href).path
    except ValueError:
        return None


def _title_classed_element(page: Page) -> etree._Element | None:
    title_words = {"headline", "entrytitle", "articletitle", "posttitle", "storytitle"}
    for el in islice(page.root.iter(), 5000):
        if not isinstance(el.tag, str) or page.noise.is_chrome(el):
            continue
        if class_words(el) & title_words and 0 < len(node_text(el)) <= 300:
            return el
    return None


def _title_text(root: etree._Element) -> str | None:
    for el in root.iter("title"):
        text = node_text(el)
        if text:
            return text
    return None


def _site_names(page: Page) -> list[str]:
    names = [value for name in SITE_NAME_META_NAMES for value in page.meta.get(name, [])[:1]]
    if page.json_ld.publisher:
        names.append(page.json_ld.publisher)
    # the site's name as its logo heading shows it: an <h1> that links to the front page
    for el in islice(page.root.iter("h1"), 5):
        if _links_home(el, page.url):
            names.append(node_text(el))
    names.extend(_brand_names(page))
    return names


MAX_BRAND = 80  # characters
MAX_BRAND_LINKS = 30  # the first links of a page, where a theme without <header> puts its brand


def _brand_names(page: Page) -> list[str]:
    """The text of the page header's links to the front page (a navbar brand, a site title),
    and of a logo-classed link home among the page's first links (``a.brand`` in a
    ``div.topbar``): a title part saying the same is the site's name."""
    names = []
    for header in islice(page.root.iter("header", "nav"), 3):
        for link in islice(header.iter("a"), 10):
            text = node_text(link)
            if text and len(text) <= MAX_BRAND and _is_home_link(link, page.url):
                names.append(text)
    for link in islice(page.root.iter("a"), MAX_BRAND_LINKS):
        if class_words(link) & _LOGO_WORDS and _is_home_link(link, page.url):
            text = node_text(link)
            if text and len(text) <= MAX_BRAND and text not in names:
                names.append(text)
    return names


def strip_site_name(title: str, site_names: Iterable[str], guess: bool = True) -> str:
    """ "Headline | Site" / "Site - Headline" -> "Headline".

    Parts equal to a known site name (ignoring case and punctuation: "Backen.de" = "backen de")
    are removed; with ``guess`` and no known name matching, the longest part around the
    strongest separator is taken, and the same is done again inside it ("A » B - Site").
    """
    title = collapse_whitespace(title)
    known = {comparable(n) for n in site_names if n and comparable(n)}
    for _ in range(3):
        stripped = _strip_once(title, known, guess)
        if stripped == title or not guess:
            return stripped
        title = stripped
    return title


def _strip_once(title: str, known: set[str], guess: bool) -> str:
    for separator in _TITLE_SEPARATORS:
        if separator not in title:
            continue
        parts = [p.strip() for p in title.split(separator) if p.strip()]
        while len(parts) > 1 and _names_the_site(parts[-1], known):
            parts.pop()
        while len(parts) > 1 and _names_the_site(parts[0], known):
            parts.pop(0)
        if len(parts) == 1:
            return parts[0]
        if guess:
            return max(parts, key=len)
        return separator.join(parts)
    return _without_known_name_after_colon(title, known)


def _names_the_site(part: str, known: set[str]) -> bool:
    """The part is a known site name, or one with its reading or gloss in brackets after it
    ("ALTDEUS: Beyond Chronos（アルトデウス: ビヨンドクロノス）")."""
    if comparable(part) in known:
        return True
    bare = _BRACKETED_END.sub("", part)
    return bare != part and comparable(bare) in known


_BRACKETED_END = re.compile(r"\s*[（(][^（）()]+[）)]$")


def _without_known_name_after_colon(title: str, known: set[str]) -> str:
    """ "Headline : Site" -> "Headline" when "Site" is the site's known name; a colon is
    the headline's own more often than a separator, so nothing is guessed around it."""
    head, colon, tail = title.rpartition(" : ")
    if colon and head.strip() and comparable(tail) in known:
        return head.strip()
    return title
