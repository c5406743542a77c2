"""Turn Scrapy Request/Response objects into the data the WARC writer archives.

With ``crawler.archive.wire.WireCaptureDownloadHandler`` (the default download handler) the
request line, request headers, status line and response headers are the bytes that went over
the connection (``*_from_wire``); the entity is Scrapy's, chunk framing removed. Without raw
bytes (another download handler, HTTP/2), the parts Scrapy does not expose are reconstructed
and each record lists them in ``X-Crawler-Reconstructed``:

* ``status-reason``: Scrapy drops the reason phrase; the standard phrase for the code is used.
* ``header-order`` / ``header-case``: Scrapy groups repeated headers and title-cases names.
* ``connection-headers``: Twisted consumes Connection, Keep-Alive, Transfer-Encoding and
  Content-Length; Content-Length is re-derived from the declared length, the others are absent.
* ``host-header`` / ``content-length``: added on the wire by Twisted, not in ``request.headers``.
* ``proxy-authorization-removed``: a proxy credential is never archived.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from urllib.parse import urldefrag, urlsplit

from scrapy.http import Headers, Request, Response

from crawler.archive.records import CapturedRequest, CapturedResponse, Header
from crawler.archive.wire import WireCapture

DEFAULT_PORTS = {"http": 80, "https": 443}
FALLBACK_PROTOCOL = "HTTP/1.1"
ALPN_TO_HTTP_VERSION = {"h2": "HTTP/2", "http/1.1": "HTTP/1.1", "http/1.0": "HTTP/1.0"}
TRUNCATION_BY_FLAG = {"dataloss": "disconnect", "download_stopped": "unspecified"}
METHODS_ALWAYS_SENDING_LENGTH = {"POST", "PUT"}
RESPONSE_RECONSTRUCTED = ["status-reason", "header-order", "header-case", "connection-headers"]
REQUEST_RECONSTRUCTED = ["header-order", "header-case"]


def latin1_header_pairs(headers: Headers) -> list[Header]:
    """Every (name, value) pair, repeated headers kept, bytes decoded losslessly."""
    pairs: list[Header] = []
    for name in headers:
        for value in headers.getlist(name):
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def http_protocol(response: Response) -> str:
    """Protocol for the status/request line, e.g. ``HTTP/1.1``; HTTP/1.1 when unknown."""
    protocol = response.protocol
    if not protocol:
        return FALLBACK_PROTOCOL
    if protocol.startswith("HTTP/"):
        return protocol
    return ALPN_TO_HTTP_VERSION.get(protocol.lower(), protocol)


def reason_phrase(status: int) -> str:
    """Standard reason phrase for a status code, empty for unknown codes."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def host_header_value(url: str) -> str:
    """Host header as Twisted sends it: the URL's host, with the port only when non-default."""
    parts = urlsplit(url)
    hostport = parts.netloc.rpartition("@")[2]
    if parts.port is not None and DEFAULT_PORTS.get(parts.scheme) == parts.port:
        return hostport.rsplit(":", 1)[0]
    return hostport


def truncation_reason(flags: list[str]) -> str | None:
    """WARC-Truncated value when Scrapy flagged the body as incomplete."""
    for flag in flags:
        if flag in TRUNCATION_BY_FLAG:
            return TRUNCATION_BY_FLAG[flag]
    return None


def capture_request(request: Request, response: Response) -> CapturedRequest:
    """The request as sent: Host first, then Content-Length when Twisted adds one, then
    ``request.headers``."""
    headers = latin1_header_pairs(request.headers)
    reconstructed = list(REQUEST_RECONSTRUCTED)
    names = {name.lower() for name, _ in headers}
    if "proxy-authorization" in names:
        headers = [(n, v) for n, v in headers if n.lower() != "proxy-authorization"]
        reconstructed.append("proxy-authorization-removed")
    added: list[Header] = []
    if "host" not in names:
        added.append(("Host", host_header_value(request.url)))
        reconstructed.append("host-header")
    sends_length = bool(request.body) or request.method.upper() in METHODS_ALWAYS_SENDING_LENGTH
    if sends_length and "content-length" not in names:
        added.append(("Content-Length", str(len(request.body))))
        reconstructed.append("content-length")
    return CapturedRequest(
        method=request.method,
        url=urldefrag(request.url)[0],
        protocol=http_protocol(response),
        headers=added + headers,
        body=request.body,
        reconstructed=reconstructed,
    )


def capture_response(response: Response, fetch_start: datetime) -> CapturedResponse:
    """The response as received, body still content-encoded."""
    ip_address = response.ip_address
    return CapturedResponse(
        url=urldefrag(response.url)[0],
        protocol=http_protocol(response),
        status=response.status,
        reason=reason_phrase(response.status),
        headers=latin1_header_pairs(response.headers),
        body=response.body,
        ip_address=str(ip_address) if ip_address is not None else None,
        fetch_start=fetch_start,
        reconstructed=list(RESPONSE_RECONSTRUCTED),
        truncated=truncation_reason(response.flags),
    )


def parse_head(head: bytes) -> tuple[list[str], list[Header]]:
    """Start line split on its first two spaces, and the header fields in order (values with
    surrounding whitespace removed, obsolete line folding joined), decoded as latin-1."""
    lines = head.decode("latin-1").split("\r\n")
    start = lines[0].split(" ", 2)
    headers: list[Header] = []
    for line in lines[1:]:
        if not line:
            continue
        if line[0] in " \t" and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, _, value = line.partition(":")
        headers.append((name, value.strip(" \t")))
    return start, headers


def capture_request_from_wire(wire: WireCapture, request: Request) -> CapturedRequest | None:
    """The request exactly as written on the connection (None if the bytes are incomplete)."""
    head = wire.request_head
    if head is None:
        return None
    start, headers = parse_head(head)
    if len(start) != 3:
        return None
    method, target, protocol = start
    return CapturedRequest(
        method=method,
        url=urldefrag(request.url)[0],
        protocol=protocol,
        headers=headers,
        body=wire.request_body,
        target=target,
        head=head,
    )


def capture_response_from_wire(
    wire: WireCapture, response: Response, fetch_start: datetime
) -> CapturedResponse | None:
    """The status line and header block exactly as received; the entity is Scrapy's (chunk
    framing removed, content coding kept). None if the bytes do not match the response."""
    head = wire.response_head
    if head is None:
        return None
    start, headers = parse_head(head)
    if len(start) < 2 or not start[1].isdigit() or int(start[1]) != response.status:
        return None
    ip_address = response.ip_address
    return CapturedResponse(
        url=urldefrag(response.url)[0],
        protocol=start[0],
        status=response.status,
        reason=start[2] if len(start) == 3 else "",
        headers=headers,
        body=response.body,
        ip_address=str(ip_address) if ip_address is not None else None,
        fetch_start=fetch_start,
        truncated=truncation_reason(response.flags),
        head=head,
    )
