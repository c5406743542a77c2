"""A loopback HTTP/1.1 server for the demo world that records every exchange byte for byte.

Responses are assembled here as raw bytes (status line, headers, body) so the log holds exactly
what went on the wire: gzip-encoded bodies for the WordPress site when the client accepts gzip,
and chunked transfer coding for its article pages when the client speaks HTTP/1.1.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import socket
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO

from crawler.demo.sites import Page, respond
from crawler.demo.world import World, build_world

__all__ = ["DemoServer", "ExchangeLog"]

SERVER_HEADER = "Apache/2.4.41 (Ubuntu)"
CHUNK_SIZE = 4096
IDLE_TIMEOUT = 30.0  # seconds a kept-alive connection may sit idle


def parse_head(head: bytes) -> list[tuple[str, str]]:
    """The header fields of a raw HTTP head (its first line is skipped), in order."""
    lines = head.decode("latin-1").split("\r\n")[1:]
    fields = []
    for line in lines:
        name, sep, value = line.partition(":")
        if sep:
            fields.append((name.strip(), value.strip()))
    return fields


@dataclass(frozen=True)
class ExchangeLog:
    """One request and its response, as bytes received and sent."""

    method: str
    path: str  # the request target: path and query, as sent by the client
    request_version: str
    request_head: bytes  # request line + header lines + blank line, exactly as received
    status: int
    response_head: bytes  # status line + header lines + blank line, exactly as sent
    response_body_wire: bytes  # body bytes as sent: content-coded, chunk-framed if chunked
    response_body: bytes  # the body with chunk framing removed (still content-coded)
    connection_id: int  # equal for exchanges that shared one TCP connection
    client: tuple[str, int]
    started: float  # time.time() when the request head had been read

    @property
    def request_headers(self) -> list[tuple[str, str]]:
        return parse_head(self.request_head)

    @property
    def response_headers(self) -> list[tuple[str, str]]:
        return parse_head(self.response_head)

    def response_values(self, name: str) -> list[str]:
        """Every value of one response header (case-insensitive), in order."""
        return [v for k, v in self.response_headers if k.lower() == name.lower()]

    @property
    def chunked(self) -> bool:
        return "chunked" in self.response_values("Transfer-Encoding")

    @property
    def gzipped(self) -> bool:
        return "gzip" in self.response_values("Content-Encoding")


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding value allows gzip (honouring q=0 and the * wildcard)."""
    if not accept_encoding:
        return False
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding.strip().lower()] = weight
    for name in ("gzip", "x-gzip"):
        if name in weights:
            return weights[name] > 0
    return weights.get("*", 0) > 0


def chunk_frames(body: bytes, size: int = CHUNK_SIZE) -> list[bytes]:
    """The body in chunked transfer coding, one frame per chunk, then the last-chunk."""
    frames = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return [*frames, b"0\r\n\r\n"]


