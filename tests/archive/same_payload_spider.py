"""Spider run in a subprocess by test_middleware.py: fetches COPIES URLs that all serve the same
page at once (``/search?copy=N``), to see the payload archived once and revisited the rest."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from tests.archive.archive_spider import StatsToJson  # noqa: F401 - the EXTENSIONS setting names it


class SamePayloadSpider(scrapy.Spider):
    name = "same_payload"

    def __init__(self, base_url: str, copies: str = "8", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        self.copies = int(copies)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for copy in range(self.copies):
            yield scrapy.Request(f"{self.base_url}/search?copy={copy}")

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {"url": response.url, "warc": response.meta.get("warc")}
