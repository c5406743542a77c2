"""CPU time of listing-page parsing on the crawl benchmark's world, as the crawl process spends it.

    .venv/bin/python bench/crawl_world.py /tmp/world --articles 1500
    .venv/bin/python bench/listing_speed.py /tmp/world [--rounds 3] [--profile]

Runs what TagPagesSpider.parse_listing does with each listing page of the world (parse_listing,
then teaser_date for every entry) and prints CPU milliseconds (time.process_time) per page, the
best of ``--rounds`` passes, for parse_listing alone and with the teaser dates. The URL
normaliser's cache is emptied before each pass: in a crawl, a listing page's article links are
new to it. ``--profile`` prints a pyinstrument profile of one more pass (the bench extra
installs pyinstrument).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.crawl_world import HOST_TOKEN  # noqa: E402
from crawler.extract.listing import parse_listing  # noqa: E402
from crawler.extract.urls import _normalize  # noqa: E402
from crawler.spiders.tagpages import TagPagesSpider  # noqa: E402


def listing_pages(world: Path) -> list[tuple[str, str]]:
    """(HTML, URL) of every listing page in a world folder written by bench/crawl_world.py."""
    index = json.loads((world / "index.json").read_text(encoding="utf-8"))
    bodies = (world / "pages.bin").read_bytes()
    pages = []
    for target, (offset, length, _status, _type, _headers, kind) in index["pages"].items():
        if kind == "listing":
            html = bodies[offset : offset + length].decode("utf-8")
            pages.append((html, HOST_TOKEN + target))
    return pages


def one_pass(pages: list[tuple[str, str]], with_dates: bool) -> float:
    """CPU seconds for one pass over ``pages``."""
    _normalize.cache_clear()
    started = time.process_time()
    for html, url in pages:
        listing = parse_listing(html, url)
        if with_dates:
            for entry in listing.entries:
                TagPagesSpider.teaser_date(entry)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world", type=Path, help="folder written by bench/crawl_world.py")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    pages = listing_pages(args.world)
    if not pages:
        sys.exit(f"no listing pages in {args.world}")
    one_pass(pages[:3], with_dates=True)  # warm-up: imports, caches
    for label, with_dates in (("parse_listing", False), ("parse_listing+teaser_date", True)):
        best = min(one_pass(pages, with_dates) for _ in range(max(1, args.rounds)))
        print(f"{label}: {1000 * best / len(pages):.2f} ms CPU per page ({len(pages)} pages)")
    if args.profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0005) as profiler:
            one_pass(pages, with_dates=True)
        profiler.print(show_all=False)


if __name__ == "__main__":
    main()
