"""robots.txt is applied to every request, also to those that arrive while it downloads."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawling import crawl

ROBOTS = b"User-agent: *\nDisallow: /tag/\n"
TAGS = ("rivers", "bridges", "harbours", "ferries")


class SlowRobotsHandler(http.server.BaseHTTPRequestHandler):
    """robots.txt answers after a pause, so the crawl's first requests all wait for it."""

    requested: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.requested.append(self.path)
        if self.path == "/robots.txt":
            time.sleep(0.5)
            body, kind = ROBOTS, "text/plain"
        else:
            body, kind = b"<html><body><h1>Tag page</h1></body></html>", "text/html"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


@pytest.fixture
def slow_robots_site() -> Iterator[tuple[str, list[str]]]:
    requested: list[str] = []
    handler = type("Handler", (SlowRobotsHandler,), {"requested": requested})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()


def test_every_start_url_waiting_for_robots_txt_is_checked_against_it(
    tmp_path: Path, slow_robots_site: tuple[str, list[str]]
) -> None:
    origin, requested = slow_robots_site
    result = crawl(tmp_path / "out", *(f"{origin}/tag/{tag}/" for tag in TAGS))
    assert requested == ["/robots.txt"]
    assert result.summary["counts"]["robots_forbidden"] == len(TAGS)


def test_a_forbidden_listing_says_how_to_crawl_it_anyway(
    tmp_path: Path, slow_robots_site: tuple[str, list[str]]
) -> None:
    origin, _ = slow_robots_site
    result = crawl(tmp_path / "out", f"{origin}/tag/rivers/")
    assert result.returncode == 1
    assert "no listing page could be fetched (failures: robots_forbidden: 1)" in result.stderr
    assert "-s ROBOTSTXT_OBEY=False" in result.stderr
