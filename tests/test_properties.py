"""Property tests: any text, bytes, markup or URL into extraction gives data, never an exception.

Hypothesis generates arbitrary text and bytes plus tag soup from a vocabulary of the markup
extraction looks at (headings, links, dates, JSON-LD, meta tags, pagers). Examples are bounded
and the deadline is generous: a hang guard, not a speed test.

``extract_article`` and ``parse_listing`` catch any exception so that one hostile page cannot stop
a crawl; the page then counts as failed (a logged "article extraction failed", a listing marked
``extract-error``). So "never raises" is checked as "no page failed", not just "no exception".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import decode_html, extract_article, parse_date, parse_listing
from crawler.extract.listing import ListingPage
from crawler.extract.page import (
    XML_INCOMPATIBLE_CHARACTERS,
    _utf8_without_xml_incompatible_characters,
)
from crawler.extract.text import _WHITESPACE, collapse_whitespace
from crawler.extract.urls import normalize_url

PROPERTY_SETTINGS = settings(
    max_examples=300,
    database=None,  # no .hypothesis folder in the work tree
    deadline=10_000,  # ms per example: a hang guard
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ARTICLE_KEYS = {
    "canonical_url",
    "headline",
    "date",
    "date_raw",
    "date_source",
    "body",
    "authors",
    "tags",
    "language",
}

words = st.text(min_size=0, max_size=40)
urls = st.one_of(
    st.text(max_size=60),
    st.builds(
        "{}://{}/{}?{}#{}".format,
        st.sampled_from(["http", "https", "ftp", "javascript", "", "HTTP"]),
        st.sampled_from(["news.example", "127.0.0.1:8080", "[::1]", "ex ample", "", "a..b"]),
        st.text(max_size=20),
        st.text(max_size=20),
        st.text(max_size=5),
    ),
)
date_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "2024-02-30",
            "0000-00-00T25:61:61+99:99",
            "5 March 2024",
            "99999-01-01",
            "31/12/1899",
            "vor 3 Stunden",
            "\u0661\u0662 \u0645\u0627\u0631\u0633 \u0662\u0660\u0662\u0664",
        ]
    ),
)


def attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | words,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["@type", "headline", "datePublished", "author", "name", "articleBody", "@graph"]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)

leaves = st.one_of(
    words,
    st.builds(lambda u, t: f'<a href="{attribute(u)}">{t}</a>', urls, words),
    st.builds(lambda d: f'<time datetime="{attribute(d)}">{d}</time>', date_texts),
    st.builds(
        lambda p, c: f'<meta property="{p}" content="{attribute(c)}">',
        st.sampled_from(["article:published_time", "og:title", "og:url", "author", "lang"]),
        words,
    ),
    st.builds(json_ld, json_values),
    st.builds(lambda u: f'<a rel="next" href="{attribute(u)}">Next</a>', urls),
    st.builds(lambda u: f'<link rel="canonical" href="{attribute(u)}">', urls),
    st.sampled_from(["<br>", "</div>", "<p", "&#xffffff;", "&bogus;", "<![CDATA[", "<!--", "\x00"]),
)
TAGS = ["div", "p", "article", "main", "h1", "h2", "li", "ul", "span", "section", "header"]
markup = st.recursive(
    leaves,
    lambda inner: st.builds(
        lambda tag, cls, children: f'<{tag} class="{attribute(cls)}">{"".join(children)}</{tag}>',
        st.sampled_from(TAGS),
        st.sampled_from(["", "entry", "post", "teaser", "content", "pager", "byline"]),
        st.lists(inner, max_size=6),
    ),
    max_leaves=40,
)
pages = st.builds(
    lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
    st.lists(leaves, max_size=4).map("".join),
    st.lists(markup, max_size=6).map("".join),
)


class FailureLog(logging.Handler):
    """Keeps the warnings extraction logs when it caught an exception on a page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.setFormatter(logging.Formatter("%(message)s"))
        self.failures: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "extraction failed" in record.getMessage():
            self.failures.append(self.format(record))


@contextmanager
def failures_logged() -> Iterator[list[str]]:
    """The extraction failures logged by ``crawler.extract`` (with tracebacks) in the block."""
    handler = FailureLog()
    logger = logging.getLogger("crawler.extract")
    logger.addHandler(handler)
    try:
        yield handler.failures
    finally:
        logger.removeHandler(handler)


def article_of(html: str, url: str) -> dict:
    """``extract_article``'s result; the test fails when extraction caught an exception."""
    with failures_logged() as failures:
        result = extract_article(html, url)
    assert not failures, failures[0]
    return result


def listing_of(html: str, url: str) -> ListingPage:
    """``parse_listing``'s result; the test fails when parsing caught an exception."""
    listing = parse_listing(html, url)
    assert "extract-error" not in listing.uncertain, "parse_listing caught an exception"
    return listing


def check_article(result: dict) -> None:
    assert set(result) >= ARTICLE_KEYS
    for key in ("headline", "date", "body", "canonical_url", "language"):
        assert result[key] is None or isinstance(result[key], str), key
    assert isinstance(result["authors"], list)
    assert isinstance(result["tags"], list)


def check_listing(listing: ListingPage) -> None:
    assert listing.next_url is None or isinstance(listing.next_url, str)
    for entry in listing.entries:
        assert isinstance(entry.url, str)


@PROPERTY_SETTINGS
@given(html=st.text(max_size=2000), url=urls)
def test_any_text_is_an_article_or_nothing(html: str, url: str) -> None:
    check_article(article_of(html, url))


