"""Pairing each request with its response: what a request carries through the download for its
exchange to be archived, and which exchanges are archived at all.

The middleware notes when the fetch started (``process_request``) and keeps the raw bytes the
download handler announced (``headers_received``); with the response they make the captured
request and response that the writer turns into records.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.archive.capture import (
    capture_request,
    capture_request_from_wire,
    capture_response,
    capture_response_from_wire,
)
from crawler.archive.records import CapturedRequest, CapturedResponse
from crawler.archive.wire import take_announced_capture
from crawler.archive.writer import request_target

FETCH_START_META_KEY = "_warc_fetch_start"
WIRE_META_KEY = "_warc_wire"
ARCHIVED_SCHEMES = {"http", "https"}


def note_fetch_start(request: Request) -> None:
    request.meta[FETCH_START_META_KEY] = datetime.now(UTC)


def take_fetch_start(request: Request) -> datetime | None:
    """When the request's download started (None if it was not downloaded)."""
    return request.meta.pop(FETCH_START_META_KEY, None)


def keep_announced_capture(request: Request) -> None:
    """Keep the raw bytes of this exchange (WireCaptureDownloadHandler announced them)."""
    capture = take_announced_capture()
    if capture is not None and capture.is_for(request_target(request.url)):
        request.meta[WIRE_META_KEY] = capture


def forget_exchange(request: Request) -> None:
    """The download failed: nothing of it is archived."""
    request.meta.pop(FETCH_START_META_KEY, None)
    request.meta.pop(WIRE_META_KEY, None)


def skip_reason(response: Response, fetch_start: datetime | None) -> str | None:
    """Why a response is not archived: only exchanges that really went over HTTP are."""
    if "cached" in response.flags:
        return "cached"
    if urlsplit(response.url).scheme not in ARCHIVED_SCHEMES:
        return "non_http"
    if fetch_start is None:
        return "not_downloaded"
    return None


def captured_exchange(
    request: Request, response: Response, fetch_start: datetime, stats: StatsCollector
) -> tuple[CapturedRequest, CapturedResponse]:
    """From the raw bytes when the download handler kept them, else reconstructed."""
    wire = request.meta.pop(WIRE_META_KEY, None)
    if wire is not None:
        sent = capture_request_from_wire(wire, request)
        received = capture_response_from_wire(wire, response, fetch_start)
        if sent is not None and received is not None:
            stats.inc_value("warc/captured/wire")
            return sent, received
    stats.inc_value("warc/captured/reconstructed")
    return capture_request(request, response), capture_response(response, fetch_start)
