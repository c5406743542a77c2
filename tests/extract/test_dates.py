from __future__ import annotations

from datetime import date, timedelta

import pytest

from crawler.extract.date_order import OrderRules
from crawler.extract.dates import (
    ParsedDate,
    date_from_url,
    parse_date,
    parse_date_fast,
    year_month_from_url,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601: offsets kept, "Z" written as +00:00, fractions dropped
        ("2020-02-21T14:05:00+03:00", "2020-02-21T14:05:00+03:00"),
        ("2020-02-21T11:05:00Z", "2020-02-21T11:05:00+00:00"),
        ("2020-02-21T14:05:00.123456+0300", "2020-02-21T14:05:00+03:00"),
        ("2020-02-21T14:05:00-05:00", "2020-02-21T14:05:00-05:00"),
        ("2020-02-21 14:05", "2020-02-21T14:05:00"),
        ("2020-02-21", "2020-02-21"),
        # RFC 2822
        ("Fri, 21 Feb 2020 14:05:00 +0300", "2020-02-21T14:05:00+03:00"),
        ("Fri, 21 Feb 2020 11:05:00 GMT", "2020-02-21T11:05:00+00:00"),
        # English prose
        ("21 February 2020, 14:05", "2020-02-21T14:05:00"),
        ("Feb. 21, 2020", "2020-02-21"),
        ("February 21, 2020 at 3:05 pm", "2020-02-21T15:05:00"),
        ("February 21st, 2020 3:05 p.m. EST", "2020-02-21T15:05:00-05:00"),
        ("Sept. 3, 2019", "2019-09-03"),
        ("Friday 21st of February 2020", "2020-02-21"),
        ("21 Feb 2020 14:05 GMT+3", "2020-02-21T14:05:00+03:00"),
        ("12:30 am, February 21, 2020", "2020-02-21T00:30:00"),
        # numeric
        ("21.02.2020 14:05", "2020-02-21T14:05:00"),
        ("27.11.2019 10:00-11:00", "2019-11-27T10:00:00"),  # a time range, not at UTC-11
        ("27.11.2019 10:30 -0500", "2019-11-27T10:30:00-05:00"),
        ("27.11.2019 10:30:00-05:00", "2019-11-27T10:30:00-05:00"),
        ("2020/02/21", "2020-02-21"),
        ("21/02/2020", "2020-02-21"),
        ("02/21/2020", "2020-02-21"),
        ("03/04/2020", "2020-04-03"),  # ambiguous: day first unless the page is English
        ("Posted on 2020.02.21", "2020-02-21"),
        ("Von Deutscher Tennis Bund 4. 2. 2022.", "2022-02-04"),  # spaces after the dots
        ("26 | 01 | 2022", "2022-01-26"),  # a subline table's separators
        ("2020年2月21日 14:05", "2020-02-21T14:05:00"),
        # other languages
        ("21 февраля 2020", "2020-02-21"),
        ("21 февраля 2020 г., 14:05", "2020-02-21T14:05:00"),
        ("14:05, 21 февраля 2020", "2020-02-21T14:05:00"),
        ("21. Februar 2020, 14:05 Uhr", "2020-02-21T14:05:00"),
        ("3. März 2020", "2020-03-03"),
        ("21 février 2020 à 14h05", "2020-02-21T14:05:00"),
        ("le 1er août 2019", "2019-08-01"),
        ("21 de febrero de 2020", "2020-02-21"),
        ("martes 21 de febrero de 2020 - 14:05", "2020-02-21T14:05:00"),
        ("21 lutego 2020", "2020-02-21"),
        ("24 نيسان / أبريل 2020 09:22 مساءً", "2020-04-24T21:22:00"),  # Levantine / Egyptian
        ("الخميس 3 كانون الثّاني 2019", "2019-01-03"),  # two words, a shadda
        ("٢٤ إبريل ٢٠٢٠", "2020-04-24"),  # Arabic-Indic digits
        ("۱۲ ژوئن ۲۰۲۰", "2020-06-12"),  # Persian names of Gregorian months
        ("24 Nisan 2020 14:05", "2020-04-24T14:05:00"),
        ("5 Agustus 2020", "2020-08-05"),
        ("3. května 2021", "2021-05-03"),
        ("12 augusti 2021", "2021-08-12"),
        ("2020. április 24. 14:05", "2020-04-24T14:05:00"),  # Hungarian, year first
        ("2020 m. balandžio 24 d.", "2020-04-24"),  # Lithuanian, year first
        ("24 Απριλίου 2020", "2020-04-24"),
        ("17 באוגוסט 2020", "2020-08-17"),  # Hebrew, with the prefix "in"
        ("১৬:২০, ১৬ ফেব্রুয়ারি ২০২০", "2020-02-16T16:20:00"),  # Bengali digits and month
        ("24 अप्रैल 2020", "2020-04-24"),
        ("٢٤/٠٤/٢٠٢٠", "2020-04-24"),  # Arabic-Indic digits in a numeric date
        # Solar Hijri (Persian calendar) -> Gregorian
        ("دوشنبه ۲ تیر ۱۳۹۹", "2020-06-22"),
        ("2 تير 1399 - 12:09:08 ب.ظ", "2020-06-22T12:09:08"),  # Arabic yeh, p.m. word
        ("۱۳۹۹/۰۴/۰۲", "2020-06-22"),
        ("30 اسفند 1399", "2021-03-20"),  # last day of a leap year
        # the date inside surrounding words; published wins over updated
        ("Published: 21 February 2020, 14:05 | Updated: 22 February 2020, 10:00",
         "2020-02-21T14:05:00"),
        ("Updated: 22 February 2020 | Published: 21 February 2020", "2020-02-21"),
        ("📝 更新日：2021-07-30 / 📄 作成日：2021-03-09", "2021-03-09"),  # ja: updated, created
        ("最終更新日 2021/07/30 公開日 2021/03/09", "2021-03-09"),
        ("更新于 2021-07-30 发布于 2021-03-09", "2021-03-09"),  # zh
        ("最后修改：2021-07-30 | 发表：2021-03-09", "2021-03-09"),
        ("수정일 2021.07.30 작성일 2021.03.09", "2021-03-09"),  # ko
        ("업데이트: 2021-07-30 / 게시: 2021-03-09", "2021-03-09"),
        ("By Jane Doe, 21 Feb 2020", "2020-02-21"),
        # an impossible time is dropped, the date is kept
        ("21 February 2020, 25:70", "2020-02-21"),
    ],
)  # fmt: skip
def test_parse_date_formats(text: str, expected: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None, text
    assert parsed.iso == expected
    assert parsed.raw == text


def test_month_first_for_us_english_pages() -> None:
    assert parse_date("03/04/2020", languages=["en-US"]) == ParsedDate("2020-03-04", "03/04/2020")
    assert parse_date("21/02/2020", languages=["en-US"]) == ParsedDate("2020-02-21", "21/02/2020")


def test_raw_is_the_stripped_input() -> None:
    assert parse_date("  Published 21 February 2020 \n") == ParsedDate(
        iso="2020-02-21", raw="Published 21 February 2020"
    )


def test_dateparser_fallback_for_shapes_without_a_fast_path() -> None:
    assert parse_date("21.02.20", languages=["de"]) == ParsedDate("2020-02-21", "21.02.20")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "no date here",
        "31 February 2020",
        "1994-12-31",
        "12 March 1990",
        "2099-01-01",
        "Friday",
        "Feb 21",
        "14:05",
        "today",
        "2 hours ago",
        "3 days ago",
        "Page 21 of 2020 results",
        "31 اسفند 1399",  # no such day: Esfand has 29 or 30 days
        "1370/01/01",  # Solar Hijri 1991: before the floor
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, languages=["en"]) is None


