"""Dates written any way a news site writes them -> ISO 8601.

Regular expressions handle the common shapes (ISO 8601, RFC 2822, "21 February 2020, 14:05",
"Feb. 21, 2020", "21.02.2020", month names in many languages, digits of other scripts, Solar
Hijri dates of Persian pages) in microseconds; dateparser is only tried afterwards, on a few
short pieces of the text, because it is slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from .date_order import MONTH_FIRST, OrderRules, languages_order, read_day_month, weekday_before
from .text import collapse_whitespace

__all__ = [
    "ParsedDate",
    "date_from_url",
    "ends_with_update_label",
    "parse_date",
    "parse_date_fast",
]

MIN_YEAR = 1995
MAX_FAST_INPUT = 2000  # characters; a date is looked for in lines and labels, not in pages
MAX_DATEPARSER_INPUT = 60  # characters; longer pieces are not worth dateparser's time
MAX_DATEPARSER_PIECES = 4


@dataclass(frozen=True)
class ParsedDate:
    iso: str  # "2020-02-21", "2020-02-21T14:05:00" or "2020-02-21T14:05:00+03:00"
    raw: str  # the input text that was parsed
    # A numeric day-month date ("04/12/2021"): the order it was read in (date_order.MONTH_FIRST
    # or DAY_FIRST; None when both readings are the same day) and the rule that decided it
    # ("unambiguous", "weekday", "page", "site", "language"); None for other shapes.
    order: str | None = field(default=None, compare=False)
    order_rule: str | None = field(default=None, compare=False)


# Month names in the languages of the news sites crawled (full forms, genitives, common
# abbreviations; Hebrew also with its prefix "in"). A name of several words is written with
# "_" for its spaces; Arabic-script names are matched after _fold (no diacritics, one alef,
# Persian yeh and kaf).
_MONTH_NAMES: dict[int, str] = {
    1: "leden styczeń styczen "  # Czech and Polish nominatives
    "january jan janvier janv enero ene januar jänner jaenner gennaio gen janeiro januari "
    "января январь янв січня stycznia ledna ocak január ianuarie ιανουαρίου ιανουάριος "
    "януари sausio يناير كانون_الثاني ژانویه ינואר בינואר জানুয়ারি जनवरी",
    2: "únor unor luty "  # Czech and Polish nominatives
    "february feb febr février fevrier févr fevr fév fev febrero februar febbraio "
    "fevereiro februari февраля февраль фев лютого lutego února unora şubat subat február "
    "februarie φεβρουαρίου φεβρουάριος февруари vasario فبراير شباط فوریه פברואר בפברואר "
    "ফেব্রুয়ারি फरवरी फ़रवरी",
    3: "březen brezen marzec "  # Czech and Polish nominatives
    "march mar mars marzo märz maerz mrz março marco maart mrt марта март мар березня "
    "marca března brezna mart maret március martie μαρτίου μάρτιος kovo مارس آذار מרץ "
    "במרץ מרס במרס মার্চ मार्च",
    4: "duben kwiecień kwiecien "  # Czech and Polish nominatives
    "april apr avril avr abril abr aprile квітня апреля апрель апр kwietnia dubna nisan "
    "április aprilie απριλίου απρίλιος април balandžio أبريل إبريل نيسان آوریل אפריל "
    "באפריל এপ্রিল अप्रैल",
    5: "květen kveten "  # Czech and Polish nominatives
    "may mai mayo maggio mag maio mei мая май травня maja května kvetna mayıs mayis maj "
    "május μαΐου μαΐος gegužės مايو أيار مه מאי במאי মে मई",
    6: "červen cerven czerwiec "  # Czech and Polish nominatives
    "june jun juin junio juni giugno junho июня июнь июн червня czerwca června cervna "
    "haziran június iunie ιουνίου ιούνιος юни birželio يونيو حزيران ژوئن יוני ביוני জুন "
    "जून",
    7: "červenec cervenec lipiec "  # Czech and Polish nominatives
    "july jul juillet juil julio juli luglio lug julho июля июль июл липня lipca července "
    "cervence temmuz július iulie ιουλίου ιούλιος юли liepos يوليو تموز ژوئیه יולי ביולי "
    "জুলাই जुलाई",
    8: "srpen sierpień sierpien "  # Czech and Polish nominatives
    "august aug août aout agosto ago augustus августа август авг серпня sierpnia srpna "
    "ağustos agustos agustus augusti augusztus αυγούστου αύγουστος rugpjūčio أغسطس آب اوت "
    "אוגוסט באוגוסט আগস্ট अगस्त",
    9: "wrzesień wrzesien "  # Czech and Polish nominatives
    "september sep sept septembre septiembre setiembre settembre set setembro сентября "
    "сентябрь сен сент вересня września wrzesnia září zari eylül eylul szeptember "
    "septembrie σεπτεμβρίου σεπτέμβριος септември rugsėjo سبتمبر أيلول سپتامبر ספטמבר "
    "בספטמבר সেপ্টেম্বর सितंबर सितम्बर",
    10: "říjen rijen październik pazdziernik "  # Czech and Polish nominatives
    "october oct octobre octubre oktober okt ottobre ott outubro out октября октябрь окт "
    "жовтня października pazdziernika října rijna ekim október octombrie οκτωβρίου "
    "οκτώβριος октомври spalio أكتوبر تشرين_الأول اکتبر אוקטובר באוקטובר অক্টোবর अक्टूबर "
    "अक्तूबर",
    11: "listopad "  # Czech and Polish nominatives
    "november nov novembre noviembre novembro ноября ноябрь ноя листопада listopada "
    "listopadu kasım kasim noiembrie νοεμβρίου νοέμβριος ноември lapkričio نوفمبر "
    "تشرين_الثاني نوامبر נובמבר בנובמבר নভেম্বর नवंबर नवम्बर",
    12: "prosinec grudzień grudzien "  # Czech and Polish nominatives
    "december dec décembre decembre déc diciembre dic dezember dez dicembre dezembro "
    "декабря декабрь дек грудня grudnia prosince aralık aralik desember decembrie "
    "δεκεμβρίου δεκέμβριος декември gruodžio ديسمبر كانون_الأول دسامبر דצמבר בדצמבר "
    "ডিসেম্বর दिसंबर दिसम्बर",
}
# Arabic script: short vowels and tatweel dropped, alef forms made one, Arabic yeh and kaf
# written as the Persian letters (sites mix them). Digits of other scripts (Arabic-Indic,
# Persian, Devanagari, Bengali) become ASCII digits, so year patterns such as (?:19|20)\d\d
# match them too.
_FOLD = str.maketrans(
    {"\u0640": None, **{chr(c): None for c in range(0x064B, 0x0653)}, "\u0670": None}
    | {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"}
    | {chr(zero + n): str(n) for zero in (0x0660, 0x06F0, 0x0966, 0x09E6) for n in range(10)}
)


def _fold(text: str) -> str:
    """``text`` with Arabic-script letters in one form and digits in ASCII (see _FOLD)."""
    return text if text.isascii() else text.translate(_FOLD)


# Finnish (partitive: "26. tammikuuta 2022"), Danish, Catalan, Croatian and Slovak (genitive)
# names not in the lists above; Croatian "listopada" (October) is left out: it is Polish for
# November, already listed. Czech and Polish nominatives ("16 Říjen, 2014", Drupal's Czech
# dates; "16 październik 2014"), with and without diacritics; "listopad" is November in both.
_MORE_MONTH_NAMES: dict[int, str] = {
    1: "tammikuuta gener siječnja januára leden styczeń styczen",
    2: "helmikuuta febrer veljače februára únor unor luty",
    3: "maaliskuuta marts març ožujka březen brezen marzec",
    4: "huhtikuuta travnja apríla duben kwiecień kwiecien",
    5: "toukokuuta maig svibnja mája květen kveten",
    6: "kesäkuuta juny lipnja júna červen cerven czerwiec",
    7: "heinäkuuta juliol srpnja júla červenec cervenec lipiec",
    8: "elokuuta agost kolovoza augusta srpen sierpień sierpien",
    9: "syyskuuta setembre rujna septembra wrzesień wrzesien",
    10: "lokakuuta októbra říjen rijen październik pazdziernik",
    11: "marraskuuta studenoga studenog novembra listopad",
    12: "joulukuuta desembre prosinca decembra prosinec grudzień grudzien",
}
MONTHS: dict[str, int] = {
    _fold(name.replace("_", " ")): number
    for names_by_month in (_MONTH_NAMES, _MORE_MONTH_NAMES)
    for number, names in names_by_month.items()
    for name in names.split()
}
_MONTH = "|".join(
    re.escape(name).replace(r"\ ", r"\s+") for name in sorted(MONTHS, key=len, reverse=True)
)
# A month name, behind a lookahead for the names' first letters: without it the regex engine
# tries each of the hundreds of names (case-insensitively) wherever a name may start.
_MONTH_START = "(?=[" + "".join(re.escape(c) for c in sorted({n[0] for n in MONTHS})) + "])"
_MONTH_NAME = _MONTH_START + "(?P<monthname>" + _MONTH + ")"
_ANY_MONTH = _MONTH_START + "(?:" + _MONTH + ")"

# Chinese month names in numerals, as strftime's %B writes them under a zh_CN or zh_TW locale
# (Pelican's default "%a %d %B %Y": "四 14 三月 2013"). Patterns of their own, tried only on
# text with a "月": in the month-name patterns their first characters, common words in any
# Chinese text, would make those run on every Chinese line with a digit.
CJK_MONTHS: dict[str, int] = {
    numeral: number
    for number, numeral in enumerate(
        ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), start=1
    )
}
# "十二月" is never read as "二月": a month must not follow a letter
_CJK_MONTH = r"(?<![^\W\d_])(?P<cmonth>十[一二]?|[一二三四五六七八九])月"

# Solar Hijri months, in Persian (after _fold)
JALALI_MONTHS: dict[str, int] = {
    _fold(name): number
    for number, name in enumerate(
        [
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد",
            "شهریور",
            "مهر",
            "آبان",
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
        ],
        start=1,
    )
}
_JALALI_MONTH = "|".join(sorted(JALALI_MONTHS, key=len, reverse=True))

_TZ_NAMES = {
    "z": 0, "utc": 0, "gmt": 0, "wet": 0, "bst": 60, "cet": 60, "west": 60, "cest": 120,
    "eet": 120, "eest": 180, "msk": 180, "ist": 330, "jst": 540, "kst": 540, "aest": 600,
    "aedt": 660, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420,
}  # fmt: skip
_TZ_NAME = "|".join(sorted(_TZ_NAMES, key=len, reverse=True))

# Arabic and Persian words for a.m. / p.m. (after _fold): صباحا, مساء, ق.ظ, ب.ظ
_AMPM_WORDS = {"صباحا": "a", "صباح": "a", "ص": "a", "ق.ظ": "a", "مساء": "p", "م": "p", "ب.ظ": "p"}
_AMPM_WORD = "|".join(re.escape(word) for word in sorted(_AMPM_WORDS, key=len, reverse=True))

_TIME = (
    r"(?P<hour>\d{1,2})(?:[:h](?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"|(?=\s*[ap]\.?m\b))"
    r"(?:\s*(?:(?P<ampm>[ap])\.?m\b\.?|(?P<ampm_word>" + _AMPM_WORD + r")(?!\w)))?"
    r"(?:\s*\(?(?P<tzname>" + _TZ_NAME + r")\b)?"
    # an offset after a space, after seconds or after a zone name: "10:30-12:30" is a range
    r"(?:\s*(?:(?<=\s)|(?<=:\d\d:\d\d)|(?<=[a-z]))"
    r"(?P<offset>[+-]\d{2}:?\d{2}|(?<=[a-z])[+-]\d{1,2}))?"
)
_TIME_JOINER = r"(?:\s*[,|·•-]?\s*(?:at|um|à|a\s+las|a\s+la|alle|às|om|kl\.?|в|о|o)?\s*)"
_OPTIONAL_TIME = r"(?:" + _TIME_JOINER + _TIME + r")?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(
            r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
            r"(?:[T\s]+(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
            r"\s*(?:(?P<zulu>Z)|(?P<offset>[+-]\d{2}(?::?\d{2})?)"
            r"|(?P<tzname>" + _TZ_NAME + r")\b)?)?"
            r"(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "ymd",
        re.compile(
            r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<sep>[/.])\s?(?P<month>\d{1,2})(?P=sep)\s?"
            r"(?P<day>\d{1,2})(?![\d/])\.?" + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        "dmy-numeric",
        re.compile(
            r"(?<![\d.:/])(?P<first>\d{1,2})(?P<sep>[./-]\ ?|\ [|]\ )(?P<second_>\d{1,2})"
            r"(?P=sep)(?P<year>(?:19|20)\d{2})(?![\d/])" + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        # "19.10.19, 08:00 Uhr": day and month of two digits, a two-digit year of this century
        "dmy-short",
        re.compile(
            r"(?<![\d.:/,])(?P<first>\d{2})\.(?P<second_>\d{2})\.(?P<year>\d{2})(?!\d|\.\d)"
            + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        # "Posté le 17/06/17": day and month of two digits, slashes, a two-digit year of this
        # century; day and month read in the page's order, as "dmy-numeric"
        "dmy-slashed-short",
        re.compile(
            r"(?<![\d.:/,])(?P<first>\d{2})(?P<sep>/)(?P<second_>\d{2})/(?P<year>\d{2})"
            r"(?![\d/]|\.\d)" + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        "day-month-year",
        re.compile(
            # "30 d'octubre de 2019": Catalan elides "de" before a vowel
            r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.|º)?\s*(?:of\s+|de\s+|d['’]\s*)?"
            r"(?<![^\W\d_])" + _MONTH_NAME + r"(?![^\W\d_])\.?,?\s*"
            r"(?:/\s*" + _ANY_MONTH + r"(?![^\W\d_])\s*)?(?:de\s+|del\s+)?"
            r"(?P<year>\d{4})(?!\d)(?:\s*(?:г\.|года|г\b|r\.))?" + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        "month-day-year",
        re.compile(
            # the lookahead (a letter, then a digit soon) spares most positions the long
            # alternation of month names
            r"(?=[^\W\d_][^\d\n]{0,24}?\d)(?<![^\W\d_])"
            + _MONTH_NAME
            + r"(?![^\W\d_])\.?\s*(?P<day>\d{1,2})"
            r"(?:st|nd|rd|th)?(?!\d),?\s*(?P<year>\d{4})(?!\d)" + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        # Hungarian "2020. április 24.", Lithuanian "2020 m. balandžio 24 d."
        "year-monthname-day",
        re.compile(
            r"(?<!\d)(?P<year>(?:19|20)\d{2})\.?\s*(?:m\.\s*)?(?<![^\W\d_])"
            + _MONTH_NAME
            + r"(?![^\W\d_])\.?\s*(?P<day>\d{1,2})(?!\d)\.?"
            r"(?:\s*d\.)?" + _OPTIONAL_TIME,
            re.IGNORECASE,
        ),
    ),
    (
        # Solar Hijri (Iran, Afghanistan): "۲ تیر ۱۳۹۹", "2 تير 1399 - 12:09 ب.ظ"
        "jalali",
        re.compile(
            r"(?<!\d)(?P<day>\d{1,2})\s*(?<![^\W\d_])(?P<jmonth>" + _JALALI_MONTH + r")"
            r"(?![^\W\d_])\s*(?P<year>1[34]\d{2})(?!\d)" + _OPTIONAL_TIME,
        ),
    ),
    (
        # "1399/04/02": a year 1300-1499 is a Solar Hijri one (the Gregorian floor is 1995)
        "jalali-numeric",
        re.compile(
            r"(?<![\d/.])(?P<year>1[34]\d{2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)"
            r"(?P<day>\d{1,2})(?![\d/])" + _OPTIONAL_TIME,
        ),
    ),
    (
        # "14 三月 2013" (a weekday sign before it is left aside)
        "cjk-day-monthname-year",
        re.compile(r"(?<!\d)(?P<day>\d{1,2})\s*" + _CJK_MONTH + r"\s*,?\s*(?P<year>\d{4})(?!\d)"),
    ),
    (
        # "三月 14, 2013"
        "cjk-monthname-day-year",
        re.compile(_CJK_MONTH + r"\s*(?P<day>\d{1,2})(?!\d)\s*,?\s*(?P<year>\d{4})(?!\d)"),
    ),
    (
        "cjk",
        re.compile(
            r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
            r"(?:\s*(?P<hour>\d{1,2})[:時时시]\s*(?P<minute>\d{2}))?"
        ),
    ),
]

_DIGIT = re.compile(r"\d")
# What every match of a pattern holds: one of these characters, a match of this pattern, or
# (None) a character beyond ASCII (the Persian month names, the CJK year and month signs).
_MONTH_START_CHAR = re.compile(_MONTH_START[3:-1], re.IGNORECASE)
_REQUIRED: dict[str, str | re.Pattern[str] | None] = {
    "iso": "-",
    "ymd": "/.",
    "dmy-numeric": "./-|",
    "dmy-short": ".",
    "dmy-slashed-short": "/",
    "day-month-year": _MONTH_START_CHAR,
    "month-day-year": _MONTH_START_CHAR,
    "year-monthname-day": _MONTH_START_CHAR,
    "jalali": None,
    "jalali-numeric": "/.-",
    "cjk": None,
    "cjk-day-monthname-year": "月",
    "cjk-monthname-day-year": "月",
}

# A time written before the date: "14:05, 21 February 2020" or "14:05 21.02.2020".
_LEADING_TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?\s*[,|·•/-]?\s*$",
    re.IGNORECASE,
)
# Words saying a date is a last change, not the publication. CJK and Korean labels:
# 更新日 / 最終更新日 (ja), 更新于 / 最后修改 (zh), 수정일 / 업데이트 / 갱신 (ko).
# One list feeds both the label before a date (below) and date_lines.py's update line.
UPDATE_WORDS = (
    r"updated?|modified|edited|last\s+changed|aktualisiert|aktualisierung|geändert|"
    r"mise?\s+à\s+jour|modifié|actualizado|actualizaci[oó]n|aggiornato|aggiornamento|"
    r"atualizado|atualiza[cç][aã]o|bijgewerkt|обновлено|обновлен|обновление|изменено|оновлено"
)
UPDATE_WORDS_CJK = r"更新|修改|编辑于|編輯於"
UPDATE_WORDS_KOREAN = r"수정|업데이트|갱신"
# Characters before a date in which a label saying it is an update is looked for.
UPDATE_LABEL_REACH = 40
_UPDATE_LABEL = re.compile(
    rf"(?:{UPDATE_WORDS}|{UPDATE_WORDS_CJK}|{UPDATE_WORDS_KOREAN})\W{{0,5}}(?:\w+\W{{1,3}}){{0,2}}$",
    re.IGNORECASE,
)
_HAS_TIME = re.compile(r"\d{1,2}\s*[:h時时]\s*\d{2}|\d\s*[ap]\.?m\b", re.IGNORECASE)
# /YYYY/MM/DD: a day of one digit only as a segment of its own (/2011/12/6/), as a slug that
# starts with a number is no day (/2011/12/6-ways-to-speed-up: December 2011)
_URL_DATE = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})/(\d{1,2})/(\d{2}(?=[-_])|\d{1,2}(?=/|$|\.))"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_](\d{2})[-_](\d{2})(?!\d)"),
    re.compile(r"(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-]|$)"),
]
# Day first, as a path segment of its own or ending one: /meldungen/29-10-2021
_URL_DAY_FIRST = re.compile(r"(?:^|[/_-])(\d{2})[-_.](\d{2})[-_.]((?:19|20)\d{2})(?=/|$|\.html?$)")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: date | datetime
    has_time: bool
    after_update_label: bool
    order: str | None = None
    order_rule: str | None = None


def parse_date(
    text: str, *, languages: list[str] | None = None, order: OrderRules | None = None
) -> ParsedDate | None:
    """The publication date written in ``text`` as ISO 8601, or None.

    Finds a date inside surrounding words ("Published: 21 February 2020, 14:05 | Updated ...");
    a date labelled as an update is only used when no other date is present. A numeric date
    whose day and month could be swapped ("04/12/2021") is read by the rules of date_order.py:
    a weekday named next to it, then ``order`` (the page's other dates, the site's order, the
    page's language), else ``languages`` (slashes month-first only when all are "en-US").
    """
    if not isinstance(text, str):
        return None
    raw = text.strip()
    if not raw:
        return None
    flat = _fold(collapse_whitespace(raw))
    if len(flat) > MAX_FAST_INPUT:
        return None
    rules = order or OrderRules(language_tags=tuple(languages or ()))
    candidates, saw_date_shape = _find_candidates(flat, rules)
    if candidates:
        return _parsed(_best(candidates), raw)
    if saw_date_shape:  # a date was written but is impossible: dateparser would not do better
        return None
    return _parse_with_dateparser(raw, languages, rules)


def parse_date_fast(text: str, *, order: OrderRules | None = None) -> ParsedDate | None:
    """Like parse_date but with regular expressions only (no dateparser): cheap enough to try on
    every short text line of a page."""
    if not isinstance(text, str):
        return None
    raw = text.strip()
    flat = _fold(collapse_whitespace(raw))
    if not flat or len(flat) > MAX_FAST_INPUT:
        return None
    candidates, _ = _find_candidates(flat, order or _NO_RULES)
    return _parsed(_best(candidates), raw) if candidates else None


_NO_RULES = OrderRules()  # no language, no page, no site: numeric dates are read day-first


# /YYYY/MM/ with no day after it (WordPress's /%year%/%monthnum%/%postname%/)
_URL_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})/(\d{1,2})/")


def year_month_from_url(url: str) -> tuple[int, int] | None:
    """The year and month a URL path gives without a day (/2015/05/save-the-date/); None when
    it gives a whole date (date_from_url) or none."""
    if not isinstance(url, str) or date_from_url(url) is not None:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for match in _URL_YEAR_MONTH.finditer(path):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and _make_date(year, month, 1) is not None:
            return year, month
    return None


def date_from_url(url: str) -> ParsedDate | None:
    """A date written in a URL path: /2020/02/21/slug, /2020-02-21-slug, /20200221/..."""
    if not isinstance(url, str):
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for pattern in _URL_DATE:
        for match in pattern.finditer(path):
            value = _make_date(int(match[1]), int(match[2]), int(match[3]))
            if value is not None:
                return ParsedDate(iso=value.isoformat(), raw=match[0].strip("/_-"))
    for match in _URL_DAY_FIRST.finditer(path):
        value = _make_date(int(match[3]), int(match[2]), int(match[1]))
        if value is not None:
            return ParsedDate(iso=value.isoformat(), raw=match[0].strip("/_-"))
    return None


def ends_with_update_label(text: str, end: int | None = None) -> bool:
    """``text`` (up to ``end``) ends with an update label ("Updated", "Aktualisiert am"): the
    date written after it is a last change, not the publication."""
    end = len(text) if end is None else end
    return bool(_UPDATE_LABEL.search(text, max(0, end - UPDATE_LABEL_REACH), end))


def _find_candidates(text: str, rules: OrderRules) -> tuple[list[_Candidate], bool]:
    """Plausible dates found in ``text``, and whether anything date-shaped was seen at all."""
    candidates: list[_Candidate] = []
    saw_date_shape = False
    if not _DIGIT.search(text):  # every pattern needs digits: most lines are done here
        return candidates, saw_date_shape
    for kind, pattern in _PATTERNS:
        if not _may_match(kind, text):
            continue
        for match in pattern.finditer(text):
            saw_date_shape = True
            candidate = _candidate_from_match(kind, match, text, rules)
            if candidate is not None:
                candidates.append(candidate)
    return candidates, saw_date_shape


def _may_match(kind: str, text: str) -> bool:
    """False when ``text`` lacks what every match of the pattern holds (a separator, a month
    name's first letter, a non-ASCII name or sign): a cheap test that spares most patterns a
    scan of the text."""
    required = _REQUIRED[kind]
    if required is None:
        return not text.isascii()
    if isinstance(required, str):
        return any(char in text for char in required)
    return required.search(text) is not None


def _best(candidates: list[_Candidate]) -> _Candidate:
    """The first date in the text, skipping dates labelled "Updated" when there is another."""
    return min(candidates, key=lambda c: (c.after_update_label, c.start, -(c.end - c.start)))


def _parsed(candidate: _Candidate, raw: str) -> ParsedDate:
    value, has_time = candidate.value, candidate.has_time
    if has_time and _is_js_date_of_a_day(value, raw):
        value, has_time = value.astimezone(UTC).date(), False
    iso = _to_iso(value, has_time)
    return ParsedDate(iso=iso, raw=raw, order=candidate.order, order_rule=candidate.order_rule)


# JavaScript's Date.prototype.toString(): "Fri Jan 16 2026 21:00:00 GMT-0300 (Chile Summer Time)"
_JS_DATE_STRING = re.compile(
    r"^[A-Za-z]{3} [A-Za-z]{3} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}(?: \([^()]*\))?$"
)


def _is_js_date_of_a_day(value: date | datetime, raw: str) -> bool:
    """A day written by JavaScript's Date.toString() in the build machine's zone: JavaScript
    reads a date-only value ("2026-01-17") as midnight UTC, and toString() restates it in local
    time, on the day before west of Greenwich ("Fri Jan 16 2026 21:00:00 GMT-0300"). Midnight
    UTC exactly, in another zone, is that day."""
    if not isinstance(value, datetime) or value.utcoffset() in (None, timedelta(0)):
        return False
    utc = value.astimezone(UTC)
    at_midnight = (utc.hour, utc.minute, utc.second) == (0, 0, 0)
    return at_midnight and _JS_DATE_STRING.match(collapse_whitespace(raw)) is not None


_DAY_MONTH_ORDER_KINDS = frozenset({"dmy-numeric", "dmy-slashed-short"})


def _candidate_from_match(
    kind: str, match: re.Match[str], text: str, rules: OrderRules
) -> _Candidate | None:
    groups = match.groupdict()
    order: tuple[str | None, str | None] = (None, None)
    if kind in _DAY_MONTH_ORDER_KINDS:
        year = int(groups["year"]) + (2000 if kind == "dmy-slashed-short" else 0)
        reading = read_day_month(
            year,
            int(groups["first"]),
            int(groups["second_"]),
            groups["sep"].strip(),
            rules,
            lambda: weekday_before(text, match.start()),
        )
        year_month_day: tuple[int, int, int] | None = (
            year,
            reading.month,
            reading.day,
        )
        order = (reading.order, reading.rule)
    else:
        year_month_day = _year_month_day(kind, groups)
    if year_month_day is None:
        return None
    day_value = _make_date(*year_month_day)
    if day_value is None:
        return None
    start = match.start()
    time_groups = groups if groups.get("hour") else None
    if time_groups is None:
        leading = _LEADING_TIME.search(text, max(0, start - 16), start)
        if leading is not None:
            time_groups, start = leading.groupdict(), leading.start()
    value = (_attach_time(day_value, time_groups) if time_groups else None) or day_value
    if not _is_plausible(value):
        return None
    return _Candidate(
        start=start,
        end=match.end(),
        value=value,
        has_time=isinstance(value, datetime),
        after_update_label=ends_with_update_label(text, start),
        order=order[0],
        order_rule=order[1],
    )


def _year_month_day(kind: str, groups: dict[str, Any]) -> tuple[int, int, int] | None:
    """(year, month, day) of a match of any pattern but those read in the page's day-month
    order (see read_day_month)."""
    year = int(groups["year"]) + (2000 if kind == "dmy-short" else 0)
    if kind.startswith("jalali"):
        month = JALALI_MONTHS.get(groups.get("jmonth") or "") or int(groups.get("month") or 0)
        return _from_jalali(year, month, int(groups["day"]))
    if kind == "dmy-short":
        return year, int(groups["second_"]), int(groups["first"])
    if groups.get("cmonth"):
        return year, CJK_MONTHS[groups["cmonth"]], int(groups["day"])
    if groups.get("monthname"):
        month = MONTHS.get(" ".join(groups["monthname"].lower().split()))
        if month is None:
            return None
        return year, month, int(groups["day"])
    return year, int(groups["month"]), int(groups["day"])


def _from_jalali(year: int, month: int, day: int) -> tuple[int, int, int] | None:
    """A Solar Hijri day as a Gregorian (year, month, day); None when there is no such day."""
    import jdatetime  # imported lazily: only Persian pages need it

    try:
        value = jdatetime.date(year, month, day).togregorian()
    except (ValueError, TypeError):
        return None
    return value.year, value.month, value.day


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if _is_plausible(value) else None


def _attach_time(day_value: date, groups: dict[str, Any]) -> datetime | None:
    hour = int(groups["hour"])
    minute = int(groups.get("minute") or 0)
    second = int(groups.get("second") or 0)
    ampm = (groups.get("ampm") or _AMPM_WORDS.get(groups.get("ampm_word") or "") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        return datetime.combine(day_value, time(hour, minute, second), tzinfo=_timezone(groups))
    except ValueError:
        return None


# UTC offsets of other than whole hours that time zones use (minutes), past and present.
_PART_HOUR_OFFSETS = frozenset({-570, -210, -150, 210, 270, 330, 345, 390, 525, 570, 630, 765, 825})


def _is_offset_in_use(minutes: int) -> bool:
    """A real UTC offset: whole hours from -12 to +14, or one of the part-hour ones. The end
    of a time range ("10:30-12:30") reads like an offset, but -12:30 is none."""
    if minutes % 60 == 0:
        return -12 * 60 <= minutes <= 14 * 60
    return minutes in _PART_HOUR_OFFSETS


def _timezone(groups: dict[str, Any]) -> timezone | None:
    offset = groups.get("offset")
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        if len(digits) <= 2:  # "+3", "+03"
            hours, minutes = int(digits), 0
        else:  # "+0300"
            hours, minutes = int(digits[:2]), int(digits[2:])
        if not _is_offset_in_use(sign * (hours * 60 + minutes)):
            return None
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    if groups.get("zulu"):
        return UTC
    name = (groups.get("tzname") or "").lower()
    if name in _TZ_NAMES:
        return timezone(timedelta(minutes=_TZ_NAMES[name]))
    return None


def _is_plausible(value: date | datetime) -> bool:
    """Not before the web had news sites, not after tomorrow."""
    now = datetime.now(UTC)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.year >= MIN_YEAR and value <= now.replace(tzinfo=None) + timedelta(days=1)
        return value.year >= MIN_YEAR and value <= now + timedelta(days=1)
    return value.year >= MIN_YEAR and value <= now.date() + timedelta(days=1)


def _to_iso(value: date | datetime, has_time: bool) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    return value.replace(microsecond=0).isoformat() if has_time else value.date().isoformat()


_DATEPARSER_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],  # never "today" / "2 hours ago"
    "REQUIRE_PARTS": ["day", "month", "year"],  # never fill a missing part from today's date
    "PREFER_DAY_OF_MONTH": "first",
}
_PIECE_SEPARATORS = re.compile(r"\s*(?:[|•·;\n]|\s-\s|\s—\s|\s–\s)\s*")


def _parse_with_dateparser(
    raw: str, languages: list[str] | None, rules: OrderRules
) -> ParsedDate | None:
    """Last resort for shapes the regular expressions do not know, on short pieces only."""
    pieces = [raw] if len(raw) <= MAX_DATEPARSER_INPUT else _PIECE_SEPARATORS.split(raw)
    pieces = [
        collapse_whitespace(p)
        for p in pieces
        if 6 <= len(p) <= MAX_DATEPARSER_INPUT and any(ch.isdigit() for ch in p)
    ]
    for piece in pieces[:MAX_DATEPARSER_PIECES]:
        value = _dateparser_parse(piece, languages, rules)
        if value is None or not _is_plausible(value):
            continue
        has_time = bool(_HAS_TIME.search(piece))
        if value.tzinfo is not None:
            has_time = True
        return ParsedDate(iso=_to_iso(value, has_time), raw=raw)
    return None


def _dateparser_parse(
    piece: str, languages: list[str] | None, rules: OrderRules
) -> datetime | None:
    import dateparser  # imported lazily: loading it costs a noticeable fraction of a second

    settings = dict(_DATEPARSER_SETTINGS)
    if languages_order(list(rules.language_tags)) == MONTH_FIRST:
        settings["DATE_ORDER"] = "MDY"
    for attempt in ([lang.split("-")[0].lower() for lang in languages or []] or None, None):
        try:
            return dateparser.parse(piece, languages=attempt, settings=settings)
        except Exception:  # unknown language codes, odd input: try without languages, then give up
            if attempt is None:
                return None
    return None
