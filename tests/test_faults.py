"""A crawl against the fault server: every good article once, every fault counted, bounded.

The crawl runs with test timeouts (DOWNLOAD_TIMEOUT 3 s) but the default size limits, retry
and Retry-After settings; see tests/faults/server.py for what each page does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from twisted.python.failure import Failure

from crawler.middlewares.retry import retry_after_seconds
from crawler.spiders.errors import failure_reason
from tests.crawling import REPO_ROOT, TEST_SETTINGS, crawler_command
from tests.faults import pages
from tests.faults.server import FaultServer

CRAWL_HANG_GUARD = 300  # seconds; the crawl takes about 15
PEAK_RSS_LIMIT_KB = 500 * 1024


@dataclass
class FaultCrawl:
    returncode: int
    stderr: str
    peak_rss_kb: int
    run_dir: Path
    server: FaultServer

    @property
    def summary(self) -> dict:
        return json.loads((self.run_dir / "summary.json").read_text(encoding="utf-8"))

    @property
    def items(self) -> list[dict]:
        text = (self.run_dir / "items.jsonl").read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines()]


def run_measured(command: list[str], stderr_path: Path) -> tuple[int, int]:
    """Run to the end (killed after CRAWL_HANG_GUARD s); exit status and peak RSS in KiB."""
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    guard = threading.Timer(CRAWL_HANG_GUARD, os.killpg, (process.pid, signal.SIGKILL))
    guard.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        guard.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss


@pytest.fixture(scope="module")
def faults(tmp_path_factory) -> FaultCrawl:
    out = tmp_path_factory.mktemp("faults")
    settings = [*TEST_SETTINGS, "DOWNLOAD_TIMEOUT=3", "RETRY_AFTER_MAX=10"]
    with FaultServer() as server:
        command = crawler_command(
            "crawl",
            server.url(pages.TAG_PATH),
            "--out",
            str(out / "runs"),
            *(arg for setting in settings for arg in ("-s", setting)),
        )
        returncode, peak = run_measured(command, out / "stderr.log")
    (run_dir,) = [p for p in (out / "runs").iterdir() if p.is_dir()]
    stderr = (out / "stderr.log").read_text(encoding="utf-8", errors="replace")
    return FaultCrawl(returncode, stderr, peak, run_dir, server)


def test_the_crawl_ends_cleanly_without_tracebacks(faults):
    assert faults.returncode == 0, faults.stderr[-3000:]
    assert "Traceback" not in faults.stderr
    assert faults.summary["finish_reason"] == "finished"


def test_every_good_article_is_extracted_exactly_once(faults):
    base = faults.server.base_url
    expected = pages.GOOD + pages.BODILESS
    got = sorted(item["url"] for item in faults.items)
    assert got == sorted(base + a.path for a in expected)
    headlines = {item["url"]: item["headline"] for item in faults.items}
    assert headlines == {base + a.path: a.headline for a in expected}
    bodies = {item["url"]: item["body"] for item in faults.items}
    assert [bodies[base + a.path] for a in pages.BODILESS] == [None, None]
    assert all(bodies[base + a.path] for a in pages.GOOD)


def test_every_fault_is_counted_by_reason(faults):
    summary = faults.summary
    assert summary["failures"] == {
        "connection_lost": 1,  # reset before the headers
        "data_loss": 2,  # reset mid-body, truncated chunked body
        "http_429": 1,  # Retry-After beyond RETRY_AFTER_MAX: not retried
        "redirect_loop": 1,
        "size_limit": 3,  # 50 MB body, endless body, gzip bomb
        "timeout": 1,  # slow drip
    }
    assert summary["dropped"] == {}
    assert summary["counts"]["items_without_body"] == 2  # binary as HTML, 20,000 nested divs
    assert summary["counts"]["offsite_filtered"] == 2  # redirects to 127.0.0.2 and metadata
    counts = summary["counts"]
    accounted = (
        counts["items_written"]
        + sum(summary["dropped"].values())
        + sum(summary["failures"].values())
        + counts["offsite_filtered"]
    )
    assert accounted == counts["articles_requested"] == len(pages.ARTICLES)


def test_the_other_host_is_never_contacted(faults):
    assert faults.server.other_host_connections == 0


def test_transient_errors_are_retried_and_retry_after_is_honoured(faults):
    server = faults.server
    assert len(server.hits_for("/news/flaky-500-then-ok")) == 3
    first, second = server.hits_for("/news/busy-503-retry-after")
    assert second.at - first.at >= 0.9  # Retry-After: 1
    first, second = server.hits_for("/news/busy-429-retry-after")
    assert second.at - first.at >= 0.5  # an HTTP date 1-2 s ahead
    assert len(server.hits_for("/news/busy-429-retry-after-too-long")) == 1
    assert faults.summary["counts"]["retry_after_waits"] == 2
    assert faults.summary["counts"]["retry_after_too_long"] == 1


def test_endless_and_huge_bodies_are_cut_off_once(faults):
    for path in ("/news/endless-body", "/news/fifty-megabytes", "/news/gzip-bomb"):
        assert len(faults.server.hits_for(path)) == 1, path


def test_the_pagination_trap_is_stopped_by_content(faults):
    assert len(faults.server.hits_for(pages.TAG_PATH)) == pages.TRAP_FROM_PAGE
    assert faults.summary["listing_stopped"] == {"no_new_entries": 1}
    tag_url = faults.server.base_url + pages.TAG_PATH
    walk = {"tag_url": tag_url, "pages": pages.TRAP_FROM_PAGE, "stopped": "no_new_entries"}
    assert faults.summary["listing_walks"] == [walk]


def test_an_article_listed_with_tracking_parameters_is_fetched_once(faults):
    assert len(faults.server.hits_for("/news/school-year-starts-late")) == 1


def test_peak_memory_stays_bounded(faults):
    assert faults.peak_rss_kb < PEAK_RSS_LIMIT_KB


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (b"120", 120.0),
        (b" 0 ", 0.0),
        (b"soon", None),
        (None, None),
        (b"-5", None),
    ],
)
def test_retry_after_values(value, seconds):
    assert retry_after_seconds(value) == seconds


def test_retry_after_http_dates():
    now = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True).encode()
    earlier = format_datetime(now - timedelta(seconds=30), usegmt=True).encode()
    assert retry_after_seconds(later, now) == 30.0
    assert retry_after_seconds(earlier, now) == 0.0


def test_size_limit_failures_are_named():
    from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

    bomb = IgnoreRequest("body (1 B compressed) exceeded DOWNLOAD_MAXSIZE (2 B)")
    assert failure_reason(Failure(bomb)) == "size_limit"
    assert failure_reason(Failure(DownloadCancelledError("larger"))) == "size_limit"
    assert failure_reason(Failure(IgnoreRequest("max redirections reached"))) == (
        "too_many_redirects"
    )
