"""Count, per site (host), the items written and how many of them have each field, into the
stats (``fields/<host>/items``, ``fields/<host>/<field>``); ``summary.json`` shows them under
``"fields"`` and the field-coverage monitor compares them with earlier runs.

A date counts only when the article page states it: a date taken from the listing entry or the
URL (``date_source`` ``listing``, ``url``) is what is left when a site's article template lost
its date.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

PREFIX = "fields/"
DATES_NOT_FROM_PAGE = ("listing", "url")
COUNTED_FIELDS = ("headline", "date", "body", "authors", "tags", "language", "canonical_url")


def present_fields(item: Any) -> list[str]:
    adapter = ItemAdapter(item)
    present = [name for name in COUNTED_FIELDS if adapter.get(name)]
    if "date" in present and adapter.get("date_source") in DATES_NOT_FROM_PAGE:
        present.remove("date")
    return present


def site_of(item: Any) -> str:
    return urlsplit(str(ItemAdapter(item).get("url") or "")).netloc or "?"


def field_counts(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``{"fields/h/items": 3, "fields/h/date": 2}`` -> ``{"h": {"items": 3, "date": 2}}``."""
    counts: dict[str, dict[str, int]] = {}
    for key, value in sorted(stats.items()):
        if key.startswith(PREFIX):
            site, _, name = key[len(PREFIX) :].rpartition("/")
            counts.setdefault(site, {})[name] = value
    return counts


class FieldCounter:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FieldCounter:
        assert crawler.stats is not None
        counter = cls(crawler.stats)
        crawler.signals.connect(counter.item_scraped, signal=signals.item_scraped)
        return counter

    def item_scraped(self, item: Any) -> None:
        site = site_of(item)
        self.stats.inc_value(f"{PREFIX}{site}/items")
        for name in present_fields(item):
            self.stats.inc_value(f"{PREFIX}{site}/{name}")
