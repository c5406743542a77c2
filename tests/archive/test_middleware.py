"""WarcArchiveMiddleware: a real Scrapy crawl (subprocess) against a recording server on
127.0.0.1, read back with warcio; plus in-process tests of skipping and capture details."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import ipaddress
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler import SOFTWARE
from crawler.archive.capture import capture_request, capture_response, host_header_value
from crawler.archive.middleware import (
    FETCH_START_META_KEY,
    WARC_META_KEY,
    WarcArchiveMiddleware,
    warc_directory,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SPIDER_FILE = Path(__file__).with_name("archive_spider.py")
SAME_PAYLOAD_SPIDER = Path(__file__).with_name("same_payload_spider.py")
MIDDLEWARE_PATH = "crawler.archive.middleware.WarcArchiveMiddleware"
# Scrapy's own would download the Public Suffix List when /cookies sets its cookies.
COOKIES_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.middlewares.cookies.BundledSuffixListCookiesMiddleware": 700,
}
SEARCH_PATH = "/search?q=warc+archive&page=2"
CHUNKS = [b"<html><body>", b"chunked ", b"page</body></html>"]
GZIP_BODY = gzip.compress(b"<html><body>compressed page</body></html>", mtime=0)
EXPECTED_PATHS = {
    "/robots.txt",
    "/cookies",
    "/plain",
    "/gzip",
    "/chunked",
    SEARCH_PATH,
    "/old",
    "/new",
    "/submit",
}


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


# --- recording test server -------------------------------------------------------------


@dataclass
class Route:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    chunked: bool = False


def html(text: str) -> bytes:
    return f"<html><body>{text}</body></html>".encode()


ROUTES = {
    "/robots.txt": Route(200, [("Content-Type", "text/plain")], b"User-agent: *\nAllow: /\n"),
    "/cookies": Route(
        200,
        [
            ("Content-Type", "text/html"),
            ("Set-Cookie", "session=abc; Path=/"),
            ("Set-Cookie", "theme=dark; Path=/"),
        ],
        html("cookies"),
    ),
    "/plain": Route(200, [("Content-Type", "text/html; charset=utf-8")], html("plain")),
    "/gzip": Route(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], GZIP_BODY),
    "/chunked": Route(200, [("Content-Type", "text/html")], b"".join(CHUNKS), chunked=True),
    "/search": Route(200, [("Content-Type", "text/html")], html("results")),
    "/old": Route(301, [("Location", "/new"), ("Content-Type", "text/plain")], b"moved"),
    "/new": Route(200, [("Content-Type", "text/html")], html("new")),
    "/submit": Route(200, [("Content-Type", "text/html")], html("posted")),
}


@dataclass
class Received:
    method: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class ServerLog:
    """What the server received and the exact entity bytes it sent, keyed by path+query."""

    received: dict[str, Received] = field(default_factory=dict)
    sent_body: dict[str, bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class RecordingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log: ServerLog

    def do_GET(self) -> None:
        self.answer(b"")

    def do_POST(self) -> None:
        self.answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def answer(self, request_body: bytes) -> None:
        route = ROUTES.get(self.path.split("?", 1)[0], Route(404, [], b"missing"))
        with self.log.lock:
            self.log.received[self.path] = Received(
                self.command, list(self.headers.items()), request_body
            )
            self.log.sent_body[self.path] = route.body
        self.send_response_only(route.status)
        for name, value in route.headers:
            self.send_header(name, value)
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for chunk in CHUNKS:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, ServerLog]]:
    log = ServerLog()
    handler = type("Handler", (RecordingHandler,), {"log": log})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", log
    httpd.shutdown()
    httpd.server_close()


# --- the crawl --------------------------------------------------------------------------


@dataclass
class WarcRecord:
    file: Path
    type: str
    warc: Any
    http: Any
    payload: bytes

    @property
    def uri(self) -> str:
        return self.warc.get_header("WARC-Target-URI")

    @property
    def record_id(self) -> str:
        return self.warc.get_header("WARC-Record-ID")


@dataclass
class Crawl:
    base_url: str
    log: ServerLog
    run_dir: Path
    files: list[Path]
    records: list[WarcRecord]
    items: list[dict[str, Any]]
    stats: dict[str, Any]

    def path_of(self, uri: str) -> str:
        return uri.removeprefix(self.base_url)

    def only(self, record_type: str, path: str) -> WarcRecord:
        found = [r for r in self.records if r.type == record_type and r.uri == self.base_url + path]
        assert len(found) == 1, f"{len(found)} {record_type} records for {path}"
        return found[0]


def read_warc(path: Path) -> list[WarcRecord]:
    with path.open("rb") as stream:
        return [
            WarcRecord(path, r.rec_type, r.rec_headers, r.http_headers, r.raw_stream.read())
            for r in ArchiveIterator(stream)
        ]


def run_spider(
    base_url: str,
    run_dir: Path,
    extra: dict[str, str] | None = None,
    spider_file: Path = SPIDER_FILE,
    arguments: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    settings = {
        "DOWNLOADER_MIDDLEWARES": json.dumps({MIDDLEWARE_PATH: 950, **COOKIES_MIDDLEWARES}),
        "EXTENSIONS": json.dumps({"tests.archive.archive_spider.StatsToJson": 0}),
        "STATS_JSON_PATH": str(run_dir / "stats.json"),
        "CRAWLER_RUN_DIR": str(run_dir),
        "WARC_DIR": str(run_dir / "warc"),
        "WARC_MAX_SIZE": "3000",
        "ROBOTSTXT_OBEY": "True",
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": "False",
        "REMOTE_CONTROL_ENABLED": "False",
        **(extra or {}),
    }
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider_file)]
    command += ["-a", f"base_url={base_url}", "-O", str(run_dir / "items.jsonl")]
    for argument in arguments:
        command += ["-a", argument]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run(
        command, cwd=run_dir, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def crawl(server: tuple[str, ServerLog], tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    base_url, log = server
    run_dir = tmp_path_factory.mktemp("run")
    done = run_spider(base_url, run_dir)
    assert done.returncode == 0, done.stderr
    files = sorted((run_dir / "warc").iterdir())
    items = [json.loads(line) for line in (run_dir / "items.jsonl").read_text().splitlines()]
    stats = json.loads((run_dir / "stats.json").read_text())
    records = [record for path in files for record in read_warc(path)]
    return Crawl(base_url, log, run_dir, files, records, items, stats)


def test_every_exchange_is_archived_once_including_robots_and_redirect(crawl: Crawl) -> None:
    responses = [crawl.path_of(r.uri) for r in crawl.records if r.type == "response"]
    requests = [crawl.path_of(r.uri) for r in crawl.records if r.type == "request"]
    assert Counter(responses) == Counter(EXPECTED_PATHS)
    assert Counter(requests) == Counter(EXPECTED_PATHS)
    assert set(crawl.log.received) == EXPECTED_PATHS


def test_request_records_point_to_their_response(crawl: Crawl) -> None:
    responses = {r.record_id: r for r in crawl.records if r.type == "response"}
    for request in (r for r in crawl.records if r.type == "request"):
        response = responses[request.warc.get_header("WARC-Concurrent-To")]
        assert response.uri == request.uri
        assert response.file == request.file
        assert response.warc.get_header("WARC-Date") == request.warc.get_header("WARC-Date")


def test_request_line_keeps_query_string_and_host_comes_first(crawl: Crawl) -> None:
    request = crawl.only("request", SEARCH_PATH)
    assert str(request.http).startswith(f"GET {SEARCH_PATH} HTTP/1.1\r\n")
    host = crawl.base_url.removeprefix("http://")
    assert request.http.headers[0] == ("Host", host)


def test_request_headers_are_what_the_server_received(crawl: Crawl) -> None:
    for path, received in crawl.log.received.items():
        request = crawl.only("request", path)
        archived = Counter((name.lower(), value) for name, value in request.http.headers)
        on_wire = Counter((name.lower(), value) for name, value in received.headers)
        assert archived == on_wire, path
        assert request.http.protocol == received.method
        assert request.payload == received.body


def test_cookies_set_by_server_are_archived_on_later_requests(crawl: Crawl) -> None:
    cookie = crawl.only("request", "/plain").http.get_header("Cookie")
    assert sorted(cookie.split("; ")) == ["session=abc", "theme=dark"]


def test_post_body_is_archived(crawl: Crawl) -> None:
    request = crawl.only("request", "/submit")
    assert str(request.http).startswith("POST /submit HTTP/1.1\r\n")
    assert request.payload == b"q=posted"


def test_repeated_set_cookie_headers_are_both_kept(crawl: Crawl) -> None:
    response = crawl.only("response", "/cookies")
    cookies = [v for n, v in response.http.headers if n.lower() == "set-cookie"]
    assert cookies == ["session=abc; Path=/", "theme=dark; Path=/"]


def test_gzip_body_is_stored_exactly_as_sent(crawl: Crawl) -> None:
    response = crawl.only("response", "/gzip")
    assert response.http.get_header("Content-Encoding") == "gzip"
    assert response.payload == crawl.log.sent_body["/gzip"] == GZIP_BODY


def test_chunked_body_is_dechunked_without_transfer_encoding_claim(crawl: Crawl) -> None:
    response = crawl.only("response", "/chunked")
    assert response.payload == b"".join(CHUNKS)
    names = [name.lower() for name, _ in response.http.headers]
    assert "transfer-encoding" not in names
    assert response.warc.get_header("WARC-Payload-Digest") == sha1_base32(b"".join(CHUNKS))


def test_payload_digest_matches_the_bytes_the_server_sent(crawl: Crawl) -> None:
    for path, sent in crawl.log.sent_body.items():
        response = crawl.only("response", path)
        assert response.payload == sent, path
        assert response.warc.get_header("WARC-Payload-Digest") == sha1_base32(sent), path


def test_redirect_is_its_own_exchange(crawl: Crawl) -> None:
    old = crawl.only("response", "/old")
    assert old.http.protocol == "HTTP/1.1"
    assert old.http.statusline == "301 Moved Permanently"
    assert old.http.get_header("Location") == "/new"
    assert crawl.only("response", "/new").http.statusline == "200 OK"


def test_response_record_headers(crawl: Crawl) -> None:
    response = crawl.only("response", "/plain")
    assert str(response.http).startswith("HTTP/1.1 200 OK\r\n")
    assert response.warc.protocol == "WARC/1.1"
    assert response.warc.get_header("WARC-IP-Address") == "127.0.0.1"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", response.warc.get_header("WARC-Date")
    )
    assert "status-reason" in response.warc.get_header("X-Crawler-Reconstructed")
    assert "host-header" in crawl.only("request", "/plain").warc.get_header(
        "X-Crawler-Reconstructed"
    )


def test_each_file_starts_with_its_warcinfo(crawl: Crawl) -> None:
    assert len(crawl.files) > 1, "WARC_MAX_SIZE=3000 should have rotated"
    for path in crawl.files:
        assert path.name.endswith(".warc.gz")
        records = read_warc(path)
        info = records[0]
        assert info.type == "warcinfo"
        assert info.warc.get_header("WARC-Filename") == path.name
        fields = dict(
            line.split(": ", 1) for line in info.payload.decode().splitlines() if ": " in line
        )
        assert fields["software"] == SOFTWARE
        assert fields["robots"] == "obey"
        assert fields["isPartOf"] == crawl.run_dir.name
        assert fields["format"] == "WARC File Format 1.1"
        info_id = info.record_id
        assert all(r.warc.get_header("WARC-Warcinfo-ID") == info_id for r in records[1:])


def warcinfo_fields(info: WarcRecord) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in info.payload.decode().splitlines() if ": " in line)


def test_records_name_the_server_that_answered_not_our_machine(crawl: Crawl) -> None:
    """WARC-IP-Address is the address of the server the exchange went to (the test server on
    127.0.0.1); the warcinfo names our machine by its host name, without an address."""
    exchanges = [r for r in crawl.records if r.type in ("request", "response", "revisit")]
    assert len(exchanges) >= 2 * len(EXPECTED_PATHS)
    assert {r.warc.get_header("WARC-IP-Address") for r in exchanges} == {"127.0.0.1"}
    for info in (r for r in crawl.records if r.type == "warcinfo"):
        fields = warcinfo_fields(info)
        assert fields["hostname"] == socket.gethostname()
        assert "ip" not in fields


def test_items_are_stamped_with_the_location_of_their_response_record(crawl: Crawl) -> None:
    assert len(crawl.items) == len(EXPECTED_PATHS) - 2  # no items for robots.txt and /old
    for item in crawl.items:
        stamp = item["warc"]
        assert stamp["warc_file"].startswith("warc/")
        data = (crawl.run_dir / stamp["warc_file"]).read_bytes()
        member = data[stamp["warc_offset"] : stamp["warc_offset"] + stamp["warc_length"]]
        (record,) = list(ArchiveIterator(io.BytesIO(member)))
        assert record.rec_headers.get_header("WARC-Record-ID") == stamp["warc_record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == item["url"]
        assert record.rec_headers.get_header("WARC-Payload-Digest") == stamp["payload_digest"]
        assert record.rec_headers.get_header("WARC-Date") == stamp["warc_date"]


def test_files_are_closed_and_stats_counted(crawl: Crawl) -> None:
    assert not list((crawl.run_dir / "warc").glob("*.open"))
    stats = crawl.stats
    assert stats["warc/exchanges"] == len(EXPECTED_PATHS)
    assert stats["warc/files"] == len(crawl.files)
    assert stats["warc/records"] == len(crawl.records)
    assert stats["warc/bytes"] == sum(path.stat().st_size for path in crawl.files)


def test_warcio_check_and_index_accept_the_files(crawl: Crawl) -> None:
    paths = [str(p) for p in crawl.files]
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", *paths],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout
    index = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", *paths],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert index.returncode == 0, index.stderr
    assert len(index.stdout.splitlines()) == len(crawl.records)


# --- in-process: skipping, settings, capture details -----------------------------------


def make_middleware(tmp_path: Path, **settings: Any) -> tuple[WarcArchiveMiddleware, Any]:
    defaults = {
        "WARC_DIR": str(tmp_path),
        "WARC_DEDUP_INDEX": str(tmp_path / "digests.sqlite"),
        "WARC_WRITE_THREADS": 0,  # process_response called directly: no reactor
    }
    crawler = get_crawler(settings_dict={**defaults, **settings})
    return WarcArchiveMiddleware.from_crawler(crawler), crawler


def fetch(middleware: WarcArchiveMiddleware, response: Response) -> Response:
    request = response.request
    assert request is not None
    middleware.process_request(request)
    return middleware.process_response(request, response)


def html_response(url: str, **kwargs: Any) -> HtmlResponse:
    return HtmlResponse(url, body=b"<html></html>", request=Request(url), **kwargs)


def test_cached_responses_are_skipped_and_counted(tmp_path: Path) -> None:
    middleware, crawler = make_middleware(tmp_path)
    response = html_response("http://example.test/", flags=["cached"])
    assert fetch(middleware, response) is response
    assert crawler.stats.get_value("warc/skipped/cached") == 1
    assert WARC_META_KEY not in response.meta
    assert list(tmp_path.iterdir()) == []


def test_responses_not_downloaded_are_skipped(tmp_path: Path) -> None:
    middleware, crawler = make_middleware(tmp_path)
    response = html_response("http://example.test/")
    middleware.process_response(response.request, response)
    fetch(middleware, html_response("data:text/html,hello"))
    assert crawler.stats.get_value("warc/skipped/not_downloaded") == 1
    assert crawler.stats.get_value("warc/skipped/non_http") == 1
    assert list(tmp_path.iterdir()) == []


def test_exchange_is_written_stamped_and_closed_on_spider_closed(tmp_path: Path) -> None:
    middleware, crawler = make_middleware(tmp_path, CRAWLER_RUN_DIR=str(tmp_path.parent))
    response = fetch(middleware, html_response("http://example.test/a?b=1#frag"))
    stamp = response.meta[WARC_META_KEY]
    assert FETCH_START_META_KEY not in response.meta
    assert stamp["warc_file"].startswith(f"{tmp_path.name}/crawler-")
    assert stamp["warc_record_id"].startswith("<urn:uuid:")
    assert crawler.stats.get_value("warc/exchanges") == 1
    assert crawler.stats.get_value("warc/files") == 0
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert (tmp_path.parent / stamp["warc_file"]).exists()
    assert crawler.stats.get_value("warc/files") == 1
    (_, record, request) = read_warc(tmp_path.parent / stamp["warc_file"])
    assert record.uri == "http://example.test/a?b=1"
    assert str(record.http).startswith("HTTP/1.1 200 OK\r\n")  # protocol unknown: fallback
    assert str(request.http).startswith("GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\n")


def test_our_host_name_is_never_looked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine whose name resolves nowhere, and with every name lookup failing loudly,
    exchanges are archived; WARC-IP-Address is the response's server address, and is left out
    when Scrapy does not know it."""

    def no_lookup(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"name lookup of {args[0]!r}")

    monkeypatch.setattr(socket, "gethostname", lambda: "unresolvable.invalid")
    for lookup in ("gethostbyname", "gethostbyname_ex", "getaddrinfo"):
        monkeypatch.setattr(socket, lookup, no_lookup)
    middleware, crawler = make_middleware(
        tmp_path, CRAWLER_RUN_DIR=str(tmp_path.parent), WARC_DEDUP=False
    )
    server = ipaddress.ip_address("192.0.2.7")
    stamp = fetch(middleware, html_response("http://example.test/a", ip_address=server)).meta[
        WARC_META_KEY
    ]
    fetch(middleware, html_response("http://example.test/b"))  # no address known
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")

    info, *records = read_warc(tmp_path.parent / stamp["warc_file"])
    assert [(r.type, r.uri) for r in records] == [
        ("response", "http://example.test/a"),
        ("request", "http://example.test/a"),
        ("response", "http://example.test/b"),
        ("request", "http://example.test/b"),
    ]
    assert [r.warc.get_header("WARC-IP-Address") for r in records] == [
        "192.0.2.7",
        "192.0.2.7",
        None,
        None,
    ]
    fields = warcinfo_fields(info)
    assert fields["hostname"] == "unresolvable.invalid"
    assert "ip" not in fields


