"""The publication date: every source a page may state it in, in the order they are trusted,
with the rules that keep a "modified" date, a date before the floor or in the future, and a
UTC timestamp on the wrong local day out of the result.

Sources, most deliberate first: site selectors, JSON-LD, microdata, <meta> (and a Distill
article's front matter), RDFa, <time>, the date line near the headline (date_lines.py), the URL,
and htmldate as the last resort. Numeric dates whose day and month could be swapped are read by
the rules of date_order.py.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import date, datetime, timedelta, timezone, tzinfo
from itertools import chain, islice
from typing import Any

from lxml import etree

from .class_words import class_words
from .date_lines import MAX_DATE_TEXT, after_update_label, dayless_date_line, text_date
from .date_order import OrderRules
from .dates import ParsedDate, date_from_url, parse_date, parse_date_fast, year_month_from_url
from .localtime import MAX_HINT_TEXT, local_day_of, page_offset, page_zone, stated_publication_days
from .page import Page, selected_nodes
from .structured import front_matter_date
from .text import node_text, short_text

__all__ = ["DATE_SOURCES", "DEFAULT_DATE_FLOOR", "date_order_evidence", "publication_date"]

log = logging.getLogger(__name__)


DATE_SOURCES = (
    "site-selector", "json-ld", "microdata", "meta", "rdfa", "time-element", "text", "url",
    "htmldate",
)  # fmt: skip

# <meta> names holding the publication date, most specific first (never "modified" ones).
DATE_META_NAMES = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "published_time", "datepublished", "dc.date.issued", "dcterms.issued",
    "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "citation_publication_date",
    "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "publish_date",
    "pub_date", "date", "article.published", "originalpublicationdate", "displaydate",
)  # fmt: skip

# Of those, the ones that do not say which date they are: often the page's last change or the
# day it was generated, so a date shown next to the headline is preferred to them.
UNLABELLED_DATE_META_NAMES = ("date", "dc.date", "dcterms.date", "displaydate")
PUBLISHED_META_NAMES = tuple(n for n in DATE_META_NAMES if n not in UNLABELLED_DATE_META_NAMES)

DEFAULT_DATE_FLOOR = date(1995, 1, 1)  # no news site published on the web before this


def publication_date(
    page: Page,
    canonical_url: str,
    site_order: str | None = None,
    listing_date: str | None = None,
) -> tuple[ParsedDate, str] | None:
    """(date, source): the first source, most deliberate first, with a plausible publication
    date (never a "modified" one, never before the floor or in the future), cross-checked.
    ``site_order`` is the day-month order the crawl learned for the page's site, if any;
    ``listing_date`` the date the listing entry showed for the page: where the page's own
    claims disagree, the one that agrees with it wins (see ``_agreeing_with_listing``), and
    where the page states none, it is no place for htmldate's guess (None: the listing's date
    is the item's, crosscheck.py)."""
    languages = [page.language] if page.language else None
    page.date_order = _order_rules(page, site_order)
    steps: list[tuple[str, Any]] = [
        ("site-selector", lambda: _selector_date(page, languages)),
        ("text", lambda: _revision_view_date(page, languages)),
        ("json-ld", lambda: _parse_optional(page, page.json_ld.date_published, languages)),
        ("microdata", lambda: _parse_optional(page, page.microdata.date_published, languages)),
        ("meta", lambda: _meta_date(page, languages, PUBLISHED_META_NAMES)),
        ("meta", lambda: _parse_optional(page, front_matter_date(page.root), languages)),
        ("rdfa", lambda: _rdfa_date(page, languages)),
        ("time-element", lambda: _time_element_date(page, languages)),
        ("text", lambda: text_date(page, languages)),
        ("meta", lambda: _meta_date(page, languages, UNLABELLED_DATE_META_NAMES)),
        ("url", lambda: date_from_url(canonical_url) or date_from_url(page.url)),
        ("text", lambda: _day_in_the_urls_month(page, canonical_url, languages)),
    ]
    if listing_date is None:  # htmldate guesses from anywhere in the page; the listing states
        steps.append(("htmldate", lambda: _htmldate_date(page)))
    for index, (source, step) in enumerate(steps):
        found = step()
        if found is not None and found.iso[:10] >= page.date_floor.isoformat():
            if source in _STRUCTURED_DATE_SOURCES:
                later = steps[index + 1 :]
                found, source = _claim_the_page_shows(
                    page, (found, source), later, languages, listing_date
                )
            return _cross_checked(found, source, page, canonical_url, listing_date)
    return None


