"""Article page -> item: shared by the spider and by re-extraction from the archive.

Pure: HTML text, URL and what is known about the fetch in; the item and the extraction
provenance out. No Scrapy objects, no stats, no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from crawler.extract import extract_article_details
from crawler.extract.crosscheck import reconcile_listing_date
from crawler.items import ArticleItem
from crawler.sites import Selectors

ARCHIVE_FIELDS = ("warc_file", "warc_record_id", "warc_offset", "warc_length", "payload_digest")


@dataclass(frozen=True)
class BuiltArticle:
    item: ArticleItem
    sources: dict[str, str]  # field -> which strategy gave it


def build_article_item(
    text: str,
    url: str,
    *,
    listing_info: dict[str, Any],
    fetched_at: str,
    archive: dict[str, Any],
    selectors: Selectors | None = None,
    date_floor: date | None = None,
    date_order_hint: str | None = None,
) -> BuiltArticle:
    """Extract the article fields, reconcile the date with the listing's, build the item.
    ``date_order_hint``: the day-month order the crawl learned for the site, if any."""
    fields, sources = extract_article_details(
        text,
        url,
        selectors,
        date_floor=date_floor,
        listing_headline=listing_info.get("teaser_headline"),
        date_order_hint=date_order_hint,
        listing_date=listing_info.get("teaser_date"),
    )
    reconcile_listing_date(fields, sources, listing_info.get("teaser_date"))
    take_listing_headline(fields, sources, listing_info.get("teaser_headline"))
    item = ArticleItem(url=url, **fields, fetched_at=fetched_at, **listing_info, **archive)
    return BuiltArticle(item, sources)


def take_listing_headline(
    fields: dict[str, Any], sources: dict[str, str], listing_headline: str | None
) -> None:
    """A page without a headline of its own (a photo post) takes the one its listing entry
    showed: the entry named the article."""
    if not fields.get("headline") and listing_headline and listing_headline.strip():
        fields["headline"] = listing_headline.strip()
        sources["headline"] = "listing"
