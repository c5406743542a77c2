"""``crawler inspect``: what detection sees on one page, from saved fixtures and from a server
on 127.0.0.1; the site file it writes; one line and exit status 2 for every bad input."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.extract import extract_article_details, parse_listing
from crawler.extract.listing.explain import explain_listing
from crawler.sites import load_site_file
from tests.crawling import run_crawler

FIXTURES = Path(__file__).parent / "fixtures"
LISTINGS = FIXTURES / "listing"
# Each listing fixture with the URL its tests read it at (tests/extract/test_listing*.py).
LISTING_URLS = {
    "drupal.html": "https://news.example.org/tags/idlib",
    "wordpress.html": "https://blog.example.com/tag/idlib/",
    "table.html": "http://archive.example.net/list.php?tag=idlib",
    "cards.html": "https://meridian.example.com/topics/idlib",
    "headline_only.html": "https://dispatch.example.net/topics/idlib/page1.html",
    "sidebar_first.html": "https://crossroads.example.com/tags/idlib",
    "real/wp-post-class.html": "https://harbour.example/tag/news/index.html",
    "real/wp-meta-wrap.html": "https://pirates.example.it/category/news/",
    "real/footer-pager.html": "https://longreads.example/tags/music-industry/",
    "real/byline-links.html": "https://civic.example/category/news.html",
    "real/full-posts.html": "http://racedays.example.net/category/news/",
}
BYLINE_URL = LISTING_URLS["real/byline-links.html"]
ARTICLE = FIXTURES / "articles" / "wordpress.html"


def inspect(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["inspect", *args])
    out, err = capsys.readouterr()
    return status, out, err


def inspect_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    status, out, err = inspect(capsys, *args, "--json")
    assert status == 0, err
    return json.loads(out)


def fixture_args(name: str) -> list[str]:
    return [str(LISTINGS / name), "--url", LISTING_URLS[name]]


def assert_one_line_error(status: int, out: str, err: str, fragment: str) -> None:
    assert status == 2
    assert out == ""
    assert err.startswith("crawler: ") and err.count("\n") == 1, err
    assert fragment in err


# --------------------------------------------------------------------------- listing pages


def test_listing_text_lists_entries_and_next_page_with_its_source(capsys):
    status, out, _ = inspect(capsys, *fixture_args("real/byline-links.html"))
    assert status == 0
    assert "Shown as: listing" in out
    urls = [line.strip() for line in out.splitlines() if line.startswith("      https://")]
    assert urls == [
        "https://civic.example/release-3-14.html",
        "https://civic.example/join-the-project.html",
        "https://civic.example/restart.html",
        "https://civic.example/new-design.html",
        "https://civic.example/after-the-meetup.html",
    ]
    assert "Next page: https://civic.example/category/news2.html" in out
    assert "source: pager, because the link after the pager's current page number" in out
    assert "link: text '2'" in out


def test_listing_json_next_page_anchor_and_rule(capsys):
    report = inspect_json(capsys, *fixture_args("real/wp-post-class.html"))
    listing = report["listing"]
    assert [entry["url"] for entry in listing["entries"]] == [
        "https://harbour.example/2011/04/12/ferry-timetable-changes/index.html",
        "https://harbour.example/2011/03/02/new-pier-lights/index.html",
        "https://harbour.example/2011/01/20/market-moves-indoors/index.html",
    ]
    assert listing["entries"][1]["date"] == "March 2, 2011"
    next_page = listing["next_page"]
    assert next_page["url"] == "https://harbour.example/tag/news/page/2/index.html"
    # Twenty Ten's div#nav-below is a pager
    assert (next_page["source"], next_page["rule"]) == ("pager", "next-label")
    assert next_page["anchor_text"] == "← Older posts"
    assert listing["confidence"]["uncertain"] == []


def test_rejected_lists_and_links_appear_with_their_reasons(capsys):
    listing = inspect_json(capsys, *fixture_args("real/byline-links.html"))["listing"]
    chosen, author_list = listing["lists"][0], listing["lists"][1]
    assert chosen["chosen"] and chosen["size"] == 5
    assert not author_list["chosen"]
    assert author_list["sample_url"] == "https://civic.example/author/ana.html"
    assert "taxonomy-urls" in author_list["notes"]
    assert chosen["container"] == "body > div.row > div.large-9.columns > article > h3"
    assert author_list["container"].endswith("> article > h6")
    assert listing["confidence"]["chosen_score"] == chosen["score"]
    assert listing["confidence"]["runner_up_score"] == author_list["score"]
    rejected = {(link["url"], link["reason"]) for link in listing["rejected_links"]}
    assert ("https://civic.example/author/bo.html", "other-list") in rejected


def test_byline_and_rel_links_are_rejected_naming_the_line(capsys):
    listing = inspect_json(capsys, *fixture_args("real/wp-post-class.html"))["listing"]
    rejected = {link["url"]: link for link in listing["rejected_links"]}
    author = rejected["https://harbour.example/author/kim/index.html"]
    assert (author["reason"], author["detail"], author["taxonomy"]) == (
        "meta-line",
        "span.author.vcard",
        True,
    )
    category = rejected["https://harbour.example/category/town/index.html"]
    assert (category["reason"], category["detail"]) == ("rel", "category tag")
    login = rejected["https://hosting.example.org/log-in?redirect=x"]
    assert (login["reason"], login["off_site"]) == ("other-list", True)


def test_sidebar_lists_and_landmark_links_are_shown_as_rejected(capsys):
    status, out, _ = inspect(capsys, *fixture_args("drupal.html"))
    assert status == 0
    assert 'source: pager, because a "next" class on the link or its wrapper in the pager' in out
    assert 'under a "Most read"-like heading (x0.3)' in out
    assert "in a navigation landmark (nav, aside, site header or footer): 4" in out
    assert (
        "https://news.example.org/about  'About the editorial team of the site' (div#footer)" in out
    )
    report = inspect_json(capsys, *fixture_args("drupal.html"))
    most_read = [c for c in report["listing"]["lists"] if "negative-heading" in c["notes"]]
    assert most_read and not most_read[0]["chosen"]


def test_teasers_are_shortened(capsys):
    listing = inspect_json(capsys, *fixture_args("drupal.html"))["listing"]
    teaser = listing["entries"][0]["teaser"]
    assert teaser.endswith("…") and len(teaser) <= 161


@pytest.mark.parametrize("name", sorted(LISTING_URLS))
def test_explanation_is_what_parse_listing_gives(name):
    html = (LISTINGS / name).read_text(encoding="utf-8")
    url = LISTING_URLS[name]
    explanation = explain_listing(html, url)
    assert explanation.page == parse_listing(html, url)
    chosen = [c for c in explanation.lists if c.chosen]
    assert len(chosen) == (1 if explanation.page.entries else 0)


@pytest.mark.parametrize("html", ["", "   ", "no markup at all", "<html><body></body></html>"])
def test_an_empty_page_explains_as_no_entries(html):
    explanation = explain_listing(html, "https://empty.example/tag/x/")
    assert explanation.page == parse_listing(html, "https://empty.example/tag/x/")
    assert explanation.page.uncertain == ["no-entries"]
    assert explanation.lists == [] and explanation.selectors.selectors.entries is None


# --------------------------------------------------------------------------- article pages


def test_article_fields_each_with_its_source(capsys):
    status, out, _ = inspect(capsys, str(ARTICLE), "--url", "https://x.example/a/1")
    assert status == 0
    assert "Shown as: article" in out
    assert "headline      Five things we learned at the allotment show  [h1]" in out
    assert "date          2020-02-21T14:05:00+00:00  [time-element]" in out
    assert "authors       Maggie Thornton  [byline]" in out


def test_article_json_sources_are_the_extractors(capsys):
    report = inspect_json(capsys, str(ARTICLE), "--url", "https://x.example/a/1")
    fields, sources = extract_article_details(
        ARTICLE.read_text(encoding="utf-8"), "https://x.example/a/1"
    )
    article = report["article"]
    for name in ("headline", "date", "authors", "tags", "language", "canonical_url", "body"):
        assert article[name]["source"] == sources.get(name), name
    assert article["tags"]["value"] == fields["tags"]
    assert article["body"]["chars"] == len(fields["body"])
    assert len(article["body"]["value"]) <= 401


def test_as_forces_the_kind(capsys):
    report = inspect_json(capsys, *fixture_args("drupal.html"), "--as", "article")
    assert report["shown_as"] == ["article"] and "listing" not in report
    report = inspect_json(capsys, str(ARTICLE), "--url", "https://x.example/a/1", "--as", "listing")
    assert report["shown_as"] == ["listing"]
    assert report["listing"]["confidence"]["uncertain"] == ["no-entries"]


def test_a_page_with_two_entries_is_shown_both_ways_listing_first(tmp_path, capsys):
    page = tmp_path / "two.html"
    page.write_text(
        "<html><body><main>"
        '<article><h2><a href="/a/1">A first headline here</a></h2><p>Some teaser text.</p>'
        "</article>"
        '<article><h2><a href="/a/2">A second headline here</a></h2><p>More teaser text.</p>'
        "</article></main></body></html>",
        encoding="utf-8",
    )
    report = inspect_json(capsys, str(page), "--url", "https://two.example/tag/x/")
    assert report["shown_as"] == ["listing", "article"]
    assert report["listing"]["confidence"]["uncertain"] == ["few-entries", "no-next-guessed"]


def test_a_file_without_url_resolves_against_localhost_and_says_so(capsys):
    status, out, _ = inspect(capsys, str(LISTINGS / "real/byline-links.html"))
    assert status == 0
    assert "no --url given: links resolved against http://localhost/" in out
    assert "http://localhost/release-3-14.html" in out


# --------------------------------------------------------------------------- site files


@pytest.mark.parametrize("name", sorted(LISTING_URLS))
def test_written_site_file_loads_and_gives_the_same_entries(name, tmp_path, capsys):
    site = tmp_path / "site.toml"
    status, _, err = inspect(capsys, *fixture_args(name), "--write-site-file", str(site))
    assert status == 0
    assert f"wrote {site}" in err
    selectors = load_site_file(site).selectors
    assert selectors.entries and selectors.article_link
    html = (LISTINGS / name).read_text(encoding="utf-8")
    url = LISTING_URLS[name]
    detected, configured = parse_listing(html, url), parse_listing(html, url, selectors)
    assert [e.url for e in configured.entries] == [e.url for e in detected.entries]
    if selectors.next_page:
        assert configured.next_url == detected.next_url


def test_site_file_selectors_and_comments(tmp_path, capsys):
    site = tmp_path / "civic.yaml"
    inspect(capsys, *fixture_args("real/byline-links.html"), "--write-site-file", str(site))
    config = load_site_file(site)
    assert config.selectors.entries == "div.columns > article"
    assert config.selectors.article_link == "h3 a"
    assert config.selectors.next_page == "ul.pagination li.current + li a"
    assert config.selectors.headline is None
    text = site.read_text(encoding="utf-8")
    assert "# gives the 5 entry URLs detection found" in text
    assert "  # headline: 'h1.entry-title'" in text


def test_site_file_needs_a_toml_or_yaml_name(tmp_path, capsys):
    status, out, err = inspect(
        capsys, *fixture_args("drupal.html"), "--write-site-file", str(tmp_path / "site.txt")
    )
    assert_one_line_error(status, out, err, "must end in .toml, .yaml or .yml")
    assert not (tmp_path / "site.txt").exists()


# --------------------------------------------------------------------------- bad input


def test_unreadable_file(tmp_path, capsys):
    status, out, err = inspect(capsys, str(tmp_path / "missing.html"))
    assert_one_line_error(status, out, err, "missing.html: cannot read (No such file")
    status, out, err = inspect(capsys, str(tmp_path))
    assert_one_line_error(status, out, err, "cannot read")


def test_a_file_that_is_not_html(tmp_path, capsys):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    status, out, err = inspect(capsys, str(binary))
    assert_one_line_error(status, out, err, "not an HTML page")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://127.0.0.1/x", "not an http(s) URL"),
        ("http:///tags/x", "not an http(s) URL"),
        ("http://[::1/x", "not a valid URL"),
        ("http://127.0.0.1:99999/x", "cannot fetch"),
    ],
)
def test_bad_url(url, fragment, capsys):
    status, out, err = inspect(capsys, url)
    assert_one_line_error(status, out, err, fragment)


# --------------------------------------------------------------------------- over HTTP


class Site(http.server.ThreadingHTTPServer):
    """A tag listing, an article, robots.txt and a few bad answers, on 127.0.0.1."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SiteHandler)
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


