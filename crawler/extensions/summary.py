"""Write ``summary.json`` into the run folder at the end of a crawl and log a short summary."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.extensions.fields import field_counts
from crawler.storage.diskspace import DISK_FULL
from crawler.storage.run import SUMMARY_FILE
from crawler.storage.wholefile import reason_text, write_text_atomically

logger = logging.getLogger(__name__)


# The tags' feeds (crawler/spiders/feeds.py): summary name -> stats key.
FEED_COUNTS = {
    "found": "listing/feeds_found",
    "read": "listing/feeds_read",
    "entries": "listing/feed_entries",
    "feed_only": "listing/feed_only",
    "beyond_walk": "listing/feed_beyond_walk",
    "offsite_entries": "listing/feed_offsite_entries",
}


def stats_with_prefix(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    """``{"a/b": 1}`` with prefix ``"a/"`` -> ``{"b": 1}``, sorted by key."""
    return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


SHOWN_LISTING_NOTES = 10


def build_summary(stats: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """Turn Scrapy's flat stats into the run summary (plain JSON data)."""
    probe_errors = stats_with_prefix(stats, "listing/next_probe/failed/http_")
    http_errors = {
        code: count - probe_errors.get(code, 0)
        for code, count in stats_with_prefix(stats, "downloader/response_status_count/").items()
        if code.isdigit() and int(code) >= 400 and count > probe_errors.get(code, 0)
    }
    counts = {
        "listing_pages": stats.get("listing/pages", 0),
        "listing_entries": stats.get("listing/entries", 0),
        "articles_requested": stats.get("articles/requested", 0),
        "articles_fetched": stats.get("articles/fetched", 0),
        # An item whose line the disk had no room for was scraped but not written.
        "items_written": stats.get("item_scraped_count", 0) - stats.get("disk/items_unwritten", 0),
        "items_without_date": stats.get("articles/without_date", 0),
        "items_without_body": stats.get("articles/without_body", 0),
        "items_headline_from_listing": stats.get("articles/headline_from_listing", 0),
        "articles_not_extracted": stats.get("articles/not_extracted", 0),
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("downloader/response_count", 0),
        "retries": stats.get("retry/count", 0),
        "retries_exhausted": stats.get("retry/max_reached", 0),
        "retry_after_waits": stats.get("retry/retry_after/waited", 0),
        "retry_after_too_long": stats.get("retry/retry_after/too_long", 0),
        "offsite_filtered": stats.get("offsite/filtered", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
    }
    return {
        **run,
        "started_at": iso(stats.get("start_time")),
        "finished_at": iso(stats.get("finish_time")),
        "finish_reason": stats.get("finish_reason"),
        "counts": counts,
        "dropped": stats_with_prefix(stats, "items_dropped/"),
        # fields of written items whose invalid value was replaced (crawler/pipelines.py REPAIRS)
        "repaired": stats_with_prefix(stats, "items_repaired/"),
        "http_errors": http_errors,
        "failures": stats_with_prefix(stats, "failures/"),
        "skipped": stats_with_prefix(stats, "articles/skipped/"),
        "listing_stopped": stats_with_prefix(stats, "listing/stopped/"),
        "listing_uncertain": stats_with_prefix(stats, "listing/uncertain/"),
        # next pages probed where a page linked none: continued, rejected/..., failed/http_404
        # (the listing's usual end: such 404s are left out of http_errors)
        "next_page_probes": stats_with_prefix(stats, "listing/next_probe/"),
        # which listing is uncertain and why: {tag URL: {reason code: explanation}}
        "uncertain_listings": stats_with_prefix(stats, "listing/uncertain_at/"),
        "feeds": {name: stats[key] for name, key in FEED_COUNTS.items() if key in stats},
        "feed_errors": stats_with_prefix(stats, "listing/feed_error/"),
        "listing_walks": list(stats.get("listing/walks", [])),
        "listing_uncertain_pages": list(stats.get("listing/uncertain_pages", [])),
        "incremental": stats_with_prefix(stats, "incremental/"),
        "warc": stats_with_prefix(stats, "warc/"),
        "address_refused": stats_with_prefix(stats, "address_guard/refused/"),
        "robots_txt_failures": robots_txt_failures(stats),
        "disk": stats_with_prefix(stats, "disk/"),
        "errors_logged": stats.get("log_count/ERROR", 0),
        "warnings": list(stats.get("run/warnings", [])),  # what the user should look at
        # per site: items written and how many have each field (crawler/extensions/fields.py)
        "fields": field_counts(stats),
        # a crawl shared through Redis: frontier name, run, masked URL, leases (crawler.distributed)
        "frontier": stats_with_prefix(stats, "frontier/"),
    }


def robots_txt_failures(stats: dict[str, Any]) -> dict[str, int]:
    """robots.txt files that could not be fetched (the site then crawled as if it allowed
    everything), by failure reason. Scrapy counts them by exception class."""
    from crawler.spiders.errors import exception_type_reason

    failures: dict[str, int] = {}
    for key, count in stats_with_prefix(stats, "robotstxt/exception_count/").items():
        reason = exception_type_reason(key.removeprefix("<class '").removesuffix("'>"))
        failures[reason] = failures.get(reason, 0) + count
    return failures


def write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    """Write ``NAME.open`` then rename it; on OSError (disk full) neither is left."""
    write_text_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def format_summary(summary: dict[str, Any]) -> str:
    """A few human lines for the end of a run."""
    c = summary["counts"]
    lines = [
        f"Run {summary['run_id']} {summary['finish_reason']}: "
        f"{c['listing_pages']} listing pages, {c['articles_fetched']} articles fetched, "
        f"{c['items_written']} items written ({c['items_without_date']} without a date, "
        f"{c['items_without_body']} without a body).",
    ]
    for label, key in (
        ("dropped", "dropped"),
        ("invalid fields replaced", "repaired"),
        ("HTTP errors", "http_errors"),
        ("failures", "failures"),
        ("robots.txt failures", "robots_txt_failures"),
        ("feeds", "feeds"),
        ("feed errors", "feed_errors"),
        ("next pages probed", "next_page_probes"),
        ("skipped", "skipped"),
        ("incremental", "incremental"),
        ("frontier", "frontier"),
    ):
        if summary.get(key):
            parts = ", ".join(f"{k}: {v}" for k, v in summary[key].items())
            lines.append(f"  {label}: {parts}")
    for listing, reasons in summary.get("uncertain_listings", {}).items():
        for why in reasons.values():
            lines.append(f"  uncertain listing {listing}: {why}")
    lines.extend(_listing_lines(summary))
    lines.extend(f"  warning: {message}" for message in summary.get("warnings", []))
    return "\n".join(lines)


def _listing_lines(summary: dict[str, Any], most: int = SHOWN_LISTING_NOTES) -> list[str]:
    """How each tag's walk ended, and the listing pages the detector was unsure of: the user
    sees where a site may need a site file (``crawler inspect`` shows why)."""
    lines = []
    for walk in summary.get("listing_walks", [])[:most]:
        lines.append(f"  tag {walk['tag_url']}: {walk['pages']} pages, stopped: {walk['stopped']}")
    uncertain = summary.get("listing_uncertain_pages", [])
    for note in uncertain[:most]:
        lines.append(f"  unsure of listing {note['listing_url']}: {', '.join(note['reasons'])}")
    if len(uncertain) > most:
        lines.append(f"  ... {len(uncertain) - most} more unsure listing pages in summary.json")
    return lines


class RunSummary:
    """Collects the run's counts from the stats into ``<run dir>/summary.json``."""

    def __init__(self, crawler: Crawler) -> None:
        run_dir = crawler.settings.get("CRAWLER_RUN_DIR")
        if not run_dir:
            raise NotConfigured("CRAWLER_RUN_DIR is not set")
        self.crawler = crawler
        self.run_dir = Path(run_dir)
        self.finish_reason: str | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        # Written once the engine has stopped: by then every spider_closed handler (feed
        # exports, the WARC writer) has closed and renamed its files.
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunSummary:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.finish_reason = reason

    def engine_stopped(self) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", self.finish_reason)
        if "disk/full_file" in stats:  # the disk filled while the spider was closing, maybe
            stats["finish_reason"] = DISK_FULL
        spider = self.crawler.spider
        run = {
            "run_id": self.crawler.settings.get("CRAWLER_RUN_ID"),
            "run_dir": str(self.run_dir),
            "spider": spider.name,
            "start_urls": list(getattr(spider, "tag_urls", [])),
            "files": output_files(self.run_dir),
        }
        summary = build_summary(stats, run)
        try:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            write_json_atomically(self.run_dir / SUMMARY_FILE, summary)
        except OSError as exc:
            logger.error("Could not write %s: %s", self.run_dir / SUMMARY_FILE, reason_text(exc))
            self.crawler.stats.set_value("summary/unwritten", reason_text(exc))
            return
        logger.info("%s\n  summary: %s", format_summary(summary), self.run_dir / SUMMARY_FILE)


def output_files(run_dir: Path) -> dict[str, list[str]]:
    """The run's finished output files, relative to the run folder."""
    return {
        "items": sorted(p.name for p in run_dir.glob("items*.jsonl")),
        "warc": sorted(p.relative_to(run_dir).as_posix() for p in run_dir.glob("warc/*.warc.gz")),
    }
