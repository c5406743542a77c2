"""``crawler crawl URL [URL ...]``: the same crawl as ``scrapy crawl tagpages -a url=...``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from crawler.commands import (
    EXIT_CRAWL_FAILED,
    EXIT_MONITOR_FAILED,
    EXIT_OK,
    EXIT_SHUTDOWN,
    CommandError,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("crawl", help="crawl tag-listing pages and their articles")
    parser.add_argument("urls", nargs="+", metavar="URL", help="tag-listing page URL(s)")
    parser.add_argument("--out", default=None, help="output folder (default: output/)")
    parser.add_argument("--site", default=None, help="site file of selectors (TOML or YAML)")
    parser.add_argument("--max-pages", type=int, default=None, help="listing pages per URL")
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="any Scrapy or crawler setting; may be repeated; later ones win",
    )
    add_allow_unknown_argument(parser)
    parser.add_argument("--run-id", default=None, help="run folder name (default: generated)")
    parser.add_argument(
        "--notify",
        default=None,
        metavar="CMD",
        help="when a monitor fails, run CMD with the summary.json path as its last argument "
        "(exit status 3 either way; see docs/monitors.md)",
    )
    add_incremental_arguments(parser)
    add_redis_arguments(parser)
    add_console_arguments(parser)
    parser.set_defaults(run=run)


def add_console_arguments(parser: argparse.ArgumentParser) -> None:
    """-v, --log-level, --quiet: what the console shows (crawl.log always has the full log)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="Scrapy's full log on the console too (it always goes to crawl.log in the run folder)",
    )
    group.add_argument(
        "--log-level",
        default=None,
        metavar="LEVEL",
        help="LOG_LEVEL (DEBUG, INFO, ...) for crawl.log, and that log on the console as with -v",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress and no summary: only errors (for cron)",
    )


def add_allow_unknown_argument(parser: argparse.ArgumentParser) -> None:
    from crawler.setting_names import ALLOW_OPTION

    parser.add_argument(
        ALLOW_OPTION,
        dest="allow_unknown_setting",
        action="store_true",
        help="accept setting names no Scrapy or crawler component reads (your own components')",
    )


def add_redis_arguments(parser: argparse.ArgumentParser) -> None:
    """--redis, --frontier, --allow-insecure-redis (REDIS_URL, CRAWLER_FRONTIER, ...)."""
    parser.add_argument(
        "--redis",
        default=None,
        metavar="URL",
        help="share the crawl through Redis: redis://[:password@]host:port/db",
    )
    parser.add_argument(
        "--frontier",
        default=None,
        metavar="NAME",
        help="the shared crawl's name (default: a hash of the URLs)",
    )
    parser.add_argument(
        "--allow-insecure-redis",
        action="store_true",
        help="accept a Redis without a password on an address other than loopback",
    )


def add_incremental_arguments(parser: argparse.ArgumentParser) -> None:
    """--state, --full, --since, --refresh: CRAWLER_STATE_PATH, _FULL, _SINCE, _REFRESH."""
    parser.add_argument(
        "--state", default=None, help="state database (default: crawler-state.sqlite in --out)"
    )
    parser.add_argument(
        "--full", action="store_true", help="ignore what earlier runs saw: fetch every article"
    )
    parser.add_argument(
        "--since", default=None, metavar="DATE", help="skip entries published before DATE"
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="re-fetch articles seen before with conditional requests; changed ones give new items",
    )
    parser.add_argument(
        "--source",
        default=None,
        metavar="NAME",
        help="record this run under NAME in the run history (default: its start URLs)",
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="do not record this run in the run history (`crawler schedule` records its own)",
    )


# The environment variable a Redis URL may be given in instead of --redis, so that its password
# is not on the command line for every user of the machine to read (REDIS_URL's default in
# crawler/settings.py; the workers give it to their crawls so).
REDIS_URL_VARIABLE = "CRAWLER_REDIS_URL"

