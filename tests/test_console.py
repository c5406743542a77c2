"""What a crawl shows on the console: live progress on a terminal (a pseudo-terminal here),
plain progress lines through a pipe, Scrapy's log in crawl.log, --quiet, -v, --log-level,
and an unreachable host without tracebacks."""

from __future__ import annotations

import fcntl
import logging
import os
import pty
import re
import socket
import struct
import subprocess
import sys
import termios
import time

import pytest

from crawler.extensions.console import ConsoleHandler
from tests.crawling import (
    REPO_ROOT,
    TEST_SETTINGS,
    CrawlResult,
    crawl,
    crawler_command,
    run_crawler,
)

# A crawl of a couple of seconds, so the status is redrawn several times while it runs.
SLOW = ("-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
COUNTS = re.compile(
    r"listing (\d+)/(\d+) pages · articles (\d+) queued, (\d+) fetched, (\d+) written"
)
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SCRAPY_INFO = "[scrapy.core.engine] INFO: Spider opened"


def free_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def summary_counts(result: CrawlResult) -> tuple[int, int, int, int]:
    counts = result.summary["counts"]
    return (
        counts["listing_pages"],
        counts["articles_requested"],
        counts["articles_fetched"],
        counts["items_written"],
    )


def shown_counts(text: str) -> list[tuple[int, ...]]:
    """Every status the output showed: (walked, known, queued, fetched, written)."""
    return [tuple(int(n) for n in match) for match in COUNTS.findall(text)]


def crawl_args(out, url, *extra: str) -> list[str]:
    settings = [arg for setting in TEST_SETTINGS for arg in ("-s", setting)]
    return crawler_command("crawl", url, "--out", str(out), *settings, *extra)


def run_on_terminal(command: list[str], timeout: float = 120) -> tuple[int, str, str]:
    """``command`` with its stderr on a pseudo-terminal of 40 x 200; (status, terminal output,
    stdout)."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    stdout, _ = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
    return process.returncode, b"".join(chunks).decode("utf-8", "replace"), stdout.decode()


def test_a_terminal_shows_a_status_that_updates_and_ends_at_the_summary(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    command = crawl_args(tmp_path, url, *SLOW, "-s", "CRAWLER_PROGRESS_REFRESH=0.1")
    status, terminal, stdout = run_on_terminal(command)
    result = CrawlResult(status, stdout, terminal, tmp_path)
    assert status == 0, terminal[-3000:]
    assert "\x1b[2K" in terminal  # the status is redrawn in place
    shown = shown_counts(CSI.sub("", terminal))
    assert len(set(shown)) >= 3, shown
    for earlier, later in zip(shown, shown[1:], strict=False):
        assert all(a <= b for a, b in zip(earlier, later, strict=True)), (earlier, later)
    walked, known, queued, fetched, written = shown[-1]
    assert (walked, queued, fetched, written) == summary_counts(result)
    assert known == walked
    assert f"tag {url}" in terminal and "errors: none" in terminal
    assert SCRAPY_INFO not in terminal
    assert "Run tagpages-" in stdout  # the summary


def test_a_pipe_gets_plain_progress_lines_and_crawl_log_the_scrapy_log(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    result = crawl(tmp_path, url, extra=(*SLOW, "-s", "CRAWLER_PROGRESS_INTERVAL=0.3"))
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stderr.splitlines() if "progress: " in line]
    assert len(lines) >= 2, result.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.stderr)
    shown = shown_counts(lines[-1])
    assert len(shown) == 1
    walked, known, queued, fetched, written = shown[0]
    assert (walked, queued, fetched, written) == summary_counts(result)
    assert SCRAPY_INFO not in result.stderr and "Dumping Scrapy stats" not in result.stderr
    log = (result.run_dir / "crawl.log").read_text(encoding="utf-8")
    assert SCRAPY_INFO in log and "Dumping Scrapy stats" in log
    assert "crawl.log" in result.stdout


def test_quiet_shows_nothing_when_all_goes_well(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    result = crawl(tmp_path, url, extra=("--quiet", "-s", "CRAWLER_PROGRESS_INTERVAL=0.1"))
    assert result.returncode == 0
    assert (result.stdout, result.stderr) == ("", "")
    assert SCRAPY_INFO in (result.run_dir / "crawl.log").read_text(encoding="utf-8")


def test_quiet_still_says_which_monitor_failed(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    never = ("-s", "CRAWLER_MONITOR_FINISH_REASONS=never", "-s", "CRAWLER_MONITOR_FAIL_EXIT=3")
    result = crawl(tmp_path, url, extra=("--quiet", *never))
    assert result.returncode == 3
    assert result.stdout == ""
    assert "FAILED finish_reason" in result.stderr, result.stderr


def test_demo_passes_the_console_options_on(tmp_path):
    done = run_crawler("demo", "--out", str(tmp_path), "--port", "0", "--quiet")
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == ("", "")
    (run_dir,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert SCRAPY_INFO in (run_dir / "crawl.log").read_text(encoding="utf-8")


def test_each_kind_of_warning_is_shown_once_and_the_rest_counted(capsys):
    """The console handler on a logger of its own: three failures of one reason, one of
    another, and a multi-line warning with a traceback."""
    handler = ConsoleHandler(False, False, "%(levelname)s: %(message)s", "%H:%M:%S")
    log = logging.getLogger("tests.console.kinds")
    timeout = {"failure": "timeout"}
    log.addHandler(handler)
    log.propagate = False
    try:
        for n in range(3):
            log.warning("Could not fetch %s: %s", f"/a/{n}", "timeout", extra=timeout)
        log.warning("Could not fetch %s: %s", "/b", "http_404", extra={"failure": "http_404"})
        try:
            raise ValueError("boom")
        except ValueError:
            log.error("Spider error\nsecond line", exc_info=True)
        log.info("an INFO line")
    finally:
        log.removeHandler(handler)
    assert capsys.readouterr().err.splitlines() == [
        "WARNING: Could not fetch /a/0: timeout",
        "WARNING: Could not fetch /b: http_404",
        "ERROR: Spider error",
    ]
    assert handler.repeats == 2


def test_a_bad_log_level_is_one_line(tmp_path):
    done = run_crawler("crawl", "http://127.0.0.1:9/", "--out", str(tmp_path), "--log-level", "X")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "LOG_LEVEL" in done.stderr


def test_an_unreachable_host_is_one_line_per_failure_without_tracebacks(tmp_path):
    url = f"http://127.0.0.1:{free_closed_port()}/tags/idlib"
    result = crawl(tmp_path, url, extra=("-s", "RETRY_TIMES=1"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 2, result.stderr
    assert "robots.txt: connection_refused" in warnings[0]
    assert f"Could not fetch listing {url}: connection_refused" in warnings[1]
    assert "] ERROR: " not in result.stderr  # Scrapy's "Gave up retrying" lines: crawl.log only
    assert result.summary["failures"] == {"connection_refused": 1}
    assert result.summary["robots_txt_failures"] == {"connection_refused": 1}
    assert "robots.txt failures: connection_refused: 1" in result.stdout
    log = (result.run_dir / "crawl.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "Gave up retrying" in log
    assert SCRAPY_INFO in log and SCRAPY_INFO not in result.stderr
    assert f"details in {result.run_dir / 'crawl.log'}" in result.stderr


@pytest.mark.parametrize(
    ("option", "shown"),
    [(("-v",), "] INFO: "), (("--log-level", "DEBUG"), "] DEBUG: ")],
)
def test_verbose_and_log_level_bring_the_full_log_back(tmp_path, option, shown):
    url = f"http://127.0.0.1:{free_closed_port()}/tags/idlib"
    result = crawl(tmp_path, url, extra=("-s", "RETRY_TIMES=0", *option))
    assert result.returncode == 1
    assert SCRAPY_INFO in result.stderr and "Traceback" in result.stderr
    log = (result.run_dir / "crawl.log").read_text(encoding="utf-8")
    assert shown in result.stderr and shown in log
    assert ("] DEBUG: " in log) == (shown == "] DEBUG: ")


def test_scrapy_crawl_keeps_its_console_log_and_writes_crawl_log(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    settings = [arg for setting in TEST_SETTINGS for arg in ("-s", setting)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "tagpages",
            "-a",
            f"url={url}",
            "-s",
            f"CRAWLER_OUTPUT_DIR={tmp_path}",
            *settings,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert SCRAPY_INFO in done.stderr
    (run_dir,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    log = (run_dir / "crawl.log").read_text(encoding="utf-8")
    assert SCRAPY_INFO in log and "Dumping Scrapy stats" in log


def test_the_page_rate_counts_from_the_start_of_the_crawl() -> None:
    from crawler.extensions.progress import PageRate

    rate = PageRate(window=30.0, start=100.0)
    assert rate.add(102.0, 28) == 14.0  # the only later sample: from the start, not 0.0
    assert rate.add(104.0, 30) == 7.5
