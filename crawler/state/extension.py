"""Remember every written item in the state store, so later runs skip its article.

Enable in EXTENSIONS at a priority after the FeedExporter (0 in EXTENSIONS_BASE): extensions
connect to ``item_scraped`` in the order they are built, so by the time this one runs the
item's line is already in the (unbuffered) items file. An article therefore counts as seen only
once its item is written; a run that dies earlier leaves it to be fetched again. Likewise when
the disk is full: an item whose line could not be written is not recorded, and an item whose
row cannot be written has its line removed again (crawler.storage.diskspace.DiskFull).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector

from crawler.state.incremental import now_iso, open_state
from crawler.state.store import SeenArticle, StateStore
from crawler.storage.diskspace import DiskFull, disk_full_for
from crawler.storage.run import ITEMS_FILE, ROTATED_ITEMS_FILE
from crawler.storage.wholefile import is_disk_full

logger = logging.getLogger(__name__)


def header_text(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class ArticleStateRecorder:
    """On each ``item_scraped``: record the article, its validators, item file and WARC record."""

    def __init__(
        self,
        store: StateStore,
        settings: BaseSettings,
        stats: StatsCollector,
        disk: DiskFull | None = None,
    ) -> None:
        self.store = store
        self.stats = stats
        self.disk = disk
        self.run_id = settings.get("CRAWLER_RUN_ID")
        self.items_per_file = settings.getint("CRAWLER_ITEMS_PER_FILE")
        self.items_recorded = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleStateRecorder:
        store = open_state(crawler.settings)
        if store is None:
            raise NotConfigured("CRAWLER_STATE_ENABLED is False")
        assert crawler.stats is not None
        recorder = cls(store, crawler.settings, crawler.stats, disk_full_for(crawler))
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.engine_stopped, signal=signals.engine_stopped)
        return recorder

    def item_scraped(self, item: Any, response: Response) -> None:
        self.items_recorded += 1
        if self.disk is not None and self.disk.last_line_lost:
            return  # its line is not in the items file: the next run fetches it again
        sighting = self.sighting(ItemAdapter(item), response)
        if (response.meta.get("warc") or {}).get("revisit"):
            sighting = self.keep_full_record(sighting)
        try:
            self.store.record_article(sighting)
        except Exception as exc:
            if self.disk is None or not is_disk_full(exc):
                raise
            self.disk.undo_last_line()
            self.disk.report(getattr(self.store, "path", "the state store"), exc)
            return
        self.stats.inc_value("incremental/articles_recorded")

    def keep_full_record(self, sighting: SeenArticle) -> SeenArticle:
        """An item whose response was archived as a revisit: keep pointing at the record that
        holds the payload, so a later --refresh refers to it (WARC-Refers-To)."""
        previous = self.store.seen_article(sighting.url)
        if previous is None or previous.payload_digest != sighting.payload_digest:
            return sighting
        return replace(
            sighting,
            warc_file=previous.warc_file,
            warc_record_id=previous.warc_record_id,
            warc_offset=previous.warc_offset,
            warc_length=previous.warc_length,
            warc_date=previous.warc_date,
        )

    def sighting(self, item: ItemAdapter, response: Response) -> SeenArticle:
        """The store's row for a written item; ``url`` is the link as the listing gave it."""
        listed_url = response.request.url if response.request is not None else item["url"]
        redirects = response.meta.get("redirect_urls") or []
        when = item.get("fetched_at") or now_iso()
        return SeenArticle(
            url=redirects[0] if redirects else listed_url,
            canonical_url=item.get("canonical_url"),
            final_url=item.get("url"),
            first_seen=when,
            last_seen=when,
            payload_digest=item.get("payload_digest"),
            etag=header_text(response, "ETag"),
            last_modified=header_text(response, "Last-Modified"),
            run_id=self.run_id,
            items_file=self.items_file(),
            warc_file=self.from_output_dir(item.get("warc_file")),
            warc_record_id=item.get("warc_record_id"),
            warc_offset=item.get("warc_offset"),
            warc_length=item.get("warc_length"),
            warc_date=(response.meta.get("warc") or {}).get("warc_date"),
        )

    def from_output_dir(self, run_relative: str | None) -> str | None:
        """A run-relative path as seen from the output folder (absolute paths stay)."""
        if not run_relative or not self.run_id:
            return run_relative
        return (PurePosixPath(self.run_id) / run_relative).as_posix()

    def items_file(self) -> str:
        """The feed file this item went to (the feed exporter rotates every N items)."""
        if self.items_per_file <= 0:
            return ITEMS_FILE
        batch = (self.items_recorded - 1) // self.items_per_file + 1
        return ROTATED_ITEMS_FILE % {"batch_id": batch}

    def engine_stopped(self) -> None:
        self.store.close()
