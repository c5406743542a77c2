"""End to end: the demo layouts' listing pages with the lists real sites put beside the main one.

A loopback server passes the demo world through, but adds three lists to each listing page of
the drupal, wp and table layouts, next to the main list (in its column, where landmarks such as
<aside> do not exclude them):

- a "Most read" block and a ``sidebar`` column, each with more entries than the main list and as
  rich (heading links and teasers): only the lower weight of lists in sidebars or under
  "Most read"-like headings keeps them from winning;
- a "Latest headlines" list of bare links, 2.5 times as long as the main list: only the weight
  of the main list's teasers keeps it from winning.

Their links go to real articles of the other layouts, so a crawl that takes one of these lists
for the main one fetches them and writes the wrong items.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import lxml.html
import pytest

from crawler.demo.server import DemoServer
from crawler.demo.world import ArticleTruth, ListingPageTruth, Site, World
from tests.crawling import CrawlResult, crawl

LAYOUTS = ("drupal", "wp", "table")
SIDE_LISTS_SIZE = 1.5  # entries of the "Most read" and sidebar lists per main-list entry
LATEST_LIST_SIZE = 2.5  # entries of the "Latest headlines" list per main-list entry
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def entry_with_teaser(url: str, article: ArticleTruth) -> str:
    return (
        f'<li><h3><a href="{escape(url)}">{escape(article.headline)}</a></h3>'
        f"<p>{escape(article.teaser)}</p></li>"
    )


def most_read_block(links: list[tuple[str, ArticleTruth]]) -> str:
    entries = "".join(entry_with_teaser(url, article) for url, article in links)
    return f'<div class="block"><h2>Most read</h2><ul>{entries}</ul></div>'


def sidebar_column(links: list[tuple[str, ArticleTruth]]) -> str:
    entries = "".join(entry_with_teaser(url, article) for url, article in links)
    return f'<div class="sidebar"><ul>{entries}</ul></div>'


def latest_headlines(links: list[tuple[str, ArticleTruth]]) -> str:
    entries = "".join(
        f'<li><a href="{escape(url)}">{escape(article.headline)}</a></li>' for url, article in links
    )
    return f'<div class="latest"><h2>Latest headlines</h2><ul>{entries}</ul></div>'


@dataclass
class ListingBlocks:
    """The lists added to one layout's listing pages, with links to ``articles``."""

    articles: list[ArticleTruth]  # of the other layouts, none of them on this layout's listing

    def links(self, base_url: str, start: int, count: int) -> list[tuple[str, ArticleTruth]]:
        chosen = [self.articles[(start + n) % len(self.articles)] for n in range(count)]
        return [(base_url + article.path, article) for article in chosen]

    def markup(self, base_url: str, main_entries: int) -> list[str]:
        side = round(SIDE_LISTS_SIZE * main_entries)
        latest = round(LATEST_LIST_SIZE * main_entries)
        return [
            most_read_block(self.links(base_url, 0, side)),
            sidebar_column(self.links(base_url, side, side)),
            latest_headlines(self.links(base_url, 2 * side, latest)),
        ]


def plain_articles(site: Site) -> list[ArticleTruth]:
    """The site's articles served at their own path on the demo host (no redirect)."""
    return [
        a
        for a in site.articles
        if a.kind == "article" and a.host is None and a.final_path == a.path
    ]


def with_blocks(
    html: str, page_url: str, page: ListingPageTruth, base_url: str, blocks: list[str]
) -> str:
    """The listing page with ``blocks`` right after the element holding its main list."""
    document = lxml.html.document_fromstring(html)
    document.make_links_absolute(page_url)
    main_urls = {base_url + path for path in page.article_paths}
    links = [a for a in document.iter("a") if a.get("href") in main_urls]
    assert links, f"no main-list link found on {page_url}"
    holding_all = [set(link.iterancestors()) for link in links]
    container = next(e for e in links[0].iterancestors() if all(e in up for up in holding_all))
    for block in reversed(blocks):
        container.addnext(lxml.html.fragment_fromstring(block))
    doctype = document.getroottree().docinfo.doctype
    return (doctype + "\n" if doctype else "") + lxml.html.tostring(document, encoding=str)


