"""``scrapy crawl``, whose bad spider arguments (``-a url=ftp://x``) and settings give one line.

Scrapy creates the spider inside the crawl's asyncio task, so an error in the spider's
``__init__`` reaches the user as an asyncio "Task exception was never retrieved" traceback. This
command first checks the ``-s`` values and builds the spider once from its arguments (the
spiders of this project only parse them there); a bad one is printed as one line, exit status 2.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.utils.conf import arglist_to_dict

from crawler.commands import EXIT_USAGE, CommandError
from crawler.distributed.redis_url import RedisConfigError
from crawler.setting_values import setting_problem
from crawler.sites import SiteConfigError
from crawler.spiders.arguments import InputError
from crawler.state.store import StateError
from crawler.storage.run import OutputDirError

INPUT_ERRORS = (
    CommandError,
    InputError,
    SiteConfigError,
    OutputDirError,
    StateError,
    RedisConfigError,
)


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self.check(args, opts)
            super().run(args, opts)  # its run folder is checked before the crawl starts too
        except INPUT_ERRORS as exc:
            print(f"scrapy crawl: {exc}", file=sys.stderr)
            self.exitcode = EXIT_USAGE

    def check(self, args: list[str], opts: argparse.Namespace) -> None:
        """The -s values, then the spider's arguments (a project spider only)."""
        for key, value in arglist_to_dict(opts.set or []).items():
            problem = setting_problem(key, value)
            if problem:
                raise CommandError(f"-s {key}: {problem}")
        if self.settings is not None and self.settings.get("REDIS_URL"):
            from crawler.commands.crawl import check_redis

            check_redis(self.settings)
        if len(args) != 1 or self.crawler_process is None:
            return  # Scrapy's own usage error
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            raise CommandError(f"no spider named {args[0]!r} in this project") from None
        if spidercls.__module__.startswith("crawler."):
            spidercls(**opts.spargs)
