"""``crawler reextract WARC_OR_RUN_DIR [...] -o items.jsonl``: items rebuilt from the archive.

No network: every article response archived by earlier crawls (revisits resolved through the
inputs or the output folder's digest index) goes through today's extractor; each item carries
``extractor_version`` and ``extraction_sources``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_CRAWL_FAILED, EXIT_OK, CommandError


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
    parser.set_defaults(run=run)


def parse_floor(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date-floor {text!r}: expected YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    from crawler.archive.reextract import reextract
    from crawler.sites import load_site_file

    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    selectors = load_site_file(args.site).selectors if args.site else None
    items = reextract(args.inputs, selectors, parse_floor(args.date_floor), args.index)
    partial = args.output.with_name(args.output.name + ".open")
    count = 0
    with partial.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    partial.replace(args.output)
    print(f"{count} items written to {args.output}")
    return EXIT_OK if count else EXIT_CRAWL_FAILED
