"""The article item: one row of the dataset (schema: crawler/schema/article.schema.json)."""

from __future__ import annotations

from dataclasses import dataclass, field

# The item fields that come from the listing page an article was found on.
LISTING_FIELDS = (
    "listing_url",
    "listing_page",
    "listing_rank",
    "teaser",
    "teaser_headline",
    "teaser_date",
)


@dataclass
class ArticleItem:
    # The article.
    url: str
    canonical_url: str | None = None
    headline: str | None = None
    date: str | None = None
    date_raw: str | None = None
    date_source: str | None = None
    date_conflict: str | None = None  # the date set aside when page and listing differ by > a day
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    fetched_at: str | None = None
    # Where it was found.
    listing_url: str | None = None
    listing_page: int | None = None
    listing_rank: int | None = None
    teaser: str | None = None
    teaser_headline: str | None = None
    teaser_date: str | None = None
    # Where it is archived: the WARC response record it was extracted from.
    warc_file: str | None = None
    warc_record_id: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    payload_digest: str | None = None
    # Its history in this output folder (from the state store): when it was first fetched, and
    # which version this is (1, then one more each time its page changed).
    first_seen: str | None = None
    version: int = 1