@PROPERTY_SETTINGS
@given(html=pages, url=urls)
def test_any_tag_soup_is_an_article_or_nothing(html: str, url: str) -> None:
    check_article(article_of(html, url))


@PROPERTY_SETTINGS
@given(html=st.text(max_size=2000), url=urls)
def test_any_text_is_a_listing_or_nothing(html: str, url: str) -> None:
    check_listing(listing_of(html, url))


@PROPERTY_SETTINGS
@given(html=pages, url=urls)
def test_any_tag_soup_is_a_listing_or_nothing(html: str, url: str) -> None:
    check_listing(listing_of(html, url))


@PROPERTY_SETTINGS
@given(
    body=st.binary(max_size=3000),
    content_type=st.one_of(
        st.none(),
        st.sampled_from(["text/html; charset=utf-8", "text/html; charset=x-nonsense", "text/html"]),
        st.text(max_size=40),
    ),
)
def test_any_bytes_decode_and_extract(body: bytes, content_type: str | None) -> None:
    html = decode_html(body, content_type)
    assert isinstance(html, str)
    check_article(article_of(html, "https://news.example/a/1"))
    check_listing(listing_of(html, "https://news.example/tags/x"))


@PROPERTY_SETTINGS
@given(text=date_texts)
def test_any_date_text_parses_or_not(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or isinstance(parsed.iso, str)


@PROPERTY_SETTINGS
@given(url=urls, base=st.one_of(st.none(), urls))
def test_any_url_normalizes_or_not(url: str, base: str | None) -> None:
    result = normalize_url(url, base)
    assert result is None or isinstance(result, str)


def test_control_characters_do_not_cost_the_article(caplog) -> None:
    """Found by atheris: a control character after a removed boilerplate block made lxml refuse
    the text edit, and the whole page came out empty."""
    paragraph = "A long paragraph of article text that says what happened in the town today. " * 4
    html = (
        '<html><body><nav><a href="/">Home</a><a href="/x">News</a></nav>\x01 tail\x0b'
        f"<article><h1>Title here</h1><p>{paragraph}</p><p>{paragraph}</p></article>"
        "</body></html>"
    )
    result = extract_article(html, "https://news.example/a/1")
    assert result["headline"] == "Title here"
    assert result["body"] and result["body"].startswith("A long paragraph")
    assert "extraction failed" not in caplog.text


@settings(  # caplog is cleared by hand for each example
    PROPERTY_SETTINGS,
    suppress_health_check=[
        *PROPERTY_SETTINGS.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(html=pages, noise=st.text(alphabet="\x00\x01\x08\x0b\x0c\x1f\ufffe", min_size=1))
def test_control_characters_never_fail_extraction(html: str, noise: str, caplog) -> None:
    caplog.clear()
    check_article(extract_article(html.replace("<", noise + "<"), "https://news.example/a/1"))
    listing = parse_listing(html.replace(">", ">" + noise), "https://news.example/t/1")
    check_listing(listing)
    assert "extract-error" not in listing.uncertain
    assert "extraction failed" not in caplog.text


@PROPERTY_SETTINGS
@given(
    text=st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x7F),
            st.sampled_from("\ufffe\uffff\ufffd\uffbf\ufeff\u00ff\ud800é€\U0001f600"),
        )
    )
)
def test_byte_level_removal_of_xml_incompatible_characters_matches_the_pattern(text: str) -> None:
    """parse_html removes them from the UTF-8 bytes (cheaper); the result must be the bytes of
    the text with the characters of XML_INCOMPATIBLE_CHARACTERS removed."""
    cleaned = XML_INCOMPATIBLE_CHARACTERS.sub("", text)
    expected = cleaned.encode("utf-8", "replace")
    assert _utf8_without_xml_incompatible_characters(text) == (expected, cleaned != text)


@PROPERTY_SETTINGS
@given(
    text=st.text(
        alphabet=st.one_of(
            st.sampled_from("ab.\ue000"),
            st.characters(categories=["Zs", "Zl", "Zp", "Cc", "Cf"]),
        )
    )
)
def test_collapse_whitespace_collapses_the_runs_of_its_pattern(text: str) -> None:
    """collapse_whitespace uses str.split() for speed; it must give what substituting the runs
    of _WHITESPACE (the definition) gives."""
    assert collapse_whitespace(text) == _WHITESPACE.sub(" ", text).strip()


def test_an_unparseable_link_in_the_headline_does_not_cost_the_article(caplog) -> None:
    """Found by atheris: ``href="http://["`` in an <h1> made urlsplit raise (Invalid IPv6 URL)."""
    paragraph = "A long paragraph of article text that says what happened in the town today. " * 4
    html = (
        '<html><body><article><h1><a href="http://[broken">Title here</a></h1>'
        f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    )
    result = extract_article(html, "https://news.example/a/1")
    assert result["headline"] == "Title here"
    assert "extraction failed" not in caplog.text


def test_a_broken_html_start_tag_does_not_cost_the_article(caplog) -> None:
    """Found by atheris: a stray <html> start tag running into JSON (``{"@type": 1}`` read as
    an attribute name) made reading its lang attribute raise."""
    paragraph = "A long paragraph of article text that says what happened in the town today. " * 4
    html = (
        '<p>notice</p><html lang="de" {"@type": 1}>'
        f"<body><article><h1>Title here</h1><p>{paragraph}</p></article></body></html>"
    )
    result = extract_article(html, "https://news.example/a/1")
    assert result["headline"] == "Title here"
    assert "extraction failed" not in caplog.text
