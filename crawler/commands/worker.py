"""``crawler worker --redis URL [--out DIR]``: crawl the tag URLs queued in Redis, one child
``crawler crawl`` each, until SIGTERM/SIGINT (or, with --burst, until the queue is empty)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_CRAWL_FAILED, EXIT_OK, CommandError

REDIS_HELP = "the shared Redis: redis://[:password@]host:port/db"
# Settings the worker gives each crawl itself, and where they come from.
WORKER_SETTINGS = {
    "REDIS_URL": "from --redis",
    "CRAWLER_OUTPUT_DIR": "from --out",
    "CRAWLER_RUN_DIR": "a new run folder in --out",
    "CRAWLER_RUN_ID": "a new run id",
}


def register(subparsers: Any) -> None:
    from crawler.commands.crawl import add_allow_unknown_argument, add_incremental_arguments
    from crawler.commands.schedule import seconds

    parser = subparsers.add_parser(
        "worker", help="crawl the tag URLs queued in Redis, one crawl each, until stopped"
    )
    add_queue_arguments(parser)
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument(
        "--name",
        default=None,
        help="worker name in its run folders and WARC files (default: <host>-<pid>)",
    )
    parser.add_argument(
        "--burst", action="store_true", help="exit once the queue is empty instead of waiting"
    )
    parser.add_argument(
        "--stop-timeout",
        type=seconds,
        default=120.0,
        metavar="SECONDS",
        help="on SIGTERM/SIGINT, how long the running crawl may take to finish (default: 120)",
    )
    parser.add_argument("--site", default=None, help="site file for every crawl (TOML or YAML)")
    parser.add_argument("--max-pages", type=int, default=None, help="listing pages per tag URL")
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for every crawl, as with `crawler crawl -s`; may be repeated",
    )
    add_allow_unknown_argument(parser)
    add_incremental_arguments(parser)
    parser.set_defaults(run=run)


def add_queue_arguments(parser: argparse.ArgumentParser) -> None:
    """--redis, --queue and --allow-insecure-redis, shared by worker, enqueue and schedule."""
    from crawler.distributed.tag_queue import DEFAULT_QUEUE

    parser.add_argument("--redis", required=True, metavar="URL", help=REDIS_HELP)
    add_queue_options(parser, DEFAULT_QUEUE)


def add_queue_options(parser: argparse.ArgumentParser, default_queue: str) -> None:
    parser.add_argument(
        "--queue",
        default=default_queue,
        metavar="KEY",
        help=f"the Redis list of tag URLs (default: {default_queue})",
    )
    parser.add_argument(
        "--allow-insecure-redis",
        action="store_true",
        help="accept a Redis without a password on an address other than loopback",
    )


def open_queue(args: argparse.Namespace) -> Any:
    """The tag queue on the Redis of --redis; one-line errors for a bad URL or server."""
    from crawler.distributed.redis_url import mask_url, open_redis
    from crawler.distributed.tag_queue import TagQueue, redis_version_problem

    if not args.queue.strip():
        raise CommandError("--queue: the Redis key is empty")
    client = open_redis(args.redis, args.allow_insecure_redis)
    problem = redis_version_problem(str(client.info("server").get("redis_version", "0")))
    if problem:
        raise CommandError(f"Redis at {mask_url(args.redis)}: {problem}")
    return TagQueue(client, args.queue)


def crawl_options(args: argparse.Namespace) -> list[str]:
    """The options every child crawl gets, each checked now so that a bad one stops the worker
    at once rather than failing every crawl."""
    from crawler.commands.crawl import INCREMENTAL_SETTINGS, parse_setting
    from crawler.setting_names import ALLOW_OPTION
    from crawler.sites import load_site_file
    from crawler.spiders.arguments import parse_max_pages
    from crawler.state.incremental import parse_since

    options: list[str] = []
    if args.site:
        load_site_file(args.site)
        options += ["--site", str(Path(args.site).resolve())]
    if args.max_pages is not None:
        options += ["--max-pages", str(parse_max_pages(args.max_pages))]
    if args.since:
        parse_since(args.since)
    for option, _ in INCREMENTAL_SETTINGS:
        value = getattr(args, option, None)
        if value is True:
            options.append(f"--{option}")
        elif value:
            options += [f"--{option}", str(value)]
    if args.source:
        options += ["--source", args.source]
    if args.no_history:
        options.append("--no-history")
    if args.allow_unknown_setting:
        options.append(ALLOW_OPTION)
    for text in args.settings:
        key, value = parse_setting(text, args.allow_unknown_setting)
        if key in WORKER_SETTINGS:
            raise CommandError(
                f"-s {key}: the worker sets it for each crawl ({WORKER_SETTINGS[key]})"
            )
        options += ["-s", f"{key}={value}"]
    return options


def warc_prefix(args: argparse.Namespace, name: str) -> str:
    """The -s WARC_PREFIX given (else "crawler"), then the worker's name."""
    from crawler.archive.settings import DEFAULT_PREFIX
    from crawler.storage.run import check_name_part

    given = [s.partition("=")[2] for s in args.settings if s.partition("=")[0] == "WARC_PREFIX"]
    return check_name_part("WARC_PREFIX", f"{given[-1] if given else DEFAULT_PREFIX}-{name}")


def worker_options(args: argparse.Namespace) -> Any:
    from crawler.distributed.worker import MAX_NAME_LENGTH, WorkerOptions, default_worker_name
    from crawler.storage.run import check_name_part, check_writable_dir

    name = check_name_part("--name", args.name) if args.name else default_worker_name()
    if len(name) > MAX_NAME_LENGTH:
        raise CommandError(f"--name: at most {MAX_NAME_LENGTH} characters")
    out = Path(args.out).resolve()
    check_writable_dir(out)
    return WorkerOptions(
        name=name,
        out=out,
        redis_url=args.redis,
        warc_prefix=warc_prefix(args, name),
        crawl_options=crawl_options(args),
        allow_insecure_redis=args.allow_insecure_redis,
        burst=args.burst,
        stop_timeout=args.stop_timeout,
    )


def run(args: argparse.Namespace) -> int:
    import logging

    import redis

    from crawler.distributed.redis_url import mask_url
    from crawler.distributed.worker import Worker, WorkerError

    options = worker_options(args)
    queue = open_queue(args)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr
    )
    try:
        Worker(queue, options).run_until_stopped()
    except redis.RedisError as exc:
        print(
            f"crawler: lost Redis at {mask_url(args.redis)}: {mask_url(str(exc))}", file=sys.stderr
        )
        return EXIT_CRAWL_FAILED
    except WorkerError as exc:
        print(f"crawler: {exc}", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    return EXIT_OK
