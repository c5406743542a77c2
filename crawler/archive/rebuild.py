"""The worker side of ``crawler reextract``: one archived page in, its item out.

Imported by the worker processes (their fork server imports it once), not by the process that
reads the archive (:mod:`crawler.archive.reextract`): Scrapy and the extractor take about half a
second to import, which the fork server spends while that process imports its own few modules
and scans the archive.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from crawler.extract import EXTRACTOR_VERSION
from crawler.sites import Selectors
from crawler.spiders.articles import BuiltArticle, build_article_item
from crawler.spiders.tagpages import is_html

if TYPE_CHECKING:
    from crawler.archive.reextract import ArchivedPage

DROPPED_RESPONSE_HEADERS = (b"Content-Encoding", b"Transfer-Encoding", b"Content-Length")


def rebuild_item(
    page: ArchivedPage, selectors: Selectors | None, date_floor: date | None
) -> dict[str, Any] | None:
    """The page's stamped item, or None when the spider never extracted it either: not a 2xx
    response (HttpErrorMiddleware), or not HTML."""
    headers, status, body = read_record(*page.record)
    if not is_success(status):
        return None
    if page.payload != page.record:
        _, _, body = read_record(*page.payload)
    response = scrapy_response(page.url, status, headers, body)
    if not is_html(response):
        return None
    built = build_article_item(
        response.text,
        page.url,
        listing_info=page.listing_info,
        fetched_at=page.fetched_at,
        archive=page.archive,
        selectors=selectors,
        date_floor=date_floor,
    )
    return stamped_item(built)


def rebuild_line(
    page: ArchivedPage, selectors: Selectors | None, date_floor: date | None
) -> bytes | None:
    """:func:`rebuild_item` as its line of JSON Lines (UTF-8), made here so that the process
    writing the lines (on a machine with as many cores as workers, its CPU time is taken from the
    workers') receives one bytes object, neither decodes nor encodes it."""
    item = rebuild_item(page, selectors, date_floor)
    if item is None:
        return None
    return (json.dumps(item, ensure_ascii=False) + "\n").encode("utf-8")


def read_record(path: Path, offset: int) -> tuple[list[tuple[str, str]], int, bytes]:
    """HTTP headers, status and decoded payload (de-chunked, content-decoded by warcio)."""
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        http = record.http_headers
        return list(http.headers), int(http.get_statuscode() or 0), record.content_stream().read()


def scrapy_response(url: str, status: int, headers: list[tuple[str, str]], body: bytes) -> Response:
    """The response as the spider saw it after decompression, to decode its text the same way."""
    scrapy_headers = Headers([(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers])
    for name in DROPPED_RESPONSE_HEADERS:
        scrapy_headers.pop(name, None)
    response_class = responsetypes.from_args(headers=scrapy_headers, url=url, body=body)
    return response_class(url=url, status=status, headers=scrapy_headers, body=body)


def is_success(status: int) -> bool:
    return 200 <= status < 300


def stamped_item(built: BuiltArticle) -> dict[str, Any]:
    """The item as the crawl writes it, plus which extractor made it and how."""
    item = ItemAdapter(built.item).asdict()
    item["extractor_version"] = EXTRACTOR_VERSION
    item["extraction_sources"] = built.sources
    return item
