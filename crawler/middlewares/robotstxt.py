"""Scrapy's robots.txt middleware, with every request that waits for a host's robots.txt
checked against it (see :mod:`crawler.compat.scrapy_robotstxt`: with Scrapy's own, only the
first two requests to arrive while it downloads were; a crawl of three tags of a site whose
robots.txt disallows ``/tag/`` fetched the third)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.compat.scrapy_robotstxt import pending_robots_txt


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Each request waiting for a pending robots.txt gets a Deferred of its own, fired with the
    parser when the shared one fires; the shared one's result passes on unchanged."""

    async def robot_parser(self, request: Request) -> Any:
        pending = pending_robots_txt(self, urlparse_cached(request).netloc)
        if pending is None:
            return await super().robot_parser(request)
        return await maybe_deferred_to_future(_own_waiter(pending))


def _own_waiter(shared: Deferred[Any]) -> Deferred[Any]:
    waiter: Deferred[Any] = Deferred()

    def relay(result: Any) -> Any:
        waiter.callback(result)
        return result

    shared.addCallback(relay)
    return waiter
