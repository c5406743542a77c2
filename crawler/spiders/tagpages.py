"""The tag-page spider: listing pages -> next listing page + one request per article.

Crawl logic only. What a page contains is decided by crawler.extract (pure functions);
where items go is decided by the pipelines, the feed exporter and the WARC middleware.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawler.distributed.configure import configure_frontier
from crawler.distributed.serializer import REDELIVERED_META
from crawler.extract import EXTRACTOR_VERSION, parse_date
from crawler.extract.date_order import OrderRules
from crawler.extract.listing import ListingEntry, ListingPage
from crawler.extract.listing.pagination import follows_in_number
from crawler.extract.listing.walk import (
    ListShape,
    first_page_shape,
    keep_first_shape,
    prefer_new_entries,
)
from crawler.items import ArticleItem
from crawler.sites import Selectors, SiteConfig, load_site_file
from crawler.spiders.arguments import parse_max_pages, parse_start_urls
from crawler.spiders.articles import ARCHIVE_FIELDS
from crawler.spiders.errors import failure_reason, ignored_response_key
from crawler.spiders.extraction import PageExtraction
from crawler.spiders.feeds import TagFeeds
from crawler.state.date_orders import SiteDateOrders
from crawler.state.incremental import IncrementalCrawl
from crawler.state.store import SeenArticle
from crawler.storage.run import configure_run
from crawler.urlset import UrlSet

logger = logging.getLogger(__name__)

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


# Scheduling order (Scrapy fetches higher priorities first). A tag is walked one listing page
# ahead of its articles: page n's articles have priority -2n and the next listing page -2n + 1,
# so that page is fetched before them and its entries are known while they download (the crawl
# never stalls waiting for a listing page), but after page n - 1's articles (at most two pages
# of a tag's entries wait in the scheduler). Where the articles' dates may end the walk
# (--since and a listing without dates) the next page waits behind them: -2n - 1.
# Lists in the stats that the run summary shows: which listing pages were uncertain and why,
# and how each tag's walk ended.
UNCERTAIN_PAGES = "listing/uncertain_pages"
WALKS = "listing/walks"
WARNINGS = "run/warnings"
NOTES_KEPT = 200
# A listing page that links no next page but may go on (ListingPage.probe_url): the usual URL of
# its next page is asked for once, and taken only as a real continuation (see probe_outcome).
# Outcomes are counted under NEXT_PROBE_STATS: "continued", "rejected/<why>" (a page read and
# refused), "failed/<reason>" (http_404...: the usual end of a listing, no failure of the crawl).
NEXT_PROBE = "next_probe"
PROBED_FROM = "next_probe_from"  # meta: the listing page whose next page is probed
# meta: the other usual URL of that next page (ListingPage.probe_fallback), probed once when
# the first finds nothing there (NOTHING_THERE outcomes, or a failed fetch such as a 404)
PROBE_FALLBACK = "next_probe_fallback"
NOTHING_THERE = ("not_html", "redirected", "no_entries")
NEXT_PROBE_STATS = "listing/next_probe/"
NO_NEXT_GUESSED = "no-next-guessed"
# Pages in a row that brought no new entry before the walk ends, where each one's numbered
# pager marks it as the page after the one before and links a later page (see leads_on).
MAX_PAGES_WITHOUT_NEW = 3


def article_priority(page: int) -> int:
    return -2 * page


def next_listing_priority(page: int, after_articles: bool) -> int:
    """The priority of the listing page that follows page ``page``."""
    return article_priority(page) + (-1 if after_articles else 1)


def is_html(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"text/html").lower()
    return isinstance(response, TextResponse) and content_type.startswith(HTML_TYPES)


class TagPagesSpider(scrapy.Spider):
    """Crawl tag-listing pages and the articles they list.

    Arguments (``-a``): ``url`` (one or more tag-page URLs, comma-separated), ``site`` (an
    optional site file of selectors), ``max_pages`` (listing pages per tag URL).
    """

    name = "tagpages"

    def __init__(
        self,
        url: str | list[str] | None = None,
        site: str | None = None,
        max_pages: str | int | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tag_urls = parse_start_urls(url)
        self.site: SiteConfig | None = load_site_file(site) if site else None
        self.selectors: Selectors | None = self.site.selectors if self.site else None
        self.max_pages = parse_max_pages(max_pages)
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.tag_urls})
        self.requested_articles = UrlSet()
        self.listing_pages_seen = UrlSet()
        self.entries_seen: dict[str, UrlSet] = {u: UrlSet() for u in self.tag_urls}
        self.first_shapes: dict[str, ListShape | None] = {}  # tag URL -> its first page's list
        self.first_page_sizes: dict[str, int] = {}  # tag URL -> its first page's entries
        self.newest_first: dict[str, str] = {}  # tag URL -> its first page's newest date
        self.pager_numbers: dict[str, int | None] = {}  # tag URL -> its last page's marked number
        self.pages_without_new: dict[str, int] = {}  # tag URL -> pages in a row of no new entry

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        configure_run(settings, cls.name)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> TagPagesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        configure_frontier(crawler.settings, spider.tag_urls)  # only with REDIS_URL
        spider.incremental = IncrementalCrawl.from_crawler(crawler)
        spider.date_orders = SiteDateOrders(spider.incremental)
        spider.extraction = PageExtraction.from_crawler(crawler)
        spider.feeds = TagFeeds.from_crawler(crawler, spider)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.tag_urls:
            self.incremental.start_walk(url)
            yield self.listing_request(url, tag_url=url, page=1)

    def listing_request(
        self, url: str, tag_url: str, page: int, priority: int = 0, probe: bool = False
    ) -> Request:
        """The listing page's request; with ``probe``, a guessed next page (NEXT_PROBE)."""
        self.listing_pages_seen.add(url)
        self.crawler.stats.inc_value("listing/requested")
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.on_next_probe_error if probe else self.on_error,
            cb_kwargs={"tag_url": tag_url, "page": page},
            meta={"page_kind": "listing", NEXT_PROBE: probe},
            priority=priority,
        )

    async def parse_listing(
        self, response: Response, tag_url: str, page: int
    ) -> AsyncIterator[Request]:
        """Article requests for the page's new entries, then the next listing page's request.
        The page is parsed in an extraction worker (see PageExtraction.parse_listing)."""
        stats = self.crawler.stats
        probed = bool(response.meta.get(NEXT_PROBE))
        if not is_html(response):
            if probed and (fallback := self.fallback_probe(response.request, "not_html")):
                yield fallback
                return
            if probed:
                self.end_probed_walk(
                    tag_url, page, "rejected/not_html", response.meta.get(PROBED_FROM)
                )
                return
            stats.inc_value("failures/listing_not_html")
            logger.warning("Listing page %s is not HTML; skipped", response.url)
            return
        listing = await self.extraction.parse_listing(response.text, response.url, self.selectors)
        if listing is None:
            return
        listing = self.same_list_as_first_page(tag_url, page, listing)
        if probed:
            outcome = self.probe_outcome(response, tag_url, listing)
            if outcome in NOTHING_THERE and (
                fallback := self.fallback_probe(response.request, outcome)
            ):
                yield fallback
                return
            if outcome != "continued":
                probed_from = response.meta.get(PROBED_FROM)
                self.end_probed_walk(tag_url, page, f"rejected/{outcome}", probed_from)
                return
            stats.inc_value(NEXT_PROBE_STATS + outcome)
            logger.info("Listing page %d of %s: %s continues the walk", page, tag_url, response.url)
        feed_request = self.feeds.listing_page_read(tag_url, page, response, listing.next_url)
        if feed_request is not None:  # a crawl shared through Redis (crawler.spiders.feeds)
            yield feed_request
        stats.inc_value("listing/pages")
        stats.inc_value("listing/entries", len(listing.entries))
        if not listing.entries:
            self.note_uncertain(response.url, page, listing.uncertain)
            self.end_walk(tag_url, page, self.no_entries_reason(response.url, page))
            return
        new_entries = [e for e in listing.entries if e.url not in self.entries_seen[tag_url]]
        self.entries_seen[tag_url].update(e.url for e in listing.entries)
        logger.info(
            "Listing page %d of %s: %d entries (%d new), next: %s",
            page,
            tag_url,
            len(listing.entries),
            len(new_entries),
            listing.next_url,
        )
        if response.meta.get(REDELIVERED_META):  # a worker of a shared crawl died reading it
            self.incremental.resume_walk(tag_url)
        selection = self.incremental.select(new_entries, self.teaser_date, tag_url)
        dates_may_end_walk = False
        for entry in selection.to_fetch:
            seen = selection.seen.get(entry.url)
            request = self.article_request(entry, response.url, page, seen, tag_url)
            if request is not None:
                dates_may_end_walk |= request.callback == self.parse_undated_entry_article
                yield request
        probe = not selection.stop_reason and self.should_probe(listing, tag_url, page, probed)
        # the probe settles whether the page is the last: its outcome says (end_probed_walk);
        # a probed page shorter than the first is the last, as a numbered walk's last page is
        settled = probe or (probed and self.shorter_than_first_page(tag_url, listing))
        uncertain = [c for c in listing.uncertain if not (settled and c == NO_NEXT_GUESSED)]
        self.note_uncertain(response.url, page, uncertain)
        if selection.stop_reason:
            self.end_walk(tag_url, page, selection.stop_reason)
            return
        if probe and listing.probe_url is not None:
            priority = next_listing_priority(page, dates_may_end_walk)
            request = self.listing_request(listing.probe_url, tag_url, page + 1, priority, True)
            request.meta[PROBED_FROM] = response.url
            request.meta[PROBE_FALLBACK] = listing.probe_fallback
            yield request
            return
        leads_on = self.leads_on(tag_url, listing, bool(new_entries), response.url)
        for request in self.next_listing_request(
            listing.next_url, tag_url, page, leads_on, dates_may_end_walk
        ):
            yield request

    def leads_on(
        self, tag_url: str, listing: ListingPage, had_new_entries: bool, url: str | None = None
    ) -> bool:
        """Whether the walk goes on from this page: it brought new entries, or its numbered
        pager marks it as the page after the one before and links a later page, and fewer than
        MAX_PAGES_WITHOUT_NEW pages in a row brought nothing new. A listing of posts with equal
        dates (a mass import) orders them anew on each page: some come twice, some later. A
        copy serving its first page for every ?page=N still marks page 1 there, and ends.
        Without a numbered pager, one page of repeats at ``url``, shorter than the first page,
        whose next page is its URL's page number plus one is passed (repeats_once_in_number)."""
        # the first page of a walk comes here first (or should_probe kept its size)
        self.first_page_sizes.setdefault(tag_url, len(listing.entries))
        position = listing.pager_position
        before = self.pager_numbers.get(tag_url)
        self.pager_numbers[tag_url] = position[0] if position else None
        if had_new_entries:
            self.pages_without_new[tag_url] = 0
            return True
        streak = self.pages_without_new.get(tag_url, 0) + 1
        self.pages_without_new[tag_url] = streak
        shorter = self.shorter_than_first_page(tag_url, listing)
        if position is None and shorter and self.repeats_once_in_number(url, listing, streak):
            self.crawler.stats.inc_value("listing/pages_without_new_passed")
            logger.info("Listing %s: %s brought no new entry; its next page follows", tag_url, url)
            return True
        if position is None or before is None or streak >= MAX_PAGES_WITHOUT_NEW:
            return False
        number, highest = position
        if number != before + 1 or highest <= number:
            return False
        self.crawler.stats.inc_value("listing/pages_without_new_passed")
        logger.info("Listing %s: page %d brought no new entry; its pager goes on", tag_url, number)
        return True

    @staticmethod
    def repeats_once_in_number(url: str | None, listing: ListingPage, streak: int) -> bool:
        """The first page of repeats in a row, and its next page is its own URL's page number
        plus one (``page/2/`` -> ``page/3/``). With a page shorter than the first, the mark of
        a mirror saved at two times: a 10-per-page first page holds every post of a 5-per-page
        page 2, whose later pages list posts not seen yet. (A pagination trap repeating the
        first page whole, or a sidebar repeated on every page, is as long as the first.)"""
        if streak != 1 or url is None or listing.next_url is None:
            return False
        return follows_in_number(url, listing.next_url)

    def should_probe(self, listing: ListingPage, tag_url: str, page: int, probed: bool) -> bool:
        """Whether to ask for the usual URL of the page after this one, which links none
        (ListingPage.probe_url): on the tag's first page, or on a page a probe found while it
        is as full as the first (a shorter page is the last), once per URL, within max_pages."""
        url = listing.probe_url
        if url is None or listing.next_url is not None or self.selectors_name_next_page:
            return False
        if url in self.listing_pages_seen or url in self.requested_articles:
            return False
        if self.max_pages is not None and page >= self.max_pages:
            return False
        if page == 1:
            self.first_page_sizes[tag_url] = len(listing.entries)
            self.note_newest_first(tag_url, listing)
            return True
        full = not self.shorter_than_first_page(tag_url, listing)
        return probed and (listing.unlinked == "script-pager" or full)

    def shorter_than_first_page(self, tag_url: str, listing: ListingPage) -> bool:
        return len(listing.entries) < self.first_page_sizes.get(tag_url, len(listing.entries))

    @property
    def selectors_name_next_page(self) -> bool:
        """A site file's next-page selector says where the next page is: nothing is probed."""
        return bool(self.selectors and self.selectors.next_page)

    def probe_outcome(self, response: Response, tag_url: str, listing: ListingPage) -> str:
        """Whether a probed next page continues the walk ("continued") or why not: it is
        another URL (a redirect: the listing's first page, the site's front page), lists
        nothing, lists entries of another list than the first page's, lists none the walk has
        not taken, or lists newer posts than the page before it (the site's front page)."""
        requested = response.request.url if response.request else response.url
        if response.url.rstrip("/") != requested.rstrip("/"):
            return "redirected"
        if not listing.entries:
            return "no_entries"
        shape = self.first_shapes.get(tag_url)
        if shape is not None and 2 * sum(e.path in shape.paths for e in listing.entries) <= len(
            listing.entries
        ):
            return "other_list"
        seen = self.entries_seen[tag_url]
        if 2 * sum(entry.url not in seen for entry in listing.entries) <= len(listing.entries):
            return "no_new_entries"
        if self.newer_than_walk(tag_url, listing):
            return "newer_entries"
        return "continued"

    def entry_days(self, listing: ListingPage) -> list[str]:
        """The days (YYYY-MM-DD) of the page's dated entries, in their order."""
        return [day[:10] for day in map(self.teaser_date, listing.entries) if day]

    def note_newest_first(self, tag_url: str, listing: ListingPage) -> None:
        """Keep the first page's newest day when it lists its dated entries newest first."""
        days = self.entry_days(listing)
        if len(days) >= 2 and all(a >= b for a, b in zip(days, days[1:], strict=False)):
            self.newest_first[tag_url] = days[0]

    def newer_than_walk(self, tag_url: str, listing: ListingPage) -> bool:
        """The first page lists the newest posts first, and the probed page has a post newer
        than its newest: no later page of that list but another (the site's front page)."""
        walked = self.newest_first.get(tag_url)
        return walked is not None and any(day > walked for day in self.entry_days(listing))

    def note_uncertain(self, listing_url: str, page: int, uncertain: list[str]) -> None:
        """Count the listing page's uncertainty codes and note it for the summary."""
        for code in uncertain:
            self.crawler.stats.inc_value(f"listing/uncertain/{code}")
        if uncertain:
            reasons = {"listing_url": listing_url, "page": page, "reasons": uncertain}
            self.note_listing(UNCERTAIN_PAGES, reasons)

    def end_probed_walk(
        self, tag_url: str, page: int, outcome: str, probed_from: str | None = None
    ) -> None:
        """A probed next page is no continuation: the walk ends at the page before it, as
        when a page links no next page. A page there that is none (``rejected/...``) leaves
        the page before it uncertain (``no-next-guessed``); a 404 confirms its end."""
        self.crawler.stats.inc_value(NEXT_PROBE_STATS + outcome)
        if outcome.startswith("rejected/") and probed_from:
            self.note_uncertain(probed_from, page - 1, [NO_NEXT_GUESSED])
        logger.info(
            "Listing %s: the probed page %d is no continuation (%s)", tag_url, page, outcome
        )
        self.end_walk(tag_url, page - 1, "no_next_page")

    def fallback_probe(self, probe: Request | None, outcome: str) -> Request | None:
        """The probe of the next page's other usual URL (PROBE_FALLBACK: ``/news/`` ->
        ``/news/index_2.html``) after ``probe`` found nothing there (``outcome``), once;
        None when there is none or it was asked for already."""
        url = probe.meta.get(PROBE_FALLBACK) if probe is not None else None
        if probe is None or not url:
            return None
        if url in self.listing_pages_seen or url in self.requested_articles:
            return None
        self.crawler.stats.inc_value(NEXT_PROBE_STATS + outcome)
        tag_url, page = probe.cb_kwargs["tag_url"], probe.cb_kwargs["page"]
        logger.info("Listing %s: no page %d at %s; probing %s", tag_url, page, probe.url, url)
        fallback = self.listing_request(url, tag_url, page, probe.priority, True)
        fallback.meta[PROBED_FROM] = probe.meta.get(PROBED_FROM)
        return fallback

    def on_next_probe_error(self, failure: Failure) -> Iterator[Request]:
        """A probed next page could not be fetched (most often a 404: the listing has no
        next page): counted as the probe's outcome, not as a failure of the crawl; its other
        usual URL is probed next, if it has one."""
        reason = failure_reason(failure)
        if ignored := ignored_response_key(failure):
            self.crawler.stats.inc_value(ignored)
        request = failure.request
        if fallback := self.fallback_probe(request, f"failed/{reason}"):
            yield fallback
            return
        self.end_probed_walk(
            request.cb_kwargs["tag_url"], request.cb_kwargs["page"], f"failed/{reason}"
        )

    def same_list_as_first_page(self, tag_url: str, page: int, listing: ListingPage) -> ListingPage:
        """The listing with the entries shaped like those its tag's first page chose, when
        this page's list is shaped otherwise (see keep_first_shape). Pages of a shared crawl
        parsed by another process than the first page's are left as they are."""
        if page == 1:
            self.first_shapes[tag_url] = first_page_shape(listing)
            return listing
        shape = self.first_shapes.get(tag_url)
        kept = prefer_new_entries(
            keep_first_shape(listing, shape), shape, self.entries_seen[tag_url]
        )
        if kept is not listing:
            self.crawler.stats.inc_value("listing/first_page_list_kept")
            logger.info(
                "Listing page %d of %s: %d entries shaped like the first page's instead of %d",
                page,
                tag_url,
                len(kept.entries),
                len(listing.entries),
            )
        return kept

    def next_listing_request(
        self,
        next_url: str | None,
        tag_url: str,
        page: int,
        leads_on: bool,
        after_articles: bool,
    ) -> Iterator[Request]:
        """Follow the pager unless it ends, loops, stops bringing entries (``leads_on``) or
        hits the limit."""
        if next_url is None:
            reason = "no_next_page"
        elif not leads_on:
            reason = "no_new_entries"
        elif next_url in self.listing_pages_seen:
            reason = "page_seen_before"
        elif self.max_pages is not None and page >= self.max_pages:
            reason = "max_pages"
        else:
            priority = next_listing_priority(page, after_articles)
            yield self.listing_request(next_url, tag_url, page + 1, priority)
            return
        self.end_walk(tag_url, page, reason)

    def no_entries_reason(self, url: str, page: int) -> str:
        """Why a listing page gave no entry at all (not ``no_new_entries``, which says the
        entries were seen before); on a tag's first page a warning in the log and summary."""
        selector = self.selectors.entries if self.selectors else None
        reason = "entries_selector_matched_nothing" if selector else "no_entries"
        if page == 1:
            why = (
                f"the site file's entries selector {selector!r} matched nothing"
                if selector
                else f"no list of entries found (`crawler inspect {url}` shows why)"
            )
            self.warn(f"Listing page {url}: {why}; no article was fetched from it")
        return reason

    def warn(self, message: str) -> None:
        """A warning in the log and in the run summary's ``warnings``."""
        logger.warning(message)
        self.note_listing(WARNINGS, message)

    def end_walk(self, tag_url: str, page: int, reason: str) -> None:
        """A tag's walk stops: counted by reason and noted with the tag for the summary."""
        self.crawler.stats.inc_value(f"listing/stopped/{reason}")
        self.note_listing(WALKS, {"tag_url": tag_url, "pages": page, "stopped": reason})
        self.incremental.finish_walk(tag_url)

    def note_listing(self, key: str, note: Any) -> None:
        """Append a note to a list kept in the stats (at most NOTES_KEPT, then only counted),
        so the run summary can say which listing it concerns."""
        stats = self.crawler.stats
        notes = stats.get_value(key)
        if notes is None:
            notes = []
            stats.set_value(key, notes)
        if len(notes) < NOTES_KEPT:
            notes.append(note)

    def article_request(
        self,
        entry: ListingEntry,
        listing_url: str,
        page: int,
        seen: SeenArticle | None = None,
        tag_url: str | None = None,
    ) -> Request | None:
        """The article's request; a conditional one when an earlier run saw it (--refresh)."""
        if entry.url in self.requested_articles:
            self.crawler.stats.inc_value("listing/duplicate_entries")
            return None
        self.requested_articles.add(entry.url)
        self.crawler.stats.inc_value("articles/requested")
        listing_info = {
            "listing_url": listing_url,
            "listing_page": page,
            "listing_rank": entry.rank,
            "teaser": entry.teaser,
            "teaser_headline": entry.headline,
            "teaser_date": self.teaser_date(entry),
        }
        if seen is not None:
            refresh = self.incremental.refresh_request_kwargs(seen)
            return Request(
                entry.url,
                callback=self.parse_refreshed_article,
                errback=self.on_error,
                cb_kwargs={"listing_info": listing_info, "seen": seen},
                headers=refresh["headers"],
                meta={"page_kind": "article", **refresh["meta"]},
                priority=article_priority(page),
            )
        if tag_url and self.incremental.since and not listing_info["teaser_date"]:
            return Request(
                entry.url,
                callback=self.parse_undated_entry_article,
                errback=self.on_error,
                cb_kwargs={"listing_info": listing_info, "tag_url": tag_url},
                meta={"page_kind": "article"},
                priority=article_priority(page),
            )
        return Request(
            entry.url,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"listing_info": listing_info},
            meta={"page_kind": "article"},
            priority=article_priority(page),
        )

    def parse_feed(self, response: Response, tag_url: str) -> Iterator[Request]:
        """The tag's feed, read once the walks are over: its entries the walk did not find are
        fetched as the tag's articles (crawler.spiders.feeds)."""
        listed = self.entries_seen[tag_url]
        entries = self.feeds.unlisted_entries(response, tag_url, listed)
        selection = self.incremental.select(entries, self.teaser_date)
        for entry in selection.to_fetch:
            seen = selection.seen.get(entry.url)
            request = self.article_request(entry, response.url, 1, seen, tag_url)
            if request is not None:
                yield request

    def on_feed_error(self, failure: Failure) -> None:
        self.feeds.count_failure(failure)

    def teaser_date(self, entry: ListingEntry) -> str | None:
        """The entry's date, its day and month read in the site's order when ambiguous; one
        that cannot be misread teaches the site's order."""
        if not entry.date_raw:
            return None
        rules = OrderRules(site_order=self.date_orders.hint(entry.url))
        parsed = parse_date(entry.date_raw, order=rules)
        if parsed is None:
            return None
        if parsed.order_rule in ("unambiguous", "weekday"):
            self.date_orders.learn(entry.url, parsed.order)
        return parsed.iso

    async def parse_article(
        self, response: Response, listing_info: dict[str, Any]
    ) -> AsyncIterator[ArticleItem]:
        item = await self.article_item(response, listing_info)
        if item is not None:
            yield item

    async def article_item(
        self, response: Response, listing_info: dict[str, Any]
    ) -> ArticleItem | None:
        """The article's item (extracted in a worker process), or None, counted by reason."""
        stats = self.crawler.stats
        if not is_html(response):
            stats.inc_value("articles/skipped/not_html")
            logger.info("Article link %s is not an HTML page; skipped", response.url)
            return None
        stats.inc_value("articles/fetched")
        built = await self.extraction.build(
            response.text,
            response.url,
            listing_info=listing_info,
            fetched_at=self.fetched_at(response),
            archive=archive_location(response),
            selectors=self.selectors,
            date_floor=self.date_floor,
            date_order_hint=self.date_orders.hint(response.url),
        )
        if built is None:
            return None
        self.date_orders.learn(response.url, built.sources.get("date_order_seen"))
        item = built.item
        if not item.date:
            stats.inc_value("articles/without_date")
        elif item.date_source == "listing":
            stats.inc_value("articles/date_from_listing")
        if item.date_conflict:
            stats.inc_value("articles/date_conflict")
        if not item.body:
            item.body = None
            stats.inc_value("articles/without_body")
        if built.sources.get("headline") == "listing":
            stats.inc_value("articles/headline_from_listing")
        extraction = {"extractor_version": EXTRACTOR_VERSION, "sources": built.sources}
        response.meta["extraction"] = extraction
        return item

    async def parse_undated_entry_article(
        self, response: Response, listing_info: dict[str, Any], tag_url: str
    ) -> AsyncIterator[ArticleItem]:
        """--since and a listing entry without a date: the article's date may end the tag."""
        async for item in self.parse_article(response, listing_info):
            self.incremental.note_article_date(tag_url, item.date)
            yield item

    async def parse_refreshed_article(
        self, response: Response, listing_info: dict[str, Any], seen: SeenArticle
    ) -> AsyncIterator[ArticleItem]:
        """A seen article fetched again: a new item version only when its payload changed."""
        if self.incremental.unchanged(response, seen):
            return
        async for item in self.parse_article(response, listing_info):
            yield item

    @property
    def date_floor(self) -> date | None:
        """CRAWLER_DATE_FLOOR (YYYY-MM-DD): article dates before it are rejected."""
        value = self.settings.get("CRAWLER_DATE_FLOOR")
        return date.fromisoformat(str(value)) if value else None

    @staticmethod
    def fetched_at(response: Response) -> str:
        """When the fetch started: the WARC-Date of its record, else now (archiving off)."""
        warc_date = (response.meta.get("warc") or {}).get("warc_date")
        if warc_date:
            return warc_date
        return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def closed(self, reason: str) -> None:
        """Drop the seen-URL sets with their temporary files."""
        for urls in (self.requested_articles, self.listing_pages_seen, *self.entries_seen.values()):
            urls.close()

    def on_error(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"failures/{reason}")
        if ignored := ignored_response_key(failure):
            self.crawler.stats.inc_value(ignored)
        request = getattr(failure, "request", None)
        kind = request.meta.get("page_kind", "page") if request is not None else "page"
        url = request.url if request is not None else "?"
        logger.warning("Could not fetch %s %s: %s", kind, url, reason, extra={"failure": reason})


def archive_location(response: Response) -> dict[str, Any]:
    """The WARC record the WARC middleware wrote for this response (all None if disabled)."""
    warc = response.meta.get("warc") or {}
    return {key: warc.get(key) for key in ARCHIVE_FIELDS}