def _day_in_the_urls_month(
    page: Page, canonical_url: str, languages: list[str] | None
) -> ParsedDate | None:
    """The page's date line without a year ("Mai 5") in the year of the URL's month
    (/2015/05/slug/), when the months agree."""
    year_month = year_month_from_url(canonical_url) or year_month_from_url(page.url)
    return dayless_date_line(page, *year_month, languages) if year_month else None


# Sources that state the article's date in markup (the unlabelled <meta name="date"> step is
# one of the "meta" ones); when they disagree on the day, the page's own date line tells which
# one the publisher means; a UTC timestamp of theirs is restated in the page's local time.
_STRUCTURED_DATE_SOURCES = frozenset({"json-ld", "microdata", "rdfa", "meta", "time-element"})


def _claim_the_page_shows(
    page: Page,
    first: tuple[ParsedDate, str],
    later_steps: list[tuple[str, Any]],
    languages: list[str] | None,
    listing_date: str | None = None,
) -> tuple[ParsedDate, str]:
    """The structured claim whose day the page shows next to its headline, when the claims
    disagree: a CMS's JSON-LD keeps an article's first version while its <meta> has the
    republished one, a <meta> time is a migration's while the <time> shows the article's,
    two offsets put the same instant on two days. ``first`` when the claims agree or the
    page shows none of their days. Either way, one that the listing's date contradicts gives
    way to a claim that agrees with the listing."""
    floor = page.date_floor.isoformat()
    claims = [first]
    for source, step in later_steps:
        if source in _STRUCTURED_DATE_SOURCES:
            found = step()
            if found is not None and found.iso[:10] >= floor:
                claims.append((found, source))
    if len({claim.iso[:10] for claim, _ in claims}) < 2:
        return first
    shown = text_date(page, languages)
    chosen = first
    if shown is not None and shown.iso[:10] != first[0].iso[:10]:
        chosen = next((c for c in claims if c[0].iso[:10] == shown.iso[:10]), first)
        if _is_a_lone_time_text(chosen, claims, page, languages):
            chosen = _most_supported(claims)
    return _agreeing_with_listing(chosen, claims, listing_date)


def _is_a_lone_time_text(
    chosen: tuple[ParsedDate, str],
    claims: list[tuple[ParsedDate, str]],
    page: Page,
    languages: list[str] | None,
) -> bool:
    """``chosen`` is the <time> claim read from the element's text (its datetime empty), no
    other claim has its day, and two others agree on another: shown text is no second
    witness for itself (a sidebar teaser's <time> looks like the article's date line)."""
    if chosen[1] != "time-element":
        return False
    day = chosen[0].iso[:10]
    if sum(claim.iso[:10] == day for claim, _ in claims) > 1:
        return False
    others = Counter(claim.iso[:10] for claim, _ in claims if claim.iso[:10] != day)
    if not others or max(others.values()) < 2:
        return False
    found = _time_element_claim(page, languages)
    return found is not None and not found[1]


def _most_supported(claims: list[tuple[ParsedDate, str]]) -> tuple[ParsedDate, str]:
    """The first (most deliberate) claim of the day most claims give."""
    days = Counter(claim.iso[:10] for claim, _ in claims)
    best = max(days.values())
    return next(c for c in claims if days[c[0].iso[:10]] == best)


def _agreeing_with_listing(
    chosen: tuple[ParsedDate, str],
    others: list[tuple[ParsedDate, str]],
    listing_date: str | None,
) -> tuple[ParsedDate, str]:
    """``chosen``, unless the listing entry's date is more than a day from it and one of the
    page's ``others`` is within a day of the listing's: two independent witnesses (the page
    and the listing that led to it) agree on that one. A sidebar's <time> taken for the
    article's, or a URL that carries the day a back-dated post was created, lose so."""
    if listing_date is None or _days_apart(chosen[0].iso, listing_date) <= 1:
        return chosen
    return next((c for c in others if _days_apart(c[0].iso, listing_date) <= 1), chosen)


