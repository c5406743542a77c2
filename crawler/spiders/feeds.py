"""The tag's feed as a second witness of its listing walk.

A tag's first listing page may link the tag's own RSS/Atom feed (found by
:func:`crawler.extract.feed.find_tag_feed`). Once the walks are over (the crawl is idle: every
listing page has been read) each such feed is requested once, archived like every other
exchange, and compared with the entries the tag's walk found. Its entries the walk lacks
(``listing/feed_only``) are articles of the tag that listing detection missed: they are fetched
like listing entries (``listing_url`` the feed's URL, ``listing_page`` 1, ``listing_rank`` the
position in the feed) through the same incremental selection, so a re-run skips those already
written and ``--since`` skips dated ones that are older. When the walk stopped before the end
of the pagination (its last page had a next page: ``max_pages``, all entries seen before, older
than ``--since``...), the feed's entries after the last one the walk found are left out
(``listing/feed_beyond_walk``): they belong to pages the walk chose not to read.

A feed that lists many entries the walk lacks marks the tag's listing as uncertain
(``listing/uncertain/feed-lists-more``, and under ``listing/uncertain_at/<tag URL>`` why). A feed
that cannot be read is counted under ``listing/feed_error/<reason>`` and the crawl goes on.

In a crawl shared through Redis (``REDIS_URL``) the worker that finds the feed queues its request
at once, at a priority below every page of the walk (``SHARED_FEED_PRIORITY``), so the feed is
durable in the shared queue (its finder may die) and read when nothing else is queued; any
worker may read it. Its entries are then compared with what that worker's walk found, and the
walk counts as cut only under ``max_pages`` (no worker knows where every walk ended); what is
fetched is deduplicated by the shared filter.

Settings: CRAWLER_READ_FEEDS (True); CRAWLER_FEED_MAXSIZE (bytes, 4 MiB): a larger feed is
refused while it downloads (``feed_error/too_large``), never held whole in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.extract.feed import (
    MAX_FEED_BYTES,
    FeedEntry,
    FeedError,
    find_tag_feed,
    parse_feed,
    url_variants,
)
from crawler.extract.listing import ListingEntry
from crawler.extract.urls import same_site
from crawler.spiders.errors import failure_reason, ignored_response_key

logger = logging.getLogger(__name__)

UNCERTAIN_CODE = "feed-lists-more"
# "Many more": at least this many feed entries missing from the walk, and a quarter of the feed.
FEW_MISSING = 3
# A crawl shared through Redis: the feed's request, queued when found, waits behind the walk.
SHARED_FEED_PRIORITY = -1_000_000


@dataclass
class TagFeed:
    """The feed found on a tag's first listing page, and how far the tag's walk went."""

    tag_url: str
    feed_url: str
    walk_cut: bool = False  # the last listing page read had a next page
    requested: bool = False


@dataclass
class FeedComparison:
    """A feed's entries against the entries a tag's walk found."""

    on_site: int = 0  # entries on the listing's site
    feed_only: list[ListingEntry] = field(default_factory=list)  # missed by the walk: fetch
    beyond_walk: list[ListingEntry] = field(default_factory=list)  # after a max_pages cut

    @property
    def lists_more(self) -> bool:
        """Whether the feed lists many more entries than listing detection found."""
        return len(self.feed_only) >= max(FEW_MISSING, self.on_site / 4)


def compare_with_walk(
    entries: list[FeedEntry], listed: Container[str], listing_url: str, walk_cut: bool
) -> FeedComparison:
    """Which feed entries the walk lacks. With ``walk_cut`` (the walk stopped before the last
    listing page) the entries after the last one the walk found are beyond it; if it found
    none, where it stopped in the feed is unknown and every entry counts as missed."""
    comparison = FeedComparison()
    on_site = [e for e in entries if same_site(e.url, listing_url)]
    comparison.on_site = len(on_site)
    found = [any(v in listed for v in url_variants(e.url)) for e in on_site]
    last_found = max((i for i, hit in enumerate(found) if hit), default=len(on_site))
    for rank, (entry, hit) in enumerate(zip(on_site, found, strict=True), start=1):
        if hit:
            continue
        listing_entry = ListingEntry(entry.url, entry.title, None, entry.date, rank)
        beyond = walk_cut and rank - 1 > last_found
        (comparison.beyond_walk if beyond else comparison.feed_only).append(listing_entry)
    return comparison


class TagFeeds:
    """Finds each tag's feed, requests it once the crawl is idle, compares it with the walk."""

    def __init__(self, crawler: Crawler, spider: Any, enabled: bool, max_bytes: int) -> None:
        self.crawler = crawler
        self.spider = spider
        self.enabled = enabled
        self.max_bytes = max_bytes
        self.feeds: dict[str, TagFeed] = {}
        self.shared = bool(crawler.settings.get("REDIS_URL"))

    @classmethod
    def from_crawler(cls, crawler: Crawler, spider: Any) -> TagFeeds:
        settings = crawler.settings
        download_max = settings.getint("DOWNLOAD_MAXSIZE")
        max_bytes = settings.getint("CRAWLER_FEED_MAXSIZE", MAX_FEED_BYTES)
        if download_max and (not max_bytes or download_max < max_bytes):
            max_bytes = download_max
        feeds = cls(crawler, spider, settings.getbool("CRAWLER_READ_FEEDS", True), max_bytes)
        if feeds.enabled:
            crawler.signals.connect(feeds.spider_idle, signal=signals.spider_idle)
        return feeds

    def count(self, key: str, value: int = 1) -> None:
        """Add to a stat (the crawl's stats exist once it starts, after the spider is made)."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, value)

    def listing_page_read(
        self, tag_url: str, page: int, response: TextResponse, next_url: str | None
    ) -> Request | None:
        """Look for the tag's feed on its first page; note whether the walk goes on from each
        page (a tag's listing pages are read one after the other). In a shared crawl, the feed's
        request to queue now (see the module's docstring)."""
        if not self.enabled:
            return None
        if page == 1 and tag_url not in self.feeds:
            feed_url = find_tag_feed(response.text, response.url)
            if feed_url is not None:
                self.count("listing/feeds_found")
                self.feeds[tag_url] = TagFeed(tag_url, feed_url)
        feed = self.feeds.get(tag_url)
        if feed is None:
            return None
        if not self.shared:
            feed.walk_cut = next_url is not None
            return None
        feed.walk_cut = getattr(self.spider, "max_pages", None) is not None
        if feed.requested:
            return None
        feed.requested = True
        return self.request(feed, SHARED_FEED_PRIORITY)

    def spider_idle(self) -> None:
        """Every walk is over: request the feeds not yet requested (and keep the crawl open)."""
        due = [feed for feed in self.feeds.values() if not feed.requested]
        for feed in due:
            feed.requested = True
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(self.request(feed))
        if due:
            raise DontCloseSpider

    def request(self, feed: TagFeed, priority: int = 0) -> Request:
        return Request(
            feed.feed_url,
            callback=self.spider.parse_feed,
            errback=self.spider.on_feed_error,
            cb_kwargs={"tag_url": feed.tag_url},
            # walk_cut travels with the request: in a crawl shared through Redis another worker,
            # which never read the tag's pages, may be the one that reads the feed.
            meta={
                "page_kind": "feed",
                "download_maxsize": self.max_bytes,
                "feed_walk_cut": feed.walk_cut,
            },
            dont_filter=True,  # two tags may share a feed; each compares it with its own walk
            priority=priority,
        )

    def unlisted_entries(
        self, response: Response, tag_url: str, listed: Container[str]
    ) -> list[ListingEntry]:
        """The feed's entries the tag's walk did not find, to be fetched (counted)."""
        try:
            entries = parse_feed(response.body, response.url, self.max_bytes)
        except FeedError as error:
            self.count_error(error.reason, response.url, str(error))
            return []
        feed = self.feeds.get(tag_url)
        walk_cut = feed.walk_cut if feed else bool(response.meta.get("feed_walk_cut"))
        comparison = compare_with_walk(entries, listed, response.url, walk_cut)
        self.count("listing/feeds_read")
        self.count("listing/feed_entries", len(entries))
        self.count("listing/feed_only", len(comparison.feed_only))
        if comparison.beyond_walk:
            self.count("listing/feed_beyond_walk", len(comparison.beyond_walk))
        if len(entries) > comparison.on_site:
            self.count("listing/feed_offsite_entries", len(entries) - comparison.on_site)
        logger.info(
            "Feed %s of %s: %d entries, %d not found on the listing pages (and %d beyond them)",
            response.url,
            tag_url,
            len(entries),
            len(comparison.feed_only),
            len(comparison.beyond_walk),
        )
        if comparison.lists_more:
            self.mark_uncertain(tag_url, response.url, comparison)
        return comparison.feed_only

    def mark_uncertain(self, tag_url: str, feed_url: str, comparison: FeedComparison) -> None:
        why = (
            f"its feed {feed_url} lists {comparison.on_site} entries, "
            f"{len(comparison.feed_only)} of them not found on the listing pages"
        )
        self.count(f"listing/uncertain/{UNCERTAIN_CODE}")
        stats = self.crawler.stats
        assert stats is not None
        reasons = dict(stats.get_value(f"listing/uncertain_at/{tag_url}") or {})
        reasons[UNCERTAIN_CODE] = why
        stats.set_value(f"listing/uncertain_at/{tag_url}", reasons)
        logger.warning("Listing %s is uncertain: %s", tag_url, why)

    def count_failure(self, failure: Failure) -> None:
        """The feed could not be fetched: too large, an HTTP error, a timeout..."""
        reason = failure_reason(failure)
        if ignored := ignored_response_key(failure):
            self.count(ignored)
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        self.count_error("too_large" if reason == "size_limit" else reason, url, reason)

    def count_error(self, reason: str, url: str, detail: str) -> None:
        self.count(f"listing/feed_error/{reason}")
        logger.warning("Feed %s not read: %s", url, detail)
