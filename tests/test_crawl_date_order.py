"""End to end: a site whose numeric dates are month-first although its pages say en-GB.

Its listing shows one date that cannot be misread (03/29/2021); its articles show only dates
that can ("04/12/2021"). The crawl learns the site's order from the listing, reads every article
date in it, and remembers it: the next run, whose listing shows no such date, starts with it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crawler.state.store import STATE_FILE, SqliteStateStore
from tests.crawling import crawl

TEXT = "The parish council met again to talk about the footbridge over the mill stream. "


def listing_page(entries: list[tuple[int, str]]) -> str:
    items = "".join(
        f'<article class="teaser"><h2><a href="/news/{n}">Parish notice number {n}</a></h2>'
        f'<span class="date">{date}</span><p>{TEXT * 2}</p></article>'
        for n, date in entries
    )
    return (
        '<html lang="en-GB"><head><title>News | Parish</title></head><body>'
        f'<nav><a href="/">Home</a></nav><main><h1>News</h1>{items}</main></body></html>'
    )


def article_page(n: int, date: str) -> str:
    return (
        f'<html lang="en-GB"><head><title>Parish notice number {n}</title></head><body><main>'
        f'<article><h1>Parish notice number {n}</h1><p class="date">{date}</p>'
        f"<p>{TEXT * 3}</p><p>{TEXT * 2}</p></article></main></body></html>"
    )


class ParishSite:
    """Serves the listing at /news/ and the articles at /news/N from ``self.entries``."""

    def __init__(self) -> None:
        self.entries: list[tuple[int, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = site.page(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                data = (body or "not found").encode()
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/news/"

    def page(self, path: str) -> str | None:
        if path == "/news/":
            return listing_page(self.entries)
        dates = dict(self.entries)
        number = path.removeprefix("/news/")
        if number.isdigit() and int(number) in dates:
            return article_page(int(number), dates[int(number)])
        return None


@pytest.fixture
def site() -> Iterator[ParishSite]:
    served = ParishSite()
    thread = threading.Thread(target=served.httpd.serve_forever, daemon=True)
    thread.start()
    yield served
    served.httpd.shutdown()
    served.httpd.server_close()


def dates_by_number(result) -> dict[int, str]:
    return {int(item["url"].rsplit("/", 1)[1]): item["date"] for item in result.items}


def test_the_site_order_learned_from_the_listing_reads_the_articles_and_the_next_run(
    tmp_path, site
):
    site.entries = [(1, "03/29/2021"), (2, "04/12/2021"), (3, "05/06/2021"), (4, "02/03/2021")]
    first = crawl(tmp_path, site.url, extra=("--run-id", "first"))
    assert first.returncode == 0, first.stderr[-3000:]
    assert dates_by_number(first) == {
        1: "2021-03-29",
        2: "2021-04-12",
        3: "2021-05-06",
        4: "2021-02-03",
    }
    store = SqliteStateStore(tmp_path / STATE_FILE)
    try:
        assert store.site_date_order("127.0.0.1") == "month-first"
    finally:
        store.close()

    # the next listing shows only dates that could be misread (the one that cannot is gone)
    site.entries = [(5, "06/07/2021"), (6, "07/08/2021"), (7, "08/09/2021"), *site.entries[1:]]
    state = ("--state", str(tmp_path / STATE_FILE))
    second = crawl(tmp_path / "second", site.url, extra=("--run-id", "second", *state))
    assert second.returncode == 0, second.stderr[-3000:]
    assert dates_by_number(second) == {5: "2021-06-07", 6: "2021-07-08", 7: "2021-08-09"}
