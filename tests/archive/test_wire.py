"""Raw-byte capture: parsing the heads a connection wrote and read, and matching them to the
request they belong to."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import HtmlResponse, Request

from crawler.archive.capture import (
    capture_request_from_wire,
    capture_response_from_wire,
    parse_head,
)
from crawler.archive.records import CapturedRequest, CapturedResponse
from crawler.archive.wire import WireCapture

REQUEST = b"GET /a?b=1 HTTP/1.1\r\nHost: example.test\r\nUser-Agent: x\r\n\r\n"
RESPONSE_HEAD = (
    b"HTTP/1.1 404 Gone Fishing\r\nSet-Cookie: a=1\r\nX-Folded: one\r\n two\r\n"
    b"set-cookie: b=2\r\nTransfer-Encoding: chunked\r\n\r\n"
)


def capture() -> WireCapture:
    return WireCapture(bytearray(REQUEST), bytearray(RESPONSE_HEAD + b"3\r\nabc\r\n0\r\n\r\n"))


def test_heads_keep_order_case_repeats_and_reason() -> None:
    start, headers = parse_head(RESPONSE_HEAD)
    assert start == ["HTTP/1.1", "404", "Gone Fishing"]
    assert headers == [
        ("Set-Cookie", "a=1"),
        ("X-Folded", "one two"),
        ("set-cookie", "b=2"),
        ("Transfer-Encoding", "chunked"),
    ]


def captured_exchange() -> tuple[CapturedRequest | None, CapturedResponse | None]:
    """The request and response captured from ``capture()``'s bytes."""
    url = "http://example.test/a?b=1"
    request = Request(url)
    response = HtmlResponse(url, status=404, body=b"abc", request=request)
    sent = capture_request_from_wire(capture(), request)
    return sent, capture_response_from_wire(capture(), response, datetime.now(UTC))


def test_exchange_from_wire_bytes() -> None:
    sent, received = captured_exchange()
    assert sent is not None and received is not None
    assert (sent.method, sent.target, sent.protocol) == ("GET", "/a?b=1", "HTTP/1.1")
    assert sent.headers == [("Host", "example.test"), ("User-Agent", "x")]
    assert sent.reconstructed == []
    assert received.reason == "Gone Fishing"
    assert received.body == b"abc"
    assert received.reconstructed == []


def test_exchange_from_wire_keeps_the_heads_as_bytes() -> None:
    sent, received = captured_exchange()
    assert sent is not None and sent.head == REQUEST
    assert received is not None and received.head == RESPONSE_HEAD


def test_capture_of_another_exchange_is_refused() -> None:
    assert capture().is_for("/a?b=1")
    assert not capture().is_for("/a")
    url = "http://example.test/a?b=1"
    other_status = HtmlResponse(url, status=200, body=b"", request=Request(url))
    assert capture_response_from_wire(capture(), other_status, datetime.now(UTC)) is None
    assert WireCapture().request_head is None