def test_rejects_dates_after_tomorrow() -> None:
    soon = date.today() + timedelta(days=3)
    assert parse_date(soon.isoformat()) is None
    today = date.today()
    assert parse_date(today.isoformat()) == ParsedDate(today.isoformat(), today.isoformat())


def test_non_string_input_is_none() -> None:
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date_fast(123) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19.10.19, 08:00 Uhr", "2019-10-19T08:00:00"),  # a two-digit year
        ("Mi, 04.05.20 14:50", "2020-05-04T14:50:00"),
        ("26. tammikuuta 2022", "2022-01-26"),  # Finnish
        ("3. marts 2021", "2021-03-03"),  # Danish
        ("12 de març de 2021", "2021-03-12"),  # Catalan
        ("30 d'octubre de 2019", "2019-10-30"),  # Catalan: "de" elided before a vowel
        ("3 d’agost de 2020", "2020-08-03"),
        ("19. studenoga 2021.", "2021-11-19"),  # Croatian
        ("5. júna 2021", "2021-06-05"),  # Slovak
        ("5. listopada 2021", "2021-11-05"),  # Polish November (Croatian October)
    ],
)
def test_shapes_the_fast_path_reads(text: str, expected: str) -> None:
    assert parse_date_fast(text) == ParsedDate(expected, text)


