"""``crawler inspect URL_OR_FILE``: what listing and article detection see on one page, without
crawling: the entries, the next page and why, the lists and links rejected, the article's fields
and their sources; ``--write-site-file`` writes the selectors it chose as a site file.

A URL is fetched once (robots.txt first, obeyed unless ``--ignore-robots``); a saved file is
read with ``--url`` as its address. Any input problem is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.commands import EXIT_OK, CommandError

DEFAULT_URL = "http://localhost/"
HTML_TYPES = ("text/html", "application/xhtml+xml")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
TAG = re.compile(rb"<(?:[A-Za-z!?/])")
LISTING_MIN_ENTRIES = 3


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inspect", help="show what detection sees on one page (no crawl)"
    )
    parser.add_argument("source", help="an http(s) URL, a saved HTML file, or - for stdin")
    parser.add_argument(
        "--url",
        default=None,
        help=f"a saved page's URL, to resolve its links (default {DEFAULT_URL})",
    )
    parser.add_argument(
        "--as",
        dest="kind",
        choices=("listing", "article"),
        default=None,
        help="show the page as this kind (default: decided from the listing detection)",
    )
    parser.add_argument("--json", action="store_true", help="print the same data as JSON")
    parser.add_argument(
        "--write-site-file",
        metavar="PATH",
        default=None,
        help="write the selectors detection chose to a site file (.toml, .yaml or .yml)",
    )
    parser.add_argument(
        "--ignore-robots", action="store_true", help="fetch the URL even if robots.txt disallows it"
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for the server (default 30)"
    )
    parser.set_defaults(run=run)


@dataclass
class LoadedPage:
    html: str
    url: str  # the page's address: after redirects, or --url
    origin: dict[str, Any]  # how it was had, for the report


def run(args: argparse.Namespace) -> int:
    from crawler.commands.inspect_report import build_report, render_text
    from crawler.extract import extract_article_details
    from crawler.extract.listing.explain import explain_listing
    from crawler.sites.writer import check_site_file_path

    site_file = check_site_file_path(args.write_site_file) if args.write_site_file else None
    page = load_page(args)
    explanation = explain_listing(page.html, page.url)
    kinds = [args.kind] if args.kind else page_kinds(explanation.page)
    article = extract_article_details(page.html, page.url) if "article" in kinds else None
    report = build_report(page.origin, kinds, explanation, article)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(report))
    if site_file is not None:
        write_selectors(site_file, page, explanation)
    return EXIT_OK


def page_kinds(listing: Any) -> list[str]:
    """``listing`` with three entries or more; ``article`` with none and no next page; both,
    listing first, in between (few entries, or a next page without entries: an article page
    may link the next post)."""
    if len(listing.entries) >= LISTING_MIN_ENTRIES:
        return ["listing"]
    if not listing.entries and not listing.next_url:
        return ["article"]
    return ["listing", "article"]


# --------------------------------------------------------------------------- input


def load_page(args: argparse.Namespace) -> LoadedPage:
    from crawler.commands.extract import page_url, read_input
    from crawler.extract import decode_html

    source = args.source
    if SCHEME.match(source) and source != "-":
        if args.url:
            raise CommandError("--url is for a saved file; a URL is its own address")
        return fetch_page(source, args.timeout, args.ignore_robots)
    body = read_input(source)
    if not looks_like_html(body):
        raise CommandError(f"{source}: not an HTML page")
    url = page_url(args.url) or DEFAULT_URL
    origin: dict[str, Any] = {"file": source, "url": url, "bytes": len(body)}
    if not args.url:
        origin["note"] = f"no --url given: links resolved against {DEFAULT_URL}"
    return LoadedPage(decode_html(body), url, origin)


def looks_like_html(body: bytes) -> bool:
    """Text with a tag near its start: not a binary file, not a plain text or JSON file."""
    head = body[:65536]
    return b"\x00" not in head[:4096] and TAG.search(head) is not None


def fetch_page(url: str, timeout: float, ignore_robots: bool) -> LoadedPage:
    """One GET with the crawler's User-Agent, after robots.txt allows it."""
    from crawler.extract import decode_html
    from crawler.settings import DOWNLOAD_MAXSIZE

    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed IPv6 bracket
        raise CommandError(f"{url}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CommandError(f"{url}: not an http(s) URL")
    agent = user_agent()
    if not ignore_robots:
        check_robots(url, agent, timeout)
    status, final_url, content_type, body = http_get(url, agent, timeout, DOWNLOAD_MAXSIZE)
    mime = (content_type or "").split(";")[0].strip().lower()
    if (mime and mime not in HTML_TYPES) or not looks_like_html(body):
        raise CommandError(f"{url}: not an HTML page (Content-Type: {content_type or 'none'})")
    origin = {
        "fetched": url,
        "url": final_url,
        "status": status,
        "content_type": content_type,
        "bytes": len(body),
    }
    return LoadedPage(decode_html(body, content_type), final_url, origin)


def user_agent() -> str:
    """The User-Agent a crawl sends by default (no contact URL set)."""
    from crawler.settings import CRAWLER_CONTACT_URL
    from crawler.storage.run import user_agent as crawl_user_agent

    return crawl_user_agent(CRAWLER_CONTACT_URL)


def http_get(
    url: str, agent: str, timeout: float, max_bytes: int
) -> tuple[int, str, str | None, bytes]:
    """(status, final URL, Content-Type, body); an HTTP error status or any failure to get a
    whole response raises CommandError."""
    request = urllib.request.Request(
        url, headers={"User-Agent": agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise CommandError(f"{url}: larger than {max_bytes // (1024 * 1024)} MiB")
            return response.status, response.geturl(), response.headers.get("Content-Type"), body
    except urllib.error.HTTPError as exc:
        raise CommandError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise CommandError(f"{url}: cannot fetch ({_reason(exc.reason)})") from None
    except TimeoutError:
        raise CommandError(f"{url}: no answer within {timeout:g} s") from None
    except (HTTPException, OSError, ValueError) as exc:
        raise CommandError(f"{url}: cannot fetch ({_reason(exc)})") from None


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return " ".join(str(reason).split()) or type(reason).__name__


def check_robots(url: str, agent: str, timeout: float) -> None:
    """Refuse a URL the site's robots.txt disallows for this crawler. A robots.txt that cannot
    be had (an error status, no answer) allows everything, as in a crawl."""
    from protego import Protego

    parts = urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    try:
        _status, _url, _type, body = http_get(robots_url, agent, timeout, 512 * 1024)
    except CommandError:
        return
    rules = Protego.parse(body.decode("utf-8", "replace"))
    if not rules.can_fetch(url, agent):
        raise CommandError(
            f"{url}: disallowed by {robots_url} for {agent}; --ignore-robots fetches it anyway"
        )


# --------------------------------------------------------------------------- site file


def write_selectors(path: Path, page: LoadedPage, explanation: Any) -> None:
    """Write the site file, read it back with the project's loader and check that its
    selectors give the entries detection found; report where it went on stderr."""
    from crawler.extract import parse_listing
    from crawler.sites import load_site_file
    from crawler.sites.writer import site_file_text, write_site_file

    suggested = explanation.selectors
    detected = [entry.url for entry in explanation.page.entries]
    header = [
        f"Site file written by `crawler inspect` for {page.url}",
        f"On that page detection found {len(detected)} entries"
        + (
            f" and the next page {explanation.page.next_url}." if explanation.page.next_url else "."
        ),
        "The selectors below give the same there"
        + (" (checked)." if suggested.verified else ": check them, they were not confirmed."),
        "Selectors are CSS, or XPath when they start with /, ( or xpath:. A key left out or",
        "commented out is left to detection. Use it with: crawler crawl URL --site THIS_FILE",
    ]
    name = urlsplit(page.url).hostname
    yaml = path.suffix.lower() in (".yaml", ".yml")
    write_site_file(path, site_file_text(suggested.selectors, suggested.notes, header, name, yaml))
    selectors = load_site_file(path).selectors
    again = [entry.url for entry in parse_listing(page.html, page.url, selectors).entries]
    if selectors.entries and again != detected:
        print(f"crawler: {path}: its selectors give {len(again)} entries here", file=sys.stderr)
    print(f"wrote {path}", file=sys.stderr)
