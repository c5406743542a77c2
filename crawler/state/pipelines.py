"""Drop items whose article is older than CRAWLER_SINCE (``--since``).

The listing's dates already stop pagination (see crawler.state.incremental); this catches the
entries whose listing gave no date but whose article page does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.pipelines import DROPPED_PREFIX
from crawler.state.incremental import is_older, parse_since


class SinceFilterPipeline:
    """Counts each drop under ``items_dropped/older_than_since``."""

    def __init__(self, since: datetime, stats: StatsCollector) -> None:
        self.since = since
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SinceFilterPipeline:
        since = parse_since(crawler.settings.get("CRAWLER_SINCE"))
        if since is None:
            raise NotConfigured("CRAWLER_SINCE is not set")
        assert crawler.stats is not None
        return cls(since, crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if is_older(adapter.get("date"), self.since):
            self.stats.inc_value(DROPPED_PREFIX + "older_than_since")
            raise DropItem(
                f"published {adapter.get('date')}, before --since: {adapter.get('url')}",
                log_level="INFO",
            )
        return item
