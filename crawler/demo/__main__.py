"""``python -m crawler.demo [--port N]``: serve the demo news world until interrupted."""

from __future__ import annotations

import argparse
import sys
import threading

from crawler.demo.server import DemoServer
from crawler.demo.world import build_world


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.demo", description="Serve the demo news sites on 127.0.0.1."
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: any)")
    parser.add_argument("--seed", type=int, default=2020, help="seed of the generated content")
    parser.add_argument(
        "--broken-template",
        action="append",
        default=[],
        metavar="SITE",
        help="serve this site's (drupal, wp, table, edge) articles without date and body, as "
        "after a template change; may be repeated",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    world = build_world(args.seed)
    unknown = sorted(set(args.broken_template) - set(world.sites))
    if unknown:
        print(
            f"python -m crawler.demo: --broken-template {unknown[0]}: no such site", file=sys.stderr
        )
        return 2
    with DemoServer(world, port=args.port, broken_template=args.broken_template) as server:
        tag_url = server.url(world.sites["drupal"].tag_path)
        print(f"Demo site: {server.base_url}/ — tag page: {tag_url}")
        for site in world.sites.values():
            print(f"  {site.name} ({site.key}): {server.url(site.tag_path)}")
        print("Press Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nStopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