INCREMENTAL_SETTINGS = (
    ("state", "CRAWLER_STATE_PATH"),
    ("full", "CRAWLER_FULL"),
    ("since", "CRAWLER_SINCE"),
    ("refresh", "CRAWLER_REFRESH"),
    ("redis", "REDIS_URL"),
    ("frontier", "CRAWLER_FRONTIER"),
    ("allow_insecure_redis", "CRAWLER_ALLOW_INSECURE_REDIS"),
)


def parse_setting(text: str, allow_unknown: bool = False) -> tuple[str, str]:
    """``KEY=VALUE`` of a ``-s``: its name known (crawler.setting_names) unless
    ``allow_unknown``, its value checked (crawler.setting_values)."""
    from crawler.setting_names import unknown_setting_problem
    from crawler.setting_values import setting_problem

    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"-s {text!r}: expected KEY=VALUE")
    problem = None if allow_unknown else unknown_setting_problem(key.strip())
    problem = problem or setting_problem(key.strip(), value)
    if problem:
        raise CommandError(f"-s {key.strip()}: {problem}")
    return key.strip(), value


def build_settings(args: argparse.Namespace) -> Any:
    """Project defaults, then --out/--run-id, then every -s in order (later ones win)."""
    from scrapy.settings import Settings

    from crawler.storage.run import check_name_settings, check_run_id

    allow_unknown = getattr(args, "allow_unknown_setting", False)
    overrides = [parse_setting(s, allow_unknown) for s in args.settings]
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    if args.out:
        settings.set("CRAWLER_OUTPUT_DIR", args.out, priority="cmdline")
    if args.run_id:
        settings.set("CRAWLER_RUN_ID", check_run_id(args.run_id), priority="cmdline")
    for option, key in INCREMENTAL_SETTINGS:
        if getattr(args, option, None):
            settings.set(key, getattr(args, option), priority="cmdline")
    for key, value in overrides:
        settings.set(key, value, priority="cmdline")
    if getattr(args, "log_level", None):
        settings.set("LOG_LEVEL", parse_setting(f"LOG_LEVEL={args.log_level}")[1], "cmdline")
    if getattr(args, "quiet", False):
        settings.set("CRAWLER_PROGRESS", "off", priority="cmdline")
    check_name_settings(settings)
    return settings


def run(args: argparse.Namespace) -> int:
    """The crawl, recorded in the state database's run history under --source (default: its
    start URLs) unless --no-history or the state is off."""
    from crawler.schedule.history import record_run
    from crawler.state.incremental import open_state, state_location
    from crawler.storage.run import new_run_id

    args.run_id = args.run_id or new_run_id("tagpages")
    urls, settings = checked_crawl(args)
    if getattr(args, "no_history", False) or not settings.getbool("CRAWLER_STATE_ENABLED"):
        return crawl_and_report(args, urls, settings)
    output_dir = Path(settings.get("CRAWLER_OUTPUT_DIR"))
    run_dir = Path(settings.get("CRAWLER_RUN_DIR") or output_dir / settings.get("CRAWLER_RUN_ID"))
    source = getattr(args, "source", None) or history_name(urls)
    crawl = lambda: crawl_and_report(args, urls, settings)  # noqa: E731
    if settings.get("REDIS_URL"):
        shared = f"the shared state of crawl {settings.get('CRAWLER_FRONTIER')!r} on Redis"
        return record_run(shared, source, run_dir, crawl, store=open_state(settings))
    return record_run(Path(state_location(settings)), source, run_dir, crawl)


def history_name(urls: list[str]) -> str:
    """The run history's name for a crawl given no --source: its start URL without the scheme,
    and how many more there are."""
    first = urls[0].split("://", 1)[-1]
    return first if len(urls) == 1 else f"{first} (+{len(urls) - 1} more)"


