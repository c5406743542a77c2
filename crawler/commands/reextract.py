"""``crawler reextract WARC_OR_RUN_DIR [...] -o items.jsonl``: items rebuilt from the archive.

No network: every article response archived by earlier crawls (revisits resolved through the
inputs or the output folder's digest index) goes through today's extractor; each item carries
``extractor_version`` and ``extraction_sources``. This process reads the records' headers
(only those, when the run's CDXJ indexes account for its WARC files) and writes the lines; the
``--workers`` worker processes read the payloads and extract and encode the items, which come
out in archive order either way. A page whose extraction fails is logged and counted on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.commands import EXIT_CRAWL_FAILED, EXIT_OK, CommandError

if TYPE_CHECKING:
    from crawler.sites import Selectors

# What the worker processes import (crawler.archive.reextract.WORKER_MODULE). Named here, not
# imported, so that the fork server starts importing it before this process imports anything.
WORKER_MODULE = "crawler.archive.rebuild"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "reextract", help="rebuild items from archived responses (no network)"
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="WARC files or run folders")
    parser.add_argument("-o", "--output", required=True, type=Path, help="JSON Lines file")
    parser.add_argument("--site", default=None, help="site file of selectors (TOML or YAML)")
    parser.add_argument(
        "--index",
        action="append",
        default=[],
        type=Path,
        help="digest index for revisits (default: archive-index.sqlite beside the run folders)",
    )
    parser.add_argument("--date-floor", default=None, help="reject article dates before it")
    parser.add_argument(
        "--workers",
        default="auto",
        help="extraction worker processes; 0: in this process "
        "(default auto: one fewer than the CPUs, 1 to 4)",
    )
    parser.set_defaults(run=run)


def parse_floor(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date-floor {text!r}: expected YYYY-MM-DD") from None


def parse_workers_option(text: str) -> int:
    from crawler.workers import parse_workers

    try:
        return parse_workers(text)
    except ValueError as error:
        raise CommandError(f"--workers: {error}") from None


def load_selectors(site: str | None) -> Selectors | None:
    """The site file's selectors; its loader (and YAML, parsel) imported only when one is given."""
    if not site:
        return None
    from crawler.sites import load_site_file

    return load_site_file(site).selectors


def run(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    workers = parse_workers_option(args.workers)
    if workers:
        from crawler.workers import start_fork_server

        start_fork_server((WORKER_MODULE,))
    from crawler.archive.reextract import reextract

    selectors = load_selectors(args.site)
    failures: Counter[str] = Counter()
    lines = reextract(
        args.inputs,
        selectors,
        parse_floor(args.date_floor),
        args.index,
        workers=workers,
        failures=failures,
    )
    partial = args.output.with_name(args.output.name + ".open")
    count = 0
    with partial.open("wb") as out:
        for line in lines:
            out.write(line)
            count += 1
    partial.replace(args.output)
    print(f"{count} items written to {args.output}")
    if failures:
        parts = ", ".join(f"{reason}: {n}" for reason, n in sorted(failures.items()))
        print(f"failed pages: {parts}", file=sys.stderr)
    return EXIT_OK if count else EXIT_CRAWL_FAILED
