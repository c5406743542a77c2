"""The run history: each crawl of a source recorded in its state database."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from crawler.state.store import RunRecord, SqliteStateStore, StateError, StateStore
from crawler.storage.run import SUMMARY_FILE

COUNT_KEYS = ("listing_pages", "articles_fetched", "items_written")
FAILED_TO_RUN = 2  # the exit status recorded when the crawl raised instead of exiting
FAILED_TO_RECORD = 1  # a crawl that went well but whose end could not be recorded


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


def store_errors() -> tuple[type[Exception], ...]:
    """What a state store raises when it cannot write: SQLite's errors, and Redis' once the
    shared state has imported it."""
    redis = sys.modules.get("redis")
    return (sqlite3.Error, OSError, *((redis.RedisError,) if redis else ()))


def record_run(
    state: Path | str,
    source: str,
    run_dir: Path,
    crawl: Callable[[], int],
    store: StateStore | None = None,
) -> int:
    """Run ``crawl`` (returns an exit status) with its start, end and counts recorded in the
    SQLite database ``state``, or in ``store`` when given (the shared Redis state: ``state``
    then only names it in messages).

    A start that cannot be recorded (disk full, a locked or broken database) is a StateError:
    nothing is crawled. An end that cannot be recorded is said on one line and makes the exit
    status non-zero; the run stays "running" in the history.
    """
    store = store if store is not None else SqliteStateStore(state)
    try:
        started = datetime.now(UTC)
        try:
            record_id = store.start_run(source, iso(started))
        except store_errors() as exc:
            raise StateError(f"state database {state}: cannot record the run ({exc})") from None
        status = FAILED_TO_RUN
        try:
            status = crawl()
        finally:
            record = RunRecord(
                id=record_id,
                source=source,
                started_at=iso(started),
                finished_at=iso(datetime.now(UTC)),
                exit_status=status,
                run_dir=str(run_dir),
                **summary_counts(run_dir),
            )
            if not finish_run(store, record, state):
                status = status or FAILED_TO_RECORD
    finally:
        store.close()
    return status


def finish_run(store: StateStore, record: RunRecord, state: Path | str) -> bool:
    """Record how the run ended; False (and one line on stderr) when that cannot be written."""
    try:
        store.finish_run(record)
    except store_errors() as exc:
        print(f"crawler: state database {state}: cannot record how the run ended ({exc})",
              file=sys.stderr)  # fmt: skip
        return False
    return True