def checked_crawl(args: argparse.Namespace) -> tuple[list[str], Any]:
    """The start URLs and settings, every argument checked (a one-line error if one is bad)."""
    from crawler.distributed.frontier_name import settle_frontier_name
    from crawler.monitors.notify import notify_command
    from crawler.sites import load_site_file
    from crawler.spiders.arguments import parse_max_pages, parse_start_urls
    from crawler.spiders.extraction import extract_workers
    from crawler.state.incremental import parse_since
    from crawler.storage.run import check_writable_dir

    urls = parse_start_urls(args.urls)
    if args.site:
        load_site_file(args.site)
    parse_max_pages(args.max_pages)
    settings = build_settings(args)
    check_writable_dir(Path(settings.get("CRAWLER_OUTPUT_DIR")))
    parse_since(settings.get("CRAWLER_SINCE"))
    extract_workers(settings)
    settle_frontier_name(settings, urls)
    check_redis(settings)
    check_state(settings)
    if getattr(args, "notify", None):
        notify_command(args.notify)
    return urls, settings


def crawl_and_report(args: argparse.Namespace, urls: list[str], settings: Any) -> int:
    from scrapy.crawler import CrawlerProcess

    from crawler.extensions.console import install_console
    from crawler.monitors.notify import notify_command

    notify = notify_command(args.notify) if getattr(args, "notify", None) else None
    log_to_run_folder(settings)

    process = CrawlerProcess(settings)
    console = install_console(settings, verbose(args), quiet=getattr(args, "quiet", False))
    crawler = process.create_crawler("tagpages")
    process.crawl(crawler, url=urls, site=args.site, max_pages=args.max_pages)
    process.start()
    return report_outcome(crawler, console, args, notify)


def verbose(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "verbose", False) or getattr(args, "log_level", None))


def log_to_run_folder(settings: Any) -> None:
    """Scrapy's log goes to ``<run dir>/crawl.log`` (unless ``-s LOG_FILE`` names a file):
    the run folder is named now, as the spider would name it, and made."""
    from crawler.storage.run import CRAWL_LOG, configure_run

    configure_run(settings, "tagpages")
    if settings.get("LOG_FILE"):
        return
    run_dir = Path(settings.get("CRAWLER_RUN_DIR"))
    run_dir.mkdir(parents=True, exist_ok=True)
    settings.set("LOG_FILE", str(run_dir / CRAWL_LOG), priority="cmdline")


def report_outcome(
    crawler: Any, console: Any, args: argparse.Namespace, notify: list[str] | None
) -> int:
    """The summary and the monitors on stdout (with --quiet: only failures, on stderr), and
    the exit status of the crawl."""
    from crawler.extensions.summary import format_summary
    from crawler.storage.diskspace import DISK_FULL
    from crawler.storage.run import CRAWL_LOG, SUMMARY_FILE

    quiet = getattr(args, "quiet", False)
    run_dir = Path(crawler.settings.get("CRAWLER_RUN_DIR"))
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    summary_path = run_dir / SUMMARY_FILE
    if stats.get("disk/full_file") or stats.get("finish_reason") == DISK_FULL:
        if summary_path.exists():
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
            if not quiet:
                print(format_summary(summary))
                print_output_paths(run_dir)
            check_monitors(summary, summary_path, notify, crawler.settings, quiet)
        print(disk_full_message(stats, run_dir), file=sys.stderr)
        return EXIT_CRAWL_FAILED
    if not summary_path.exists():
        reason = stats.get("summary/unwritten")
        print(
            f"crawler: could not write {summary_path}: {reason}"
            if reason
            else f"crawler: the crawl did not finish; no {summary_path}",
            file=sys.stderr,
        )
        return EXIT_CRAWL_FAILED
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    if not quiet:
        print(format_summary(summary))
        print_output_paths(run_dir)
        if console.repeats:
            print(f"  ({console.repeats} more warnings of the kinds shown: see crawl.log)")
    monitors_failed = check_monitors(summary, summary_path, notify, crawler.settings, quiet)
    if summary["finish_reason"] == "shutdown":
        print("crawler: stopped before the end; the next run goes on from here", file=sys.stderr)
        return EXIT_SHUTDOWN
    if summary["counts"]["listing_pages"] == 0 and not crawler.settings.get("REDIS_URL"):
        failures = ", ".join(f"{k}: {v}" for k, v in summary["failures"].items()) or "none"
        print(
            f"crawler: no listing page could be fetched (failures: {failures}); "
            f"details in {run_dir / CRAWL_LOG}{robots_hint(summary)}",
            file=sys.stderr,
        )
        return EXIT_CRAWL_FAILED
    if monitors_failed:  # EXIT_MONITOR_FAILED unless set otherwise (0: monitors only report)
        return crawler.settings.getint("CRAWLER_MONITOR_FAIL_EXIT", EXIT_MONITOR_FAILED)
    return EXIT_OK


