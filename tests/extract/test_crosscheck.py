"""The listing's date: fallback when the article has none, flag when they disagree."""

from __future__ import annotations

from typing import Any

from crawler.extract.crosscheck import reconcile_listing_date


def fields(date: str | None) -> dict[str, Any]:
    source = "meta" if date else None
    return {"date": date, "date_raw": date, "date_source": source}


def test_listing_date_fills_a_missing_article_date() -> None:
    item, sources = fields(None), {}
    reconcile_listing_date(item, sources, "2020-02-21")
    assert item == {
        "date": "2020-02-21",
        "date_raw": "2020-02-21",
        "date_source": "listing",
        "date_conflict": None,
    }
    assert sources == {"date": "listing"}


def test_no_date_anywhere_stays_none() -> None:
    item, sources = fields(None), {}
    reconcile_listing_date(item, sources, None)
    assert item["date"] is None and item["date_conflict"] is None and sources == {}


def test_a_day_apart_is_no_conflict() -> None:
    item = fields("2020-02-21T23:30:00-05:00")
    reconcile_listing_date(item, {"date": "meta"}, "2020-02-22")
    assert item["date"] == "2020-02-21T23:30:00-05:00"
    assert item["date_conflict"] is None


def test_more_than_a_day_apart_is_flagged_and_the_article_date_kept() -> None:
    item, sources = fields("2020-02-21"), {"date": "meta"}
    reconcile_listing_date(item, sources, "2020-02-24T10:00:00")
    assert item["date"] == "2020-02-21"
    assert item["date_conflict"] == "2020-02-24T10:00:00"
    assert sources == {"date": "meta"}


def test_a_free_text_date_line_gives_way_to_the_listing_date() -> None:
    """A short post whose only date line is a side column's "News - 2024-05-23" box: the
    listing prints the post's date beside its headline; the page's is kept as the conflict."""
    item = {"date": "2024-05-23", "date_raw": "News - 2024-05-23", "date_source": "text"}
    sources = {"date": "text"}
    reconcile_listing_date(item, sources, "2015-03-28")
    assert item["date"] == "2015-03-28" and item["date_source"] == "listing"
    assert item["date_conflict"] == "2024-05-23"
    assert sources == {"date": "listing"}


def test_a_free_text_date_a_day_from_the_listing_is_kept() -> None:
    item = {"date": "2020-02-21", "date_raw": "21 Feb 2020", "date_source": "text"}
    reconcile_listing_date(item, {"date": "text"}, "2020-02-22")
    assert item["date"] == "2020-02-21" and item["date_source"] == "text"
    assert item["date_conflict"] is None
