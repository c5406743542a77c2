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
