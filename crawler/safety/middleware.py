"""Downloader middleware refusing requests to internal addresses the user did not name.

A public page may link or redirect to ``http://169.254.169.254/``, ``http://10.0.0.5/`` or a
name that resolves to one (server-side request forgery). Such requests are refused before any
connection is made, unless the user named that host: the start URLs (which is how a sources
file's tag URLs arrive too) and ``CRAWLER_ALLOWED_HOSTS``.

Hosts given as literal IPs are judged as they are. Other names are resolved first through the
reactor's resolver, which is Scrapy's caching resolver (DNSCACHE_ENABLED): the connection then
uses the cached answer that was checked. A name that does not resolve is let through; the
download fails with its own DNS error.

Settings: ``CRAWLER_ADDRESS_GUARD`` (True), ``CRAWLER_ALLOWED_HOSTS`` (host names or IPs allowed
to resolve to internal addresses besides the start URLs' hosts). Refusals raise
:class:`AddressRefused` (the request's errback counts it as ``failures/address_refused``) and
are counted as ``address_guard/refused/<reason>``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.safety.addresses import IPAddress, literal_address, refusal_reason

logger = logging.getLogger(__name__)


class AddressRefused(IgnoreRequest):
    """The request's host is (or resolves to) an internal address the user did not name."""


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def named_hosts(urls: Iterable[str], extra: Iterable[str]) -> frozenset[str]:
    """Lower-cased hosts of the user's URLs plus the extra host names given."""
    hosts = {host_of(u) for u in urls} | {h.strip().strip("[]").lower() for h in extra}
    return frozenset(h for h in hosts if h)


class AddressGuardMiddleware:
    """Refuse requests to loopback, private, link-local and metadata addresses (see module)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("CRAWLER_ADDRESS_GUARD", True):
            raise NotConfigured("CRAWLER_ADDRESS_GUARD is off")
        self.crawler = crawler
        self.extra_hosts = crawler.settings.getlist("CRAWLER_ALLOWED_HOSTS")
        self._allowed: frozenset[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Hosts the user named; read once the spider exists (its start URLs)."""
        if self._allowed is None:
            spider = self.crawler.spider
            urls = getattr(spider, "tag_urls", None) or getattr(spider, "start_urls", [])
            self._allowed = named_hosts(urls, self.extra_hosts)
        return self._allowed

    async def process_request(self, request: Request) -> None:
        host = host_of(request.url)
        if not host or host in self.allowed_hosts:
            return
        address = literal_address(host)
        if address is None:
            address = await self.resolve(host)
        reason = refusal_reason(address) if address is not None else None
        if reason is not None:
            self.refuse(request, host, address, reason)

    async def resolve(self, host: str) -> IPAddress | None:
        """The address the downloader will connect to, or None when the name does not resolve."""
        from twisted.internet import reactor

        try:
            resolved = await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:
            return None
        return literal_address(resolved)

    def refuse(self, request: Request, host: str, address: IPAddress, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("address_guard/refused")
        stats.inc_value(f"address_guard/refused/{reason}")
        logger.warning(
            "Refused %s: host %s is a %s address (%s) not named by the user",
            request.url,
            host,
            reason.replace("_", "-"),
            address,
        )
        raise AddressRefused(f"address refused: {host} is {reason} ({address})")