def test_warc_enabled_false_disables_the_middleware(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        make_middleware(tmp_path, WARC_ENABLED=False)


def test_warc_directory_defaults() -> None:
    crawler = get_crawler(settings_dict={"CRAWLER_RUN_DIR": "/runs/r1"})
    assert warc_directory(crawler.settings) == Path("/runs/r1/warc")
    assert warc_directory(get_crawler().settings) == Path("warc")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://example.test/", "example.test"),
        ("http://example.test:80/", "example.test"),
        ("https://example.test:443/x", "example.test"),
        ("http://example.test:8080/x?y", "example.test:8080"),
        ("https://user:pw@example.test:8443/", "example.test:8443"),
        ("http://[::1]:8080/", "[::1]:8080"),
    ],
)
def test_host_header_value(url: str, host: str) -> None:
    assert host_header_value(url) == host


def test_capture_keeps_every_header_value_and_adds_framing_headers() -> None:
    request = Request(
        "http://example.test:8080/form",
        method="POST",
        body=b"a=1",
        headers={"Cookie": "x=1", "Accept": ["text/html", "*/*"], "X-Bin": b"caf\xe9"},
    )
    response = Response(
        "http://example.test:8080/form",
        status=299,
        headers=Headers([(b"Set-Cookie", b"a=1"), (b"Set-Cookie", b"b=2")]),
        body=b"ok",
        request=request,
        protocol="h2",
    )
    captured = capture_request(request, response)
    assert captured.headers[:2] == [("Host", "example.test:8080"), ("Content-Length", "3")]
    assert ("Accept", "text/html") in captured.headers
    assert ("Accept", "*/*") in captured.headers
    assert ("X-Bin", "caf\xe9") in captured.headers
    assert captured.protocol == "HTTP/2"
    fetched = capture_response(response, datetime.now(UTC))
    assert fetched.headers == [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    assert fetched.reason == ""


# --- wire capture: the same crawl with WireCaptureDownloadHandler ---------------------------

WIRE_HANDLER = "crawler.archive.wire.WireCaptureDownloadHandler"


def test_wire_capture_keeps_request_heads_and_post_bodies_as_sent(
    server: tuple[str, ServerLog], tmp_path: Path
) -> None:
    base_url, log = server
    handlers = json.dumps({"http": WIRE_HANDLER, "https": WIRE_HANDLER})
    done = run_spider(base_url, tmp_path, {"DOWNLOAD_HANDLERS": handlers, "WARC_DEDUP": "False"})
    assert done.returncode == 0, done.stderr
    records = [r for path in sorted((tmp_path / "warc").iterdir()) for r in read_warc(path)]
    wire = Crawl(base_url, log, tmp_path, [], records, [], {})
    for path, received in log.received.items():
        request = wire.only("request", path)
        # Order and case too: the server parsed exactly the lines the record holds.
        assert request.http.headers == received.headers, path
        assert request.payload == received.body, path
        assert request.warc.get_header("X-Crawler-Reconstructed") is None, path
    chunked = wire.only("response", "/chunked")
    assert chunked.http.get_header("X-Orig-Transfer-Encoding") == "chunked"
    assert chunked.warc.get_header("X-Crawler-Reconstructed") == "transfer-encoding-renamed"
    assert chunked.payload == b"".join(CHUNKS)
    cookies = [v for k, v in wire.only("response", "/cookies").http.headers if k == "Set-Cookie"]
    assert cookies == ["session=abc; Path=/", "theme=dark; Path=/"]


# --- one payload fetched many times at once (after the tests that read the server log) ---


@pytest.mark.parametrize("threads", [0, 1, 3])
def test_a_payload_fetched_many_times_at_once_is_archived_once(
    server: tuple[str, ServerLog], tmp_path: Path, threads: int
) -> None:
    """Copies in flight together: the first is stored, each other one is a revisit of it,
    whether the records are written in the event loop or in write threads."""
    base_url, _ = server
    settings = {"WARC_WRITE_THREADS": str(threads), "WARC_MAX_SIZE": "1000000"}
    settings["WARC_DEDUP_INDEX"] = str(tmp_path / "digests.sqlite")  # this run's payloads only
    settings |= {"CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "16"}
    done = run_spider(base_url, tmp_path, settings, SAME_PAYLOAD_SPIDER, ("copies=12",))
    assert done.returncode == 0, done.stderr
    records = [r for path in sorted((tmp_path / "warc").iterdir()) for r in read_warc(path)]
    copies = [r for r in records if "/search?copy=" in (r.uri or "") and r.type != "request"]
    assert len(copies) == 12
    [stored] = [r for r in copies if r.type == "response"]
    revisits = [r for r in copies if r.type == "revisit"]
    assert len(revisits) == 11
    stored_id = stored.record_id
    assert {r.warc.get_header("WARC-Refers-To") for r in revisits} == {stored_id}
    items = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text().splitlines()]
    assert sorted(bool(item["warc"].get("revisit")) for item in items) == [False] + [True] * 11
