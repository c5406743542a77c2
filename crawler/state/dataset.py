"""One de-duplicated dataset from every run in one or more output folders.

The paths given may be output folders (their run folders are found up to three levels down, so
a folder holding each worker's or each machine's output folder works too) or run folders.

Each article (by canonical URL, else URL) appears once: its latest version (the item fetched
last), with ``first_seen`` (when its first version was fetched) and ``versions`` (how many
different payloads its items came from: an unchanged page fetched again is no new version;
an item without a payload digest counts as one). Items files of runs that died
(``*.jsonl.open``) count too: every whole line in them is an item that was delivered, and the
state store counts it as seen.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.commands import CommandError
from crawler.storage.run import SUMMARY_FILE

logger = logging.getLogger(__name__)

ITEM_FILE_PATTERNS = ("items*.jsonl", "items*.jsonl.open")
RUN_FOLDER_DEPTH = 3  # how far below a given path run folders are looked for
PARTIAL_SUFFIX = ".open"


class DatasetError(CommandError):
    """The dataset cannot be built or written (one-line reason)."""


@dataclass
class DatasetReport:
    runs: int = 0
    items_read: int = 0
    articles: int = 0
    torn_lines: int = 0  # a last line cut short by a run that died mid-write
    files: list[str] = field(default_factory=list)


def is_run_folder(path: Path) -> bool:
    return (path / SUMMARY_FILE).exists() or any(
        next(path.glob(pattern), None) for pattern in ITEM_FILE_PATTERNS
    )


def run_folders(path: Path, depth: int = RUN_FOLDER_DEPTH) -> list[Path]:
    """``path`` itself if it is a run folder, else the run folders below it, by name."""
    if is_run_folder(path):
        return [path]
    if depth == 0:
        return []
    found: list[Path] = []
    for child in sorted(p for p in path.iterdir() if p.is_dir()):
        found.extend(run_folders(child, depth - 1))
    return found


def item_files(paths: list[Path]) -> list[Path]:
    """Items files of every run folder under the paths, each run folder once."""
    files: list[Path] = []
    seen: set[Path] = set()
    for root in paths:
        for run_dir in run_folders(root):
            if run_dir.resolve() in seen:
                continue
            seen.add(run_dir.resolve())
            for pattern in ITEM_FILE_PATTERNS:
                files.extend(sorted(run_dir.glob(pattern)))
    return files


def read_items(path: Path, report: DatasetReport) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                report.torn_lines += 1
                logger.warning("%s:%d: not a whole JSON line; skipped", path, number)


def article_key(item: dict[str, Any]) -> str:
    return item.get("canonical_url") or item["url"]


def latest_versions(paths: list[Path], report: DatasetReport) -> list[dict[str, Any]]:
    """The newest item of each article, with first_seen and versions, oldest article first."""
    latest: dict[str, dict[str, Any]] = {}
    first_seen: dict[str, str] = {}
    payloads: dict[str, set[str]] = {}
    run_dirs = set()
    for path in item_files(paths):
        run_dirs.add(path.parent)
        report.files.append(str(path))
        for item in read_items(path, report):
            report.items_read += 1
            key = article_key(item)
            fetched = item.get("fetched_at") or ""
            digest = item.get("payload_digest") or f"item {report.items_read}"
            payloads.setdefault(key, set()).add(digest)
            if key not in first_seen or fetched < first_seen[key]:
                first_seen[key] = fetched
            if key not in latest or fetched >= (latest[key].get("fetched_at") or ""):
                latest[key] = item
    report.runs = len(run_dirs)
    rows = [
        {**item, "first_seen": first_seen[key] or None, "versions": len(payloads[key])}
        for key, item in latest.items()
    ]
    rows.sort(key=lambda row: (row["first_seen"] or "", article_key(row)))
    report.articles = len(rows)
    return rows


def write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise DatasetError("Parquet output needs pyarrow: pip install 'crawler[parquet]'") from None
    pq.write_table(pa.Table.from_pylist(rows), path)


WRITERS = {"jsonl": write_jsonl, "parquet": write_parquet}


def build_dataset(paths: Path | list[Path], target: Path, fmt: str = "jsonl") -> DatasetReport:
    """Write the dataset of the runs under ``paths`` to ``target`` atomically (``NAME.open``,
    renamed when complete)."""
    paths = [paths] if isinstance(paths, Path) else paths
    for path in paths:
        if not path.is_dir():
            raise DatasetError(f"{path}: not a folder")
    report = DatasetReport()
    rows = latest_versions(paths, report)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        WRITERS[fmt](rows, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatasetError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return report
