"""Reconciliation: every response the downloader received is accounted for, twice.

1. In the archive: responses = WARC response (or revisit) records written + responses not
   archived by rule (``warc/skipped/*``: cached, not HTTP).
2. By what became of it: responses = redirects (3xx but 304) + error responses (4xx/5xx,
   retried ones included) + robots.txt files + listing pages (read, not HTML, unparsable, or
   a probed next page refused as no continuation) + feeds (read or refused as not a feed) +
   article pages; and article pages = items + items dropped (by reason) + pages not
   extracted + extraction failures + pages skipped (not HTML) + ``--refresh`` re-fetches
   found unchanged; responses refused after they were downloaded (a body past
   DOWNLOAD_MAXSIZE once decompressed: ``responses/ignored/*``) count apart.

Any difference is an unexplained gap and fails: a response that left no record, a callback
that raised, a count that lies. The numbers are Scrapy's and our own stats of the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crawler.monitors.base import Monitor, MonitorResult, RunData
from crawler.spiders.errors import IGNORED_RESPONSES

STATUS_PREFIX = "downloader/response_status_count/"
ROBOTS_STATUS_PREFIX = "robotstxt/response_status_count/"
# Feed refusals that come with a response (the others are download failures or HTTP errors).
FEED_REFUSED_WITH_RESPONSE = ("not_xml", "not_a_feed", "entities", "external_entity")
LISTING_KEYS = ("listing/pages", "failures/listing_not_html")
# probed next pages read and found no continuation (crawler.spiders.tagpages NEXT_PROBE)
PROBE_REJECTED = "listing/next_probe/rejected/"
FEED_KEYS = ("listing/feeds_read", *(f"listing/feed_error/{r}" for r in FEED_REFUSED_WITH_RESPONSE))
REFRESH_UNCHANGED = ("incremental/refresh_not_modified", "incremental/refresh_unchanged")


def total(stats: dict[str, Any], keys: Iterable[str]) -> int:
    return sum(int(stats.get(key, 0) or 0) for key in keys)


def prefixed(stats: dict[str, Any], prefix: str) -> list[str]:
    return [key for key in stats if key.startswith(prefix)]


def status_total(stats: dict[str, Any], prefix: str, wanted: Any) -> int:
    """Responses under ``prefix<code>`` whose code satisfies ``wanted``."""
    codes = {key: key[len(prefix) :] for key in prefixed(stats, prefix)}
    return total(stats, (k for k, code in codes.items() if code.isdigit() and wanted(int(code))))


def is_redirect(code: int) -> bool:
    return 300 <= code < 400 and code != 304


def is_error(code: int) -> bool:
    return code >= 400


def is_content(code: int) -> bool:
    return not is_redirect(code) and not is_error(code)


def response_kinds(stats: dict[str, Any]) -> dict[str, int]:
    """What each response was, from the counts of the parts that handled it."""
    parse_failures = total(stats, prefixed(stats, "failures/listing_parse_"))
    probed_not_taken = total(stats, prefixed(stats, PROBE_REJECTED))
    return {
        "redirects": status_total(stats, STATUS_PREFIX, is_redirect),
        "error responses": status_total(stats, STATUS_PREFIX, is_error),
        "robots.txt": status_total(stats, ROBOTS_STATUS_PREFIX, is_content),
        "listing pages": total(stats, LISTING_KEYS) + parse_failures + probed_not_taken,
        "feeds": total(stats, FEED_KEYS),
        "article pages": article_responses(stats),
        "refused after download": total(stats, prefixed(stats, IGNORED_RESPONSES)),
    }


def article_responses(stats: dict[str, Any]) -> int:
    return total(
        stats, ["articles/fetched", *prefixed(stats, "articles/skipped/"), *REFRESH_UNCHANGED]
    )


def article_outcomes(stats: dict[str, Any]) -> dict[str, int]:
    """What each article page fetched became."""
    return {
        "items": int(stats.get("item_scraped_count", 0) or 0),
        "dropped": total(stats, prefixed(stats, "items_dropped/")),
        "not extracted": total(
            stats, ["articles/not_extracted", *prefixed(stats, "failures/extraction_")]
        ),
    }


def describe(parts: dict[str, int]) -> str:
    return " + ".join(f"{count} {name}" for name, count in parts.items() if count) or "0"


def archive_gap(stats: dict[str, Any], responses: int) -> str | None:
    """Why the WARC records do not account for the responses; None when they do."""
    if "warc/exchanges" not in stats:
        return None  # archiving off
    records = int(stats["warc/exchanges"])
    skipped = total(stats, prefixed(stats, "warc/skipped/"))
    if records + skipped == responses:
        return None
    return f"{responses} responses but {records} WARC response records + {skipped} not archived"


class ReconciliationMonitor(Monitor):
    name = "reconciliation"

    def check(self, run: RunData) -> MonitorResult:
        stats = run.stats
        responses = int(stats.get("downloader/response_count", 0) or 0)
        kinds = response_kinds(stats)
        outcomes = article_outcomes(stats)
        fetched = int(stats.get("articles/fetched", 0) or 0)
        gaps = [gap for gap in [archive_gap(stats, responses)] if gap]
        if sum(kinds.values()) != responses:
            gaps.append(
                f"{responses} responses but {describe(kinds)} = {sum(kinds.values())} explained"
            )
        if sum(outcomes.values()) != fetched:
            gaps.append(
                f"{fetched} articles fetched but {describe(outcomes)} = {sum(outcomes.values())}"
            )
        if gaps:
            return self.failed("unexplained gap: " + "; ".join(gaps))
        archived = "" if "warc/exchanges" not in stats else " = WARC response records"
        return self.passed(
            f"{responses} responses{archived} = {describe(kinds)}; "
            f"{fetched} articles fetched = {describe(outcomes)}"
        )
