"""Settings the distributed tests give every crawl of a shared frontier."""

from __future__ import annotations

# A shared crawl's processes stay open until nothing was queued anywhere for this long; the
# frontier's default (10 s) would add that to every crawl of these tests.
FRONTIER_TEST_SETTINGS = ("CRAWLER_FRONTIER_IDLE_CLOSE=1.5",)


def distributed_test_settings(settings: tuple[str, ...]) -> tuple[str, ...]:
    """``settings``, plus the frontier's test settings."""
    return (*settings, *FRONTIER_TEST_SETTINGS)
