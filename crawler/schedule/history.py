"""The run history: each crawl of a source recorded in its state database."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from crawler.state.store import RunRecord, SqliteStateStore
from crawler.storage.run import SUMMARY_FILE

COUNT_KEYS = ("listing_pages", "articles_fetched", "items_written")
FAILED_TO_RUN = 2  # the exit status recorded when the crawl raised instead of exiting


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def summary_counts(run_dir: Path) -> dict[str, int | None]:
    """Counts from the run's summary.json (None each when the crawl wrote none)."""
    try:
        summary = json.loads((run_dir / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return dict.fromkeys((*COUNT_KEYS, "failures"))
    counts = {key: summary.get("counts", {}).get(key) for key in COUNT_KEYS}
    failed = sum(summary.get("failures", {}).values()) + sum(summary.get("dropped", {}).values())
    return {**counts, "failures": failed}


def record_run(state: Path, source: str, run_dir: Path, crawl: Callable[[], int]) -> int:
    """Run ``crawl`` (returns an exit status) with its start, end and counts recorded."""
    store = SqliteStateStore(state)
    try:
        started = datetime.now(UTC)
        record_id = store.start_run(source, iso(started))
        status = FAILED_TO_RUN
        try:
            status = crawl()
        finally:
            store.finish_run(
                RunRecord(
                    id=record_id,
                    source=source,
                    started_at=iso(started),
                    finished_at=iso(datetime.now(UTC)),
                    exit_status=status,
                    run_dir=str(run_dir),
                    **summary_counts(run_dir),
                )
            )
    finally:
        store.close()
    return status
