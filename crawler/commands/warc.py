"""``crawler warc validate PATH...`` and ``crawler warc repair PATH...``.

validate: every record of every WARC file (folders are searched) is checked; one line per fault;
exit status 1 if there is any. repair: ``*.warc.gz.open`` files left by a killed crawl are
trimmed to their last whole exchange, renamed and indexed (CDXJ).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK, CommandError

EXIT_INVALID = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("warc", help="validate or repair WARC files")
    actions = parser.add_subparsers(dest="warc_command", required=True, metavar="{validate,repair}")
    validate = actions.add_parser("validate", help="check every record; exit 1 on any fault")
    validate.add_argument("paths", nargs="+", type=Path, help="WARC files or folders")
    validate.set_defaults(run=run_validate)
    repair = actions.add_parser("repair", help="trim, close and rename leftover .open files")
    repair.add_argument("paths", nargs="+", type=Path, help=".open files or folders")
    repair.set_defaults(run=run_repair)


def existing(paths: list[Path]) -> list[Path]:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CommandError(f"no such file or folder: {', '.join(missing)}")
    return paths


def run_validate(args: argparse.Namespace) -> int:
    from crawler.archive.validate import validate_file, warc_files_in

    files = warc_files_in(existing(args.paths))
    if not files:
        raise CommandError("no WARC files found")
    faults = 0
    for path in files:
        report = validate_file(path)
        for fault in report.faults:
            print(f"{path}: {fault}")
        faults += len(report.faults)
        print(f"{path}: {report.records} records, {'ok' if report.ok else 'FAULTY'}")
    print(f"{len(files)} files, {faults} faults")
    return EXIT_INVALID if faults else EXIT_OK


def run_repair(args: argparse.Namespace) -> int:
    from crawler.archive.index import index_closed_file
    from crawler.archive.validate import OPEN_SUFFIX, repair_open_file, warc_files_in

    files = [p for p in warc_files_in(existing(args.paths)) if p.name.endswith(OPEN_SUFFIX)]
    for path in files:
        result = repair_open_file(path)
        if result.repaired_path is None:
            print(f"{path}: not repaired ({result.skipped})")
            continue
        index_closed_file(result.repaired_path)
        print(f"{result.repaired_path}: repaired, {result.trimmed_bytes} bytes trimmed")
    if not files:
        print("no .open WARC files found")
    return EXIT_OK
