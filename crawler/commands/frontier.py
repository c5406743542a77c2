"""``crawler frontier status|reset NAME --redis URL``: a shared crawl's queue, leases and runs."""

from __future__ import annotations

import argparse
import json
from typing import Any

from crawler.commands import EXIT_OK


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "frontier", help="show or clear a crawl shared through Redis (crawl --redis)"
    )
    actions = parser.add_subparsers(dest="action", required=True)
    for action, text in (
        ("status", "queue length, leases open, duplicate filter size, runs, finished or not"),
        (
            "reset",
            "delete the queue, duplicate filter, leases and run marks (not the shared state)",
        ),
    ):
        sub = actions.add_parser(action, help=text)
        sub.add_argument("name", metavar="NAME", help="the frontier (crawl --frontier NAME)")
        sub.add_argument(
            "--redis", required=True, metavar="URL", help="redis://[:password@]host:port/db"
        )
        sub.add_argument(
            "--allow-insecure-redis",
            action="store_true",
            help="accept a Redis without a password on an address other than loopback",
        )
        if action == "status":
            sub.add_argument("--json", action="store_true", help="print the status as JSON")
        sub.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.distributed.frontier import (
        FrontierKeys,
        check_frontier_name,
        frontier_status,
        reset_frontier,
    )
    from crawler.distributed.redis_url import open_redis

    keys = FrontierKeys(check_frontier_name(args.name))
    client = open_redis(args.redis, args.allow_insecure_redis)
    try:
        if args.action == "reset":
            deleted = reset_frontier(client, keys)
            print(f"frontier {keys.name}: {deleted} keys deleted; the next crawl begins run 1")
            return EXIT_OK
        status = frontier_status(client, keys)
    finally:
        client.close()
    if args.json:
        print(json.dumps(status.as_dict(), indent=2))
    else:
        print(format_status(status))
    return EXIT_OK


def format_status(status: Any) -> str:
    state = "finished" if status.finished else ("not started" if not status.runs else "running")
    return "\n".join(
        [
            f"frontier {status.name}: run {status.runs} {state}",
            f"  queued: {status.queued}",
            f"  leases open: {status.leases_open}",
            f"  duplicate filter: {status.dupefilter_size} requests seen",
            f"  runs: {status.runs}",
        ]
    )