def _cross_checked(
    found: ParsedDate,
    source: str,
    page: Page,
    canonical_url: str,
    listing_date: str | None = None,
) -> tuple[ParsedDate, str]:
    """A UTC timestamp is restated in the local time the page shows (or is found to be that
    local time mislabelled); a date line that the URL contradicts gives way to the URL (banners
    show today's date), unless the listing's date agrees with the line (to the day, even when
    the URL is a day off: a slug's date is the day the file was named)."""
    if source in _STRUCTURED_DATE_SOURCES:
        shown_local = _local_time_labelled_utc(found, page)
        if shown_local is not None:
            return shown_local
        return _in_page_local_time(found, page), source
    if source == "text":
        url_date = date_from_url(canonical_url) or date_from_url(page.url)
        if url_date is not None and url_date.iso != found.iso[:10]:
            if _is_posting_line(found.raw) and _days_apart(url_date.iso, found.iso) <= 1:
                return found, source  # the URL's day is in another zone; the line says when
            if listing_date is not None and listing_date[:10] == found.iso[:10]:
                return found, source  # the page and its listing show the same day
            return _agreeing_with_listing((url_date, "url"), [(found, source)], listing_date)
    return found, source


# "Posted by X on ...", "Published ...": a line that says it is the article's own date, not a
# banner. A URL one day off it was written in another time zone (the author's, or UTC).
_POSTING_LINE = re.compile(
    r"^\W*(?:posted|published|publié|publiée|veröffentlicht|publicado|publicada|pubblicato"
    r"|gepubliceerd|opublikowano|publicerad|发表于|發表於|发布于|發佈於|投稿日)",
    re.IGNORECASE,
)


def _is_posting_line(raw: str) -> bool:
    return _POSTING_LINE.match(raw) is not None


def _days_apart(first: str, second: str) -> int:
    try:
        return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days)
    except ValueError:
        return 99


# ---------------------------------------------------------------- UTC timestamps in local time

MAX_UTC_OFFSET = timedelta(hours=14)


def _in_page_local_time(found: ParsedDate, page: Page) -> ParsedDate:
    """A UTC timestamp restated in the publisher's local time: the same instant, but on the day
    the publisher's readers saw. The offset comes from the local time the page shows for the
    same moment ("2022-05-04T02:41Z" shown as "3/5/2022 22:41" -> "2022-05-03T22:41-04:00");
    else the page's own statements (see localtime.py): the publication day without a time
    (only the day is kept then), a time zone name, the offset its other timestamps use; the
    day a ``<time>`` stating this instant shows has the last word (``_on_the_shown_day``).
    Anything else stays as it is."""
    instant = _utc_datetime(found.iso)
    if instant is None:
        return found
    shown = text_date(page, None, fast_only=True)
    offset = _shown_offset(instant, shown)
    if offset == timedelta(0):
        return found
    if offset is not None:
        return ParsedDate(iso=instant.astimezone(timezone(offset)).isoformat(), raw=found.raw)
    texts = _zone_hint_texts(page)
    day = local_day_of(instant, stated_publication_days(texts))
    if day is not None:
        return found if day == instant.date() else ParsedDate(iso=day.isoformat(), raw=found.raw)
    zone = page_zone(texts) or page_offset(texts)
    return _on_the_shown_day(found, instant, zone, _shown_local_day(instant, page))


def _shown_local_day(instant: datetime, page: Page) -> date | None:
    """The day a ``<time>`` stating ``instant`` itself shows as its text, when that text is a
    day only and ``instant`` can fall on it somewhere on Earth (Hexo: ``<time
    datetime="2019-03-14T16:00:00.000Z">2019-03-15</time>``). Only the element stating this very
    instant counts: the page's date line may be another date (WordPress shows the last change in
    a ``<time class="updated">`` beside the publication)."""
    for el in islice(page.root.iter("time"), MAX_TIME_ELEMENTS):
        stated = parse_date_fast(el.get("datetime") or "")
        if stated is None or _iso_datetime(stated.iso) != instant:
            continue
        shown = parse_date_fast(node_text(el), order=page.date_order)
        if shown is None or len(shown.iso) != len("2019-03-15"):
            continue
        try:
            return local_day_of(instant, {date.fromisoformat(shown.iso)})
        except ValueError:
            continue
    return None


