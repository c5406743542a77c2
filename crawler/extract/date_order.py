"""Which number of a numeric date is the day: "04/12/2021" is 12 April in the United States and
4 December in most of the world. The rules, in the order they decide (the name of the rule that
decided is what extraction records as the date's ``date_order``):

1. ``weekday``: a weekday name next to the date fits one reading only ("Mon, 04/12/2021": 12 April
   2021 was a Monday, 4 December 2021 a Saturday);
2. ``page``: the order the page's other numeric dates show where they cannot be misread (a
   comment dated "03/29/2021" is month-first);
3. ``site``: the order the same site's pages showed earlier in the crawl, or in earlier runs
   (the spider passes it as a hint);
4. ``language``: the page language's usual order (:func:`language_order`).

A date whose day and month cannot be misread (a number above 12, or both equal) is
``unambiguous``; its order, like a weekday's, is evidence of the order the site writes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "DAY_FIRST",
    "MONTH_FIRST",
    "ORDERS",
    "DayMonthReading",
    "OrderRules",
    "language_order",
    "languages_order",
    "order_shown_by",
    "read_day_month",
    "weekday_before",
]

MONTH_FIRST = "month-first"
DAY_FIRST = "day-first"
ORDERS = (MONTH_FIRST, DAY_FIRST)

# ---------------------------------------------------------------- rule 1: a weekday next to it

# Weekday names, Monday first: full forms and the usual abbreviations (a name of several words
# is written with "_" for its spaces). Two-letter abbreviations only where they are the
# language's usual short form; each name means the same day in every language that has it.
_WEEKDAY_NAMES = (
    # Monday
    "monday mon montag mo lundi lun lunes lunedì lunedi segunda-feira segunda seg maandag ma "
    "måndag mån mandag poniedziałek poniedzialek pondělí pondeli понедельник пн понеділок "
    "pazartesi maanantai luni hétfő hetfo δευτέρα δευτερα",
    # Tuesday
    "tuesday tue tues dienstag di mardi mar martes martedì martedi terça-feira terca-feira "
    "terça terca ter dinsdag tisdag tis tirsdag tir wtorek úterý utery вторник вт вівторок "
    "salı sali tiistai marți marti kedd τρίτη τριτη",
    # Wednesday
    "wednesday wed mittwoch mi mercredi mer miércoles miercoles mié mie mercoledì mercoledi "
    "quarta-feira quarta qua woensdag wo onsdag ons środa sroda středa streda среда ср середа "
    "çarşamba carsamba keskiviikko miercuri szerda τετάρτη τεταρτη",
    # Thursday
    "thursday thu thur thurs donnerstag do jeudi jeu jueves jue giovedì giovedi gio "
    "quinta-feira quinta qui donderdag torsdag tors tor czwartek čtvrtek ctvrtek четверг чт "
    "четвер perşembe persembe torstai joi csütörtök csutortok πέμπτη πεμπτη",
    # Friday
    "friday fri freitag fr vendredi ven viernes vie venerdì venerdi sexta-feira sexta sex "
    "vrijdag vr fredag fre piątek piatek pátek patek пятница пт п'ятниця cuma perjantai "
    "vineri péntek pentek παρασκευή παρασκευη",
    # Saturday
    "saturday sat samstag sonnabend sa samedi sam sábado sabado sáb sab sabato zaterdag za "
    "lördag lör lørdag lør sobota суббота сб субота cumartesi lauantai sâmbătă sambata "
    "szombat σάββατο σαββατο",
    # Sunday
    "sunday sun sonntag so dimanche dim domingo dom domenica zondag zo söndag sön søndag søn "
    "niedziela neděle nedele воскресенье вс неділя pazar sunnuntai duminică duminica "
    "vasárnap vasarnap κυριακή κυριακη",
)
WEEKDAYS: dict[str, int] = {
    name.replace("_", " "): number
    for number, names in enumerate(_WEEKDAY_NAMES)
    for name in names.split()
}
WEEKDAY_REACH = 30  # characters before a date searched for a weekday name
_WEEKDAY_BEFORE = re.compile(
    r"(?<![^\W\d_])(?P<name>"
    + "|".join(re.escape(n) for n in sorted(WEEKDAYS, key=len, reverse=True))
    + r")\.?\s*,?\s*(?:(?:den|der|le|el|il|the)\s+)?$",
    re.IGNORECASE,
)


def weekday_before(text: str, start: int) -> int | None:
    """The weekday (0 = Monday) named just before position ``start`` of ``text``:
    "Mon, 04/12/2021", "Montag, den 12.04.2021"; None when there is no such name."""
    if start == 0:
        return None
    match = _WEEKDAY_BEFORE.search(text, max(0, start - WEEKDAY_REACH), start)
    return WEEKDAYS.get(match["name"].lower()) if match else None


# ---------------------------------------------------------------- rule 4: the language


def language_order(language_tag: str, separator: str = "/") -> str:
    """The order a page in ``language_tag`` ("en-US", "en_GB", "de") writes numeric dates in.

    Slashed dates: month-first in US English (en-US); day-first in English of other regions
    (en-GB, en-AU, en-IE, en-NZ, en-IN...), in English without a region and in the other
    languages. English without a region says nothing of the writer's country: site generators
    and CMSs write "en" by default (US sites mostly say en-US), and of the real sites we
    measured, the one writing "en" with numeric dates is day-first. Dates with dots or dashes
    ("03.05.2020") are day-first whatever the language. Year-first dates (ISO 8601,
    "2020/05/03") are never ambiguous and never come here.
    """
    if separator != "/":
        return DAY_FIRST
    parts = re.split(r"[-_]", language_tag.strip().lower())
    return MONTH_FIRST if parts[:2] == ["en", "us"] else DAY_FIRST


def languages_order(languages: list[str] | None, separator: str = "/") -> str:
    """:func:`language_order` for a list of language tags: month-first only when it is the
    order of every one of them ("en-US"; no language: day-first)."""
    if not languages:
        return DAY_FIRST
    orders = {language_order(tag, separator) for tag in languages}
    return MONTH_FIRST if orders == {MONTH_FIRST} else DAY_FIRST


# ---------------------------------------------------------------- rule 2: the page's other dates

# A numeric day-month-year date in running text (the year keeps page numbers and scores out),
# found by its year first: a scan for a separator and a year is several times faster than one
# for the whole date, whose day and month are then read just before it.
_YEAR_AFTER_SEPARATOR = re.compile(r"(?P<sep>[./-])(?:19|20)\d\d(?![\d/])")
_DAY_AND_MONTH_BEFORE = re.compile(
    r"(?<![\d.:/-])(?P<first>\d{1,2})(?P<sep>[./-])(?P<second>\d{1,2})$"
)
MAX_EVIDENCE_TEXT = 300_000  # characters of page text searched for dates that show the order


def order_shown_by(text: str) -> str | None:
    """The order most of the numeric dates in ``text`` that cannot be misread show ("29/03/2021"
    day-first, "03/29/2021" month-first); None when there are none, or as many of each."""
    votes: Counter[str] = Counter()
    for year in _YEAR_AFTER_SEPARATOR.finditer(text, 0, MAX_EVIDENCE_TEXT):
        start = year.start()
        match = _DAY_AND_MONTH_BEFORE.search(text, max(0, start - 6), start)
        if match is None or match["sep"] != year["sep"]:
            continue
        order = _order_shown(int(match["first"]), int(match["second"]))
        if order is not None:
            votes[order] += 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _order_shown(first: int, second: int) -> str | None:
    """The order a numeric date with these first two numbers must be in, if only one works."""
    if first > 12 and 1 <= second <= 12:
        return DAY_FIRST
    if second > 12 and 1 <= first <= 12:
        return MONTH_FIRST
    return None


# ---------------------------------------------------------------- the rules together


@dataclass
class OrderRules:
    """What decides an ambiguous numeric date of one page once no weekday does: the page's
    other dates (``page_text`` gives the page's visible text, read only when a date needs it),
    the site's order learned by the crawl (``site_order``), the language (``language_tags``: the
    page's tag, or the languages a caller of parse_date names)."""

    language_tags: tuple[str, ...] = ()
    site_order: str | None = None
    page_text: Callable[[], str] | None = None
    _page_order: list[str | None] = field(default_factory=list, repr=False)

    @property
    def page_order(self) -> str | None:
        """The order the page's unambiguous numeric dates show (read once, on first use)."""
        if not self._page_order:
            self._page_order.append(order_shown_by(self.page_text()) if self.page_text else None)
        return self._page_order[0]

    @property
    def page_order_known(self) -> bool:
        """Whether the page's text has been read for its order (by a date that needed it)."""
        return bool(self._page_order)

    def fallback(self, separator: str) -> tuple[str, str]:
        """(order, rule) for an ambiguous date that no weekday decides."""
        page = self.page_order
        if page is not None:
            return page, "page"
        if self.site_order in ORDERS:
            return self.site_order, "site"
        return languages_order(self.language_tags, separator), "language"


@dataclass(frozen=True)
class DayMonthReading:
    month: int
    day: int
    order: str | None  # MONTH_FIRST / DAY_FIRST; None when both readings are the same day
    rule: str  # "unambiguous", "weekday", "page", "site" or "language"


def read_day_month(
    year: int,
    first: int,
    second: int,
    separator: str,
    rules: OrderRules,
    weekday: Callable[[], int | None],
) -> DayMonthReading:
    """The month and day of the numeric date ``first``/``second``/``year``, and the rule that
    decided which is which; ``weekday`` gives the weekday named next to the date, if any."""
    if first == second or first > 12 or second > 12:
        return _reading(first, second, _order_shown(first, second), "unambiguous")
    named = weekday()
    if named is not None:
        fitting = [o for o in ORDERS if _weekday_of(year, first, second, o) == named]
        if len(fitting) == 1:
            return _reading(first, second, fitting[0], "weekday")
    order, rule = rules.fallback(separator)
    return _reading(first, second, order, rule)


def _reading(first: int, second: int, order: str | None, rule: str) -> DayMonthReading:
    if order == MONTH_FIRST:
        return DayMonthReading(month=first, day=second, order=order, rule=rule)
    return DayMonthReading(month=second, day=first, order=order, rule=rule)


def _weekday_of(year: int, first: int, second: int, order: str) -> int | None:
    month, day = (first, second) if order == MONTH_FIRST else (second, first)
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None
