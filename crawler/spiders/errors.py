"""Name the reason a request failed, as a short stats key."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

NETWORK_REASONS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((net_error.TimeoutError, net_error.TCPTimedOutError), "timeout"),
    (net_error.DNSLookupError, "dns_error"),
    (net_error.ConnectionRefusedError, "connection_refused"),
    ((net_error.ConnectionLost, net_error.ConnectionDone, ResponseFailed), "connection_lost"),
    (ResponseNeverReceived, "no_response"),
    (net_error.ConnectError, "connect_error"),
)


def failure_reason(failure: Failure) -> str:
    """``http_404``, ``timeout``, ``robots_forbidden``, ``dns_error``... for a request errback."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc).lower()
        return "robots_forbidden" if "robots" in text else "ignored"
    for types, reason in NETWORK_REASONS:
        if isinstance(exc, types):
            return reason
    return type(exc).__name__.lower()
