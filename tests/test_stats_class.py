"""The crawl's stats collector: Scrapy's memory stats, with plain attribute access."""

from __future__ import annotations

from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from crawler.extensions.stats import PlainStatsCollector
from crawler.setting_values import defaults


def test_the_crawl_uses_it_and_it_counts_like_scrapys():
    settings = defaults()
    assert settings["STATS_CLASS"] == "crawler.extensions.stats.PlainStatsCollector"
    stats = PlainStatsCollector(get_crawler())
    stats.open_spider()
    stats.inc_value("a")
    stats.inc_value("a", 2)
    stats.max_value("m", 3)
    stats.max_value("m", 1)
    stats.set_value("s", "x")
    assert stats.get_stats() == {"a": 3, "m": 3, "s": "x"}


def test_attribute_access_skips_scrapys_shim():
    assert PlainStatsCollector.__getattribute__ is object.__getattribute__
    assert StatsCollector.__getattribute__ is not object.__getattribute__
