"""Scrapy's RetryMiddleware, plus honouring ``Retry-After`` on 429 and 503 responses.

Scrapy retries 429/503 at once; a server that said "come back in 30 seconds" then sees the
retries as more overload. Here a retried response with a Retry-After of at most
``RETRY_AFTER_MAX`` seconds (60 by default) is retried after that wait; a longer one is not
retried at all (the response goes on as an HTTP error), since waiting would hold the crawl.

Stats: ``retry/retry_after/waited`` and ``retry/retry_after/too_long``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); None if invalid."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Retries as Scrapy does; waits for a 429/503 Retry-After up to ``RETRY_AFTER_MAX``."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        delay = self.requested_delay(request, response)
        if delay is not None and delay > self.max_wait:
            self.crawler.stats.inc_value("retry/retry_after/too_long")
            logger.warning(
                "Not retrying %s: Retry-After %.0f s exceeds RETRY_AFTER_MAX (%.0f s)",
                request.url,
                delay,
                self.max_wait,
            )
            return response
        if delay:
            self.crawler.stats.inc_value("retry/retry_after/waited")
            await self.wait(delay)
        return super().process_response(request, response)

    def requested_delay(self, request: Request, response: Response) -> float | None:
        """The Retry-After delay of a response this middleware would retry, else None."""
        if request.meta.get("dont_retry") or response.status not in (429, 503):
            return None
        if response.status not in self.retry_http_codes:
            return None
        return retry_after_seconds(response.headers.get(b"Retry-After"))

    @staticmethod
    async def wait(seconds: float) -> None:
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, seconds))
