"""Scrapy's CookiesMiddleware, telling public suffixes without downloading the list of them.

Scrapy's middleware downloads the Public Suffix List from publicsuffix.org the first time a
response sets a cookie in a process; this one reads the snapshot bundled with tldextract
instead (:mod:`crawler.compat.scrapy_cookies`), so a crawl reaches no host but its targets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

from crawler.compat.scrapy_cookies import use_bundled_suffix_list

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class BundledSuffixListCookiesMiddleware(CookiesMiddleware):
    """Scrapy's CookiesMiddleware with the bundled Public Suffix List (COOKIES_ENABLED as usual)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        use_bundled_suffix_list()
        return middleware
