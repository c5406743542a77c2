"""The same source's earlier runs: the ``summary.json`` of the other run folders in the output
folder whose crawl started from the same tag URLs, newest first.

The state database's run history (``crawler runs``) points at these same folders; reading the
summaries themselves gives every count a monitor compares, for runs recorded or not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.storage.run import SUMMARY_FILE


def source_key(summary: dict[str, Any]) -> tuple[str, ...]:
    """Runs of one source start from the same tag URLs."""
    return tuple(sorted(summary.get("start_urls") or ()))


def read_summary(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def summary_files_newest_first(out_dir: Path, run_dir: Path, most: int) -> list[Path]:
    """At most ``most`` summaries of other runs in ``out_dir``, newest (by file time) first."""
    found = []
    for folder in out_dir.iterdir():
        path = folder / SUMMARY_FILE
        if folder != run_dir and folder.is_dir() and path.is_file():
            found.append((path.stat().st_mtime, path))
    found.sort(reverse=True)
    return [path for _, path in found[:most]]


def previous_runs(summary: dict[str, Any], runs: int, scan: int) -> list[dict[str, Any]]:
    """Up to ``runs`` summaries of this source's runs that started before this one (reading at
    most ``scan`` summary files), newest first."""
    run_dir = Path(summary.get("run_dir") or ".")
    key = source_key(summary)
    started = summary.get("started_at") or ""
    earlier = []
    for path in summary_files_newest_first(run_dir.parent, run_dir, scan):
        other = read_summary(path)
        if other is None or source_key(other) != key:
            continue
        if (other.get("started_at") or "") < started:
            earlier.append(other)
    earlier.sort(key=lambda s: s.get("started_at") or "", reverse=True)
    return earlier[:runs]
