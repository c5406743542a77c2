"""``crawler wacz RUN_DIR -o FILE.wacz``: package a run's WARCs, index and pages as WACZ."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK, CommandError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("wacz", help="package a run folder as a WACZ file")
    parser.add_argument("run_dir", type=Path, help="a run folder (with warc/)")
    parser.add_argument("-o", "--output", required=True, type=Path, help="the .wacz file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.archive.wacz import WaczError, write_wacz

    if not args.run_dir.is_dir():
        raise CommandError(f"{args.run_dir}: not a folder")
    try:
        written = write_wacz(args.run_dir, args.output)
    except WaczError as exc:
        raise CommandError(str(exc)) from None
    print(f"{written}: {written.stat().st_size} bytes")
    return EXIT_OK
