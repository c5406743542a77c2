"""A UTC-only timestamp restated on the publisher's day, from what the page says of its zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from crawler.extract import extract_article
from crawler.extract.localtime import (
    local_day_of,
    page_offset,
    page_zone,
    stated_publication_days,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
URL = "https://news.example/local/ferry"
STORY = "<p>" + "The ferry runs through the night again from Monday, officials said. " * 4 + "</p>"
LATE_EVENING_UTC = '<meta property="article:published_time" content="2021-06-05T01:30:00Z">'


def page(head: str = "", body: str = "") -> str:
    return (
        f"<html><head><title>Ferry</title>{LATE_EVENING_UTC}{head}</head><body><article>"
        f"<h1>Ferry resumes night service</h1>{STORY}</article>{body}</body></html>"
    )


def script(text: str) -> str:
    return f"<script>{text}</script>"


def test_fixture_page_naming_its_time_zone() -> None:
    html = (FIXTURES / "utc_with_page_zone.html").read_text(encoding="utf-8")
    result = extract_article(html, "https://channel9.example/news/harbor-ferry")
    assert result["date"] == "2021-06-04T21:30:00-04:00"
    assert result["date_raw"] == "2021-06-05T01:30:00.000Z"
    assert result["date_source"] == "meta"


def test_time_zone_name_follows_daylight_saving() -> None:
    winter = page().replace("2021-06-05T01:30:00Z", "2021-01-05T01:30:00Z")
    zone = script('var config = {timeZone: "America/Chicago"};')
    html = winter.replace("</head>", zone + "</head>")
    assert extract_article(html, URL)["date"] == "2021-01-04T19:30:00-06:00"


def test_offset_of_the_pages_other_timestamps() -> None:
    schedule = script(
        'var shows = [{"start": "Fri, 04 Jun 2021 23:00:00 -0400"},'
        ' {"start": "2021-06-05T06:00:00-04:00"}];'
    )
    assert extract_article(page(body=schedule), URL)["date"] == "2021-06-04T21:30:00-04:00"


def test_one_stray_offset_does_not_move_the_day() -> None:
    embed = script('var tweet = {"created": "2021-06-04T20:00:00-07:00"};')
    assert extract_article(page(body=embed), URL)["date"] == "2021-06-05T01:30:00+00:00"


def test_stated_publication_day_without_time() -> None:
    layer = script('dataLayer.push({"DateCreation": "2021-06-04", "Section": "local"});')
    result = extract_article(page(body=layer), URL)
    assert result["date"] == "2021-06-04"
    assert result["date_source"] == "meta"


def test_stated_day_equal_to_the_utc_day_keeps_the_timestamp() -> None:
    hints = script('var a = {"publishDate": "2021-06-05", "timezone": "America/New_York"};')
    assert extract_article(page(body=hints), URL)["date"] == "2021-06-05T01:30:00+00:00"


def test_a_shown_local_time_still_comes_first() -> None:
    shown = '<span class="date">04.06.2021 18:30</span>'
    html = page(head=script('var c = {"timezone": "America/New_York"};'))
    html = html.replace("</h1>", "</h1>" + shown)
    assert extract_article(html, URL)["date"] == "2021-06-04T18:30:00-07:00"


def test_pages_without_hints_keep_utc() -> None:
    assert extract_article(page(), URL)["date"] == "2021-06-05T01:30:00+00:00"


def test_timestamps_with_an_offset_are_never_moved() -> None:
    html = page(body=script('var c = {"timezone": "Asia/Tokyo"};')).replace(
        "2021-06-05T01:30:00Z", "2021-06-05T01:30:00+02:00"
    )
    assert extract_article(html, URL)["date"] == "2021-06-05T01:30:00+02:00"


def test_page_zone_reads_only_zone_values() -> None:
    assert page_zone(['{"tz": "Europe/Paris"}']) is not None
    assert page_zone(['{"city": "Europe/Paris"}']) is None
    assert page_zone(['{"timezone": "Mars/Olympus"}']) is None
    assert page_zone(['{"blitz": "Europe/Paris"}']) is None


def test_page_offset_needs_a_clear_majority() -> None:
    minus4 = "2021-06-05T06:00:00-04:00"
    plus2 = "2021-06-05T06:00:00+02:00"
    assert page_offset([minus4, minus4]) == timezone(timedelta(hours=-4))
    assert page_offset([minus4, minus4, plus2, plus2]) is None
    assert page_offset([minus4]) is None
    assert page_offset(["2021-06-05T06:00:00+00:00"] * 3) is None


def test_stated_days_and_the_one_an_instant_can_fall_on() -> None:
    days = stated_publication_days(['{"pubDate": "2021-06-04", "published_at": "2021-06-01"}'])
    assert days == {date(2021, 6, 4), date(2021, 6, 1)}
    instant = datetime(2021, 6, 5, 1, 30, tzinfo=UTC)
    assert local_day_of(instant, days) == date(2021, 6, 4)
    assert local_day_of(instant, {date(2021, 6, 4), date(2021, 6, 5)}) is None
    assert local_day_of(datetime(2021, 6, 5, 13, 0, tzinfo=UTC), {date(2021, 6, 4)}) is None


def test_utc_time_element_restated_by_its_own_shown_time() -> None:
    line = '<time datetime="2021-06-05T01:30:00Z">June 4, 2021 9:30 PM</time>'
    html = (
        "<html><head><title>Ferry</title></head><body><article>"
        f"<h1>Ferry resumes night service</h1>{line}{STORY}</article></body></html>"
    )
    result = extract_article(html, URL)
    assert result["date"] == "2021-06-04T21:30:00-04:00"
    assert result["date_source"] == "time-element"
