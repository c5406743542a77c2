"""Numeric dates whose day and month could be swapped, RDFa dates, and local times labelled UTC.

The rules of crawler/extract/date_order.py in their order: a weekday next to the date, the
order the page's (or the site's) dates that cannot be misread show, the page language's order.
"""

from __future__ import annotations

import pytest

from crawler.extract import extract_article_details, parse_date
from crawler.extract.date_order import DAY_FIRST, MONTH_FIRST, language_order, order_shown_by

URL = "https://parish.example/node/1812"
STORY = "<p>" + "The parish council met again to discuss the new footbridge. " * 4 + "</p>"


def page(
    lang: str = "en-GB", head: str = "", after: str = "", end: str = "", story: str = STORY
) -> str:
    return (
        f'<html lang="{lang}"><head><title>Footbridge</title>{head}</head><body><article>'
        f"<h1>Footbridge plans approved</h1>{after}{story}</article>{end}</body></html>"
    )


# ---------------------------------------------------------------- RDFa content dates

DRUPAL_SUBMITTED = (
    '<div class="submitted"><span property="dc:date dc:created" '
    'content="2021-04-12T19:02:00+00:00" datatype="xsd:dateTime">Mon, 04/12/2021 - 19:02'
    "</span></div>"
)
DRUPAL_COMMENT = (
    '<div class="comment" typeof="sioc:Post sioct:Comment"><span property="dc:date dc:created" '
    'content="2021-04-13T08:15:00+00:00">Tue, 04/13/2021 - 08:15</span>'
    "<p>Long overdue, thank you.</p></div>"
)


def test_drupal_submitted_line_is_read_from_its_rdfa_content() -> None:
    fields, sources = extract_article_details(page("en", after=DRUPAL_SUBMITTED), URL)
    assert fields["date"] == "2021-04-12T19:02:00+00:00"
    assert fields["date_raw"] == "2021-04-12T19:02:00+00:00"
    assert fields["date_source"] == sources["date"] == "rdfa"


def test_a_comment_rdfa_date_is_not_the_article_date() -> None:
    html = page("en", end=DRUPAL_COMMENT, after='<p class="meta">Posted by the clerk</p>')
    fields, _ = extract_article_details(html, URL)
    assert fields["date_source"] != "rdfa"


@pytest.mark.parametrize(
    "attributes",
    [
        'property="dcterms:created"',
        'property="http://purl.org/dc/terms/created"',
        'property="schema:datePublished"',
        'property="datePublished"',
        'itemprop="schema:datePublished"',
        'property="article:published_time"',
    ],
)
def test_rdfa_publication_properties_in_any_prefix_form(attributes: str) -> None:
    line = f'<span {attributes} content="2020-06-03">3 June</span>'
    fields, _ = extract_article_details(page(after=line), URL)
    assert (fields["date"], fields["date_source"]) == ("2020-06-03", "rdfa")


def test_other_rdfa_properties_are_not_dates() -> None:
    line = '<span property="dc:modified" content="2020-06-09">Changed 9 June</span>'
    fields, _ = extract_article_details(page(after=line), URL)
    assert fields["date"] is None


# ---------------------------------------------------------------- rule 1: a weekday next to it


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Sat, 04/12/2021", "en-US", "2021-12-04"),  # US English would read 12 April
        ("Mon, 04/12/2021 - 19:02", "de", "2021-04-12T19:02:00"),
        ("Montag, den 04/12/2021", "de", "2021-04-12"),
        ("lundi 04/12/2021", "fr", "2021-04-12"),
        ("lunes, 04/12/2021", "es", "2021-04-12"),
        ("lunedì 04/12/2021", "it", "2021-04-12"),
        ("segunda-feira, 04/12/2021", "pt", "2021-04-12"),
        ("ma 04/12/2021", "nl", "2021-04-12"),
    ],
)
def test_a_weekday_decides_which_number_is_the_day(text: str, language: str, expected: str) -> None:
    parsed = parse_date(text, languages=[language])
    assert parsed is not None
    assert (parsed.iso, parsed.order_rule) == (expected, "weekday")


def test_a_weekday_decides_the_date_line_of_a_page_in_a_day_first_language() -> None:
    fields, sources = extract_article_details(
        page("en-GB", after='<p class="date">Mon, 04/12/2021</p>'), URL
    )
    assert fields["date"] == "2021-04-12"
    assert sources["date_order"] == "weekday"
    assert sources["date_order_seen"] == MONTH_FIRST


def test_a_weekday_that_fits_neither_reading_decides_nothing() -> None:
    parsed = parse_date("Wed, 04/12/2021", languages=["en-GB"])  # a Monday or a Saturday
    assert parsed is not None
    assert (parsed.iso, parsed.order_rule) == ("2021-12-04", "language")


