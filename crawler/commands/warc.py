"""``crawler warc validate PATH...`` and ``crawler warc repair PATH...``.

validate: every record of every WARC file (folders are searched) is checked; one line per fault;
exit status 1 if there is any. repair: what the next crawl in the output folder would do with the
``.open`` files a killed crawl left: ``*.warc.gz.open`` trimmed to their last whole exchange,
renamed and indexed (CDXJ); ``items*.jsonl.open`` and ``pages.jsonl.open`` cut to their last
whole line and renamed, the items' articles recorded in the state database
(crawler.storage.leftovers).
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
    repair = actions.add_parser(
        "repair", help="trim, close and rename leftover .open files (WARC, items, pages)"
    )
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
    from crawler.storage.leftovers import close_leftover_lines_files

    paths = existing(args.paths)
    files = [p for p in warc_files_in(paths) if p.name.endswith(OPEN_SUFFIX)]
    for path in files:
        result = repair_open_file(path)
        if result.repaired_path is None:
            print(f"{path}: not repaired ({result.skipped})")
            continue
        index_closed_file(result.repaired_path)
        print(f"{result.repaired_path}: repaired, {result.trimmed_bytes} bytes trimmed")
    lines_files = close_leftover_lines_files(paths)
    for closed in lines_files:
        if closed.closed is None:
            print(f"{closed.path}: not closed ({closed.skipped})")
            continue
        recorded = f", {closed.recorded} articles recorded in the state" if closed.recorded else ""
        print(f"{closed.closed}: closed{recorded}")
    if not files and not lines_files:
        print("no .open files found")
    return EXIT_OK
