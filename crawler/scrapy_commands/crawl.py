"""``scrapy crawl``, whose bad spider arguments (``-a url=ftp://x``) and settings give one line.

Scrapy creates the spider inside the crawl's asyncio task, so an error in the spider's
``__init__`` reaches the user as an asyncio "Task exception was never retrieved" traceback; and
Scrapy logs its banner (versions, overridden settings) as soon as it builds the crawler process,
before the command runs. So this command checks everything while it reads the options, before
that banner: each ``-s`` name (a typo suggests the nearest setting; ``--allow-unknown-setting``
accepts a component's own) and value, and the spider's arguments, by building the spider once
(the spiders of this project only parse them there). A bad one is one line, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from crawler.commands import EXIT_USAGE, CommandError
from crawler.distributed.redis_url import RedisConfigError
from crawler.setting_names import ALLOW_OPTION, unknown_setting_problem
from crawler.setting_values import setting_problem
from crawler.sites import SiteConfigError
from crawler.spiders.arguments import InputError
from crawler.state.store import StateError
from crawler.storage.run import OutputDirError, check_name_settings, check_writable_dir

INPUT_ERRORS = (
    CommandError,
    InputError,
    SiteConfigError,
    OutputDirError,
    StateError,
    RedisConfigError,
)


class Command(ScrapyCrawlCommand):
    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            ALLOW_OPTION,
            dest="allow_unknown_setting",
            action="store_true",
            help="accept -s names no Scrapy or crawler component reads (your own components')",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            self.check(args, opts)
        except INPUT_ERRORS as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            sys.exit(EXIT_USAGE)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            super().run(args, opts)  # its run folder is checked before the crawl starts too
        except INPUT_ERRORS as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            self.exitcode = EXIT_USAGE

    def check(self, args: list[str], opts: argparse.Namespace) -> None:
        """The -s names and values, then the spider's arguments and the output folder (a
        project spider only)."""
        for key, value in arglist_to_dict(opts.set or []).items():
            problem = None if opts.allow_unknown_setting else unknown_setting_problem(key)
            problem = problem or setting_problem(key, value)
            if problem:
                raise CommandError(f"-s {key}: {problem}")
        if self.settings is not None and self.settings.get("REDIS_URL"):
            from crawler.commands.crawl import check_redis

            check_redis(self.settings)
        if len(args) != 1 or self.settings is None:
            return  # Scrapy's own usage error
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            raise CommandError(f"no spider named {args[0]!r} in this project") from None
        if spidercls.__module__.startswith("crawler."):
            spidercls(**opts.spargs)
            check_name_settings(self.settings)
            check_writable_dir(Path(self.settings.get("CRAWLER_OUTPUT_DIR") or "output"))