@dataclass
class ListingContextServer:
    """Passes requests to the demo server; adds the blocks to the layouts' listing pages."""

    demo: DemoServer
    world: World
    changed: list[str] = field(default_factory=list)  # listing pages served with the blocks
    requested: list[str] = field(default_factory=list)  # request targets, in order

    def __post_init__(self) -> None:
        self.pages: dict[str, tuple[ListingPageTruth, ListingBlocks]] = {}
        for key in LAYOUTS:
            others = [a for k in LAYOUTS if k != key for a in plain_articles(self.world.sites[k])]
            for page in self.world.sites[key].listing_pages:
                self.pages[page.path] = (page, ListingBlocks(others))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                status, headers, body = server.respond(self.path)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def respond(self, target: str) -> tuple[int, list[tuple[str, str]], bytes]:
        self.requested.append(target)
        status, headers, body = self.fetch_from_demo(target)
        if target in self.pages and status == 200:
            page, blocks = self.pages[target]
            markup = blocks.markup(self.base_url, len(page.article_paths))
            html = with_blocks(body.decode("utf-8"), self.url(target), page, self.base_url, markup)
            body = html.encode("utf-8")
            self.changed.append(target)
        return status, headers, body

    def fetch_from_demo(self, target: str) -> tuple[int, list[tuple[str, str]], bytes]:
        """The demo server's response, with its links pointing here."""
        demo = urlsplit(self.demo.base_url)
        connection = http.client.HTTPConnection(demo.hostname, demo.port, timeout=30)
        try:
            connection.request("GET", target)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        here = self.to_here
        headers = [(n, here(v)) for n, v in response.getheaders() if n.lower() not in HOP_BY_HOP]
        return response.status, headers, here(body.decode("latin-1")).encode("latin-1")

    def to_here(self, text: str) -> str:
        return text.replace(self.demo.base_url, self.base_url)

    def __enter__(self) -> ListingContextServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class LayoutCrawl:
    result: CrawlResult
    requested: list[str]
    changed: list[str]


@pytest.fixture(scope="module")
def crawls(
    server, world, tmp_path_factory
) -> Iterator[tuple[ListingContextServer, dict[str, LayoutCrawl]]]:
    with ListingContextServer(server, world) as passing:
        done = {}
        for key in LAYOUTS:
            passing.requested.clear()
            passing.changed.clear()
            result = crawl(tmp_path_factory.mktemp(key), passing.url(world.sites[key].tag_path))
            assert result.returncode == 0, result.stderr[-3000:]
            done[key] = LayoutCrawl(result, list(passing.requested), list(passing.changed))
        yield passing, done


@pytest.mark.parametrize("key", LAYOUTS)
def test_every_listing_page_had_the_competing_lists(crawls, world, key):
    _, done = crawls
    assert done[key].changed == [page.path for page in world.sites[key].listing_pages]


@pytest.mark.parametrize("key", LAYOUTS)
def test_only_the_main_lists_articles_become_items(crawls, world, key):
    passing, done = crawls
    site = world.sites[key]
    # The main lists' articles, and those only the tag's feed lists (passed through like pages).
    found = [*site.listed_articles, *site.feed_only_articles]
    expected = sorted(a.final_url(passing.base_url) for a in found if a.is_article)
    urls = sorted(item["url"] for item in done[key].result.items)
    assert urls == expected


@pytest.mark.parametrize("key", LAYOUTS)
def test_nothing_from_the_competing_lists_is_requested(crawls, world, key):
    _, done = crawls
    other_layouts = tuple(world.sites[k].prefix for k in LAYOUTS if k != key)
    assert [p for p in done[key].requested if p.startswith(other_layouts)] == []


@pytest.mark.parametrize("key", LAYOUTS)
def test_each_item_has_its_place_in_the_main_list(crawls, world, key):
    passing, done = crawls
    site = world.sites[key]
    items = {item["url"]: item for item in done[key].result.items}
    for page in site.listing_pages:
        for rank, path in enumerate(page.article_paths, start=1):
            article = site.entry(path)
            if not article.is_article:
                continue
            item = items[article.final_url(passing.base_url)]
            assert item["listing_url"] == passing.url(page.path)
            assert (item["listing_page"], item["listing_rank"]) == (page.number, rank)
            assert item["teaser_headline"] == article.headline
