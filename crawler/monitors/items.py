"""Items against the source's earlier runs: fewer than before by more than
``CRAWLER_MONITOR_ITEMS_DROP_PERCENT`` fails.

An incremental run writes only what is new, so each run is compared with earlier runs of its
own kind (``full``: no entry known from before, the first run or ``--full``; ``incremental``:
some entries skipped as seen before or found unchanged by ``--refresh``), and the count
compared is what the listings showed: items written plus those known entries.
"""

from __future__ import annotations

from typing import Any

from crawler.monitors.base import Monitor, MonitorResult, RunData, percent

KNOWN_ENTRIES = ("entries_skipped_seen_before", "refresh_not_modified", "refresh_unchanged")


def run_kind(summary: dict[str, Any]) -> str:
    """``incremental`` when some entries were known (skipped or found unchanged), else ``full``
    (the first run, or ``--full``, which fetches the entries it saw before again)."""
    incremental = summary.get("incremental") or {}
    known = any(incremental.get(key, 0) for key in KNOWN_ENTRIES)
    return "incremental" if known else "full"


def articles_found(summary: dict[str, Any]) -> int:
    """Items written plus entries known from earlier runs: skipped, or re-fetched by
    ``--refresh`` and found unchanged."""
    written = (summary.get("counts") or {}).get("items_written", 0)
    incremental = summary.get("incremental") or {}
    return int(written) + sum(int(incremental.get(key, 0)) for key in KNOWN_ENTRIES)


def baseline(run: RunData) -> tuple[float, int] | None:
    """Mean articles found over the earlier finished runs of the same kind, and how many."""
    kind = run_kind(run.summary)
    counts = [
        articles_found(s)
        for s in run.previous
        if run_kind(s) == kind and s.get("finish_reason") == "finished"
    ]
    counts = [c for c in counts if c > 0]
    return (sum(counts) / len(counts), len(counts)) if counts else None


class ItemCountMonitor(Monitor):
    name = "item_count"

    def check(self, run: RunData) -> MonitorResult:
        found = articles_found(run.summary)
        kind = run_kind(run.summary)
        before = baseline(run)
        if before is None:
            return self.passed(f"{found} articles found; no earlier {kind} run to compare")
        mean, runs = before
        drop = percent(mean - found, mean)
        limit = run.settings.getfloat("CRAWLER_MONITOR_ITEMS_DROP_PERCENT")
        detail = (
            f"{found} articles found against {mean:.1f} on average in the last {runs} {kind} run(s)"
        )
        if drop > limit:
            return self.failed(f"{detail}: {drop:.0f}% fewer (limit {limit:g}%)")
        return self.passed(detail)
