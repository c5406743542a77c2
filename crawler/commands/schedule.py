"""``crawler schedule SOURCES``: run each source's crawl on its schedule until stopped."""

from __future__ import annotations

import argparse
from typing import Any

from crawler.commands import EXIT_OK
from crawler.commands.crawl import add_allow_unknown_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedule", help="run the crawls of a sources file on their schedules (foreground)"
    )
    parser.add_argument("sources", metavar="SOURCES", help="sources file (TOML or YAML)")
    parser.add_argument(
        "--check", action="store_true", help="check the sources file, print the sources, exit"
    )
    parser.add_argument(
        "--stop-timeout",
        type=seconds,
        default=120.0,
        metavar="SECONDS",
        help="on SIGTERM/SIGINT, how long running crawls may take to finish (default: 120)",
    )
    add_allow_unknown_argument(parser)
    add_redis_arguments(parser)
    parser.set_defaults(run=run)


def add_redis_arguments(parser: argparse.ArgumentParser) -> None:
    from crawler.commands.worker import REDIS_HELP, add_queue_options
    from crawler.distributed.tag_queue import DEFAULT_QUEUE

    parser.add_argument(
        "--redis",
        default=None,
        metavar="URL",
        help=f"push due tag URLs to the workers' queue instead of crawling ({REDIS_HELP})",
    )
    add_queue_options(parser, DEFAULT_QUEUE)


def seconds(text: str) -> float:
    """A number of seconds, 0 or more (argparse reports the ValueError on one line)."""
    value = float(text)
    if not value >= 0:  # also NaN
        raise argparse.ArgumentTypeError(f"expected 0 or more seconds, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    from crawler.schedule.runner import run_scheduler
    from crawler.schedule.sources import load_sources

    sources = load_sources(args.sources, args.allow_unknown_setting)
    if args.check:
        for source in sources:
            tags = ", ".join(source.tags)
            print(f"{source.name}: {source.schedule}: {tags} -> {source.out}")
        return EXIT_OK
    if args.redis:
        from crawler.commands.worker import open_queue
        from crawler.schedule.runner import run_in_foreground
        from crawler.schedule.to_queue import QueueingScheduler

        run_in_foreground(QueueingScheduler(sources, open_queue(args)))
        return EXIT_OK
    run_scheduler(sources, stop_timeout=args.stop_timeout)
    return EXIT_OK
