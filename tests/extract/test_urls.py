"""URL normalisation and same-site checks; expected values are written by hand."""

from __future__ import annotations

import pytest

from crawler.extract.urls import normalize_url, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://ex.org/a?utm_source=tw&id=7&utm_medium=social&fbclid=XyZ&gclid=1",
            "https://ex.org/a?id=7",
        ),
        ("https://ex.org/a?mc_cid=1&mc_eid=2&ref=home&page=3", "https://ex.org/a?page=3"),
        ("https://ex.org/a?UTM_Campaign=x&b=2&a=1", "https://ex.org/a?b=2&a=1"),
        ("https://ex.org/a?z=1&y=&x", "https://ex.org/a?z=1&y=&x"),
        ("https://ex.org/a?utm_source=only", "https://ex.org/a"),
        ("https://ex.org/a?reference=kept", "https://ex.org/a?reference=kept"),
    ],
)
def test_tracking_parameters_dropped_rest_kept_in_order(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ex.org/story#comments", "https://ex.org/story"),
        ("https://ex.org/story?x=1#top", "https://ex.org/story?x=1"),
        ("HTTPS://WWW.Ex.ORG/Story/Path", "https://www.ex.org/Story/Path"),
        ("http://ex.org:80/a", "http://ex.org/a"),
        ("https://ex.org:443/a", "https://ex.org/a"),
        ("https://ex.org:8443/a", "https://ex.org:8443/a"),
        ("http://ex.org:443/a", "http://ex.org:443/a"),
        ("https://ex.org", "https://ex.org/"),
        ("  https://ex.org/a\n/b\t ", "https://ex.org/a/b"),
        ("https://ex.org/a b/ü", "https://ex.org/a%20b/%C3%BC"),
    ],
)
def test_fragment_case_ports_and_escaping(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("../c/d?page=2", "https://ex.org/a/b/", "https://ex.org/a/c/d?page=2"),
        ("?page=1", "https://ex.org/tags/idlib", "https://ex.org/tags/idlib?page=1"),
        ("/x#y", "https://ex.org/tags/idlib?page=1", "https://ex.org/x"),
        ("//cdn.ex.net/img", "https://ex.org/", "https://cdn.ex.net/img"),
        ("story.html", "http://ex.org/news/", "http://ex.org/news/story.html"),
        ("https://other.org/z", "https://ex.org/", "https://other.org/z"),
    ],
)
def test_relative_urls_resolve_against_base(url: str, base: str, expected: str) -> None:
    assert normalize_url(url, base) == expected


@pytest.mark.parametrize(
    "url",
    [
        "mailto:desk@ex.org",
        "javascript:void(0)",
        "tel:+441234567",
        "data:text/html,<b>x</b>",
        "ftp://ex.org/file",
        "http://[::1",
        "http://ex.org:99999/",
        "https:///no-host",
        "",
        "no-scheme-and-no-base",
    ],
)
def test_non_http_or_unparseable_gives_none(url: str) -> None:
    assert normalize_url(url) is None


def test_non_http_stays_none_with_a_base() -> None:
    assert normalize_url("mailto:desk@ex.org", "https://ex.org/") is None
    assert normalize_url("javascript:alert(1)", "https://ex.org/") is None


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("https://www.ex.org/a", "https://ex.org/b", True),
        ("http://ex.org/a", "https://EX.org/b", True),
        ("https://ex.org:8080/a", "https://ex.org/a", False),
        ("https://news.ex.org/a", "https://ex.org/a", False),
        ("https://ex.org/a", "https://ex.org.evil.net/a", False),
        ("mailto:a@ex.org", "mailto:a@ex.org", False),
    ],
)
def test_same_site(first: str, second: str, expected: bool) -> None:
    assert same_site(first, second) is expected


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        (
            "..\\..\\war-notes\\index.html",
            "https://ex.org/category/news/",
            "https://ex.org/war-notes/index.html",
        ),
        (
            "page\\2\\index.html",
            "https://ex.org/category/news/",
            "https://ex.org/category/news/page/2/index.html",
        ),
        ("\\\\cdn.ex.net\\img.png", "https://ex.org/", "https://cdn.ex.net/img.png"),
        ("https:\\\\ex.org\\a\\b", None, "https://ex.org/a/b"),
        ("/search?q=a\\b", "https://ex.org/", "https://ex.org/search?q=a%5Cb"),
    ],
)
def test_backslashes_are_slashes_before_the_query_as_browsers_read_them(
    url: str, base: str | None, expected: str
) -> None:
    """A site exported on Windows writes every link with backslashes; browsers (the WHATWG
    URL parser) read a backslash as a slash in an http(s) URL's authority and path, so the
    site works: the crawler must follow the same links."""
    assert normalize_url(url, base) == expected