def test_a_slashed_date_with_a_two_digit_year_follows_the_day_month_order() -> None:
    """WordPress themes write "Posté le 17/06/17": read by the page's order like 17/06/2017."""
    french = OrderRules(language_tags=("fr",))
    found = parse_date_fast("Posté le 14/06/17 par admin", order=french)
    assert found is not None and found.iso == "2017-06-14"
    us = OrderRules(language_tags=("en-US",))
    found = parse_date_fast("Posted on 06/14/17 by admin", order=us)
    assert found is not None and found.iso == "2017-06-14"


@pytest.mark.parametrize("text", ["12/05/21/5", "see 1/2/22", "/12/05/21/", "3/4/21"])
def test_slashed_numbers_that_are_no_two_digit_year_dates(text: str) -> None:
    assert parse_date_fast(text) is None


@pytest.mark.parametrize("text", ["192.168.10.12", "version 1.10.22", "12.05.21.5", "1.2.22"])
def test_dotted_numbers_that_are_no_two_digit_year_dates(text: str) -> None:
    assert parse_date_fast(text) is None


def test_parse_date_fast_does_not_use_dateparser() -> None:
    assert parse_date_fast("21-Feb-2020") is None
    assert parse_date_fast("Sent 21 Feb 2020") == ParsedDate("2020-02-21", "Sent 21 Feb 2020")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2020/02/21/council-bridge/", "2020-02-21"),
        ("https://news.example/world/2020/2/1/slug", "2020-02-01"),
        ("https://news.example/news/2020-02-21-council-bridge.html", "2020-02-21"),
        ("https://news.example/a/20200221/bridge", "2020-02-21"),
        ("https://news.example/story-20200221-bridge.html", "2020-02-21"),
        ("https://news.example/media-news/meldungen/29-10-2021", "2021-10-29"),
        ("https://news.example/press/21.02.2020.html", "2020-02-21"),
        ("https://news.example/2011/12/6/slug", "2011-12-06"),
        ("https://news.example/2011/12/06-ways-to-speed-up.html", "2011-12-06"),
    ],
)
def test_date_from_url(url: str, expected: str) -> None:
    parsed = date_from_url(url)
    assert parsed is not None
    assert parsed.iso == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/article/123456789",
        "https://news.example/2020/13/45/slug",
        "https://news.example/2020/02/slug",
        "https://news.example/1990/01/01/old",
        "https://news.example/news?date=2020-02-21",
        "https://news.example/news/31-02-2021",
        "https://news.example/item/12-10-20213",
        "https://news.example/2011/12/6-ways-to-speed-up-selenium-tests.html",
        "https://news.example/2011/12/6_ways",
        "not a url",
    ],
)
def test_date_from_url_none(url: str) -> None:
    assert date_from_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://band.example/2015/05/save-the-date/", (2015, 5)),
        ("https://band.example/2011/12/6-ways-to-speed-up.html", (2011, 12)),
        ("https://band.example/2015/05/05/save-the-date/", None),  # a whole date
        ("https://band.example/2015/13/slug/", None),
        ("https://band.example/save-the-date/", None),
    ],
)
def test_year_month_from_url(url: str, expected: tuple[int, int] | None) -> None:
    assert year_month_from_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date-only value (midnight UTC) restated by Date.toString() west of Greenwich...
        ("Fri Jan 16 2026 21:00:00 GMT-0300 (Chile Summer Time)", "2026-01-17"),
        # ...and east of it
        ("Sat Jan 17 2026 01:00:00 GMT+0100 (Central European Standard Time)", "2026-01-17"),
        # another time of day is a moment, kept as written
        (
            "Tue Jan 20 2026 15:12:00 GMT+0200 (Eastern European Standard Time)",
            "2026-01-20T15:12:00+02:00",
        ),
    ],
)
def test_a_javascript_date_string_of_a_day_is_that_day(text: str, expected: str) -> None:
    for parse in (parse_date, parse_date_fast):
        parsed = parse(text)
        assert parsed is not None and parsed.iso == expected


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("27.11.19 10:30-12:30", "2019-11-27T10:30:00"),  # a time range, no offset -12:30
        ("2019-11-27 10:30-11:30", "2019-11-27T10:30:00"),
        ("2020-01-02T10:00:00+05:45", "2020-01-02T10:00:00+05:45"),
        ("2020-01-02T10:00:00-03:30", "2020-01-02T10:00:00-03:30"),
        ("2020-01-02 10:00 -0500", "2020-01-02T10:00:00-05:00"),
    ],
)
def test_only_utc_offsets_in_use_are_offsets(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Vložil/a Pari, 16 Říjen, 2014 - 09:14", "2014-10-16T09:14:00"),  # Drupal, Czech
        ("Dodano 3 listopad 2014", "2014-11-03"),
        ("opublikowano 16 październik 2014", "2014-10-16"),
        ("wpis z 5 lipiec 2019", "2019-07-05"),
    ],
)
def test_czech_and_polish_month_names_in_the_nominative(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Drupal prints Czech and Polish months in the nominative, inside a byline
        ("Vložil/a Jana, 16 Říjen, 2014 - 09:14", "2014-10-16T09:14:00"),
        ("Vložil/a Petr, 26 Květen, 2011 - 07:33", "2011-05-26T07:33:00"),
        ("přidáno 3 Červenec 2009", "2009-07-03"),
        ("přidáno 3 Červen 2009", "2009-06-03"),
        ("dodano 16 październik 2014", "2014-10-16"),
        ("dodano 2 wrzesień 2019", "2019-09-02"),
        ("Vložil/a Eva, 9 Listopad, 2010 - 10:00", "2010-11-09T10:00:00"),
    ],
)
def test_czech_and_polish_nominative_month_names_inside_a_line(text: str, expected: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.iso == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Pelican's default "%a %d %B %Y" under a Chinese locale: a lone weekday sign, the
        # month written in numerals
        ("四 14 三月 2013", "2013-03-14"),
        ("日 2 十二月 2012", "2012-12-02"),
        ("二 11 十一月 2014", "2014-11-11"),
        ("一 7 一月 2013", "2013-01-07"),
        ("周四 14 三月 2013", "2013-03-14"),
        ("星期天 2 十二月 2012", "2012-12-02"),
        ("礼拜四, 14 三月 2013 by cold in Python", "2013-03-14"),
        ("三月 14, 2013", "2013-03-14"),
    ],
)
def test_chinese_month_names_after_a_weekday(text: str, expected: str) -> None:
    assert parse_date_fast(text) == ParsedDate(expected, text)
    assert parse_date(text) == ParsedDate(expected, text)


@pytest.mark.parametrize("text", ["十二月 2013", "第 3 部分"])
def test_a_chinese_month_without_a_day_is_no_date(text: str) -> None:
    assert parse_date_fast(text) is None
