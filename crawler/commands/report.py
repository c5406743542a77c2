"""``crawler report OUT_OR_RUN_DIR [-o FILE.html] [--since DATE] [--replay-base URL]``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK

DEFAULT_NAME = "report.html"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report", help="one self-contained HTML report (charts, coverage, failures, archive)"
    )
    parser.add_argument("path", metavar="OUT_OR_RUN_DIR", help="an output folder or one run folder")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE.html",
        help=f"where to write it (default: OUT_OR_RUN_DIR/{DEFAULT_NAME})",
    )
    parser.add_argument(
        "--since", metavar="DATE", help="only runs started at or after DATE (ISO 8601)"
    )
    parser.add_argument(
        "--replay-base",
        metavar="URL",
        default=None,
        help="replay links: URL/<14-digit WARC-Date>/<article URL> "
        "(default: http://127.0.0.1:8090/crawl, what `crawler replay` serves)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.report.data import DEFAULT_REPLAY_BASE, gather
    from crawler.report.render import render
    from crawler.report.write import write_report
    from crawler.state.incremental import parse_since

    source = Path(args.path)
    target = Path(args.output) if args.output else source / DEFAULT_NAME
    since = parse_since(args.since)
    data = gather(source, since, args.replay_base or DEFAULT_REPLAY_BASE)
    size = write_report(render(data), target)
    print(f"{len(data.runs)} runs, {len(data.articles)} articles -> {target} ({size / 1e6:.1f} MB)")
    return EXIT_OK
