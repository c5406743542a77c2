"""The raw bytes of each HTTP/1.x exchange, kept by a download handler for the WARC middleware.

``WireCaptureDownloadHandler`` is Scrapy's HTTP/1.1 handler whose connections record what they
write (request line, headers and body, exactly as sent) and what they read (status line, headers
and body framing, exactly as received). A connection carries one exchange at a time, so the bytes
between two requests belong to the first. When the response head has been parsed the capture is
announced; the WARC middleware picks it up on the ``headers_received`` signal, which Scrapy sends
from the same call stack, and stores it in ``request.meta``.

The recording is :class:`WireCapturing`, put in front of Scrapy's private client protocol by
:mod:`crawler.compat.scrapy_http` (Scrapy 2.13 - 2.19). If that changes, the handler stops with an
error naming what changed: set DOWNLOAD_HANDLERS back to Scrapy's and the middleware reconstructs
as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred

from crawler.compat.scrapy_http import use_client_protocol

HEAD_END = b"\r\n\r\n"


@dataclass
class WireCapture:
    """Bytes written and read for one exchange on one connection."""

    sent: bytearray = field(default_factory=bytearray)
    received: bytearray = field(default_factory=bytearray)

    @property
    def request_head(self) -> bytes | None:
        return head_of(self.sent)

    @property
    def response_head(self) -> bytes | None:
        return head_of(self.received)

    def is_for(self, target: str) -> bool:
        """Whether the request line sent names ``target`` (guards against a stale capture)."""
        head = self.request_head
        if head is None:
            return False
        parts = head.split(b"\r\n", 1)[0].split(b" ")
        return len(parts) == 3 and parts[1].decode("latin-1") == target

    @property
    def request_body(self) -> bytes:
        head = self.request_head
        return bytes(self.sent[len(head) :]) if head is not None else b""


def head_of(data: bytearray) -> bytes | None:
    """Start line + header lines + the blank line, or None when incomplete."""
    end = data.find(HEAD_END)
    return bytes(data[: end + len(HEAD_END)]) if end >= 0 else None


class _Announced:
    """The capture whose response head was parsed last: read once by the signal handler."""

    capture: WireCapture | None = None


def take_announced_capture() -> WireCapture | None:
    capture, _Announced.capture = _Announced.capture, None
    return capture


def _announce(response: Any, capture: WireCapture) -> Any:
    _Announced.capture = capture
    return response


class RecordingTransport:
    """The connection's transport, keeping a copy of every byte written through it."""

    def __init__(self, transport: Any, protocol: WireCapturing) -> None:
        self._transport = transport
        self._protocol = protocol

    def write(self, data: bytes) -> None:
        self._protocol.record_sent(data)
        self._transport.write(data)

    def writeSequence(self, data: list[bytes]) -> None:  # noqa: N802 (Twisted's name)
        self.write(b"".join(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class WireCapturing:
    """Put in front of Scrapy's HTTP/1.1 client protocol: records the bytes of the current
    exchange."""

    capture: WireCapture | None = None

    def makeConnection(self, transport: Any) -> None:  # noqa: N802 (Twisted's name)
        super().makeConnection(RecordingTransport(transport, self))  # type: ignore[misc]

    def request(self, request: Any) -> Deferred:
        self.capture = WireCapture()
        capture = self.capture
        deferred = super().request(request)  # type: ignore[misc]
        deferred.addCallback(_announce, capture)
        return deferred

    def record_sent(self, data: bytes) -> None:
        if self.capture is not None:
            self.capture.sent += data

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        if self.capture is not None:
            self.capture.received += data
        super().dataReceived(data)  # type: ignore[misc]


class WireCaptureDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 download handler with connections that keep the raw bytes."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        use_client_protocol(self, WireCapturing)
