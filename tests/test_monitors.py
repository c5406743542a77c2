"""Monitors after every run (crawler/monitors): a demo site whose article template breaks
between two runs fails the field-coverage monitor (exit status 3, summary.json, --notify), an
ordinary run passes them all, and the reconciliation catches a gap in a real crawl's numbers."""

from __future__ import annotations

import shlex
import sys

import pytest

from crawler.monitors.base import RunData
from crawler.monitors.notify import run_notify
from crawler.monitors.reconciliation import ReconciliationMonitor
from tests.crawling import crawl, run_crawler

MONITORS_EXIT = ("-s", "CRAWLER_MONITOR_FAIL_EXIT=3")  # the default, over TEST_SETTINGS' 0
NOTIFY_SCRIPT = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"


def monitors_by_name(summary: dict) -> dict[str, dict]:
    return {m["name"]: m for m in summary["monitors"]}


def run_summaries(out_dir) -> list[dict]:
    """Every run's summary in the output folder, oldest first."""
    import json

    paths = sorted(out_dir.glob("*/summary.json"), key=lambda p: p.stat().st_mtime)
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def test_template_change_fails_field_coverage_and_notifies(world, tmp_path):
    from crawler.demo.server import DemoServer

    out = tmp_path / "out"
    notified = tmp_path / "notified.txt"
    notify = shlex.join([sys.executable, "-c", NOTIFY_SCRIPT, str(notified)])
    with DemoServer(world) as server:
        urls = [server.url(site.tag_path) for site in world.sites.values()]
        first = crawl(out, *urls, extra=("--source", "demo", "--notify", notify, *MONITORS_EXIT))
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
        ordinary = monitors_by_name(run_summaries(out)[0])
        assert len(ordinary) == 6 and all(m["passed"] for m in ordinary.values()), ordinary
        assert "monitors: ok (6)" in first.stdout
        assert not notified.exists()

        server.broken_template = {"drupal"}
        second = crawl(
            out, *urls, extra=("--source", "demo", "--full", "--notify", notify, *MONITORS_EXIT)
        )
    assert second.returncode == 3, second.stdout[-2000:] + second.stderr[-2000:]
    summary = run_summaries(out)[1]
    results = monitors_by_name(summary)
    coverage = results.pop("field_coverage")
    assert not coverage["passed"]
    assert " date " in coverage["detail"] and " body " in coverage["detail"], coverage
    assert all(m["passed"] for m in results.values()), results
    assert "FAILED field_coverage" in second.stdout
    assert notified.read_text() == str(out / summary["run_id"] / "summary.json")

    table = run_crawler("runs", "--out", str(out))
    assert table.returncode == 0, table.stderr
    rows = [line.split() for line in table.stdout.splitlines()[1:]]
    assert [(row[3], " ".join(row[8:-1])) for row in rows] == [("0", "ok"), ("3", "1 failed")], (
        table.stdout
    )


def test_bad_notify_command_is_a_usage_error(tmp_path):
    done = run_crawler(
        "crawl", "http://127.0.0.1:9/tags/x", "--out", str(tmp_path), "--notify", "no-such-prog-x"
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "crawler: --notify 'no-such-prog-x': no-such-prog-x is not an executable program"
    ]


def test_notify_failure_is_reported_not_raised(tmp_path):
    summary = tmp_path / "summary.json"
    assert run_notify([sys.executable, "-c", "import sys; sys.exit(4)"], summary, 30) == (
        f"--notify {shlex.join([sys.executable, '-c', 'import sys; sys.exit(4)'])}: exit status 4"
    )
    slow = [sys.executable, "-c", "import time; time.sleep(30)"]
    assert "still running after 0.5 s" in run_notify(slow, summary, 0.5)
    assert run_notify([sys.executable, "-c", "pass"], summary, 30) is None


