"""The listing entry's date as a fallback for, and a check on, the article page's own date.

Pure function on the extracted fields; the spider calls it with the teaser date it parsed from
the listing page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["MAX_DATE_DISAGREEMENT_DAYS", "reconcile_listing_date"]

MAX_DATE_DISAGREEMENT_DAYS = 1  # time zones and late-evening posts move a day, not more

# Page date sources the listing's date overrules when they disagree: a date line found in
# the free text. On earlier dev+tune runs, of the conflicts with a "text" date the listing
# was right on 23 items (4 sites) and the page on 1; structured dates (microdata) were right.
WEAKER_THAN_THE_LISTING = frozenset({"text"})


def reconcile_listing_date(
    fields: dict[str, Any], sources: dict[str, str], teaser_date: str | None
) -> None:
    """Fill a missing article date from the listing (date_source "listing"); when the two
    differ by more than a day, ``fields["date_conflict"]`` records the date set aside: the
    listing's, or the page's when only a free-text date line gave it (the listing prints its
    date beside this entry's own headline; a date line may be a side column's "News -
    2024-05-23" box). ``fields`` and ``sources`` are updated in place; ``date_conflict`` is
    always set."""
    fields["date_conflict"] = None
    if not teaser_date:
        return
    if not fields.get("date"):
        fields.update(date=teaser_date, date_raw=teaser_date, date_source="listing")
        sources["date"] = "listing"
        return
    article_day, listing_day = _day(fields["date"]), _day(teaser_date)
    if article_day is None or listing_day is None:
        return
    if abs((article_day - listing_day).days) <= MAX_DATE_DISAGREEMENT_DAYS:
        return
    if fields.get("date_source") in WEAKER_THAN_THE_LISTING:
        fields["date_conflict"] = fields["date"]
        fields.update(date=teaser_date, date_raw=teaser_date, date_source="listing")
        sources["date"] = "listing"
        return
    fields["date_conflict"] = teaser_date


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None
