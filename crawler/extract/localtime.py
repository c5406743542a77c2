"""The publisher's own day for a timestamp a page gives only in UTC.

Many sites put ``2020-05-02T02:54:29Z`` in their metadata while their readers saw the story on
1 May, in New York. The page itself often says where it lives, just not next to the date: a
time zone name in its configuration (``"timezone": "America/New_York"``), other timestamps in
its own offset (``2020-05-01T23:00:00-04:00``, ``Fri, 01 May 2020 23:00:00 -0400``), or the
publication day without a time (``"dateCreation": "2020-05-01"``). These functions read such
statements from the page's script, meta and attribute texts; they never guess from a language
or a country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "MAX_HINT_TEXT",
    "local_day_of",
    "page_offset",
    "page_zone",
    "stated_publication_days",
]

MAX_HINT_TEXT = 2_000_000  # characters of script/meta text searched on one page
MIN_OFFSET_VOTES = 2  # one stray timestamp (an embed, a schedule) does not set the zone

# A zone name in quotes, then the key before it checked: "timezone": "Europe/Paris",
# timeZone: {"long": "America/New_York"}, data-tz='Asia/Tokyo' (found in this order: fast)
_QUOTED_ZONE = re.compile(
    r"[\"'](?P<zone>(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)"
    r"/[A-Za-z_]+(?:/[A-Za-z_]+)?)[\"']"
)
_ZONE_KEY = re.compile(
    r"(?:time_?zone|(?<![a-z])tz)(?:_?name|_?id|_?string)?[\"']?\s*[:=]\s*(?:\{[^{}]{0,40}?)?$",
    re.IGNORECASE,
)
# An offset right after a time of day: ISO 8601 (2020-05-01T23:00:00-04:00, 23:00+0100) or
# RFC 2822 (23:00:00 -0400). The sign is found first, then the time before it is checked.
_SIGNED_OFFSET = re.compile(r"[+-](?<=[\d ][+-])(?P<offset>\d\d:?\d\d)(?!\d)")
_TIME_BEFORE_OFFSET = re.compile(r"(?:\d\d:\d\d(?::\d\d(?:\.\d+)?)?|\d\d:\d\d:\d\d )$")
KEY_WINDOW = 48  # characters before a quoted value searched for its key
TIME_WINDOW = 20  # characters before an offset searched for its time of day
# A publication day without a time, under a key that says so: "dateCreation": "2020-08-24".
# The quoted day is found first (cheap), then the key just before it is checked.
_QUOTED_DAY = re.compile(r"[\"'](?P<day>(?:19|20)\d\d-\d\d-\d\d)[\"']")
_DAY_SHAPE = re.compile(r"-\d\d-\d\d")  # in every _QUOTED_DAY match; a literal start scans fast
_PUBLICATION_KEY = re.compile(
    r"[A-Za-z_]{0,20}(?:creat|publi|pub_?date|issued)[A-Za-z_]{0,20}[\"']?\s*[:=]\s*$",
    re.IGNORECASE,
)


def page_zone(texts: Iterable[str]) -> tzinfo | None:
    """The IANA time zone the page names as its own (the first one named), or None."""
    for text in texts:
        for match in _QUOTED_ZONE.finditer(text):
            if not _ZONE_KEY.search(text, max(0, match.start() - KEY_WINDOW), match.start()):
                continue
            try:
                return ZoneInfo(match["zone"])
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return None


def page_offset(texts: Iterable[str]) -> timezone | None:
    """The non-zero UTC offset most of the page's timestamps are written in, when at least
    ``MIN_OFFSET_VOTES`` of them agree and no other offset is as common."""
    votes: Counter[timedelta] = Counter()
    for text in texts:
        for match in _SIGNED_OFFSET.finditer(text):
            start = match.start()
            if not _TIME_BEFORE_OFFSET.search(text, max(0, start - TIME_WINDOW), start):
                continue
            offset = _offset_value(text[start] + match["offset"])
            if offset:
                votes[offset] += 1
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < MIN_OFFSET_VOTES:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return timezone(ranked[0][0])


def stated_publication_days(texts: Iterable[str]) -> set[date]:
    """Publication days the page states without a time of day."""
    days: set[date] = set()
    for text in texts:
        if not _DAY_SHAPE.search(text):  # a cheap scan first: most scripts hold no such day
            continue
        for match in _QUOTED_DAY.finditer(text):
            if not _PUBLICATION_KEY.search(text, max(0, match.start() - KEY_WINDOW), match.start()):
                continue
            try:
                days.add(date.fromisoformat(match["day"]))
            except ValueError:
                continue
    return days


def local_day_of(instant: datetime, days: set[date]) -> date | None:
    """The one stated day that ``instant`` (aware) can fall on somewhere on Earth: its UTC day
    or the day before/after within the -12 h..+14 h offsets in use; None when none or several."""
    utc = instant.astimezone(UTC)
    earliest = (utc - timedelta(hours=12)).date()
    latest = (utc + timedelta(hours=14)).date()
    possible = {day for day in days if earliest <= day <= latest}
    return possible.pop() if len(possible) == 1 else None


def _offset_value(text: str) -> timedelta | None:
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    value = timedelta(hours=hours, minutes=minutes)
    return -value if text[0] == "-" else value
