"""The crawl benchmark's ceiling: a bare Scrapy spider following the same links, nothing else.

    .venv/bin/python bench/bare_spider.py URL [URL ...] [-s KEY=VALUE ...] [--stats FILE]

From each tag-listing URL of the benchmark world it follows the next-page link and requests
every entry's article link (one CSS selector each per layout), and parses nothing in the
articles. Run with Scrapy's defaults plus the given settings, never the project's
(crawler/settings.py): no archive, no extraction, no items. ``--stats`` writes Scrapy's stats
as JSON at the end.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response

# Per layout (the first path segment): entries' article links, the next listing page (CSS, or
# XPath when it starts with //).
SELECTORS = {
    "drupal": ("div.view-content h2.node-title a::attr(href)", "li.pager-next a::attr(href)"),
    "wp": ("h2.entry-title a::attr(href)", "a.next.page-numbers::attr(href)"),
    "table": (
        'table.list a[href*="article.php"]::attr(href)',
        "//p[@class='pages']/a[contains(., 'Next')]/@href",
    ),
}


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_urls = urls

    async def start(self) -> Iterator[Request]:
        for url in self.start_urls:
            yield Request(url, callback=self.parse_listing)

    def parse_listing(self, response: Response, page: int = 1) -> Iterator[Request]:
        """The same walk as our spider's (crawler/spiders/tagpages.py): page n's articles at
        priority -2n, the next listing page at -2n + 1, one page ahead of them."""
        self.crawler.stats.inc_value("bench/listing_pages")
        layout = urlsplit(response.url).path.split("/")[1]
        entries, next_page = SELECTORS[layout]
        for href in response.css(entries).getall():
            yield response.follow(href, callback=self.parse_article, priority=-2 * page)
        select = response.xpath if next_page.startswith("//") else response.css
        if next_link := select(next_page).get():
            yield response.follow(
                next_link,
                callback=self.parse_listing,
                cb_kwargs={"page": page + 1},
                priority=-2 * page + 1,
            )

    def parse_article(self, response: Response) -> None:
        self.crawler.stats.inc_value("bench/articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--stats", type=Path)
    args = parser.parse_args()
    settings = dict(setting.split("=", 1) for setting in args.settings)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=args.urls)
    process.start()
    if args.stats:
        stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float)}
        args.stats.write_text(json.dumps(stats, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
