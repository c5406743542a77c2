"""What the crawler made of each archived page, written next to its WARC record.

``WarcMetadataMiddleware`` (a spider middleware) watches a callback's output for a response the
WARC middleware archived. Once the callback is done it writes one ``metadata`` record
(WARC-Concurrent-To the response or revisit record, ``application/json``) holding the
extraction provenance (``response.meta["extraction"]``), where the article was listed (from the
item) and the outlinks the spider followed (the requests it yielded). Every article item is also
added to the run's ``pages.jsonl`` (WACZ pages format), written as ``pages.jsonl.open`` and
renamed when the spider closes.

Settings: WARC_METADATA_ENABLED (True).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.archive.middleware import PAGES_FILE, WARC_META_KEY, archive_for
from crawler.items import LISTING_FIELDS
from crawler.storage.diskspace import DiskFull, disk_full_for
from crawler.storage.wholefile import WholeLineFile, is_disk_full

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Articles"}
METADATA_CONTENT_TYPE = "application/json"


@dataclass
class CallbackOutput:
    """The requests and items one callback yielded."""

    outlinks: list[dict[str, str]] = field(default_factory=list)
    # The items themselves, not copies: only fields no pipeline changes are read from them.
    items: list[ItemAdapter] = field(default_factory=list)

    def add(self, output: Any) -> None:
        if isinstance(output, Request):
            kind = output.meta.get("page_kind", "page")
            self.outlinks.append({"url": output.url, "kind": kind})
        elif is_item(output):
            self.items.append(ItemAdapter(output))


def metadata_document(response: Response, output: CallbackOutput) -> dict[str, Any]:
    """The JSON content of a page's metadata record."""
    document: dict[str, Any] = {
        "url": response.url,
        "page_kind": response.meta.get("page_kind"),
        "outlinks": output.outlinks,
    }
    if response.meta.get("extraction"):
        document["extraction"] = response.meta["extraction"]
    articles = [item for item in output.items if item.get("url") == response.url]
    if articles:
        document["listing"] = {name: articles[0].get(name) for name in LISTING_FIELDS}
    return document


def page_entry(item: Mapping[str, Any]) -> dict[str, Any]:
    """One line of pages.jsonl: the archived URL, its capture time and title."""
    entry = {"id": item.get("warc_record_id"), "url": item["url"], "ts": item.get("fetched_at")}
    if item.get("headline"):
        entry["title"] = item["headline"]
    return entry


class PagesFile:
    """``pages.jsonl`` in the run folder, one line per archived article, each written whole.

    A line the disk has no room for is left out and reported to ``disk`` (the crawl stops).
    """

    def __init__(self, path: Path, disk: DiskFull | None = None) -> None:
        self.path = path
        self.disk = disk
        self._stream: WholeLineFile | None = None

    def add(self, item: Mapping[str, Any]) -> None:
        if not item.get("warc_record_id"):
            return
        if self.disk is not None and self.disk.full:
            self.disk.stats.inc_value("disk/pages_unwritten")
            return
        try:
            if self._stream is None:
                self._open()
            self._write_line(page_entry(item))
        except OSError as exc:
            if self.disk is None or not is_disk_full(exc):
                raise
            self.disk.stats.inc_value("disk/pages_unwritten")
            self.disk.report(self._open_path(), exc)

    def _open(self) -> None:
        """Create the file with its header line (no file at all when there is no room)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = WholeLineFile(self._open_path(), "wb")
        try:
            self._write_line(PAGES_HEADER)
        except OSError:
            self._stream.close()
            self._stream = None
            self._open_path().unlink(missing_ok=True)
            raise

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
            if self._open_path().exists():  # a repair may have closed it for a stalled crawl
                self._open_path().rename(self.path)

    def _open_path(self) -> Path:
        return self.path.with_name(self.path.name + ".open")

    def _write_line(self, data: dict[str, Any]) -> None:
        assert self._stream is not None
        self._stream.write((json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"))


class WarcMetadataMiddleware:
    """Spider middleware writing a metadata record per archived page and pages.jsonl."""

    def __init__(self, crawler: Crawler, pages: PagesFile | None) -> None:
        self.crawler = crawler
        self.pages = pages

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMetadataMiddleware:
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True) or not settings.getbool(
            "WARC_METADATA_ENABLED", True
        ):
            raise NotConfigured("WARC metadata records are disabled")
        run_dir = settings.get("CRAWLER_RUN_DIR")
        pages = PagesFile(Path(run_dir) / PAGES_FILE, disk_full_for(crawler)) if run_dir else None
        middleware = cls(crawler, pages)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        output = CallbackOutput()
        async for element in result:
            output.add(element)
            yield element
        self.record(response, output)

    def record(self, response: Response, output: CallbackOutput) -> None:
        """Write the metadata record and the pages.jsonl lines for one archived response."""
        stamp = response.meta.get(WARC_META_KEY)
        archive = archive_for(self.crawler)
        if not stamp or archive is None:
            return
        archive.write_metadata(response.url, stamp, metadata_document(response, output))
        if self.pages is not None:
            for item in output.items:
                if item.get("warc_record_id") == stamp["warc_record_id"]:
                    self.pages.add(item)

    def spider_closed(self) -> None:
        if self.pages is not None:
            self.pages.close()
