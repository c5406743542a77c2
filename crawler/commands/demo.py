"""``crawler demo``: serve the bundled demo news site on 127.0.0.1 and crawl its tag page."""

from __future__ import annotations

import argparse
from typing import Any

from crawler.commands import crawl

DEMO_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    "CRAWLER_CONTACT_URL=http://127.0.0.1/demo-contact",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="crawl the bundled demo news site (127.0.0.1)")
    parser.add_argument("--out", default=None, help="output folder (default: output/)")
    crawl.add_console_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.demo.server import DemoServer
    from crawler.demo.world import build_world

    world = build_world()
    with DemoServer(world) as server:
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
