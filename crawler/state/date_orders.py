"""The day-month order of each site's numeric dates: learned by the crawl from dates that cannot
be misread ("03/29/2021" is month-first), passed to extraction as a hint for the ambiguous
ones ("04/12/2021"), and remembered in the state so that later runs start with it.

One order per site (host) within a run: the first one this run learns; an order remembered
from earlier runs holds until then. See crawler/extract/date_order.py for the rules.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.statscollectors import StatsCollector

from crawler.extract.date_order import ORDERS
from crawler.state.incremental import IncrementalCrawl, now_iso

STATS = "dates/"


class SiteDateOrders:
    """The crawl's memory of the order each site writes numeric dates in."""

    def __init__(self, incremental: IncrementalCrawl) -> None:
        self.incremental = incremental
        self.orders: dict[str, str | None] = {}  # site -> order (remembered or learned)
        self.learned: set[str] = set()  # sites whose order this run learned

    @property
    def stats(self) -> StatsCollector:
        return self.incremental.stats

    def hint(self, url: str) -> str | None:
        """The order known for the site of ``url``, or None."""
        site = site_of(url)
        if site not in self.orders:
            store = self.incremental.store
            self.orders[site] = store.site_date_order(site) if store is not None else None
        return self.orders[site]

    def learn(self, url: str, order: str | None) -> None:
        """The site of ``url`` showed ``order`` in a date that cannot be misread (None: no
        evidence). Kept if it is this run's first for the site; a later different one only
        counted (``dates/site_order_disagreements``)."""
        if order not in ORDERS:
            return
        site = site_of(url)
        if site in self.learned:
            if self.orders.get(site) != order:
                self.stats.inc_value(STATS + "site_order_disagreements")
            return
        known = self.hint(url)
        self.learned.add(site)
        self.orders[site] = order
        self.stats.inc_value(STATS + "site_orders_learned")
        store = self.incremental.store
        if known != order and store is not None:
            self.incremental.write(store.record_site_date_order, site, order, now_iso())


def site_of(url: str) -> str:
    """The host of ``url``, lowercased ("" when it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
