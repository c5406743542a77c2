"""Everything the report shows, gathered from an output folder (or one run folder) as plain
data; ``render.py`` turns it into HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.report.archive_stats import (
    FailureReason,
    WarcRow,
    failures_by_reason,
    full_record_lengths,
    read_run_index,
    warc_row,
)
from crawler.report.quality import (
    DateCheck,
    SiteCoverage,
    TagCounts,
    articles_per_day,
    date_checks,
    latest_versions,
    site_coverage,
    tag_counts,
)
from crawler.report.runs import ReportError, Run, attach_history, find_runs, load_items, runs_since
from crawler.state.date_orders import site_of

DEFAULT_REPLAY_BASE = "http://127.0.0.1:8090/crawl"


@dataclass
class ArticleRow:
    headline: str
    date: str
    site: str
    words: int
    url: str
    replay: str | None


@dataclass
class UncertainListing:
    run_id: str
    listing_url: str
    page: int | None
    reasons: list[str]


@dataclass
class ReportData:
    source: str  # the folder the report is about
    generated_at: str
    since: str | None
    replay_base: str
    runs: list[Run]
    without_summary: list[str]
    articles: list[ArticleRow]
    per_day: dict[str, int]
    tags: list[TagCounts]
    coverage: list[SiteCoverage]
    date_checks: list[DateCheck]
    failures: list[FailureReason]
    uncertain: list[UncertainListing]
    warc: list[WarcRow]
    monitors: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    torn_lines: int = 0


def warc_timestamp(warc_date: str | None) -> str | None:
    """``2026-12-07T12:28:32.496Z`` -> ``20261207122832`` (the 14 digits of a replay URL)."""
    digits = re.sub(r"\D", "", warc_date or "")[:14]
    return digits if len(digits) == 14 else None


def replay_url(base: str, item: dict[str, Any]) -> str | None:
    """Where pywb (``crawler replay``) shows the archived page: base, the WARC-Date of the
    response record the item was extracted from (its ``fetched_at``), the URL."""
    stamp = warc_timestamp(item.get("fetched_at"))
    if not item.get("warc_record_id") or stamp is None or not item.get("url"):
        return None
    return f"{base.rstrip('/')}/{stamp}/{item['url']}"


def article_row(item: dict[str, Any], replay_base: str) -> ArticleRow:
    return ArticleRow(
        headline=str(item.get("headline") or ""),
        date=str(item.get("date") or ""),
        site=site_of(item.get("url") or ""),
        words=int(item.get("words") or 0),
        url=str(item.get("url") or ""),
        replay=replay_url(replay_base, item),
    )


def uncertain_listings(runs: list[Run]) -> list[UncertainListing]:
    """Listing pages the detector was unsure of, and tags flagged as a whole, per run."""
    rows = []
    for run in runs:
        for note in run.summary.get("listing_uncertain_pages") or []:
            rows.append(
                UncertainListing(
                    run.run_id, note.get("listing_url", ""), note.get("page"), note.get("reasons")
                )
            )
        for tag, reasons in (run.summary.get("uncertain_listings") or {}).items():
            explained = [f"{code}: {why}" for code, why in reasons.items()]
            rows.append(UncertainListing(run.run_id, tag, None, explained))
    return rows


def monitor_results(runs: list[Run]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (run.run_id, monitor)
        for run in runs
        for monitor in run.summary.get("monitors") or []
        if isinstance(monitor, dict)
    ]


def gather(path: Path, since: datetime | None, replay_base: str) -> ReportData:
    """Read the output folder (or run folder) ``path``; only runs started at or after
    ``since`` are shown (earlier ones still resolve revisits). ReportError on bad input."""
    folders = find_runs(path)
    attach_history(folders)
    runs = runs_since(folders.runs, since)
    if not runs:
        raise ReportError(
            f"{path}: no run started since {since.isoformat()} ({len(folders.runs)} runs in it)"
        )
    load_items(runs)
    all_indexes = {run.run_dir: read_run_index(run.run_dir) for run in folders.runs}
    indexes = [all_indexes[run.run_dir] for run in runs]
    full_lengths = full_record_lengths(list(all_indexes.values()))
    articles = latest_versions([item for run in runs for item in run.items])
    backfill_end = folders.runs[0].summary.get("finished_at") if folders.output_dir else None
    return ReportData(
        source=str(path),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        since=since.isoformat() if since else None,
        replay_base=replay_base,
        runs=runs,
        without_summary=folders.without_summary,
        articles=[article_row(item, replay_base) for item in articles],
        per_day=articles_per_day(articles),
        tags=tag_counts(runs),
        coverage=site_coverage([(run.run_id, run.items) for run in runs]),
        date_checks=date_checks(articles, backfill_end),
        failures=failures_by_reason(runs, indexes),
        uncertain=uncertain_listings(runs),
        warc=[warc_row(run, index, full_lengths) for run, index in zip(runs, indexes, strict=True)],
        monitors=monitor_results(runs),
        torn_lines=sum(run.torn_lines for run in runs),
    )
