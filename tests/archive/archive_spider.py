"""Spider run in a subprocess by test_middleware.py (``scrapy runspider``).

It fetches /cookies first so later requests carry the cookies, then every other test page.
Each item carries ``response.meta["warc"]``; STATS_JSON_PATH receives the final crawl stats.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response

FOLLOW_UP_PATHS = ("/plain", "/gzip", "/chunked", "/search?q=warc+archive&page=2", "/old")


class ArchiveTestSpider(scrapy.Spider):
    name = "archive_test"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(f"{self.base_url}/cookies", callback=self.parse_cookies)

    def parse_cookies(self, response: Response) -> Iterator[dict[str, Any] | scrapy.Request]:
        yield self.item(response)
        for path in FOLLOW_UP_PATHS:
            yield scrapy.Request(self.base_url + path)
        yield scrapy.FormRequest(f"{self.base_url}/submit", formdata={"q": "posted"})

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        yield self.item(response)

    @staticmethod
    def item(response: Response) -> dict[str, Any]:
        return {"url": response.url, "status": response.status, "warc": response.meta.get("warc")}


class StatsToJson:
    """Extension writing the crawl stats once everything (spider_closed included) is done."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings["STATS_JSON_PATH"])

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsToJson:
        extension = cls(crawler)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        self.path.write_text(json.dumps(stats, default=str))