def _on_the_shown_day(
    found: ParsedDate, instant: datetime, zone: tzinfo | None, shown_day: date | None
) -> ParsedDate:
    """``instant`` in ``zone`` (the page's zone, if it states one), unless the page shows
    another day it can fall on: then a timestamp whose UTC day is the shown one is the local
    clock labelled "+00:00" (WordPress themes write get_the_time() so: "01:03:54+00:00" for
    the "01:03:54-05:00" of article:published_time), given the zone's offset; one whose UTC
    day is not is the publisher's midnight in UTC (Hexo: "2019-03-14T16:00:00.000Z" shown as
    "2019-03-15"), and only the shown day is kept, as the zone is unknown or says otherwise."""
    local = instant.astimezone(zone) if zone is not None else instant
    if shown_day is None or local.date() == shown_day:
        return found if zone is None else ParsedDate(iso=local.isoformat(), raw=found.raw)
    if instant.date() == shown_day:  # so a zone moved it off that day: the clock is local
        return ParsedDate(iso=instant.replace(tzinfo=zone).isoformat(), raw=found.raw)
    return ParsedDate(iso=shown_day.isoformat(), raw=found.raw)


MAX_TIME_ELEMENTS = 200


def _local_time_labelled_utc(found: ParsedDate, page: Page) -> tuple[ParsedDate, str] | None:
    """(timestamp, source): the page's <time>, else its publication <meta>, that gives the same
    wall-clock time as the UTC timestamp ``found``, with a non-zero offset, on the day the page
    shows: the timestamp is the local time written with "+00:00" (SEO plugins do:
    "2017-08-01T23:21+00:00" in the metadata, <time datetime="2017-08-01T23:21:06+02:00">August
    1, 2017</time> on the page; WordPress themes' microdata "01:03:54+00:00" beside
    article:published_time "01:03:54-05:00"), not a UTC instant to restate on another day.
    None when the page has no such timestamp."""
    instant = _utc_datetime(found.iso)
    if instant is None:
        return None
    wall_clock = instant.replace(tzinfo=None, second=0)
    for el in islice(page.root.iter("time"), MAX_TIME_ELEMENTS):
        stated = _same_clock_with_offset(el.get("datetime") or "", wall_clock)
        if stated is None:
            continue
        shown = parse_date_fast(node_text(el), order=page.date_order) or text_date(
            page, None, fast_only=True
        )
        if shown is not None and shown.iso[:10] == stated.iso[:10]:
            return stated, "time-element"
    for name in PUBLISHED_META_NAMES:
        for value in page.meta.get(name, []):
            stated = _same_clock_with_offset(value, wall_clock)
            if stated is None:
                continue
            shown = text_date(page, None, fast_only=True)
            if shown is not None and shown.iso[:10] == stated.iso[:10]:
                return stated, "meta"
    return None


def _same_clock_with_offset(text: str, wall_clock: datetime) -> ParsedDate | None:
    """``text`` read as a timestamp with a non-zero offset whose clock time is ``wall_clock``."""
    stated = parse_date_fast(text)
    local = _iso_datetime(stated.iso) if stated is not None else None
    if local is None or local.utcoffset() in (None, timedelta(0)):
        return None
    return stated if local.replace(tzinfo=None, second=0) == wall_clock else None


def _shown_offset(instant: datetime, shown: ParsedDate | None) -> timedelta | None:
    """The offset between ``instant`` and the local time the page shows for the same moment
    (``shown``, its date line; timedelta(0) when it shows the UTC time itself); None when it
    shows no such time."""
    local = _naive_datetime(shown.iso) if shown is not None else None
    if local is None:
        return None
    offset = local - instant.replace(tzinfo=None, second=0)
    if abs(offset) > MAX_UTC_OFFSET or offset % timedelta(minutes=15):
        return None
    return offset


def _zone_hint_texts(page: Page) -> list[str]:
    """Where a page states its time zone: scripts (configuration, JSON), <meta> values and
    datetime attributes; bounded to MAX_HINT_TEXT characters."""
    texts: list[str] = []
    budget = MAX_HINT_TEXT
    candidates = chain(
        (el.text or "" for el in page.root.iter("script")),
        (value for values in page.meta.values() for value in values),
        (el.get("datetime") or "" for el in page.root.iter("time")),
    )
    for text in candidates:
        if text and budget > 0:
            texts.append(text[:budget])
            budget -= len(text)
    return texts


