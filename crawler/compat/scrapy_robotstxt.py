"""The robots.txt download that Scrapy's RobotsTxtMiddleware keeps pending per host.

While a host's robots.txt downloads, the middleware keeps a ``Deferred`` for it in its private
``_parsers`` dict, and every request to that host that arrives meanwhile awaits that same
Deferred. Under the asyncio reactor each waiter turns it into a Future with
``Deferred.asFuture``, whose callback returns None: the first waiter gets the parser, every later
one gets None and is let through as if the host had no robots.txt (Scrapy 2.19). This module
alone reads ``_parsers``, so that :mod:`crawler.middlewares.robotstxt` can give each waiter a
Deferred of its own.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from twisted.internet.defer import Deferred

from crawler.compat import PrivateApiChanged

PARSERS = "_parsers"


def pending_robots_txt(middleware: RobotsTxtMiddleware, netloc: str) -> Deferred[Any] | None:
    """The Deferred of the host's robots.txt while it downloads; None once it is parsed (or
    before it is asked for)."""
    parsers = getattr(middleware, PARSERS, None)
    if not isinstance(parsers, dict):
        raise PrivateApiChanged(
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware no longer keeps its "
            f"parsers per host in a dict named {PARSERS}"
        )
    found = parsers.get(netloc)
    return found if isinstance(found, Deferred) else None
