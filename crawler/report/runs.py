"""The run folders a report covers and what each holds: summary, items, run history record."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.commands import CommandError
from crawler.state.dataset import ITEM_FILE_PATTERNS, DatasetReport, read_items
from crawler.state.incremental import as_utc
from crawler.state.store import STATE_FILE, RunRecord, SqliteStateStore, StateError
from crawler.storage.run import SUMMARY_FILE


class ReportError(CommandError):
    """The report cannot be made from this input or written there (one-line reason)."""


@dataclass
class Run:
    """One run folder with a summary.json."""

    run_dir: Path
    summary: dict[str, Any]
    record: RunRecord | None = None  # its row in the state database's run history, if any
    items: list[dict[str, Any]] = field(default_factory=list)
    torn_lines: int = 0

    @property
    def run_id(self) -> str:
        return str(self.summary.get("run_id") or self.run_dir.name)

    @property
    def started_at(self) -> str:
        return str(self.summary.get("started_at") or "")

    @property
    def counts(self) -> dict[str, Any]:
        return self.summary.get("counts") or {}

    @property
    def failures(self) -> int:
        return sum(self.summary.get("failures", {}).values())

    @property
    def duration_seconds(self) -> float | None:
        try:
            start = datetime.fromisoformat(self.summary["started_at"])
            end = datetime.fromisoformat(self.summary["finished_at"])
        except (KeyError, TypeError, ValueError):
            return None
        return round((end - start).total_seconds(), 3)

    @property
    def source(self) -> str | None:
        return self.record.source if self.record else None


@dataclass
class RunFolders:
    """Where the runs are: the output folder (None for a run folder given alone), the runs
    with a summary (oldest first) and the folders skipped for having none."""

    output_dir: Path | None
    runs: list[Run]
    without_summary: list[str] = field(default_factory=list)


def read_summary(run_dir: Path) -> dict[str, Any]:
    """The run's summary.json; ReportError when it is not a summary."""
    path = run_dir / SUMMARY_FILE
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise ReportError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(summary, dict) or not isinstance(summary.get("counts"), dict):
        raise ReportError(f"{path}: not a run summary (no 'counts' object)")
    return summary


# The item fields the report uses; the body is kept as its word count only (and whether there
# is one), so a large output folder's items fit in memory.
KEPT_FIELDS = ("url", "canonical_url", "headline", "date", "date_raw", "date_conflict",
               "authors", "tags", "language", "fetched_at", "first_seen", "listing_url",
               "warc_record_id")  # fmt: skip


def slim_item(item: dict[str, Any]) -> dict[str, Any]:
    body = item.get("body")
    words = len(body.split()) if isinstance(body, str) else 0
    return {**{key: item.get(key) for key in KEPT_FIELDS}, "body": bool(words), "words": words}


def run_items(run_dir: Path) -> tuple[list[dict[str, Any]], int]:
    """Every item line of the run's items files (``.open`` ones of a run that died too),
    slimmed, and how many torn lines were skipped."""
    report = DatasetReport()
    items: list[dict[str, Any]] = []
    for pattern in ITEM_FILE_PATTERNS:
        for path in sorted(run_dir.glob(pattern)):
            for item in read_items(path, report):
                if isinstance(item, dict) and item.get("url"):
                    items.append(slim_item(item))
    return items, report.torn_lines


def find_runs(path: Path) -> RunFolders:
    """The runs of an output folder, or the one run of a run folder; ReportError if none."""
    if not path.is_dir():
        raise ReportError(f"{path}: not a folder")
    if (path / SUMMARY_FILE).exists():
        return RunFolders(None, [Run(path, read_summary(path))])
    folders = sorted(p for p in path.iterdir() if p.is_dir())
    with_summary = [p for p in folders if (p / SUMMARY_FILE).exists()]
    if not with_summary:
        raise ReportError(f"{path}: no run folders in it (no */{SUMMARY_FILE})")
    runs = [Run(p, read_summary(p)) for p in with_summary]
    runs.sort(key=lambda run: (run.started_at, run.run_id))
    skipped = [p.name for p in folders if p not in with_summary and p.name[:1] != "."]
    return RunFolders(path, runs, skipped)


def runs_since(runs: list[Run], since: datetime | None) -> list[Run]:
    """The runs started at or after ``since`` (all when None)."""
    if since is None:
        return runs
    kept = []
    for run in runs:
        try:
            started = datetime.fromisoformat(run.started_at.replace("Z", "+00:00"))
        except ValueError:
            continue
        if as_utc(started) >= since:
            kept.append(run)
    return kept


def attach_history(folders: RunFolders) -> None:
    """Each run's record in the state database's run history (source, exit status), where
    the database exists and has one."""
    state = (folders.output_dir or folders.runs[0].run_dir.parent) / STATE_FILE
    if not state.exists():
        return
    try:
        store = SqliteStateStore(state)
    except StateError:
        return
    try:
        records = {Path(r.run_dir).name: r for r in store.runs() if r.run_dir}
    finally:
        store.close()
    for run in folders.runs:
        run.record = records.get(run.run_dir.name)


def load_items(runs: list[Run]) -> None:
    for run in runs:
        run.items, run.torn_lines = run_items(run.run_dir)
