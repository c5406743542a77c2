"""Check the values given to settings (``-s KEY=VALUE``, a source's ``settings`` table) before
a crawl starts, so a bad one is a one-line error rather than a traceback from deep in Scrapy.

A setting is checked as the type of its default (Scrapy's or the project's): booleans as Scrapy
reads them (true/false/1/0), numbers as numbers, 0 or more unless the setting is a priority
(``*PRIORITY*``, which may be negative), dicts as JSON objects. Settings without a default
(any name may be used by an extension) pass unchecked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from scrapy.settings import BaseSettings, Settings

from crawler.extensions.progress import parse_progress_mode
from crawler.spiders.arguments import InputError
from crawler.state.incremental import parse_since
from crawler.storage.diskspace import parse_reserve
from crawler.workers import parse_workers

# Numbers that must be 1 or more: at 0 Scrapy would hang or drop what callbacks yield.
AT_LEAST_ONE = ("CONCURRENT_ITEMS", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN")
# Read with getfloat although some defaults are written as whole numbers.
FLOAT_SUFFIXES = ("_DELAY", "_TIMEOUT", "_INTERVAL", "_SECONDS", "_CONCURRENCY", "RETRY_AFTER_MAX")


@cache
def defaults() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def setting_problem(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be used for the setting ``key``; None if it can."""
    special = SPECIAL_CHECKS.get(key)
    if special is not None:
        return special(value)
    default = defaults().get(key)
    given = BaseSettings({key: value})
    try:
        if isinstance(default, bool):
            given.getbool(key)
        elif isinstance(default, int | float):
            return number_problem(key, given, default)
        elif isinstance(default, dict | BaseSettings) and not isinstance(given.getdict(key), dict):
            return "expected a JSON object"
    except (ValueError, TypeError):
        return f"expected {expected_kind(default)}, got {value!r}"
    return None


def number_problem(key: str, given: BaseSettings, default: int | float) -> str | None:
    """getint or getfloat as Scrapy reads the setting; negative only for priorities."""
    is_float = isinstance(default, float) or key.endswith(FLOAT_SUFFIXES)
    number = given.getfloat(key) if is_float else given.getint(key)
    if number != number:  # NaN
        raise ValueError(key)
    if number < 1 and key in AT_LEAST_ONE:
        return f"expected 1 or more, got {given.get(key)!r}"
    if number < 0 and "PRIORITY" not in key:
        return f"expected 0 or more, got {given.get(key)!r}"
    return None


def expected_kind(default: Any) -> str:
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, int | float):
        return "a number"
    return "a JSON object"


def parse_problem(
    parse: Callable[[Any], Any], *errors: type[Exception]
) -> Callable[[Any], str | None]:
    """A check for a setting that has its own parser: the parser's message when it refuses."""

    def problem(value: Any) -> str | None:
        try:
            parse(value)
        except errors as exc:
            return str(exc)
        return None

    return problem


def log_level_problem(value: Any) -> str | None:
    if isinstance(value, int) or str(value) in logging.getLevelNamesMapping():
        return None
    return f"expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {value!r}"


def gzip_level_problem(value: Any) -> str | None:
    try:
        level = BaseSettings({"level": value}).getint("level")
    except (ValueError, TypeError):
        level = -1
    return None if 0 <= level <= 9 else f"expected a whole number from 0 to 9, got {value!r}"


def function_problem(value: Any) -> str | None:
    from scrapy.utils.misc import load_object

    try:
        function = load_object(str(value))
    except (ValueError, ImportError, AttributeError, NameError) as exc:
        return f"no such function: {value!r} ({exc})"
    return None if callable(function) else f"not a function: {value!r}"


def monitors_problem(value: Any) -> str | None:
    """CRAWLER_MONITORS: comma-separated class paths, each a monitor (crawler/monitors)."""
    for path in BaseSettings({"m": value}).getlist("m"):
        if path.strip() and (problem := function_problem(path.strip())):
            return problem.replace("function", "monitor class")
    return None


SPECIAL_CHECKS = {
    "CRAWLER_MIN_FREE_BYTES": parse_problem(parse_reserve, ValueError),
    "CRAWLER_SINCE": parse_problem(parse_since, InputError),
    "LOG_LEVEL": log_level_problem,
    "WARC_GZIP_LEVEL": gzip_level_problem,
    "CRAWLER_EXTRACT_WORKERS": parse_problem(parse_workers, ValueError),
    "CRAWLER_EXTRACT_FUNCTION": function_problem,
    "CRAWLER_MONITORS": monitors_problem,
    "CRAWLER_PROGRESS": parse_problem(parse_progress_mode, ValueError),
}
