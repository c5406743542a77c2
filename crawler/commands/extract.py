"""``crawler extract FILE_OR_-``: extract one article page and print its fields as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.commands import EXIT_OK, CommandError

DEFAULT_URL = "http://localhost/"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("extract", help="extract one article page, print JSON")
    parser.add_argument("file", help="HTML file, or - for standard input")
    parser.add_argument("--url", default=None, help="the page's URL (resolves relative links)")
    parser.add_argument("--site", default=None, help="site file of selectors (TOML or YAML)")
    parser.set_defaults(run=run)


def read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"{name}: cannot read ({exc.strerror})") from None


def page_url(value: str | None) -> str | None:
    """--url, checked: an absolute http(s) or file URL."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https", "file") or not (parts.netloc or parts.path):
        raise CommandError(f"--url {value!r}: expected an absolute http(s) or file URL")
    return value


def run(args: argparse.Namespace) -> int:
    from crawler.extract import decode_html, extract_article
    from crawler.sites import load_site_file

    selectors = load_site_file(args.site).selectors if args.site else None
    text = decode_html(read_input(args.file))  # no HTTP header: BOM, <meta>, then detection
    url = page_url(args.url) or (
        Path(args.file).absolute().as_uri() if args.file != "-" else DEFAULT_URL
    )
    result = extract_article(text, url, selectors)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return EXIT_OK