# The Scrapy stats of a real crawl of the four demo sites (crawler crawl, every tag URL):
# 106 responses: 1 robots.txt, 11 listing pages, 2 feeds, 86 articles and 1 not HTML, a 301,
# a 404 and three 500s (two of them retried).
REAL_STATS = {
    "articles/fetched": 86,
    "articles/skipped/not_html": 1,
    "downloader/response_count": 106,
    "downloader/response_status_count/200": 101,
    "downloader/response_status_count/301": 1,
    "downloader/response_status_count/404": 1,
    "downloader/response_status_count/500": 3,
    "failures/http_404": 1,
    "failures/http_500": 1,
    "failures/robots_forbidden": 1,
    "item_scraped_count": 86,
    "listing/feeds_read": 2,
    "listing/pages": 11,
    "robotstxt/response_count": 1,
    "robotstxt/response_status_count/200": 1,
    "warc/exchanges": 106,
    "warc/records": 315,
}


def reconcile(stats: dict):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings")
    return ReconciliationMonitor().check(RunData(summary={}, stats=stats, settings=settings))


def test_reconciliation_passes_on_a_real_crawls_numbers():
    result = reconcile(REAL_STATS)
    assert result.passed, result.detail
    assert result.detail.startswith("106 responses = WARC response records = 1 redirects")


@pytest.mark.parametrize(
    ("change", "gap"),
    [
        ({"warc/exchanges": 105}, "106 responses but 105 WARC response records + 0 not archived"),
        ({"item_scraped_count": 85}, "86 articles fetched but 85 items = 85"),
        ({"downloader/response_count": 107}, "107 responses but"),
        ({"listing/pages": 10}, "= 105 explained"),
    ],
)
def test_reconciliation_fails_on_an_unexplained_gap(change, gap):
    result = reconcile({**REAL_STATS, **change})
    assert not result.passed
    assert gap in result.detail, result.detail


def check(monitor, summary: dict, previous: list[dict] = ()):
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings")
    return monitor.check(RunData(summary, {}, settings, list(previous)))


def run_summary(items: int, seen_before: int = 0, finish: str = "finished") -> dict:
    incremental = {"entries_seen_before": seen_before, "entries_skipped_seen_before": seen_before}
    return {"counts": {"items_written": items}, "incremental": incremental, "finish_reason": finish}


def test_item_count_compares_runs_of_the_same_kind():
    from crawler.monitors.items import ItemCountMonitor

    full_runs = [run_summary(28), run_summary(26)]
    assert check(ItemCountMonitor(), run_summary(26), full_runs).passed
    dropped = check(ItemCountMonitor(), run_summary(10), full_runs)
    assert not dropped.passed
    assert dropped.detail == (
        "10 articles found against 27.0 on average in the last 2 full run(s): 63% fewer (limit 50%)"
    )
    # an incremental run (entries seen before) is not held against full runs
    assert check(ItemCountMonitor(), run_summary(0, seen_before=11), full_runs).passed
    # a stopped earlier run is no baseline
    assert check(ItemCountMonitor(), run_summary(10), [run_summary(28, finish="shutdown")]).passed


def test_error_rate_and_uncertain_listings_fail_above_their_limits():
    from crawler.monitors.errors import ErrorRateMonitor
    from crawler.monitors.uncertain import UncertainListingsMonitor

    def errors(failed: int, requests: int) -> dict:
        return {"counts": {"requests": requests}, "failures": {"http_500": failed}}

    assert check(ErrorRateMonitor(), errors(3, 106)).passed
    assert check(ErrorRateMonitor(), errors(4, 13)).passed  # too few to judge
    assert not check(ErrorRateMonitor(), errors(20, 106)).passed

    def uncertain(tags: int, pages: int) -> dict:
        return {
            "counts": {"listing_pages": 10},
            "uncertain_listings": {f"http://x.example/t{i}": {} for i in range(tags)},
            "listing_uncertain_pages": [{}] * pages,
        }

    assert check(UncertainListingsMonitor(), uncertain(0, 1)).passed
    assert check(UncertainListingsMonitor(), {**uncertain(0, 2), "counts": {}}).passed
    assert not check(UncertainListingsMonitor(), uncertain(1, 0)).passed
    assert not check(UncertainListingsMonitor(), uncertain(0, 6)).passed
