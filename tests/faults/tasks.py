"""Functions run in worker processes by the pool tests: they fail in the ways a worker can.

Imported by name in the workers, so they live in a module, not in a test file.
"""

from __future__ import annotations

import os
import time
from typing import Any

from crawler.spiders.articles import BuiltArticle, build_article_item

# The extraction of a page whose URL ends with this (from the environment the crawl inherits)
# kills its worker process.
CRASH_SUFFIX_VARIABLE = "CRAWLER_TEST_CRASH_URL_SUFFIX"


def worker_pid(delay: float = 0.0) -> int:
    time.sleep(delay)
    return os.getpid()


def echo(value: Any, delay: float = 0.0) -> Any:
    time.sleep(delay)
    return value


def fail(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os._exit(13)


def hang(seconds: float) -> None:
    time.sleep(seconds)


def die_on_url_suffix(text: str, url: str, **kwargs: Any) -> BuiltArticle:
    """build_article_item, except that the page named by the environment kills the worker."""
    suffix = os.environ.get(CRASH_SUFFIX_VARIABLE)
    if suffix and url.endswith(suffix):
        os._exit(13)
    return build_article_item(text, url, **kwargs)


def die_on_value(value: str) -> str:
    if value == "die":
        os._exit(13)
    return value


def call(fn: Any, args: tuple[Any, ...]) -> Any:
    return fn(*args)
