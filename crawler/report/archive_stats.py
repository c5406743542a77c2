"""What the archive holds (WARC files, records, bytes, what deduplication saved) and which
requests failed, with example URLs: from the summaries, the CDXJ indexes and crawl.log."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.archive.cdxj import CDXJ_SUFFIX, INDEX_SUBDIR, index_fields
from crawler.report.runs import Run
from crawler.storage.run import WARC_SUBDIR

CRAWL_LOG = "crawl.log"  # the run's Scrapy log (every crawl writes it)
REVISIT_MIME = "warc/revisit"
EXAMPLES = 5
# The spider's line for each failed request (crawler/spiders/tagpages.py on_error).
FAILURE_LINE = re.compile(r"Could not fetch (\S+) (\S+): (\S+)\s*$")


@dataclass
class RunIndex:
    """A run's CDXJ lines (their JSON part) and the index files that could not be read."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


def read_run_index(run_dir: Path) -> RunIndex:
    index = RunIndex()
    for path in sorted((run_dir / INDEX_SUBDIR).glob(f"*{CDXJ_SUFFIX}")):
        try:
            index.lines.extend(index_fields(path))
        except (OSError, ValueError, IndexError):
            index.unreadable.append(path.name)
    return index


@dataclass
class WarcRow:
    run_id: str
    files: int
    bytes: int  # of the WARC files on disk
    records: int | None  # as the run's summary counted them
    revisits: int
    saved_bytes: int  # what the revisits' full records would have weighed, less their own size
    unknown_revisits: int = 0  # revisits whose full record is in no index read here


def full_record_lengths(indexes: list[RunIndex]) -> dict[str, int]:
    """Payload digest -> length of the first full (non-revisit) record holding it."""
    lengths: dict[str, int] = {}
    for index in indexes:
        for line in index.lines:
            digest = line.get("digest")
            if digest and line.get("mime") != REVISIT_MIME and digest not in lengths:
                lengths[digest] = int(line.get("length") or 0)
    return lengths


def warc_row(run: Run, index: RunIndex, full_lengths: dict[str, int]) -> WarcRow:
    warc_dir = run.run_dir / WARC_SUBDIR
    files = sorted([*warc_dir.glob("*.warc.gz"), *warc_dir.glob("*.warc")])
    warc_stats = run.summary.get("warc") or {}
    revisits = [line for line in index.lines if line.get("mime") == REVISIT_MIME]
    saved, unknown = 0, 0
    for line in revisits:
        full = full_lengths.get(line.get("digest") or "")
        if full is None:
            unknown += 1
        else:
            saved += max(0, full - int(line.get("length") or 0))
    counted = sum(v for k, v in warc_stats.items() if k.startswith("revisits/"))
    return WarcRow(
        run_id=run.run_id,
        files=len(files),
        bytes=sum(path.stat().st_size for path in files),
        records=warc_stats.get("records"),
        revisits=max(counted, len(revisits)),
        saved_bytes=saved,
        unknown_revisits=unknown,
    )


@dataclass
class FailureReason:
    reason: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def add_example(self, url: str) -> None:
        if len(self.examples) < EXAMPLES and url not in self.examples:
            self.examples.append(url)


def failures_by_reason(runs: list[Run], indexes: list[RunIndex]) -> list[FailureReason]:
    """Failures summed over the runs, most frequent first, each with up to five example URLs:
    HTTP errors from the archived responses, any reason from the spider's lines in crawl.log."""
    reasons: dict[str, FailureReason] = {}
    for run in runs:
        for reason, count in (run.summary.get("failures") or {}).items():
            reasons.setdefault(reason, FailureReason(reason)).count += int(count)
    for run, index in zip(runs, indexes, strict=True):
        for reason, url in logged_failures(run.run_dir / CRAWL_LOG):
            if reason in reasons:
                reasons[reason].add_example(url)
        for line in index.lines:
            reason = f"http_{line.get('status')}"
            if reason in reasons:
                reasons[reason].add_example(line.get("url") or "")
    return sorted(reasons.values(), key=lambda r: (-r.count, r.reason))


def logged_failures(log: Path) -> list[tuple[str, str]]:
    """(reason, URL) of each failed request the run's log names; none without a log."""
    if not log.exists():
        return []
    found = []
    with log.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            match = FAILURE_LINE.search(line)
            if match:
                found.append((match.group(3), match.group(2)))
    return found
