"""``crawler demo``: serve the bundled demo news site on 127.0.0.1 and crawl its tag page.

The site is served on the same port each time (``--port``, default DEMO_PORT) so its URLs are
the same from run to run: a second demo into the same output folder is an incremental crawl
(listing pages only, no new item). When the port is taken another one is used, and said.
"""

from __future__ import annotations

import argparse
import errno
import sys
from typing import Any

from crawler.commands import crawl

DEMO_PORT = 8070
DEMO_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    "CRAWLER_CONTACT_URL=http://127.0.0.1/demo-contact",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="crawl the bundled demo news site (127.0.0.1)")
    parser.add_argument("--out", default=None, help="output folder (default: output/)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEMO_PORT,
        help=f"port of the demo site on 127.0.0.1 (default: {DEMO_PORT}; another if it is taken)",
    )
    crawl.add_console_arguments(parser)
    parser.set_defaults(run=run)


def demo_server(world: Any, port: int) -> Any:
    """The demo site on ``port``, or on a free port (with a note) when that one is taken."""
    from crawler.demo.server import DemoServer

    try:
        return DemoServer(world, port=port)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
    server = DemoServer(world)
    print(
        f"crawler: port {port} is taken; the demo site is on port {server.port}, so its URLs"
        " differ from earlier demo runs' and everything is fetched again",
        file=sys.stderr,
    )
    return server


def run(args: argparse.Namespace) -> int:
    from crawler.demo.world import build_world

    world = build_world()
    with demo_server(world, args.port) as server:
        tag_url = server.url(world.sites["drupal"].tag_path)
        if not args.quiet:
            print(f"Demo site running at {server.base_url}/ ; crawling {tag_url}")
        crawl_args = argparse.Namespace(
            urls=[tag_url],
            out=args.out,
            site=None,
            max_pages=None,
            run_id=None,
            settings=list(DEMO_SETTINGS),
            verbose=args.verbose,
            log_level=args.log_level,
            quiet=args.quiet,
        )
        return crawl.run(crawl_args)
