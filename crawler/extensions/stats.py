"""Scrapy's in-memory stats collector without its per-attribute deprecation shim.

In Scrapy 2.19 ``StatsCollector.__getattribute__`` wraps every attribute access (to warn about
the deprecated ``spider`` argument), so each ``inc_value`` costs ~1.5 µs instead of ~0.07 µs;
a crawl makes about 30 such calls a page on its event loop. The methods and the stats are
Scrapy's own (``STATS_CLASS``); only the warning about passing ``spider`` is gone.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
