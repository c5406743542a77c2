"""``crawler runs [SOURCE]``: the history of runs (every ``crawler crawl`` and scheduled run),
as a table."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK, EXIT_SHUTDOWN, CommandError

COLUMNS = (
    ("source", "source"),
    ("started", "started_at"),
    ("finished", "finished_at"),
    ("exit", "exit_status"),
    ("pages", "listing_pages"),
    ("fetched", "articles_fetched"),
    ("items", "items_written"),
    ("failures", "failures"),
    ("monitors", "monitors"),
    ("run folder", "run_dir"),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("runs", help="print the history of runs")
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="only this source")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--sources", help="sources file: read the state of each of its sources")
    where.add_argument(
        "--out", help="output folder whose state (and its subfolders') to read (default: output/)"
    )
    where.add_argument("--state", help="state database to read")
    where.add_argument(
        "--redis", metavar="URL", help="the shared state of a crawl shared through Redis"
    )
    parser.add_argument("--frontier", metavar="NAME", help="with --redis: the crawl's name")
    parser.set_defaults(run=run)


def state_paths(args: argparse.Namespace) -> list[Path]:
    """The state databases to read, each once."""
    from crawler.schedule.runner import state_path
    from crawler.schedule.sources import load_sources
    from crawler.state.store import STATE_FILE

    if args.sources:
        sources = load_sources(args.sources, allow_unknown_settings=True)  # paths only
        if args.source and args.source not in {s.name for s in sources}:
            raise CommandError(f"{args.sources}: no source named {args.source!r}")
        paths = [state_path(s) for s in sources if args.source in (None, s.name)]
    elif args.state:
        paths = [Path(args.state)]
    else:
        out = Path(args.out or "output")
        paths = [out / STATE_FILE, *sorted(out.glob(f"*/{STATE_FILE}"))]  # sources' own folders
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    missing = [p for p in unique if not p.exists()]
    if len(missing) == len(unique):
        raise CommandError(f"no state database at {missing[0]} (no run recorded yet)")
    return [p for p in unique if p.exists()]


def format_table(rows: list[list[str]]) -> str:
    """Left-aligned columns, two spaces apart, under a header line."""
    header = [title for title, _ in COLUMNS]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def cell(value: Any, column: str) -> str:
    if value is None:
        return "running" if column == "finished_at" else "-"
    if column == "exit_status":
        return exit_text(value)
    return str(value)


def exit_text(status: int) -> str:
    """An exit status, with what it means when the run did not end by itself: ``shutdown``
    (stopped by SIGTERM or Ctrl-C, EXIT_SHUTDOWN) or the signal that killed it."""
    if status == EXIT_SHUTDOWN:
        return f"{status} shutdown"
    if status < 0:
        try:
            return f"{status} {signal.Signals(-status).name}"
        except ValueError:
            return str(status)
    return str(status)


def shared_runs(args: argparse.Namespace) -> list[Any]:
    """The run history a crawl shared through Redis keeps in its shared state."""
    from crawler.distributed.frontier import check_frontier_name
    from crawler.distributed.redis_url import open_redis
    from crawler.state.redis_store import RedisStateStore

    if not args.frontier:
        raise CommandError("--redis needs --frontier NAME (see crawler frontier status)")
    name = check_frontier_name(args.frontier)
    store = RedisStateStore(open_redis(args.redis), name)
    try:
        return store.runs(args.source)
    finally:
        store.close()


def monitors_cell(run_dir: str | None) -> str:
    """``ok``, ``2 failed`` or ``-`` (no summary, or no monitors in it): from summary.json."""
    from crawler.monitors.extension import failed_monitors
    from crawler.monitors.history import read_summary
    from crawler.storage.run import SUMMARY_FILE

    summary = read_summary(Path(run_dir) / SUMMARY_FILE) if run_dir else None
    if summary is None or summary.get("monitors") is None:
        return "-"
    failed = len(failed_monitors(summary))
    return f"{failed} failed" if failed else "ok"


def row(record: Any) -> list[str]:
    return [
        monitors_cell(record.run_dir)
        if column == "monitors"
        else cell(getattr(record, column), column)
        for _, column in COLUMNS
    ]


def run(args: argparse.Namespace) -> int:
    from crawler.state.store import SqliteStateStore

    records = shared_runs(args) if args.redis else []
    for path in [] if args.redis else state_paths(args):
        store = SqliteStateStore(path)
        try:
            records.extend(store.runs(args.source))
        finally:
            store.close()
    records.sort(key=lambda r: (r.started_at, r.source))
    rows = [row(r) for r in records]
    print(format_table(rows))
    if not records:
        print("(no runs recorded)")
    return EXIT_OK