def _iso_datetime(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def _utc_datetime(iso: str) -> datetime | None:
    """``iso`` as a datetime when it is a time of day given in UTC."""
    value = _iso_datetime(iso)
    if value is None or len(iso) <= 10 or value.utcoffset() != timedelta(0):
        return None
    return value


def _naive_datetime(iso: str) -> datetime | None:
    """``iso`` as a datetime when it is a time of day without an offset (minutes precision)."""
    value = _iso_datetime(iso)
    if value is None or len(iso) <= 10 or value.tzinfo is not None:
        return None
    return value.replace(second=0)


# ---------------------------------------------------------------- the sources


def _htmldate_date(page: Page) -> ParsedDate | None:
    """htmldate's answer for pages where none of the sources above gave a date: it also reads
    date patterns anywhere in the page (footers, image paths, scripts) with its own rules for
    which one is the original. It is given bytes, never a str: htmldate fetches a str that
    looks like a URL."""
    from htmldate import find_date  # imported lazily: most pages never get here

    source = etree.tostring(page.root, encoding="utf-8")
    try:
        found = find_date(
            source,
            url=page.url,
            original_date=True,
            extensive_search=False,
            min_date=page.date_floor.isoformat(),
        )
    except Exception:  # htmldate must not break extraction; the page simply has no date
        log.debug("htmldate failed on %s", page.url, exc_info=True)
        return None
    if not found or found.endswith("-01-01"):
        return None  # htmldate's answer when it only saw a year (a copyright line)
    return ParsedDate(iso=found, raw=found)


_REVISION_VIEW_URL = re.compile(r"[?&](?:diff|oldid)=\d")
# MediaWiki's header of the revision shown: the newer side of a diff, or an old revision.
_REVISION_HEADER = "//*[@id='mw-diff-ntitle1' or @id='mw-revision-info']"


def _revision_view_date(page: Page, languages: list[str] | None) -> ParsedDate | None:
    """A wiki's diff or old-revision view (MediaWiki, ?diff=/?oldid= in the URL) is a page
    about one revision: its date is that revision's ("Revision as of 05:33, 7 April 2020"),
    not the article's creation that the wiki's JSON-LD gives."""
    if not _REVISION_VIEW_URL.search(page.url):
        return None
    for header in islice(page.root.xpath(_REVISION_HEADER), 1):
        text = short_text(header, MAX_DATE_TEXT)
        if text:
            return parse_date(text, languages=languages, order=page.date_order)
    return None


def _parse_optional(page: Page, text: str | None, languages: list[str] | None) -> ParsedDate | None:
    return parse_date(text, languages=languages, order=page.date_order) if text else None


def _rdfa_date(page: Page, languages: list[str] | None) -> ParsedDate | None:
    """The ``content`` of the first RDFa publication-date property (structured.py) that is
    neither a comment's nor in other chrome: Drupal's submitted line."""
    for el in page.rdfa_dates:
        if page.noise.is_chrome(el) or _in_a_comment(el):
            continue
        parsed = _parse_optional(page, (el.get("content") or "").strip(), languages)
        if parsed is not None:
            return parsed
    return None


def _in_a_comment(el: etree._Element) -> bool:
    """Inside an RDFa resource typed as a comment (Drupal: typeof="sioc:Post sioct:Comment")."""
    return any("comment" in (a.get("typeof") or "").lower() for a in el.iterancestors())


def _selector_date(page: Page, languages: list[str] | None) -> ParsedDate | None:
    if not page.selectors.date:
        return None
    for node in selected_nodes(page, page.selectors.date):
        if isinstance(node, str):
            values = [node]
        else:
            values = [node.get("datetime"), node.get("content"), node.get("title"), node_text(node)]
        for value in values:
            parsed = _parse_optional(page, (value or "").strip(), languages)
            if parsed is not None:
                return parsed
    return None


def _meta_date(
    page: Page, languages: list[str] | None, names: tuple[str, ...] = ()
) -> ParsedDate | None:
    for name in names:
        for value in page.meta.get(name, []):
            parsed = parse_date(value, languages=languages, order=page.date_order)
            if parsed is not None:
                return parsed
    return None


def _time_element_date(page: Page, languages: list[str] | None) -> ParsedDate | None:
    """A <time> near the headline (after it preferred), skipping ones marked as updates."""
    found = _time_element_claim(page, languages)
    return found[0] if found is not None else None


def _time_element_claim(page: Page, languages: list[str] | None) -> tuple[ParsedDate, bool] | None:
    """``_time_element_date`` and whether it was read from the datetime attribute (True) or,
    that being empty, from the element's text (False)."""
    times = [el for el in islice(page.root.iter("time"), 200) if not page.noise.is_chrome(el)]
    times += _microformat_dates(page)
    times = [el for el in times if not _is_update_marker(el) and not _is_quoted(el)]
    if len(times) > 1:  # only a choice needs the document positions (a walk of the page)
        times = _ranked_times(page, times)
    for el in times:
        stated = ((el.get("datetime") if el.tag == "time" else el.get("title")) or "").strip()
        parsed = _parse_optional(page, stated or node_text(el), languages)
        if parsed is not None:
            return parsed, bool(stated)
    return None


_ISO_TITLE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _microformat_dates(page: Page) -> list[etree._Element]:
    """hAtom's ``<abbr class="published" title="2012-07-14T13:37:33+0000">14 luglio 2012</abbr>``
    (WordPress themes of its time: Canvas, Sandbox, Hybrid): a machine date in the title."""
    return [
        el
        for el in islice(page.root.iter("abbr"), 200)
        if class_words(el) & {"published", "dtpublished"}
        and _ISO_TITLE.match((el.get("title") or "").strip())
        and not page.noise.is_chrome(el)
    ]


def _ranked_times(page: Page, times: list[etree._Element]) -> list[etree._Element]:
    """Marked ones (pubdate, class="published") first, then the nearest after the headline."""
    position = _document_positions(page.root) if page.headline_element is not None else {}
    anchor = position.get(page.headline_element, 0) if position else 0

    def rank(el: etree._Element) -> tuple[int, int]:
        marked = el.get("pubdate") is not None or bool(class_words(el) & {"published", "pubdate"})
        offset = position.get(el, 0) - anchor if position else 0
        return (0 if marked else 1, offset if offset >= 0 else -3 * offset)

    return sorted(times, key=rank)


def _is_update_marker(el: etree._Element) -> bool:
    """class="updated" / itemprop="dateModified", but not WordPress's "published updated";
    or the text just before it labels it an update ("Updated <time>...</time>")."""
    words = class_words(el) | {(el.get("itemprop") or "").lower()}
    if words & {"published", "pubdate", "datepublished"}:
        return False
    if words & {"updated", "update", "modified", "datemodified", "lastmodified"}:
        return True
    return after_update_label(el)


def _is_quoted(el: etree._Element) -> bool:
    """Inside a <blockquote>: an embedded post or a quotation, dated by its own author."""
    return any(ancestor.tag == "blockquote" for ancestor in el.iterancestors())


def _document_positions(root: etree._Element) -> dict[etree._Element, int]:
    return {el: i for i, el in enumerate(root.iter()) if isinstance(el.tag, str)}


# ---------------------------------------------------------------- day-month order


def _order_rules(page: Page, site_order: str | None) -> OrderRules:
    """The rules for the page's ambiguous numeric dates after a weekday: its other dates (its
    visible text read on first need), the site's order, its language."""
    tags = (page.language_tag,) if page.language_tag else ()
    return OrderRules(tags, site_order, page_text=lambda: _shown_text(page))


MAX_SHOWN_TEXT_NODES = 20_000
_SHOWN_TEXT = etree.XPath(
    "//body//text()[not(parent::script or parent::style)]", smart_strings=False
)


def _shown_text(page: Page) -> str:
    """The text of the page's body, scripts and styles left out."""
    return " ".join(islice(_SHOWN_TEXT(page.root), MAX_SHOWN_TEXT_NODES))


def date_order_evidence(page: Page, found: ParsedDate | None) -> str | None:
    """The day-month order the page's own numeric dates show (date_order.MONTH_FIRST or
    DAY_FIRST), for the crawl to learn the site's: that of the chosen date when it cannot be
    misread or a weekday decided it, else that of the page's other dates when a date needed
    them; None when neither is known."""
    if found is not None and found.order and found.order_rule in ("unambiguous", "weekday"):
        return found.order
    if page.date_order.page_order_known:
        return page.date_order.page_order
    return None