class RecordingReader:
    """Wraps the connection's read side and keeps a copy of everything read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.buffer = bytearray()

    def readline(self, limit: int = -1) -> bytes:
        line = self.raw.readline(limit)
        self.buffer += line
        return line

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.buffer += data
        return data

    def take(self) -> bytes:
        """Everything read since the last call."""
        data = bytes(self.buffer)
        self.buffer.clear()
        return data

    def close(self) -> None:
        self.raw.close()


class DemoRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = SERVER_HEADER
    sys_version = ""
    timeout = IDLE_TIMEOUT
    server: DemoHTTPServer
    rfile: RecordingReader  # type: ignore[assignment]

    def setup(self) -> None:
        super().setup()
        self.rfile = RecordingReader(self.rfile)  # type: ignore[arg-type]
        self.connection_id = self.server.open_connection(self.connection)

    def finish(self) -> None:
        self.server.close_connection(self.connection)
        super().finish()

    def handle_one_request(self) -> None:
        self.rfile.take()
        super().handle_one_request()

    def do_GET(self) -> None:
        self.serve(send_body=True)

    def do_HEAD(self) -> None:
        self.serve(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silence the per-request stderr line."""

    def serve(self, send_body: bool) -> None:
        request_head = self.rfile.take()
        started = time.time()
        page = respond(
            self.server.world, self.path, self.server.base_url, self.server.broken_template
        )
        if self.server.conditional:
            page = self.revalidate(page)
        body, headers = self.encode_body(page)
        chunked = page.chunked and self.request_version == "HTTP/1.1"
        frames = chunk_frames(body) if chunked else [body]
        headers.append(
            ("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(len(body)))
        )
        if self.close_connection:
            headers.append(("Connection", "close"))
        elif self.request_version == "HTTP/1.0":
            headers.append(("Connection", "keep-alive"))
        lines = "".join(page.header_style.line(name, value) for name, value in headers)
        head = self.status_line(page.status) + lines
        head_bytes = (head + "\r\n").encode("latin-1")
        sent = frames if send_body else []
        # Logged before sending, so a client that has its response always finds it in the log.
        self.server.record(
            ExchangeLog(
                method=self.command,
                path=self.path,
                request_version=self.request_version,
                request_head=request_head,
                status=page.status,
                response_head=head_bytes,
                response_body_wire=b"".join(sent),
                response_body=body if send_body else b"",
                connection_id=self.connection_id,
                client=self.client_address[:2],
                started=started,
            )
        )
        self.wfile.write(head_bytes)
        for frame in sent:
            self.wfile.write(frame)

    def revalidate(self, page: Page) -> Page:
        """Give a 200 page validators; answer 304 when the request's validator matches."""
        if page.status != 200:
            return page
        validators = (
            ("ETag", f'"{hashlib.sha1(page.body).hexdigest()[:20]}"'),
            ("Last-Modified", self.server.last_modified),
        )
        etag_matches = self.headers.get("If-None-Match") == validators[0][1]
        date_matches = self.headers.get("If-Modified-Since") == validators[1][1]
        if etag_matches or (date_matches and "If-None-Match" not in self.headers):
            return Page(304, b"", page.content_type, validators, header_style=page.header_style)
        return replace(page, headers=(*page.headers, *validators))

    def encode_body(self, page: Page) -> tuple[bytes, list[tuple[str, str]]]:
        headers = [
            ("Date", formatdate(usegmt=True)),
            ("Server", SERVER_HEADER),
            ("Content-Type", page.content_type),
            *page.headers,
        ]
        if page.compressible and accepts_gzip(self.headers.get("Accept-Encoding")):
            headers.append(("Content-Encoding", "gzip"))
            return gzip.compress(page.body, mtime=0), headers
        return page.body, headers

    @staticmethod
    def status_line(status: int) -> str:
        return f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n"


class DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        world: World,
        conditional: bool = False,
        broken_template: Collection[str] = (),
    ) -> None:
        super().__init__(address, DemoRequestHandler)
        self.world = world
        self.conditional = conditional
        self.broken_template = frozenset(broken_template)
        self.last_modified = formatdate(usegmt=True)
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self.lock = threading.Lock()
        self.exchanges: list[ExchangeLog] = []
        self.connections: dict[socket.socket, int] = {}
        self.connection_count = 0

    def record(self, exchange: ExchangeLog) -> None:
        with self.lock:
            self.exchanges.append(exchange)

    def open_connection(self, connection: socket.socket) -> int:
        with self.lock:
            self.connection_count += 1
            self.connections[connection] = self.connection_count
            return self.connection_count

    def close_connection(self, connection: socket.socket) -> None:
        with self.lock:
            self.connections.pop(connection, None)

    def drop_open_connections(self) -> None:
        """Wake handler threads blocked on idle keep-alive connections so they end now."""
        with self.lock:
            open_sockets = list(self.connections)
        for connection in open_sockets:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)


class DemoServer:
    """The demo world served on a loopback port from a background thread.

    The socket is bound on construction (``port=0`` picks a free port), so ``base_url`` is known
    before ``start()``; use it as a context manager to start and stop it.
    """

    def __init__(
        self,
        world: World | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        conditional: bool = False,
        broken_template: Collection[str] = (),
    ) -> None:
        """``conditional``: send ETag and Last-Modified with 200 pages and honour
        If-None-Match / If-Modified-Since with 304 Not Modified. ``broken_template``: keys of
        sites whose article pages lost their date and body (crawler/demo/sites/broken.py)."""
        self.world = world or build_world()
        self._httpd = DemoHTTPServer((host, port), self.world, conditional, broken_template)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Like ``http://127.0.0.1:54321`` (no trailing slash)."""
        return self._httpd.base_url

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str = "/") -> str:
        """Absolute URL of a path on this server (``path`` starts with ``/``)."""
        return self.base_url + path

    @property
    def log(self) -> list[ExchangeLog]:
        """A snapshot of every exchange so far, in the order responses were sent."""
        with self._httpd.lock:
            return list(self._httpd.exchanges)

    def requests_for(self, path: str) -> list[ExchangeLog]:
        """Exchanges whose request target (path and query) is exactly ``path``."""
        return [exchange for exchange in self.log if exchange.path == path]

    @property
    def broken_template(self) -> frozenset[str]:
        """Keys of the sites whose article pages are served as after a template change."""
        return self._httpd.broken_template

    @broken_template.setter
    def broken_template(self, site_keys: Collection[str]) -> None:
        self._httpd.broken_template = frozenset(site_keys)

    def clear_log(self) -> None:
        with self._httpd.lock:
            self._httpd.exchanges.clear()

    def start(self) -> DemoServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"demo-server-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.drop_open_connections()
        self._httpd.server_close()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
