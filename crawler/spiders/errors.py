"""Name the reason a request failed, as a short stats key."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.safety.middleware import AddressRefused
from crawler.storage.diskspace import DISK_FULL, NotArchived


def _scrapy_error(name: str) -> tuple[type[BaseException], ...]:
    """Scrapy's own download errors (newer releases wrap Twisted's); absent ones are skipped."""
    error = getattr(scrapy_errors, name, None)
    return (error,) if isinstance(error, type) else ()


NETWORK_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    (
        (
            net_error.TimeoutError,
            net_error.TCPTimedOutError,
            *_scrapy_error("DownloadTimeoutError"),
        ),
        "timeout",
    ),
    ((net_error.DNSLookupError, *_scrapy_error("CannotResolveHostError")), "dns_error"),
    (
        (net_error.ConnectionRefusedError, *_scrapy_error("DownloadConnectionRefusedError")),
        "connection_refused",
    ),
    (_scrapy_error("ResponseDataLossError"), "data_loss"),
    (
        (net_error.ConnectionLost, net_error.ConnectionDone, ResponseFailed),
        "connection_lost",
    ),
    ((ResponseNeverReceived,), "no_response"),
    ((net_error.ConnectError, *_scrapy_error("DownloadFailedError")), "connect_error"),
    # Scrapy's HTTP handlers cancel a download only when it outgrows DOWNLOAD_MAXSIZE.
    (_scrapy_error("DownloadCancelledError"), "size_limit"),
    (_scrapy_error("UnsupportedURLSchemeError"), "unsupported_scheme"),
)


def is_size_limit(exc: BaseException) -> bool:
    """DOWNLOAD_MAXSIZE hit: the download cancelled, or decompression ignored (gzip bombs)."""
    text = str(exc)
    return "download max size" in text or "DOWNLOAD_MAXSIZE" in text


def unwrapped(exc: BaseException) -> BaseException:
    """Scrapy's DownloadFailedError wraps the Twisted error that says what went wrong."""
    wrappers = _scrapy_error("DownloadFailedError")
    if wrappers and isinstance(exc, wrappers) and exc.__cause__ is not None:
        return exc.__cause__
    return exc


# Responses downloaded (and archived) that a downloader middleware then refused, by reason: the
# run's reconciliation (crawler/monitors/reconciliation.py) accounts for them with these.
IGNORED_RESPONSES = "responses/ignored/"


def ignored_response_key(failure: Failure) -> str | None:
    """The stats key of a response Scrapy's decompression refused past DOWNLOAD_MAXSIZE (its
    IgnoreRequest says "Ignored response <200 ...>"); None for failures without a response."""
    exc = failure.value
    if isinstance(exc, IgnoreRequest) and str(exc).startswith("Ignored response"):
        return IGNORED_RESPONSES + ("size_limit" if is_size_limit(exc) else "ignored")
    return None


def failure_reason(failure: Failure) -> str:
    """``http_404``, ``timeout``, ``robots_forbidden``, ``dns_error``... for a request errback."""
    return exception_reason(failure.value)


def exception_reason(exc: BaseException) -> str:
    """The reason of :func:`failure_reason` for the exception itself."""
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, AddressRefused):
        return "address_refused"
    if isinstance(exc, NotArchived):
        return DISK_FULL
    if is_size_limit(exc):
        return "size_limit"
    if isinstance(exc, IgnoreRequest):
        text = str(exc).lower()
        if "max redirections" in text:
            return "too_many_redirects"
        return "robots_forbidden" if "robots" in text else "ignored"
    exc = unwrapped(exc)
    for types, reason in NETWORK_REASONS:
        if types and isinstance(exc, types):
            return reason
    return type(exc).__name__.lower()


def exception_type_reason(type_path: str) -> str:
    """The reason for an exception known only by its dotted class path (as Scrapy's robots.txt
    middleware counts its failures: ``robotstxt/exception_count/<class '...'>``)."""
    from scrapy.utils.misc import load_object

    try:
        exc_type = load_object(type_path)
    except (ImportError, AttributeError, NameError, ValueError):
        exc_type = None
    if isinstance(exc_type, type):
        for types, reason in NETWORK_REASONS:
            if types and issubclass(exc_type, types):
                return reason
    return type_path.rsplit(".", 1)[-1].lower()
