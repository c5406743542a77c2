"""What the items say about the crawl: articles per day and per tag, field coverage per site
(and its drops against earlier runs), dates that look wrong. Plain data in, plain data out."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from crawler.report.runs import Run
from crawler.state.dataset import article_key
from crawler.state.date_orders import site_of
from crawler.state.incremental import as_utc

COVERED_FIELDS = ("headline", "date", "body", "authors", "tags", "language")
# A field whose share in a site's latest run is this many percentage points below its share in
# the site's earlier runs is flagged: the site may have changed its template.
COVERAGE_DROP_POINTS = 20.0
# A new article (first seen after the folder's first run) dated this long before it was first
# seen is suspicious: a listing's new entries are recent.
FAR_FROM_FIRST_SEEN = timedelta(days=30)
FUTURE_SLACK = timedelta(days=1)  # time zones: a page's day may be ahead of UTC's
EXAMPLES = 5


def latest_versions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One item per article (by canonical URL): the one fetched last."""
    latest = {article_key(item): item for item in sorted(items, key=fetched_at)}
    return list(latest.values())


def fetched_at(item: dict[str, Any]) -> str:
    return item.get("fetched_at") or ""


def coverage(items: list[dict[str, Any]]) -> dict[str, float]:
    """Percent of items with each field present (a non-empty value)."""
    if not items:
        return dict.fromkeys(COVERED_FIELDS, 0.0)
    return {
        name: round(100.0 * sum(1 for item in items if item.get(name)) / len(items), 1)
        for name in COVERED_FIELDS
    }


@dataclass
class FieldCoverage:
    latest: float
    earlier: float | None  # the site's earlier runs pooled; None when there are none

    @property
    def dropped(self) -> bool:
        return self.earlier is not None and self.earlier - self.latest > COVERAGE_DROP_POINTS


@dataclass
class SiteCoverage:
    site: str
    items: int  # in the site's latest run
    latest_run: str
    earlier_runs: int
    fields: dict[str, FieldCoverage]


def site_coverage(runs: list[tuple[str, list[dict[str, Any]]]]) -> list[SiteCoverage]:
    """Per site: each field's coverage in the latest run that has items of the site, against
    the site's earlier runs. ``runs``: (run id, items), oldest first."""
    by_site: dict[str, list[tuple[str, list[dict[str, Any]]]]] = defaultdict(list)
    for run_id, items in runs:
        per_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in items:
            per_site[site_of(item.get("url") or "")].append(item)
        for site, site_items in per_site.items():
            by_site[site].append((run_id, site_items))
    rows = []
    for site, site_runs in sorted(by_site.items()):
        latest_run, latest_items = site_runs[-1]
        earlier_items = [item for _, items in site_runs[:-1] for item in items]
        now, before = coverage(latest_items), coverage(earlier_items)
        fields = {
            name: FieldCoverage(now[name], before[name] if earlier_items else None)
            for name in COVERED_FIELDS
        }
        rows.append(SiteCoverage(site, len(latest_items), latest_run, len(site_runs) - 1, fields))
    return rows


def articles_per_day(articles: list[dict[str, Any]]) -> dict[str, int]:
    """Articles by publication day (the date's first ten characters), oldest day first."""
    days = Counter((item.get("date") or "")[:10] for item in articles if item.get("date"))
    return dict(sorted(days.items()))


def tag_of(listing_url: str, tag_urls: list[str]) -> str | None:
    """The start URL a listing page belongs to: the one on the same host sharing the longest
    beginning with it (page 2 of ``/tags/x`` is ``/tags/x?page=1``; its feed ``/tags/x/feed``)."""
    host = site_of(listing_url)
    best, best_length = None, -1
    for tag in tag_urls:
        if site_of(tag) != host:
            continue
        length = common_prefix_length(tag, listing_url)
        if length > best_length:
            best, best_length = tag, length
    return best


def common_prefix_length(a: str, b: str) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


@dataclass
class TagCounts:
    tag_url: str
    sources: set[str] = field(default_factory=set)
    runs: int = 0
    listing_pages: int = 0
    items: int = 0
    articles: set[str] = field(default_factory=set)


def tag_counts(runs: list[Run]) -> list[TagCounts]:
    """Per start URL (and source, where the run history names one): runs, listing pages
    walked, items written and distinct articles."""
    tags: dict[str, TagCounts] = {}
    for run in runs:
        start_urls = list(run.summary.get("start_urls") or [])
        for url in start_urls:
            counts = tags.setdefault(url, TagCounts(url))
            counts.runs += 1
            if run.source:
                counts.sources.add(run.source)
        for walk in run.summary.get("listing_walks") or []:
            if walk.get("tag_url") in tags:
                tags[walk["tag_url"]].listing_pages += int(walk.get("pages") or 0)
        for item in run.items:
            tag = tag_of(item.get("listing_url") or item.get("url") or "", start_urls)
            counts = tags.setdefault(tag or "(no start URL)", TagCounts(tag or "(no start URL)"))
            counts.items += 1
            counts.articles.add(article_key(item))
    return sorted(tags.values(), key=lambda t: (-len(t.articles), t.tag_url))


@dataclass
class DateCheck:
    name: str
    label: str
    count: int = 0
    examples: list[dict[str, str]] = field(default_factory=list)

    def add(self, item: dict[str, Any], detail: str) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append({"url": item.get("url") or "", "detail": detail})


def parse_moment(value: str | None) -> datetime | None:
    """An ISO date or date-time as aware UTC (a bare date is its midnight UTC)."""
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def publication_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def date_checks(articles: list[dict[str, Any]], first_run_finished: str | None) -> list[DateCheck]:
    """Dates missing, in the future, in conflict with the listing, or far before a new
    article was first seen (only articles first seen after ``first_run_finished``: the first
    run of a folder walks the back catalogue)."""
    missing = DateCheck("missing", "no date")
    future = DateCheck("future", "dated after it was fetched (more than a day)")
    conflict = DateCheck("conflict", "article date and listing date differ by more than a day")
    far = DateCheck(
        "far_from_first_seen",
        f"new article dated more than {FAR_FROM_FIRST_SEEN.days} days before it was first seen",
    )
    backfill_end = parse_moment(first_run_finished)
    for item in articles:
        day = publication_day(item.get("date"))
        fetched = parse_moment(item.get("fetched_at"))
        first_seen = parse_moment(item.get("first_seen")) or fetched
        if day is None:
            missing.add(item, item.get("date_raw") or "")
            continue
        if fetched and day > (fetched + FUTURE_SLACK).date():
            future.add(item, f"{item['date']} fetched {item['fetched_at']}")
        if item.get("date_conflict"):
            kept = f"{item['date']} ({item.get('date_source')})"
            conflict.add(item, f"kept {kept}, set aside {item['date_conflict']}")
        is_new = first_seen and backfill_end and first_seen > backfill_end
        if is_new and first_seen.date() - day > FAR_FROM_FIRST_SEEN:
            far.add(item, f"{item['date']} first seen {item.get('first_seen')}")
    return [missing, future, conflict, far]