PAGES = {
    "/tag/news/index.html": (LISTINGS / "real" / "wp-post-class.html").read_bytes(),
    "/a/1": ARTICLE.read_bytes(),
    "/private/page.html": b"<html><body><p>private</p></body></html>",
}


class SiteHandler(http.server.BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/robots.txt":
            self._answer(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        elif self.path in PAGES:
            self._answer(200, "text/html; charset=utf-8", PAGES[self.path])
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/tag/news/index.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/data.json":
            self._answer(200, "application/json", b'{"html": "<p>a paragraph</p>"}')
        else:
            self._answer(404, "text/html", b"<html><body>not here</body></html>")

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_listing_over_http(site, capsys):
    site.requests.clear()
    url = f"{site.origin}/tag/news/index.html"
    status, out, _ = inspect(capsys, url)
    assert status == 0
    assert f"Page: {url}" in out
    assert "HTTP 200, text/html; charset=utf-8" in out
    assert f"      {site.origin}/2011/04/12/ferry-timetable-changes/index.html" in out
    assert f"Next page: {site.origin}/tag/news/page/2/index.html" in out
    assert [path for path, _ in site.requests] == ["/robots.txt", "/tag/news/index.html"]
    assert all(agent.startswith("tagcrawler/") for _, agent in site.requests)


def test_an_article_over_http(site, capsys):
    report = inspect_json(capsys, f"{site.origin}/a/1")
    assert report["shown_as"] == ["article"]
    assert report["article"]["headline"] == {
        "value": "Five things we learned at the allotment show",
        "source": "h1",
    }


def test_a_redirect_resolves_links_against_the_final_url(site, capsys):
    report = inspect_json(capsys, f"{site.origin}/moved")
    assert report["input"]["url"] == f"{site.origin}/tag/news/index.html"
    assert report["listing"]["next_page"]["url"] == f"{site.origin}/tag/news/page/2/index.html"


def test_robots_txt_is_obeyed_unless_ignored(site, capsys):
    url = f"{site.origin}/private/page.html"
    status, out, err = inspect(capsys, url)
    assert_one_line_error(status, out, err, f"disallowed by {site.origin}/robots.txt")
    status, out, _ = inspect(capsys, url, "--ignore-robots")
    assert status == 0 and "Shown as: article" in out


def test_http_error_status(site, capsys):
    status, out, err = inspect(capsys, f"{site.origin}/nothing-here")
    assert_one_line_error(status, out, err, "HTTP 404")


def test_a_response_that_is_not_html(site, capsys):
    status, out, err = inspect(capsys, f"{site.origin}/data.json")
    assert_one_line_error(status, out, err, "not an HTML page (Content-Type: application/json)")


def test_a_response_over_the_size_cap(site, monkeypatch, capsys):
    monkeypatch.setattr("crawler.settings.DOWNLOAD_MAXSIZE", 1000)
    status, out, err = inspect(capsys, f"{site.origin}/tag/news/index.html")
    assert_one_line_error(status, out, err, "larger than")


def free_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_host_in_a_process_of_its_own():
    """The installed command: one line on stderr, exit status 2, no traceback."""
    done = run_crawler("inspect", f"http://127.0.0.1:{free_closed_port()}/tag/x/", timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("crawler: ") and done.stderr.count("\n") == 1, done.stderr
    assert "cannot fetch (Connection refused)" in done.stderr


def test_site_file_written_from_a_url(site, tmp_path, capsys):
    site_file = tmp_path / "site.toml"
    status, _, _ = inspect(
        capsys, f"{site.origin}/tag/news/index.html", "--write-site-file", str(site_file)
    )
    assert status == 0
    selectors = load_site_file(site_file).selectors
    html = PAGES["/tag/news/index.html"].decode("utf-8")
    url = f"{site.origin}/tag/news/index.html"
    assert [e.url for e in parse_listing(html, url, selectors).entries] == [
        e.url for e in parse_listing(html, url).entries
    ]
