"""The ``crawler`` command.

    crawler crawl URL [URL ...] [--out DIR] [--site FILE] [--max-pages N] [-s KEY=VALUE ...]
    crawler extract FILE_OR_- [--url URL] [--site FILE]
    crawler demo [--out DIR]

``crawler crawl`` runs the same spider as ``scrapy crawl tagpages -a url=...``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from crawler import SOFTWARE

EXIT_OK = 0
EXIT_CRAWL_FAILED = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A one-line reason the command could not run."""


def parse_setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"-s {text!r}: expected KEY=VALUE")
    return key.strip(), value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crawler", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=SOFTWARE)
    commands = parser.add_subparsers(dest="command", required=True)

    crawl = commands.add_parser("crawl", help="crawl tag-listing pages and their articles")
    crawl.add_argument("urls", nargs="+", metavar="URL", help="tag-listing page URL(s)")
    crawl.add_argument("--out", default=None, help="output folder (default: output/)")
    crawl.add_argument("--site", default=None, help="site file of selectors (TOML or YAML)")
    crawl.add_argument("--max-pages", type=int, default=None, help="listing pages per URL")
    crawl.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any Scrapy or crawler setting; may be repeated; later ones win",
    )
    crawl.add_argument("--run-id", default=None, help="name of the run folder (default: generated)")

    extract = commands.add_parser("extract", help="extract one article page, print JSON")
    extract.add_argument("file", help="HTML file, or - for standard input")
    extract.add_argument("--url", default=None, help="the page's URL (resolves relative links)")
    extract.add_argument("--site", default=None, help="site file of selectors (TOML or YAML)")

    demo = commands.add_parser("demo", help="crawl the bundled demo news site (127.0.0.1)")
    demo.add_argument("--out", default=None, help="output folder (default: output/)")
    return parser


DEMO_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    "CRAWLER_CONTACT_URL=http://127.0.0.1/demo-contact",
)


def run_demo(args: argparse.Namespace) -> int:
    """Serve the bundled demo site on a random loopback port and crawl its tag page."""
    from crawler.demo.server import DemoServer
    from crawler.demo.world import build_world

    world = build_world()
    with DemoServer(world) as server:
        tag_url = server.url(world.sites["drupal"].tag_path)
        print(f"Demo site running at {server.base_url}/ ; crawling {tag_url}")
        crawl_args = build_parser().parse_args(
            ["crawl", tag_url, *(["--out", args.out] if args.out else [])]
            + [arg for setting in DEMO_SETTINGS for arg in ("-s", setting)]
        )
        return run_crawl(crawl_args)


def run_crawl(args: argparse.Namespace) -> int:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.extensions.summary import format_summary
    from crawler.sites import load_site_file
    from crawler.spiders.arguments import parse_max_pages, parse_start_urls
    from crawler.storage.run import SUMMARY_FILE, check_writable_dir

    urls = parse_start_urls(args.urls)
    if args.site:
        load_site_file(args.site)
    parse_max_pages(args.max_pages)
    overrides = [parse_setting(s) for s in args.settings]

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    if args.out:
        settings.set("CRAWLER_OUTPUT_DIR", args.out, priority="cmdline")
    if args.run_id:
        settings.set("CRAWLER_RUN_ID", args.run_id, priority="cmdline")
    for key, value in overrides:
        settings.set(key, value, priority="cmdline")
    check_writable_dir(Path(settings.get("CRAWLER_OUTPUT_DIR")))

    process = CrawlerProcess(settings)
    crawler = process.create_crawler("tagpages")
    process.crawl(crawler, url=urls, site=args.site, max_pages=args.max_pages)
    process.start()

    run_dir = Path(crawler.settings.get("CRAWLER_RUN_DIR"))
    summary_path = run_dir / SUMMARY_FILE
    if not summary_path.exists():
        print(f"crawler: the crawl did not finish; no {summary_path}", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    print(format_summary(summary))
    print_output_paths(run_dir)
    if summary["counts"]["listing_pages"] == 0:
        print("crawler: no listing page could be fetched", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    return EXIT_OK


def print_output_paths(run_dir: Path) -> None:
    print(f"Output: {run_dir}")
    for pattern in ("items*.jsonl", "warc/*.warc.gz", "summary.json"):
        for path in sorted(run_dir.glob(pattern)):
            print(f"  {path}")


def run_extract(args: argparse.Namespace) -> int:
    from w3lib.encoding import html_to_unicode

    from crawler.extract import extract_article
    from crawler.sites import load_site_file

    selectors = load_site_file(args.site).selectors if args.site else None
    if args.file == "-":
        html = sys.stdin.buffer.read()
    else:
        try:
            html = Path(args.file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{args.file}: cannot read ({exc.strerror})") from None
    url = args.url or (
        Path(args.file).absolute().as_uri() if args.file != "-" else "http://localhost/"
    )
    _, text = html_to_unicode(None, html)
    result = extract_article(text, url, selectors)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    from crawler.sites import SiteConfigError
    from crawler.spiders.arguments import InputError
    from crawler.storage.run import OutputDirError

    args = build_parser().parse_args(argv)
    handlers = {"crawl": run_crawl, "extract": run_extract, "demo": run_demo}
    try:
        return handlers[args.command](args)
    except (CommandError, InputError, SiteConfigError, OutputDirError) as exc:
        print(f"crawler: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
