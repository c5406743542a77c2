"""Which setting names exist, so a typo in ``-s CONCURENT_REQUESTS=32`` is an error that
suggests the nearest known name instead of a setting silently ignored.

Known names: Scrapy's defaults (``scrapy.settings.default_settings``), the project's
(``crawler/settings.py``), and every setting-like name (``CRAWLER_ITEMS_PER_FILE``,
``WARC_CDXJ``...) written as a string in the source of this package and of the add-ons it ships
with (scrapy-redis: ``REDIS_URL``, ``SCHEDULER_*``), so a setting read with
``settings.getint("CRAWLER_X")`` anywhere is known without a list to keep up to date. Settings
of a user's own components pass with ``--allow-unknown-setting``.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Packages whose settings a crawl may use besides Scrapy's and the project's.
ADDON_PACKAGES = ("crawler", "scrapy_redis")
# A string literal that looks like a setting name: upper case words joined by underscores.
NAME_LITERAL = re.compile(rb"""["']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["']""")
ALLOW_OPTION = "--allow-unknown-setting"


def upper_names(module_name: str) -> set[str]:
    """The upper-case module-level names of a settings module."""
    module = importlib.import_module(module_name)
    return {name for name in vars(module) if name.isupper()}


def package_files(package: str) -> list[Path]:
    """The .py files of an installed package (none when it is not installed)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    return [f for folder in spec.submodule_search_locations for f in Path(folder).rglob("*.py")]


def literal_names(files: Iterable[Path]) -> set[str]:
    """Setting-like names written as string literals in ``files``."""
    found: set[str] = set()
    for path in files:
        found.update(m.decode() for m in NAME_LITERAL.findall(path.read_bytes()))
    return found


@cache
def known_setting_names() -> frozenset[str]:
    names = upper_names("scrapy.settings.default_settings") | upper_names("crawler.settings")
    for package in ADDON_PACKAGES:
        names |= literal_names(package_files(package))
    return frozenset(names)


def unknown_setting_problem(key: str, allow: str = ALLOW_OPTION) -> str | None:
    """Why ``key`` is not a setting name, with the nearest known name and how to pass it
    anyway (``allow``); None if it is one."""
    known = known_setting_names()
    if key in known:
        return None
    nearest = difflib.get_close_matches(key.upper(), known, n=1, cutoff=0.6)
    guess = f"; did you mean {nearest[0]}?" if nearest else ""
    return f"unknown setting{guess} ({allow} passes a setting of your own components)"
