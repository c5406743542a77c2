"""``crawler enqueue --redis URL TAG_URL...``: queue tag URLs for the workers (``crawler worker``).

A URL already waiting in the queue is not queued twice.
"""

from __future__ import annotations

import argparse
from typing import Any

from crawler.commands import EXIT_OK


def register(subparsers: Any) -> None:
    from crawler.commands.worker import add_queue_arguments

    parser = subparsers.add_parser("enqueue", help="queue tag URLs in Redis for `crawler worker`")
    parser.add_argument("urls", nargs="+", metavar="TAG_URL", help="tag-listing page URL(s)")
    add_queue_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.commands.worker import open_queue
    from crawler.spiders.arguments import parse_start_urls

    urls = list(dict.fromkeys(parse_start_urls(args.urls)))
    queue = open_queue(args)
    queued = queue.push_many(urls)
    already = f" ({len(urls) - queued} waiting already)" if queued < len(urls) else ""
    print(f"queued {queued} tag URL(s){already}; {len(queue)} waiting in {queue.key}")
    return EXIT_OK
