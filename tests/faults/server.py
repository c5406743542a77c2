"""A loopback HTTP/1.1 server (raw sockets) whose article pages fail in the ways real sites do.

Every fault is bounded: endless or slow bodies stop after ``STREAM_LIMIT_SECONDS`` or as soon as
the client hangs up, so a test never waits on the server. A sentinel listens on the same port of
127.0.0.2 ("another host") and records any connection: a crawl of 127.0.0.1 must make none.
"""

from __future__ import annotations

import contextlib
import random
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import parse_qs, urlsplit

from tests.faults import pages

OTHER_HOST = "127.0.0.2"
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
STREAM_LIMIT_SECONDS = 60.0
HEAD_LIMIT = 64 * 1024
HUGE_BODY = 50 * 1024 * 1024 + 1
BOMB_SIZE = 256 * 1024 * 1024  # bytes after decompression
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Req:
    target: str  # path and query as received
    path: str
    count: int  # how many times this path was requested, this one included


@dataclass(frozen=True)
class Hit:
    path: str  # request target as received (path and query)
    at: float  # time.monotonic() when the request head was read


class Aborted(Exception):
    """The client hung up (or the fault ends the connection on purpose)."""


class Connection:
    """One accepted socket: read the request head, write raw bytes, hang up in various ways."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        sock.settimeout(10)

    def read_head(self) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk or len(data) > HEAD_LIMIT:
                raise Aborted
            data += chunk
        return data

    def send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise Aborted from exc

    def head(self, status: str, headers: list[tuple[str, str]]) -> None:
        lines = [f"HTTP/1.1 {status}", f"Date: {formatdate(usegmt=True)}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def whole(self, status: str, body: bytes, content_type: str, *extra: tuple[str, str]) -> None:
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
        self.head(status, headers)
        self.send(body)

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0) instead of an orderly FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raise Aborted


HTML = "text/html; charset=utf-8"


class FaultWorld:
    """Routes paths to (mis)behaviours; counts hits per path (for "500 twice then 200")."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.hits: list[Hit] = []
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.routes: dict[str, Callable[[Connection, Req], None]] = {
            "/robots.txt": self.robots,
            pages.TAG_PATH: self.listing,
            "/news/flaky-500-then-ok": self.fail_then_ok("500 Internal Server Error", 2),
            "/news/busy-503-retry-after": self.fail_then_ok(
                "503 Service Unavailable", 1, lambda: "1"
            ),
            "/news/busy-429-retry-after": self.fail_then_ok(
                "429 Too Many Requests", 1, lambda: formatdate(time.time() + 2, usegmt=True)
            ),
            "/news/busy-429-retry-after-too-long": self.fail_then_ok(
                "429 Too Many Requests", 99, lambda: "3600"
            ),
            "/news/unknown-charset-label": self.unknown_charset,
            "/news/five-thousand-links": self.article(pages.many_links()),
            "/news/twenty-thousand-nested-divs": self.nested_divs,
            "/news/reset-before-headers": lambda conn, req: conn.reset(),
            "/news/reset-mid-body": self.reset_mid_body,
            "/news/slow-drip": self.slow_drip,
            "/news/endless-body": self.endless_body,
            "/news/redirect-loop": self.redirect("/news/redirect-loop-b"),
            "/news/redirect-loop-b": self.redirect("/news/redirect-loop"),
            "/news/redirect-to-another-host": self.redirect(
                base_url.replace("127.0.0.1", OTHER_HOST) + "/news/stolen"
            ),
            "/news/redirect-to-metadata": self.redirect(METADATA_URL),
            "/news/fifty-megabytes": self.huge_body,
            "/news/gzip-bomb": self.gzip_bomb,
            "/news/binary-as-html": self.binary_as_html,
            "/news/truncated-chunked": self.truncated_chunked,
        }

    def handle(self, conn: Connection) -> None:
        head = conn.read_head()
        target = head.split(b" ", 2)[1].decode("latin-1")
        path = urlsplit(target).path
        with self.lock:
            self.hits.append(Hit(target, time.monotonic()))
            self.counts[path] += 1
            count = self.counts[path]
        route = self.routes.get(path)
        if route is None and path in pages.BY_PATH:
            route = self.article()
        if route is None:
            conn.whole("404 Not Found", b"<html><body>Not found</body></html>", HTML)
            return
        route(conn, Req(target, path, count))

    # -- well-behaved pages --------------------------------------------------------------

    def robots(self, conn: Connection, req: Req) -> None:
        conn.whole("200 OK", b"User-agent: *\nAllow: /\n", "text/plain")

    def listing(self, conn: Connection, req: Req) -> None:
        query = parse_qs(urlsplit(req.target).query)
        page = int(query.get("page", ["1"])[0])
        conn.whole("200 OK", pages.listing_page(page).encode(), HTML)

    def article(self, extra_body: str = "") -> Callable[[Connection, Req], None]:
        def serve(conn: Connection, req: Req) -> None:
            page = pages.article_page(pages.BY_PATH[req.path].headline, extra_body)
            conn.whole("200 OK", page.encode(), HTML)

        return serve

    def fail_then_ok(
        self, status: str, failures: int, retry_after: Callable[[], str] | None = None
    ) -> Callable[[Connection, Req], None]:
        """``failures`` times ``status`` (with a Retry-After header if given), then the page."""
        ok = self.article()

        def serve(conn: Connection, req: Req) -> None:
            if req.count > failures:
                ok(conn, req)
            else:
                extra = [("Retry-After", retry_after())] if retry_after else []
                conn.whole(status, b"<html><body>Try again later</body></html>", HTML, *extra)

        return serve

    def unknown_charset(self, conn: Connection, req: Req) -> None:
        page = pages.article_page(pages.BY_PATH["/news/unknown-charset-label"].headline)
        page = page.replace('<meta charset="utf-8">', "")
        conn.whole("200 OK", page.encode(), "text/html; charset=x-no-such-charset-7")

    def nested_divs(self, conn: Connection, req: Req) -> None:
        headline = pages.BY_PATH["/news/twenty-thousand-nested-divs"].headline
        conn.whole("200 OK", pages.nested_divs_page(headline).encode(), HTML)

    # -- faults ---------------------------------------------------------------------------

    def reset_mid_body(self, conn: Connection, req: Req) -> None:
        conn.head("200 OK", [("Content-Type", HTML), ("Content-Length", "100000")])
        conn.send(b"<html><body><article><h1>Half a page</h1>" + b"<p>text</p>" * 300)
        conn.reset()

    def slow_drip(self, conn: Connection, req: Req) -> None:
        conn.head("200 OK", [("Content-Type", HTML), ("Content-Length", "100000")])
        deadline = time.monotonic() + STREAM_LIMIT_SECONDS
        while time.monotonic() < deadline and not self.stop.is_set():
            conn.send(b"<")
            time.sleep(0.2)

    def endless_body(self, conn: Connection, req: Req) -> None:
        """Chunked HTML that never ends (until the client gives up or the time limit)."""
        conn.head("200 OK", [("Content-Type", HTML), ("Transfer-Encoding", "chunked")])
        block = b"<p>" + b"and on " * (CHUNK // 8) + b"</p>"
        frame = f"{len(block):x}\r\n".encode() + block + b"\r\n"
        deadline = time.monotonic() + STREAM_LIMIT_SECONDS
        while time.monotonic() < deadline and not self.stop.is_set():
            conn.send(frame)

    def redirect(self, location: str) -> Callable[[Connection, Req], None]:
        def serve(conn: Connection, req: Req) -> None:
            conn.whole("302 Found", b"", HTML, ("Location", location))

        return serve

    def huge_body(self, conn: Connection, req: Req) -> None:
        conn.head("200 OK", [("Content-Type", HTML), ("Content-Length", str(HUGE_BODY))])
        block = b"<p>" + b"x" * (CHUNK - 7) + b"</p>"
        for _ in range(HUGE_BODY // len(block)):
            conn.send(block)

    def gzip_bomb(self, conn: Connection, req: Req) -> None:
        conn.whole("200 OK", gzip_bomb_body(), HTML, ("Content-Encoding", "gzip"))

    def binary_as_html(self, conn: Connection, req: Req) -> None:
        conn.whole("200 OK", random.Random(7).randbytes(200_000), "text/html")

    def truncated_chunked(self, conn: Connection, req: Req) -> None:
        conn.head("200 OK", [("Content-Type", HTML), ("Transfer-Encoding", "chunked")])
        first = b"<html><body><article><h1>Cut short</h1>"
        conn.send(f"{len(first):x}\r\n".encode() + first + b"\r\n" + b"1388\r\n<p>only a bit")
        raise Aborted


_BOMB: list[bytes] = []


def gzip_bomb_body() -> bytes:
    """BOMB_SIZE bytes of HTML-ish zeros, gzip-compressed (about 250 KB), built once."""
    if not _BOMB:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * (1024 * 1024)
        parts = [compressor.compress(b"<html><body><p>")]
        parts += [compressor.compress(zeros) for _ in range(BOMB_SIZE // len(zeros))]
        parts.append(compressor.flush())
        _BOMB.append(b"".join(parts))
    return _BOMB[0]


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        conn = Connection(self.request)
        with contextlib.suppress(Aborted, OSError):
            self.server.world.handle(conn)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], world: FaultWorld | None) -> None:
        super().__init__(address, _Handler)
        self.world = world  # type: ignore[assignment]
        self.connections = 0


class _Sentinel(socketserver.BaseRequestHandler):
    """On 127.0.0.2: count the connection and close it."""

    server: _TCPServer

    def handle(self) -> None:
        self.server.connections += 1


class FaultServer:
    """The fault world on 127.0.0.1 (free port) plus the 127.0.0.2 sentinel; a context manager."""

    def __init__(self) -> None:
        self._httpd = _TCPServer(("127.0.0.1", 0), None)
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.world = FaultWorld(self.base_url)
        self._httpd.world = self.world
        self._sentinel = socketserver.ThreadingTCPServer((OTHER_HOST, self.port), _Sentinel)
        self._sentinel.daemon_threads = True
        self._sentinel.connections = 0  # type: ignore[attr-defined]
        self._threads: list[threading.Thread] = []

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def other_host_connections(self) -> int:
        return self._sentinel.connections  # type: ignore[attr-defined]

    def hits_for(self, path: str) -> list[Hit]:
        with self.world.lock:
            return [h for h in self.world.hits if urlsplit(h.path).path == path]

    def __enter__(self) -> FaultServer:
        for server in (self._httpd, self._sentinel):
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.world.stop.set()
        for server in (self._httpd, self._sentinel):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