# ---------------------------------------------------------------- rule 2: the site's other dates


def test_other_dates_on_the_page_that_cannot_be_misread_decide() -> None:
    comments = '<div class="comments"><p>Ann wrote on 03/29/2021:</p><p>Finally!</p></div>'
    html = page("en-GB", after='<p class="date">04/12/2021</p>', end=comments)
    fields, sources = extract_article_details(html, URL)
    assert fields["date"] == "2021-04-12"
    assert sources["date_order"] == "page"
    assert sources["date_order_seen"] == MONTH_FIRST


def test_the_order_the_crawl_learned_for_the_site_decides_when_the_page_cannot() -> None:
    html = page("en-GB", after='<p class="date">04/12/2021</p>')
    fields, sources = extract_article_details(html, URL, date_order_hint=MONTH_FIRST)
    assert fields["date"] == "2021-04-12"
    assert sources["date_order"] == "site"
    assert "date_order_seen" not in sources


def test_a_date_that_cannot_be_misread_is_evidence_of_the_sites_order() -> None:
    html = page("en", after='<p class="date">29/03/2021</p>')
    fields, sources = extract_article_details(html, URL, date_order_hint=MONTH_FIRST)
    assert fields["date"] == "2021-03-29"
    assert sources["date_order"] == "unambiguous"
    assert sources["date_order_seen"] == DAY_FIRST


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted 03/29/2021, edited 04/30/2021", MONTH_FIRST),
        ("29.03.2021 und 30.04.2021", DAY_FIRST),
        ("04/12/2021 and 05/06/2021", None),  # nothing that cannot be misread
        ("03/29/2021 but 29/03/2021", None),  # as many of each
        ("score 13/4, page 2/14", None),  # no years: not dates
    ],
)
def test_order_shown_by_dates_that_cannot_be_misread(text: str, expected: str | None) -> None:
    assert order_shown_by(text) == expected


# ---------------------------------------------------------------- rule 3: the page's language


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en-US", "2021-04-12"),
        ("en_us", "2021-04-12"),
        ("en", "2021-12-04"),  # no region: the writer's country is unknown
        ("en-GB", "2021-12-04"),
        ("en-AU", "2021-12-04"),
        ("de", "2021-12-04"),
    ],
)
def test_the_page_language_decides_last(lang: str, expected: str) -> None:
    html = page(lang, after='<p class="date">04/12/2021</p>')
    fields, sources = extract_article_details(html, URL)
    assert fields["date"] == expected
    assert sources["date_order"] == "language"


def test_only_us_english_is_month_first_in_parse_date_too() -> None:
    assert parse_date("04/12/2021", languages=["en-GB"]).iso == "2021-12-04"  # type: ignore[union-attr]
    assert parse_date("04/12/2021", languages=["en"]).iso == "2021-12-04"  # type: ignore[union-attr]
    assert parse_date("04/12/2021", languages=["en-US"]).iso == "2021-04-12"  # type: ignore[union-attr]


def test_language_orders() -> None:
    assert language_order("en_US") == MONTH_FIRST
    assert language_order("en-IN") == DAY_FIRST
    assert language_order("en") == DAY_FIRST
    assert language_order("en", separator=".") == DAY_FIRST  # dotted dates are day-first


# ---------------------------------------------------------------- local time labelled as UTC


def test_local_time_labelled_utc_gives_way_to_the_time_element_showing_it() -> None:
    head = (
        '<meta property="article:published_time" content="2019-03-05T23:40+00:00">'
        '<script type="application/ld+json">{"@type": "BlogPosting", '
        '"datePublished": "2019-03-05T23:40+00:00"}</script>'
    )
    shown = '<p class="byline"><time datetime="2019-03-05T23:40:12+02:00">March 5, 2019</time></p>'
    sidebar = (
        '<aside><ul><li><time datetime="2019-02-11T09:03:40+02:00">February 11, 2019</time></li>'
        '<li><time datetime="2019-01-30T18:21:05+02:00">January 30, 2019</time></li></ul></aside>'
    )
    fields, _ = extract_article_details(page("en-US", head, shown, sidebar), URL)
    assert fields["date"] == "2019-03-05T23:40:12+02:00"
    assert fields["date_source"] == "time-element"


def test_a_real_utc_time_is_still_restated_in_the_local_time_the_page_shows() -> None:
    head = '<meta property="article:published_time" content="2019-03-05T21:40:12+00:00">'
    shown = '<p class="byline"><time datetime="2019-03-05T23:40:12+02:00">March 5, 2019</time></p>'
    fields, _ = extract_article_details(page("en-US", head, shown), URL)
    assert fields["date"][:10] == "2019-03-05"
    assert fields["date_source"] == "meta"
