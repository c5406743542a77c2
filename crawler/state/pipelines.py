"""Item pipelines of incremental crawls: the --since filter and each item's history.

The listing's dates already stop pagination at CRAWLER_SINCE (see crawler.state.incremental);
SinceFilterPipeline catches the entries whose listing gave no date but whose article page does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from crawler.pipelines import DROPPED_PREFIX
from crawler.state.incremental import is_older, open_state, parse_since
from crawler.state.store import SeenArticle, StateStore


class SinceFilterPipeline:
    """Counts each drop under ``items_dropped/older_than_since``."""

    def __init__(self, since: datetime, stats: StatsCollector) -> None:
        self.since = since
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SinceFilterPipeline:
        since = parse_since(crawler.settings.get("CRAWLER_SINCE"))
        if since is None:
            raise NotConfigured  # the usual case: no message, so Scrapy logs no warning
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


class ArticleHistoryPipeline:
    """Stamp ``first_seen`` and ``version`` on each item from what earlier runs saw.

    A new article is version 1, first seen now; one seen before keeps its first_seen and is
    one version on when its payload digest differs from the last one recorded.
    """

    def __init__(self, store: StateStore) -> None:
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleHistoryPipeline:
        store = open_state(crawler.settings)
        if store is None:
            raise NotConfigured("CRAWLER_STATE_ENABLED is False")
        return cls(store)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        seen = self.earlier_sighting(adapter)
        if seen is None:
            adapter["first_seen"], adapter["version"] = adapter.get("fetched_at"), 1
        else:
            changed = seen.payload_digest != adapter.get("payload_digest")
            adapter["first_seen"], adapter["version"] = seen.first_seen, seen.versions + changed
        return item

    def earlier_sighting(self, item: ItemAdapter) -> SeenArticle | None:
        for url in dict.fromkeys((item.get("url"), item.get("canonical_url"))):
            if url and (seen := self.store.seen_article(url)) is not None:
                return seen
        return None

    def close_spider(self) -> None:
        self.store.close()
