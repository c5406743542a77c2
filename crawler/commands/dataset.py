"""``crawler dataset PATH [PATH ...] -o FILE``: one de-duplicated dataset from all runs of one
or more output folders (each worker's or machine's) or run folders."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "dataset", help="merge every run of output folders: latest version of each article"
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="output folder(s) of the crawls (or of workers), or run folders",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    parser.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        default=None,
        help="jsonl (default) or parquet (needs the `parquet` extra); default from FILE's suffix",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.state.dataset import build_dataset

    target = Path(args.output)
    fmt = args.format or ("parquet" if target.suffix == ".parquet" else "jsonl")
    report = build_dataset([Path(p) for p in args.paths], target, fmt)
    torn = f", {report.torn_lines} torn line(s) skipped" if report.torn_lines else ""
    print(
        f"{report.articles} articles from {report.items_read} items in {report.runs} runs{torn}"
        f" -> {target}"
    )
    return EXIT_OK
