"""Sanity tests of the demo world and its server: the truth matches what is served."""

from __future__ import annotations

import gzip
import http.client
import re
import urllib.request
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from lxml import etree

from crawler.demo.server import DemoServer, accepts_gzip, chunk_frames
from crawler.demo.sites import respond
from crawler.demo.world import (
    EDGE_BROKEN_PATH,
    EDGE_COOKIE_PATH,
    EDGE_CYRILLIC_PATH,
    EDGE_MOVED_PATH,
    EDGE_REDIRECT_PATH,
    EDGE_UNDATED_PATH,
    FEED_ITEMS,
    KINDS,
    ArticleTruth,
    World,
    build_world,
)

# The shared folder sits beside the repository (a copy of it beside CI's fresh clone).
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEED_PAGE = SHARED_SEED / "tag-page-idlib.txt"
BASE = "http://127.0.0.1:8000"  # for rendering without a server

# Where each layout keeps its article body, and which of the body's children are body text.
BODY_XPATH = {
    "drupal": "//div[contains(@class,'field-name-body')]//div[@property='content:encoded']",
    "edge": "//div[contains(@class,'field-name-body')]//div[@property='content:encoded']",
    "wp": "//div[@class='entry-content']",
}


def fetch(
    server: DemoServer, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request on a fresh connection; no redirect following, no decoding."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


def collapse(text: str) -> str:
    return " ".join(text.split())


def rendered_body(article: ArticleTruth, page_html: bytes) -> list[str]:
    """The body texts as a reader of the rendered page sees them."""
    tree = lxml.html.fromstring(page_html)
    if article.site == "table":
        (cell,) = tree.xpath("//td[@width='450']")  # the middle column of the layout table
        paragraphs = cell.xpath("./p")
        if paragraphs:
            return [collapse(p.text_content()) for p in paragraphs]
        font = cell.xpath("./font[@face='Verdana']")[0]
        return [collapse(part) for part in font.xpath("./text()") if part.strip()]
    container = tree.xpath(BODY_XPATH[article.site])[0]
    return [
        collapse(child.text_content())
        for child in container
        if child.tag in ("p", "h2", "h3") and "sd-title" not in child.get("class", "")
    ]


def article_html(world: World, article: ArticleTruth) -> bytes:
    return respond(world, article.final_path, BASE).body


def servable(world: World) -> list[ArticleTruth]:
    return [
        a
        for site in world.sites.values()
        for a in site.articles + site.other_articles
        if a.kind in ("article", "redirect", "robots-disallowed")
    ]


# --- the world ----------------------------------------------------------------------------------


def test_world_is_deterministic_and_seeded(world: World) -> None:
    assert build_world() == world
    other = build_world(7)
    assert [a.headline for a in other.sites["wp"].articles] != [
        a.headline for a in world.sites["wp"].articles
    ]


def test_listing_shape(world: World) -> None:
    assert set(world.sites) == {"drupal", "wp", "table", "edge"}
    for key in ("drupal", "wp", "table"):
        pages = world.sites[key].listing_pages
        assert len(pages) >= 3, key
        assert all(8 <= len(p.article_paths) <= 10 for p in pages[:-1]), key
    assert len(world.sites["drupal"].listing_pages[0].article_paths) == 10
    assert len(world.sites["edge"].listing_pages) == 2
    for site in world.sites.values():
        pages = site.listing_pages
        assert pages[0].path == site.tag_path
        assert [p.next_path for p in pages] == [p.path for p in pages[1:]] + [None]
        listed = [path for page in pages for path in page.article_paths]
        unlisted = {a.path for a in site.feed_only_articles}
        assert listed == [a.path for a in site.articles if a.path not in unlisted]
        assert len(set(listed)) == len(listed)


def test_one_article_of_the_tag_is_only_on_its_feed(world: World) -> None:
    """The Drupal listing leaves out one article of its tag, which the tag's feed lists among
    the listed ones (by date): a crawl that reads the feed finds it, the others are on both."""
    drupal = world.sites["drupal"]
    (unlisted,) = drupal.feed_only_articles
    assert unlisted.is_article and "Idlib" in unlisted.tags
    feed = drupal.feed_articles()
    assert len(feed) == FEED_ITEMS and unlisted in feed[1:-1]
    dates = [a.published for a in drupal.articles]
    assert dates == sorted(dates, reverse=True)
    assert [a for a in feed if a is not unlisted] == drupal.listed_articles[: FEED_ITEMS - 1]
    edge = world.sites["edge"]
    assert edge.feed_only_articles == []
    assert edge.feed_articles() == [a for a in edge.articles if a.host is None][:FEED_ITEMS]
    for site in (world.sites["wp"], world.sites["table"]):
        assert site.feed_path is None and site.feed_only_articles == []


def test_first_drupal_page_is_made_of_the_seed_entries(world: World) -> None:
    first = world.sites["drupal"].listed_articles[:10]
    assert first[0].headline == (
        "Kremlin: It's not time to talk about the worst-case scenarios in Syria's Idlib yet"
    )
    assert first[-1].teaser.endswith("on social networks,” he remarked.\xa0…")


def test_teasers_are_cut_from_the_body(world: World) -> None:
    for article in world.sites["drupal"].articles + world.sites["edge"].articles:
        if not article.body_paragraphs:
            continue
        assert article.teaser.endswith("\xa0…")
        shown = [p.removesuffix("\xa0…") for p in article.teaser_paragraphs]
        opening = article.body_paragraphs[: len(shown)]
        assert all(full.startswith(part) for part, full in zip(shown, opening, strict=True))
    for article in world.sites["table"].articles:
        assert article.body_paragraphs[0].startswith(article.teaser.removesuffix(" ..."))
    for article in world.sites["wp"].articles:
        words = article.teaser.removesuffix(" […]")
        assert " ".join(article.body_paragraphs).startswith(words) and len(words.split()) == 55


@pytest.mark.skipif(not SHARED_SEED.is_dir(), reason=f"no {SHARED_SEED} beside the repository")
def test_seed_entries_are_verbatim(world: World) -> None:
    seed = SEED_PAGE.read_text(encoding="utf-8")
    headlines = [line[4:].strip() for line in seed.splitlines() if line.startswith("  • ")]
    first = world.sites["drupal"].listed_articles[:10]
    assert [a.headline for a in first] == headlines
    for article in first:
        for paragraph in article.teaser_paragraphs:
            assert paragraph in seed


def test_truth_fields(world: World) -> None:
    kinds = {a.kind for a in world.sites["edge"].articles}
    assert kinds == set(KINDS)
    for article in world.all_articles():
        assert article.teaser
        if article.is_article:
            assert 4 <= len(article.body_paragraphs) <= 12, article.path
            assert article.headline and article.final_path.startswith("/")
    drupal = world.sites["drupal"].articles[0]
    assert drupal.published.isoformat() == "2020-02-21T14:05:00+03:00"
    assert drupal.date_text == "21 February 2020, 14:05"
    assert drupal.listing_date_text == "21.02.2020 14:05"
    table = world.sites["table"].articles[0]
    assert table.published.tzinfo is None and table.date_only
    assert table.date_text == "Feb. 21, 2020" and table.listing_date_text == "21/02/2020"
    edge = {a.path: a for a in world.sites["edge"].articles}
    assert edge[EDGE_REDIRECT_PATH].final_path == EDGE_MOVED_PATH
    assert edge[EDGE_UNDATED_PATH].published is None
    assert edge[EDGE_CYRILLIC_PATH].encoding == "windows-1251"
    assert edge[EDGE_CYRILLIC_PATH].language == "ru"


def test_every_article_page_renders_its_truth(world: World) -> None:
    for article in servable(world):
        page = respond(world, article.final_path, BASE)
        assert page.status == 200, article.final_path
        text = page.body.decode(article.encoding or "utf-8")
        assert article.headline in text.replace("&amp;", "&")
        if article.final_path == EDGE_BROKEN_PATH:
            continue
        assert rendered_body(article, page.body) == article.body_paragraphs, article.final_path


def test_broken_article_still_parses_to_its_truth(world: World) -> None:
    article = world.sites["edge"].entry(EDGE_BROKEN_PATH)
    html = article_html(world, article)
    assert not html.rstrip().endswith(b"</html>") and b"</div></div></div>" in html
    tree = lxml.html.fromstring(html)
    texts = [collapse(p.text_content()) for p in tree.xpath("//p")]
    assert texts == article.body_paragraphs
    assert collapse(tree.xpath("//h1")[0].text_content()) == article.headline


def test_truth_body_has_no_page_chrome(world: World) -> None:
    for article in servable(world):
        body = " ".join(article.body_paragraphs)
        assert "Share this" not in body and "read more" not in body
        if article.caption:
            assert article.caption not in article.body_paragraphs
        for comment in article.comments:
            assert comment.text not in body


def test_undated_article_shows_no_date(world: World) -> None:
    article = world.sites["edge"].entry(EDGE_UNDATED_PATH)
    html = article_html(world, article)
    text = lxml.html.fromstring(html).text_content()
    assert article.path == "/edge/news/analysis-why-the-highway-matters"
    assert not re.search(r"20\d\d|January|February|March|\d\d[./]\d\d", text)
    assert b"published_time" not in html and b"<time" not in html


def test_page_sizes_are_realistic(world: World) -> None:
    for article in servable(world):
        if article.final_path == EDGE_BROKEN_PATH:
            continue
        size = len(article_html(world, article))
        assert 15_000 <= size <= 60_000, (article.final_path, size)


def test_table_site_has_non_ascii_and_no_metadata(world: World) -> None:
    site = world.sites["table"]
    html = b"".join(article_html(world, a) for a in site.articles)
    assert "“".encode() in html and "é".encode() in html
    for marker in (b"canonical", b"og:", b"ld+json", b"<time", b"<meta property"):
        assert marker not in html


# --- the server ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["drupal", "wp", "table"])
def test_first_tag_pages_list_the_truth(server: DemoServer, key: str) -> None:
    site = server.world.sites[key]
    url = server.url(site.tag_path)
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        html = response.read()
    tree = lxml.html.fromstring(html)
    hrefs = [urljoin(url, href) for href in tree.xpath("//a/@href")]
    expected = [server.url(p) for p in site.listing_pages[0].article_paths]
    found = [h for h in dict.fromkeys(hrefs) if h in expected]
    assert found == expected
    next_url = server.url(site.listing_pages[0].next_path)
    assert next_url in hrefs or next_url in [urljoin(url, h) for h in tree.xpath("//link/@href")]


def test_drupal_listing_markup(server: DemoServer) -> None:
    site = server.world.sites["drupal"]
    _, _, html = fetch(server, site.tag_path)
    tree = lxml.html.fromstring(html)
    assert tree.xpath("string(//h1)") == "Contents tagged with Idlib"
    rows = tree.xpath("//div[contains(@class,'views-row')]")
    assert len(rows) == 10
    for row, article in zip(rows, site.listed_articles[:10], strict=True):
        assert row.xpath("string(.//h2/a)") == article.headline
        teaser = " ".join(p.text_content() for p in row.xpath(".//div[@class='field-item even']/p"))
        assert teaser == article.teaser
        assert row.xpath(".//a[.='read more']/@href") == [article.path]
        assert article.listing_date_text in row.text_content()
    assert tree.xpath("//ul[@class='pager']/li[@class='pager-current']/text()") == ["1"]
    assert tree.xpath("//li[@class='pager-next']/a/@href") == ["/drupal/tags/idlib?page=1"]
    most_read = tree.xpath("//div[@id='block-views-most-read-block']//a/@href")
    assert len(most_read) == 5 and most_read == site.most_read_paths


@pytest.mark.parametrize("key", ["drupal", "edge"])
def test_tag_feed_is_linked_and_lists_the_truth(server: DemoServer, key: str) -> None:
    site = server.world.sites[key]
    _, _, listing = fetch(server, site.tag_path)
    feed_links = lxml.html.fromstring(listing).xpath("//link[@type='application/rss+xml']/@href")
    assert feed_links == [site.feed_path]
    status, headers, body = fetch(server, site.feed_path)
    assert status == 200 and headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    (channel,) = etree.fromstring(body).xpath("/rss[@version='2.0']/channel")
    assert channel.findtext("link") == server.url(site.tag_path)
    items = channel.findall("item")
    expected = site.feed_articles()
    assert [item.findtext("link") for item in items] == [server.url(a.path) for a in expected]
    assert [item.findtext("title") for item in items] == [a.headline for a in expected]
    assert [item.findtext("pubDate") for item in items] == [
        format_datetime(a.published) if a.published else None for a in expected
    ]


def test_feed_of_a_tag_without_articles_is_404(server: DemoServer) -> None:
    assert fetch(server, "/drupal/tags/no-such-tag/feed")[0] == 404


def test_article_pages_one_per_site(server: DemoServer) -> None:
    for key in ("drupal", "wp", "table", "edge"):
        article = server.world.sites[key].articles[0]
        with urllib.request.urlopen(article.url(server.base_url), timeout=10) as response:
            html = response.read()
        assert rendered_body(article, html) == article.body_paragraphs


def test_drupal_article_metadata(server: DemoServer) -> None:
    article = server.world.sites["drupal"].articles[0]
    _, _, html = fetch(server, article.path)
    tree = lxml.html.fromstring(html)
    assert tree.get("lang") == "en"
    assert tree.xpath("//link[@rel='canonical']/@href") == [server.url(article.canonical_path)]
    published = tree.xpath("//meta[@property='article:published_time']/@content")
    assert published == ["2020-02-21T14:05:00+03:00"]
    assert tree.xpath("//meta[@property='article:tag']/@content") == article.tags
    assert tree.xpath("string(//h1)") == article.headline
    assert article.date_text in tree.text_content()
    assert "By " + " and ".join(article.authors) in collapse(tree.text_content())
    assert len(tree.xpath("//div[contains(@class,'comment ')]")) == 2


def test_unknown_path_is_404(server: DemoServer) -> None:
    assert fetch(server, "/no/such/page")[0] == 404
    assert fetch(server, "/drupal/news/2020/02/no-such-article")[0] == 404
    statuses = {a.kind: fetch(server, a.path)[0] for a in server.world.sites["edge"].articles}
    assert statuses["http-404"] == 404 and statuses["http-500"] == 500


def test_redirect_answers_301(server: DemoServer) -> None:
    status, headers, _ = fetch(server, EDGE_REDIRECT_PATH)
    assert status == 301
    assert headers["Location"] == server.url(EDGE_MOVED_PATH)
    assert fetch(server, EDGE_MOVED_PATH)[0] == 200


def test_windows_1251_article(server: DemoServer) -> None:
    article = server.world.sites["edge"].entry(EDGE_CYRILLIC_PATH)
    status, headers, body = fetch(server, article.path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=windows-1251"
    assert article.headline.encode("windows-1251") in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("windows-1251")
    assert (
        article.headline in text and '<html xmlns="http://www.w3.org/1999/xhtml" lang="ru"' in text
    )
    assert rendered_body(article, body) == article.body_paragraphs


def test_wp_gzip_and_chunked(server: DemoServer) -> None:
    article = server.world.sites["wp"].articles[0]
    status, headers, body = fetch(server, article.path, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in headers
    html = gzip.decompress(body).decode("utf-8")
    assert article.headline in html and "application/ld+json" in html
    exchange = server.requests_for(article.path)[-1]
    assert exchange.gzipped and exchange.chunked and exchange.response_body == body
    assert exchange.response_body_wire == b"".join(chunk_frames(body))
    assert exchange.response_body_wire.endswith(b"\r\n0\r\n\r\n")

    _, plain_headers, plain = fetch(server, article.path)
    assert "Content-Encoding" not in plain_headers and article.headline.encode() in plain
    _, refused, _ = fetch(server, article.path, headers={"Accept-Encoding": "gzip;q=0, br"})
    assert "Content-Encoding" not in refused
    _, listing_headers, listing = fetch(
        server, server.world.sites["wp"].tag_path, headers={"Accept-Encoding": "gzip, deflate"}
    )
    assert listing_headers["Content-Encoding"] == "gzip"
    assert listing_headers["Content-Length"] == str(len(listing))


def test_wp_article_json_ld(server: DemoServer) -> None:
    import json

    for article in server.world.sites["wp"].articles[:2]:
        _, _, html = fetch(server, article.path)
        tree = lxml.html.fromstring(html)
        (data,) = tree.xpath("//script[@type='application/ld+json']/text()")
        graph = {node["@id"]: node for node in json.loads(data)["@graph"]}
        post = graph[server.url(article.path) + "#article"]
        assert post["headline"] == article.headline
        assert post["datePublished"] == article.published.isoformat()
        assert post["dateModified"] > post["datePublished"]
        assert "articleBody" not in post and post["inLanguage"] == "en-US"
        name = post["author"].get("name") or graph[post["author"]["@id"]]["name"]
        assert [name] == article.authors
        assert tree.xpath("string(//title)") == f"{article.headline} – Frontline Notes"


def test_two_set_cookie_headers(server: DemoServer) -> None:
    status, headers, _ = fetch(server, EDGE_COOKIE_PATH)
    assert status == 200
    assert len(headers.get_all("Set-Cookie")) == 2
    assert len(server.requests_for(EDGE_COOKIE_PATH)[-1].response_values("set-cookie")) == 2


def test_robots_txt(server: DemoServer) -> None:
    status, headers, body = fetch(server, "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert body == b"User-agent: *\nDisallow: /edge/private/\n"


def test_pdf_entry(server: DemoServer) -> None:
    (pdf,) = [a for a in server.world.sites["edge"].articles if a.kind == "non-html"]
    status, headers, body = fetch(server, pdf.path)
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF-1.4") and body.rstrip().endswith(b"%%EOF")


def test_offsite_link_points_to_another_host(server: DemoServer) -> None:
    (offsite,) = [a for a in server.world.sites["edge"].articles if a.kind == "offsite"]
    _, _, html = fetch(server, server.world.sites["edge"].tag_path)
    expected = f"http://127.0.0.2:{server.port}/edge/offsite-article"
    assert offsite.url(server.base_url) == expected
    assert expected.encode() in html
    assert urlsplit(server.base_url).hostname == "127.0.0.1"


def test_query_string_article(server: DemoServer) -> None:
    (story,) = [a for a in server.world.sites["edge"].articles if "?" in a.path]
    _, _, listing = fetch(server, server.world.sites["edge"].listing_pages[1].path)
    assert b'href="/edge/story?id=42&amp;lang=en"' in listing
    assert fetch(server, story.path)[0] == 200


def test_log_keeps_raw_bytes_and_keep_alive(server: DemoServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for path in ("/robots.txt", "/table/tag.php?tag=idlib&page=2"):
            connection.request("GET", path, headers={"X-Test": "keep-alive"})
            connection.getresponse().read()
    finally:
        connection.close()
    first = server.requests_for("/robots.txt")[-1]
    second = server.requests_for("/table/tag.php?tag=idlib&page=2")[-1]
    assert first.connection_id == second.connection_id
    assert second.request_head.startswith(b"GET /table/tag.php?tag=idlib&page=2 HTTP/1.1\r\n")
    assert (
        second.request_head.endswith(b"\r\n\r\n")
        and b"X-Test: keep-alive\r\n" in second.request_head
    )
    assert second.response_head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert second.response_head.endswith(b"\r\n\r\n")
    assert ("Content-Length", str(len(second.response_body))) in second.response_headers


def test_head_request_sends_no_body(server: DemoServer) -> None:
    status, headers, body = fetch(server, "/drupal/tags/idlib", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 10_000


def test_index_page_links_every_site(server: DemoServer) -> None:
    _, _, html = fetch(server, "/")
    for site in server.world.sites.values():
        assert site.tag_path.replace("&", "&amp;").encode() in html


def test_accepts_gzip() -> None:
    assert accepts_gzip("gzip, deflate, br")
    assert accepts_gzip("*")
    assert not accepts_gzip(None)
    assert not accepts_gzip("identity")
    assert not accepts_gzip("gzip;q=0, *")
    assert not accepts_gzip("*;q=0")
