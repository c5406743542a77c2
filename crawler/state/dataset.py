"""One de-duplicated dataset from every run in an output folder.

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

logger = logging.getLogger(__name__)

ITEM_FILE_PATTERNS = ("items*.jsonl", "items*.jsonl.open")
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


def item_files(output_dir: Path) -> list[Path]:
    """Items files of every run folder, oldest run first (run ids start with a UTC time)."""
    files: list[Path] = []
    for run_dir in sorted(p for p in output_dir.iterdir() if p.is_dir()):
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


def latest_versions(output_dir: Path, report: DatasetReport) -> list[dict[str, Any]]:
    """The newest item of each article, with first_seen and versions, oldest article first."""
    latest: dict[str, dict[str, Any]] = {}
    first_seen: dict[str, str] = {}
    payloads: dict[str, set[str]] = {}
    run_dirs = set()
    for path in item_files(output_dir):
        run_dirs.add(path.parent)
        report.files.append(str(path.relative_to(output_dir)))
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


def build_dataset(output_dir: Path, target: Path, fmt: str = "jsonl") -> DatasetReport:
    """Write the dataset to ``target`` atomically (``NAME.open``, renamed when complete)."""
    if not output_dir.is_dir():
        raise DatasetError(f"{output_dir}: not a folder")
    report = DatasetReport()
    rows = latest_versions(output_dir, report)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        WRITERS[fmt](rows, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatasetError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return report
