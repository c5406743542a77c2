"""Whether the shared scrapy-redis frontier (`crawler crawl --redis`, issue 16 item 1) is in."""

from __future__ import annotations

import argparse

# A shared crawl's processes stay open until nothing was queued anywhere for this long; the
# frontier's default (10 s) would add that to every crawl of these tests.
FRONTIER_TEST_SETTINGS = ("CRAWLER_FRONTIER_IDLE_CLOSE=1.5",)


def redis_scheduler_in_place() -> bool:
    """Whether `crawler crawl` has --redis."""
    from crawler.commands import crawl

    subparsers = argparse.ArgumentParser().add_subparsers()
    crawl.register(subparsers)
    return "--redis" in subparsers.choices["crawl"].format_help()


def distributed_test_settings(settings: tuple[str, ...]) -> tuple[str, ...]:
    """``settings``, plus the frontier's test settings once the frontier is in."""
    return (*settings, *FRONTIER_TEST_SETTINGS) if redis_scheduler_in_place() else settings
