"""Incremental crawling: which listed articles to request, and when to stop paginating.

Settings (``crawler crawl`` flags in brackets): CRAWLER_STATE_ENABLED (True),
CRAWLER_STATE_PATH [--state] (default: ``crawler-state.sqlite`` in the output folder),
CRAWLER_STATE_BACKEND (the :class:`~crawler.state.store.StateStore` class; with REDIS_URL set,
the default is :class:`~crawler.state.redis_store.RedisStateStore`),
CRAWLER_FULL [--full] (ignore what earlier runs saw), CRAWLER_SINCE [--since] (skip entries
older than this date), CRAWLER_REFRESH [--refresh] (re-fetch seen articles conditionally).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import load_object

from crawler.spiders.arguments import InputError
from crawler.state.store import STATE_FILE, SeenArticle, StateStore
from crawler.storage.diskspace import disk_full_for
from crawler.storage.wholefile import is_disk_full

DEFAULT_BACKEND = "crawler.state.store.SqliteStateStore"
REDIS_BACKEND = "crawler.state.redis_store.RedisStateStore"
REFERS_TO_META_KEY = "warc_refers_to"
SEEN_STATS = "incremental/"


def state_location(settings: BaseSettings) -> str:
    """CRAWLER_STATE_PATH, else ``crawler-state.sqlite`` beside the run folders."""
    if settings.get("CRAWLER_STATE_PATH"):
        return str(settings["CRAWLER_STATE_PATH"])
    if settings.get("CRAWLER_RUN_DIR"):
        return str(Path(settings["CRAWLER_RUN_DIR"]).parent / STATE_FILE)
    return str(Path(settings.get("CRAWLER_OUTPUT_DIR") or "output") / STATE_FILE)


def state_backend(settings: BaseSettings) -> str:
    """CRAWLER_STATE_BACKEND; its default is the Redis store when REDIS_URL shares the crawl."""
    name = settings.get("CRAWLER_STATE_BACKEND") or DEFAULT_BACKEND
    if name == DEFAULT_BACKEND and settings.get("REDIS_URL"):
        return REDIS_BACKEND
    return name


def open_state(settings: BaseSettings) -> StateStore | None:
    """The configured state store, or None when CRAWLER_STATE_ENABLED is off. A backend with a
    ``from_settings`` (the Redis one) reads its own settings; any other gets a location."""
    if not settings.getbool("CRAWLER_STATE_ENABLED", True):
        return None
    backend = load_object(state_backend(settings))
    if hasattr(backend, "from_settings"):
        return backend.from_settings(settings)
    return backend(state_location(settings))


def parse_since(value: Any) -> datetime | None:
    """``2020-02-20`` or an ISO 8601 date-time -> an aware UTC datetime (naive means UTC)."""
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"since must be a date like 2020-02-20 or 2020-02-20T12:00:00+03:00, got {value!r}"
        ) from None
    return as_utc(moment)


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def is_older(date_iso: str | None, since: datetime | None) -> bool:
    """Whether a page's ISO date is before ``since``; False when either is unknown."""
    if since is None or not date_iso:
        return False
    try:
        return as_utc(datetime.fromisoformat(date_iso.replace("Z", "+00:00"))) < since
    except ValueError:
        return False


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class ListingSelection:
    """What to do with one listing page's entries (already de-duplicated within the run)."""

    to_fetch: list[Any] = field(default_factory=list)
    seen: dict[str, SeenArticle] = field(default_factory=dict)  # entry URL -> earlier sighting
    stop_reason: str | None = None  # why pagination stops after this page, if it does