def robots_hint(summary: dict[str, Any]) -> str:
    """What to do when the site's robots.txt is why no listing page was fetched."""
    if not summary["failures"].get("robots_forbidden"):
        return ""
    return (
        "\ncrawler: the site's robots.txt forbids the listing; with the site owner's leave, "
        "crawl it anyway with -s ROBOTSTXT_OBEY=False"
    )


def check_monitors(
    summary: dict[str, Any],
    summary_path: Path,
    notify: list[str] | None,
    settings: Any,
    quiet: bool = False,
) -> bool:
    """Print the monitors' results (with --quiet only failed ones, on stderr); when one
    failed, run the --notify command. True if one failed."""
    from crawler.monitors.extension import failed_monitors, format_monitors
    from crawler.monitors.notify import run_notify

    failed = failed_monitors(summary)
    if summary.get("monitors") is not None and not (quiet and not failed):
        print(format_monitors(summary), file=sys.stderr if quiet else sys.stdout)
    if not failed:
        return False
    if notify:
        problem = run_notify(notify, summary_path, settings.getfloat("CRAWLER_NOTIFY_TIMEOUT"))
        if problem:
            print(f"crawler: {problem}", file=sys.stderr)
    return True


def disk_full_message(stats: dict[str, Any], run_dir: Path) -> str:
    """The last line of a crawl the disk stopped: which file, and whether summary.json is."""
    from crawler.storage.run import SUMMARY_FILE

    full_file = stats.get("disk/full_file")
    if full_file:
        what = f"no room to write {full_file}"
    else:
        what = f"stopped with less than CRAWLER_MIN_FREE_BYTES free in {run_dir.parent}"
    if stats.get("summary/unwritten"):
        what += f"; {SUMMARY_FILE} could not be written either"
    return f"crawler: disk full: {what}; run again once there is room to go on"


def check_state(settings: Any) -> None:
    """Open the state database once before crawling, so a bad --state fails on one line."""
    from crawler.state.incremental import open_state

    store = open_state(settings)
    if store is not None:
        store.close()


def check_redis(settings: Any) -> None:
    """With --redis: parse, check and reach the Redis once before crawling (one-line errors,
    the password masked)."""
    url = settings.get("REDIS_URL")
    if not url:
        return
    from crawler.distributed.configure import hide_in_logs
    from crawler.distributed.frontier import check_frontier_name
    from crawler.distributed.redis_url import open_redis, parse_redis_url

    hide_in_logs(parse_redis_url(url).password)
    if settings.get("CRAWLER_FRONTIER"):
        check_frontier_name(settings.get("CRAWLER_FRONTIER"))
    open_redis(url, settings.getbool("CRAWLER_ALLOW_INSECURE_REDIS")).close()


def print_output_paths(run_dir: Path) -> None:
    print(f"Output: {run_dir}")
    for pattern in ("items*.jsonl", "warc/*.warc.gz", "summary.json", "crawl.log"):
        for path in sorted(run_dir.glob(pattern)):
            print(f"  {path}")
