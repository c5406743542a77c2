"""The ``crawler`` command: crawl tag pages into JSON Lines + WARC, and work with the results.

    crawler crawl URL [URL ...] [--out DIR] [--site FILE] [--max-pages N] [-s KEY=VALUE ...]
    crawler extract FILE_OR_- [--url URL] [--site FILE]
    crawler inspect URL_OR_FILE [--url URL] [--as listing|article] [--json] [--write-site-file PATH]
    crawler demo [--out DIR]

Each subcommand lives in its own module under ``crawler/commands/``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from crawler import SOFTWARE
from crawler.commands import EXIT_USAGE, CommandError

COMMAND_MODULES = (
    "crawler.commands.crawl",
    "crawler.commands.extract",
    "crawler.commands.inspect",
    "crawler.commands.demo",
    "crawler.commands.schedule",
    "crawler.commands.runs",
    "crawler.commands.dataset",
    "crawler.commands.warc",
    "crawler.commands.reextract",
    "crawler.commands.wacz",
    "crawler.commands.report",
    "crawler.commands.replay",
    "crawler.commands.worker",
    "crawler.commands.enqueue",
    "crawler.commands.frontier",
)


class OneLineParser(argparse.ArgumentParser):
    """Usage errors on one line (argparse prints the whole usage first); exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="crawler", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=SOFTWARE)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def usage_errors() -> tuple[type[Exception], ...]:
    """The exceptions reported as a one-line usage error. Imported once one is raised: their
    modules bring Scrapy's settings (a third of a second), which commands such as
    ``reextract`` need not import."""
    from crawler.distributed.redis_url import RedisConfigError
    from crawler.sites import SiteConfigError
    from crawler.spiders.arguments import InputError
    from crawler.state.store import StateError
    from crawler.storage.run import OutputDirError

    return CommandError, InputError, SiteConfigError, OutputDirError, StateError, RedisConfigError


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except Exception as exc:
        if not isinstance(exc, usage_errors()):
            raise
        print(f"crawler: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