class IncrementalCrawl:
    """The spider's view of the state store: skip what was seen, re-check it on --refresh."""

    def __init__(
        self,
        store: StateStore | None,
        crawler: Crawler,
        full: bool = False,
        refresh: bool = False,
        since: datetime | None = None,
        run_id: str | None = None,
    ) -> None:
        self.store = store
        self.crawler = crawler
        self.run_id = run_id  # articles recorded under it are this run's, not earlier runs'
        self.full = full
        self.refresh = refresh
        self.since = since
        self.tags_past_since: set[str] = set()  # an undated entry's article was older
        self.resuming: set[str] = set()  # tags whose last walk was cut short (a killed crawl)
        self.walks_ended: list[str] = []  # recorded as complete when the crawl finishes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalCrawl:
        settings = crawler.settings
        incremental = cls(
            open_state(settings),
            crawler,
            full=settings.getbool("CRAWLER_FULL"),
            refresh=settings.getbool("CRAWLER_REFRESH"),
            since=parse_since(settings.get("CRAWLER_SINCE")),
            run_id=settings.get("CRAWLER_RUN_ID"),
        )
        crawler.signals.connect(incremental.close, signal=signals.spider_closed)
        return incremental

    @property
    def stats(self) -> StatsCollector:
        """The crawl's stats (Scrapy sets them once the crawl starts, after the spider exists)."""
        stats = self.crawler.stats
        assert stats is not None
        return stats

    def close(self, reason: str) -> None:
        """At the end of the crawl: the walks that ended are complete if the crawl finished
        (their articles were all dealt with); after any other end (disk full, a signal, a
        close-spider limit) the next crawl walks them again to the end."""
        if self.store is None:
            return
        if reason == "finished":
            for tag_url in self.walks_ended:
                self.write(self.store.record_walk, tag_url, True, now_iso())
        self.store.close()
        self.store = None

    def select(
        self,
        entries: Iterable[Any],
        teaser_date: Callable[[Any], str | None],
        tag_url: str | None = None,
    ) -> ListingSelection:
        """Keep new entries (and seen ones on --refresh or --full); decide whether to go on.

        Pagination stops at the first entry older than --since (listings run newest first),
        or once an article of the tag listed without a date turned out older; and, unless
        --full, after a page whose entries were all seen in earlier runs. An entry this run
        wrote already (another start listing holds it too) is not fetched again, and says
        nothing about where earlier runs stopped: a page of such entries ends no walk.
        """
        selection = ListingSelection()
        entries = list(entries)
        if tag_url in self.tags_past_since:
            self.stats.inc_value(SEEN_STATS + "entries_older_than_since", len(entries))
            selection.stop_reason = "older_than_since"
            return selection
        unseen = seen_earlier = 0
        for entry in entries:
            if is_older(teaser_date(entry), self.since):
                self.stats.inc_value(SEEN_STATS + "entries_older_than_since")
                selection.stop_reason = "older_than_since"
                continue
            seen = self.seen_before(entry.url)
            if seen is not None and self.run_id is not None and seen.run_id == self.run_id:
                self.stats.inc_value(SEEN_STATS + "entries_seen_this_run")
                continue
            seen_earlier += seen is not None
            if seen is None:
                unseen += 1
                selection.to_fetch.append(entry)
            elif self.refresh:
                selection.seen[entry.url] = seen
                selection.to_fetch.append(entry)
            elif self.full:
                selection.to_fetch.append(entry)
            else:
                self.stats.inc_value(SEEN_STATS + "entries_skipped_seen_before")
        resuming = tag_url in self.resuming  # the pages after this one may be unread
        if selection.stop_reason is None and seen_earlier and not unseen and not self.full:
            selection.stop_reason = None if resuming else "all_seen_before"
        return selection

    def start_walk(self, tag_url: str) -> None:
        """A tag's pagination walk begins. If the last one never ended (the crawl was killed),
        pages whose entries were all seen do not end this one: the pages after them were
        never read."""
        if self.store is None:
            return
        if not self.store.walk_complete(tag_url):
            self.resuming.add(tag_url)
            self.stats.inc_value(SEEN_STATS + "tags_resumed")
        self.write(self.store.record_walk, tag_url, False, now_iso())

    def resume_walk(self, tag_url: str) -> None:
        """A listing page of the tag is read again after a worker of a shared crawl died with
        it: the pages after it may be unread, so entries all seen do not end the walk."""
        self.resuming.add(tag_url)

    def finish_walk(self, tag_url: str) -> None:
        """The tag's pagination walk reached its end (no next page, or a stop rule). Its
        articles may still be on their way (listing pages are read ahead of them): it is
        recorded as complete when the crawl finishes (see :meth:`close`)."""
        if self.store is not None:
            self.walks_ended.append(tag_url)

    def write(self, method: Callable[..., None], *args: Any) -> None:
        """A write to the store; one the disk has no room for stops the crawl (DiskFull), and
        is safely lost: a walk not recorded as ended is walked again, a recheck is redone."""
        try:
            method(*args)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            disk_full_for(self.crawler).report(getattr(self.store, "path", "the state"), exc)

    def note_article_date(self, tag_url: str, date_iso: str | None) -> None:
        """An article listed without a date is older than --since: so are the tag's next pages."""
        if is_older(date_iso, self.since) and tag_url not in self.tags_past_since:
            self.tags_past_since.add(tag_url)
            self.stats.inc_value(SEEN_STATS + "tags_past_since_by_article_date")

    def seen_before(self, url: str) -> SeenArticle | None:
        if self.store is None:
            return None
        seen = self.store.seen_article(url)
        self.stats.inc_value(
            SEEN_STATS + ("entries_new" if seen is None else "entries_seen_before")
        )
        return seen

    def refresh_request_kwargs(self, seen: SeenArticle) -> dict[str, Any]:
        """Headers and meta of a conditional re-fetch (--refresh) of a seen article."""
        self.stats.inc_value(SEEN_STATS + "refresh_requested")
        headers = {}
        if seen.etag:
            headers["If-None-Match"] = seen.etag
        if seen.last_modified:
            headers["If-Modified-Since"] = seen.last_modified
        meta: dict[str, Any] = {"handle_httpstatus_list": [304]}
        if seen.warc_record_id:
            meta[REFERS_TO_META_KEY] = {
                "record_id": seen.warc_record_id,
                "target_uri": seen.final_url or seen.url,
                "date": seen.warc_date,
                "payload_digest": seen.payload_digest,
            }
        return {"headers": headers, "meta": meta}

    def unchanged(self, response: Response, seen: SeenArticle) -> bool:
        """A 304, or a 200 whose payload digest is the one archived before: no new item."""
        if response.status == 304:
            reason = "not_modified"
        else:
            digest = (response.meta.get("warc") or {}).get("payload_digest")
            if not digest or digest != seen.payload_digest:
                self.stats.inc_value(SEEN_STATS + "refresh_changed")
                return False
            reason = "unchanged"
        self.stats.inc_value(SEEN_STATS + f"refresh_{reason}")
        if self.store is not None:
            self.write(self.store.record_recheck, seen.url, now_iso())
        return True
