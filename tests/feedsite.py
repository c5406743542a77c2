"""A loopback site whose tag listings link their feeds: feeds that list entries the listing
lacks, and hostile feeds (billion laughs, XXE, 50 MB, not XML).

Tags (``/tag/<name>/``, first page links ``/tag/<name>/feed/``):

- ``missed``: two listing pages of four entries; its feed lists those eight and two more
  (``FEED_ONLY``), one of them dated long ago;
- ``sparse``: one page of three entries; its feed lists twelve (many more: uncertain);
- ``laughs``, ``xxe``, ``huge`` (50 MB with its Content-Length), ``huge-chunked`` (50 MB,
  chunked), ``gzipped`` (50 MB once decompressed, 50 kB sent), ``notxml``: three entries each,
  and a feed that must be refused.
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

HUGE_FEED = 50 * 1024 * 1024
CHUNK = 64 * 1024
HOSTILE_TAGS = ("laughs", "xxe", "huge", "huge-chunked", "gzipped", "notxml")
SECRET = "FEED-XXE-SECRET-7f3a"


@dataclass(frozen=True)
class Article:
    slug: str
    headline: str
    date: str  # ISO 8601

    @property
    def path(self) -> str:
        return f"/news/{self.slug}/"


def article(slug: str, day: int, year: int = 2024) -> Article:
    words = slug.replace("-", " ")
    return Article(slug, f"{words.capitalize()} makes the news", f"{year}-05-{day:02d}T09:30:00Z")


MISSED_PAGES = (
    [article(f"missed-{n}", 28 - n) for n in (1, 2, 3, 4)],
    [article(f"missed-{n}", 28 - n) for n in (5, 6, 7, 8)],
)
FEED_ONLY = (article("feed-only-new", 25), article("feed-only-old", 3, year=2019))
# The feed's order (newest first, as sites list them): each feed-only entry between listed ones.
MISSED_FEED = (
    *MISSED_PAGES[0][:2],
    FEED_ONLY[0],
    *MISSED_PAGES[0][2:],
    *MISSED_PAGES[1][:2],
    FEED_ONLY[1],
    *MISSED_PAGES[1][2:],
)
SPARSE_LISTED = [article(f"sparse-{n}", 20 - n) for n in (1, 2, 3)]
SPARSE_FEED = [*SPARSE_LISTED, *(article(f"sparse-unlisted-{n}", 10 - n % 9) for n in range(9))]
HOSTILE_LISTED = {tag: [article(f"{tag}-{n}", 10 + n) for n in (1, 2, 3)] for tag in HOSTILE_TAGS}
ARTICLES = {
    a.path: a
    for a in (
        *MISSED_FEED,
        *SPARSE_FEED,
        *(a for listed in HOSTILE_LISTED.values() for a in listed),
    )
}


def tag_path(tag: str, page: int = 1) -> str:
    return f"/tag/{tag}/" if page == 1 else f"/tag/{tag}/page/{page}/"


def feed_path(tag: str) -> str:
    return f"/tag/{tag}/feed/"


def listing_html(tag: str, page: int, entries: list[Article], next_page: int | None) -> str:
    head = f'<link rel="alternate" type="application/rss+xml" href="{feed_path(tag)}">'
    blocks = "\n".join(
        f'<article class="post"><h2 class="entry-title"><a href="{a.path}">{escape(a.headline)}'
        f'</a></h2><time datetime="{a.date}">{a.date[:10]}</time>'
        f"<p>A short teaser of {escape(a.headline.lower())}, cut off here…</p></article>"
        for a in entries
    )
    pager = f'<a rel="next" href="{tag_path(tag, next_page)}">Older posts</a>' if next_page else ""
    return (
        f"<!DOCTYPE html><html><head><title>Tag {tag} page {page}</title>"
        f'<link rel="alternate" type="application/rss+xml" href="/feed/">{head}</head><body>'
        f'<header><a href="/">The Feed Gazette</a></header><main><h1>Tagged {tag}</h1>'
        f"{blocks}<nav>{pager}</nav></main></body></html>"
    )


def article_html(a: Article) -> str:
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story about {escape(a.headline.lower())}: the reporters "
        f"spoke with residents, officials and aid workers over several days.</p>"
        for n in range(1, 5)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{escape(a.headline)} | Feed Gazette"
        f"</title></head><body><article><h1>{escape(a.headline)}</h1>"
        f'<time datetime="{a.date}">{a.date[:10]}</time>{paragraphs}</article></body></html>'
    )


def rss(entries: list[Article] | tuple[Article, ...], base: str) -> bytes:
    items = "".join(
        f"<item><title>{escape(a.headline)}</title><link>{base}{a.path}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(a.date.replace('Z', '+00:00')))}"
        f"</pubDate></item>"
        for a in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Feed Gazette</title><link>{base}/</link>{items}</channel></rss>"
    ).encode()


def billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>'
        '<rss version="2.0"><channel><item><title>&lol9;</title>'
        "<link>/news/laughs-1/</link></item></channel></rss>"
    ).encode()


def xxe(secret_file: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
        '<rss version="2.0"><channel><item><title>&xxe;</title>'
        "<link>/news/xxe-unlisted/</link></item></channel></rss>"
    ).encode()


class FeedSite:
    """The site on 127.0.0.1 (a free port); a context manager. ``hits`` counts request paths."""

    def __init__(self, secret_file: Path) -> None:
        self.secret_file = secret_file
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with site.lock:
                    site.hits[self.path] += 1
                with contextlib.suppress(ConnectionError):
                    site.respond(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> FeedSite:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)

    def clear_hits(self) -> None:
        with self.lock:
            self.hits.clear()

    def respond(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        path = handler.path
        if path == "/robots.txt":
            return send(handler, b"User-agent: *\nAllow: /\n", "text/plain")
        if path in ARTICLES:
            return send(handler, article_html(ARTICLES[path]).encode(), "text/html; charset=utf-8")
        listing = self.listing(path)
        if listing is not None:
            return send(handler, listing.encode(), "text/html; charset=utf-8")
        tag = path.removeprefix("/tag/").removesuffix("/feed/")
        if path == feed_path(tag):
            return self.feed(handler, tag)
        send(handler, b"<html><body>Not found</body></html>", "text/html", "404 Not Found")

    def listing(self, path: str) -> str | None:
        if path == tag_path("missed"):
            return listing_html("missed", 1, MISSED_PAGES[0], 2)
        if path == tag_path("missed", 2):
            return listing_html("missed", 2, MISSED_PAGES[1], None)
        if path == tag_path("sparse"):
            return listing_html("sparse", 1, SPARSE_LISTED, None)
        for tag, listed in HOSTILE_LISTED.items():
            if path == tag_path(tag):
                return listing_html(tag, 1, listed, None)
        return None

    def feed(self, handler: http.server.BaseHTTPRequestHandler, tag: str) -> None:
        xml = "application/rss+xml"
        if tag == "missed":
            send(handler, rss(MISSED_FEED, self.base_url), xml)
        elif tag == "sparse":
            send(handler, rss(SPARSE_FEED, self.base_url), xml)
        elif tag == "laughs":
            send(handler, billion_laughs(), xml)
        elif tag == "xxe":
            send(handler, xxe(self.secret_file), xml)
        elif tag == "notxml":
            send(handler, b"<html><body><p>Feed moved<br>sorry</body></html>", xml)
        elif tag in ("huge", "huge-chunked"):
            stream_huge_feed(handler, chunked=tag == "huge-chunked")
        elif tag == "gzipped":
            send(handler, gzipped_huge_feed(), xml, extra=(("Content-Encoding", "gzip"),))
        else:
            send(handler, b"not found", "text/plain", "404 Not Found")


def send(
    handler: http.server.BaseHTTPRequestHandler,
    body: bytes,
    content_type: str,
    status: str = "200 OK",
    extra: tuple[tuple[str, str], ...] = (),
) -> None:
    code, _, _ = status.partition(" ")
    handler.send_response(int(code))
    handler.send_header("Content-Type", content_type)
    for name, value in extra:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def stream_huge_feed(handler: http.server.BaseHTTPRequestHandler, chunked: bool) -> None:
    """50 MB of well-formed RSS items, sent until done or the client hangs up."""
    item = b"<item><title>x</title><link>/news/huge-unlisted/</link></item>"
    block = item * (CHUNK // len(item))
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    if chunked:
        handler.send_header("Transfer-Encoding", "chunked")
    else:
        handler.send_header("Content-Length", str(HUGE_FEED))
    handler.end_headers()
    sent = 0
    handler.wfile.write(frame(b"<rss><channel>", chunked))
    while sent < HUGE_FEED:
        handler.wfile.write(frame(block, chunked))
        sent += len(block)
    handler.wfile.write(frame(b"</channel></rss>", chunked) + (b"0\r\n\r\n" if chunked else b""))


_GZIPPED: list[bytes] = []


def gzipped_huge_feed() -> bytes:
    """The 50 MB feed gzip-compressed (about 50 kB), built once."""
    if not _GZIPPED:
        item = b"<item><title>x</title><link>/news/huge-unlisted/</link></item>"
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [compressor.compress(b"<rss><channel>")]
        parts += [compressor.compress(item * 1024) for _ in range(HUGE_FEED // (len(item) * 1024))]
        parts.append(compressor.compress(b"</channel></rss>") + compressor.flush())
        _GZIPPED.append(b"".join(parts))
    return _GZIPPED[0]


def frame(data: bytes, chunked: bool) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data
