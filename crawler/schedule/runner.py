"""``crawler schedule``: start each source's crawl when it is due, one process per crawl.

APScheduler decides when jobs run (one running instance per source, jitter, missed runs during
the scheduler's own uptime coalesced); croniter reads cron expressions. Each crawl is a
``python -m crawler.cli crawl ...`` child process in a session of its own, so a Ctrl-C in the
terminal reaches only the scheduler, which then sends each running crawl exactly one SIGTERM:
Scrapy finishes the requests in progress, closes its files and writes its summary, and the run
is recorded with the crawl's exit status for that, "shutdown" (EXIT_SHUTDOWN). A second SIGTERM
or Ctrl-C does not wait for that: running crawls are killed at once (the next crawl in their
output folder repairs what they left open).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from croniter import croniter

from crawler.schedule.history import iso, record_run, summary_counts
from crawler.schedule.sources import Source
from crawler.setting_names import ALLOW_OPTION
from crawler.state.store import STATE_FILE, SqliteStateStore, StateError
from crawler.storage.run import new_run_id

logger = logging.getLogger("crawler.schedule")

# What the child `crawler crawl` prints (progress lines, warnings, its summary); Scrapy's own
# log goes to crawl.log beside it.
CONSOLE_LOG = "console.log"
DEFAULT_STOP_TIMEOUT = 120.0  # seconds a crawl may take to finish after SIGTERM


class CronExpressionTrigger(BaseTrigger):
    """An APScheduler trigger for a standard five-field crontab expression (via croniter)."""

    def __init__(self, expression: str, jitter: float | None = None) -> None:
        self.expression = expression
        self.jitter = jitter

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        start = max(previous_fire_time, now) if previous_fire_time else now
        next_time = croniter(self.expression, start).get_next(datetime)
        return self._apply_jitter(next_time, self.jitter, now)

    def __str__(self) -> str:
        return f"cron[{self.expression}]"


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def next_due(source: Source, after: datetime) -> datetime:
    """When a run is due next after one that started at ``after`` (no jitter)."""
    if source.cron:
        return croniter(source.cron, after).get_next(datetime)
    assert source.every is not None
    return after + source.every


def first_run_time(source: Source, last_start: datetime | None, now: datetime) -> datetime | None:
    """When to run first after the scheduler starts; None leaves it to the trigger.

    A run missed while the scheduler was down is made up once, right away, however many were
    missed. An interval source never run before starts at once; a cron source waits its turn.
    """
    if last_start is None:
        return now if source.every else None
    due = next_due(source, last_start)
    return now if due <= now else due


def trigger_for(source: Source, first: datetime | None) -> BaseTrigger:
    """The source's trigger; an interval counts from the first run, wherever that falls."""
    jitter = source.jitter.total_seconds() or None
    if source.cron:
        return CronExpressionTrigger(source.cron, jitter=jitter)
    assert source.every is not None
    return IntervalTrigger(seconds=source.every.total_seconds(), start_date=first, jitter=jitter)


def crawl_command(source: Source, run_id: str, python: str = sys.executable) -> list[str]:
    """The child process: ``crawler crawl`` with the source's options."""
    command = [python, "-m", "crawler.cli", "crawl", *source.tags, "--out", str(source.out)]
    command += ["--run-id", run_id, "--no-history"]  # recorded by the scheduler (run_source)
    if source.site:
        command += ["--site", str(source.site)]
    if source.max_pages:
        command += ["--max-pages", str(source.max_pages)]
    if source.since:
        command += ["--since", source.since]
    if source.refresh:
        command.append("--refresh")
    if source.state:
        command += ["--state", str(source.state)]
    for key, value in source.settings.items():
        command += ["-s", f"{key}={value}"]
    if source.allow_unknown_settings:
        command.append(ALLOW_OPTION)
    return command


def state_path(source: Source) -> Path:
    return source.state or source.out / STATE_FILE


def last_start(source: Source) -> datetime | None:
    path = state_path(source)
    if not path.exists():
        return None
    store = SqliteStateStore(path)
    try:
        runs = store.runs(source.name)
    finally:
        store.close()
    return parse_iso(runs[-1].started_at) if runs else None


class CrawlScheduler:
    """Runs every source on its schedule until :meth:`stop`; see the module docstring."""

    def __init__(
        self,
        sources: list[Source],
        stop_timeout: float = DEFAULT_STOP_TIMEOUT,
        python: str = sys.executable,
    ) -> None:
        self.sources = sources
        self.stop_timeout = stop_timeout
        self.python = python
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.running: dict[str, subprocess.Popen] = {}
        self.stop_deadline: float | None = None
        self.forced = False  # a second signal: kill running crawls instead of waiting
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
        )
        self.scheduler.add_listener(self.on_skipped, EVENT_JOB_MAX_INSTANCES)

    def start(self) -> None:
        now = utc_now()
        for source in self.sources:
            last = self.last_start(source)
            first = first_run_time(source, last, now)
            options: dict[str, Any] = {"next_run_time": first} if first else {}
            self.scheduler.add_job(
                self.run_source,
                trigger_for(source, first),
                args=[source],
                id=source.name,
                name=source.name,
                **options,
            )
            when = iso(first) if first else "on its schedule"
            late = " (catching up on a missed run)" if last and first and first <= now else ""
            logger.info("Source %s (%s): first run %s%s", source.name, source.schedule, when, late)
        self.scheduler.start()

    def last_start(self, source: Source) -> datetime | None:
        """When the source's last run started (its run history), for catching up."""
        return last_start(source)

    def run_until_signalled(self) -> None:
        """Start, then wait for SIGTERM or SIGINT and stop cleanly."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self.on_signal)
        self.start()
        while not self.stopping.wait(0.5):
            pass
        self.stop()

    def on_signal(self, signum: int, frame: Any) -> None:
        name = signal.Signals(signum).name
        if self.stopping.is_set():
            logger.warning("Got %s again: killing the running crawls now", name)
            self.forced = True  # wait() kills them within its next poll
            return
        logger.info("Got %s: stopping (once more to kill the running crawls now)", name)
        self.stopping.set()

    def stop(self) -> None:
        """No new runs; each running crawl gets one SIGTERM and up to stop_timeout to finish
        (none once the stop is forced)."""
        self.stopping.set()
        with self.lock:
            self.stop_deadline = time.monotonic() + self.stop_timeout
            for name, process in self.running.items():
                logger.info("Asking the running crawl of %s (pid %d) to finish", name, process.pid)
                process.send_signal(signal.SIGTERM)
        self.scheduler.shutdown(wait=True)
        logger.info("Scheduler stopped")

    def on_skipped(self, event: JobExecutionEvent) -> None:
        logger.warning("Source %s is still running; its run due now is skipped", event.job_id)

    def run_source(self, source: Source) -> None:
        """One crawl of ``source`` in a child process, recorded in its state database."""
        if self.stopping.is_set():
            return
        run_id = new_run_id(source.name)
        run_dir = source.out / run_id
        started = time.monotonic()
        crawl = partial(self.run_crawl, source, run_id, run_dir)
        try:
            run_dir.mkdir(parents=True, exist_ok=True)
            status = record_run(state_path(source), source.name, run_dir, crawl)
        except (OSError, StateError) as exc:  # e.g. the disk is full: the next run tries again
            logger.error("Run of %s could not start: %s", source.name, exc)
            return
        logger.info(
            "Run of %s ended: exit status %s after %.1fs, %s items written",
            source.name,
            status,
            time.monotonic() - started,
            summary_counts(run_dir)["items_written"],
        )

    def run_crawl(self, source: Source, run_id: str, run_dir: Path) -> int:
        """Start the child (unless stopping) and wait for it; its output goes to console.log."""
        with self.lock:
            if self.stopping.is_set():
                logger.info("Run of %s not started: stopping", source.name)
                return -int(signal.SIGTERM)
            with open(run_dir / CONSOLE_LOG, "wb") as log:
                process = subprocess.Popen(
                    crawl_command(source, run_id, self.python),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self.running[source.name] = process
        logger.info("Run of %s started: pid %d, folder %s", source.name, process.pid, run_dir)
        try:
            return self.wait(process)
        finally:
            with self.lock:
                self.running.pop(source.name, None)

    def wait(self, process: subprocess.Popen) -> int:
        """The child's exit status; killed when it outlives the stop deadline or the stop is
        forced."""
        while True:
            try:
                return process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                deadline = self.stop_deadline
                if self.forced:
                    logger.warning("Killing crawl pid %d", process.pid)
                    kill_session(process)
                elif deadline is not None and time.monotonic() > deadline:
                    logger.warning("Crawl pid %d did not stop in time: killing it", process.pid)
                    kill_session(process)


def kill_session(process: subprocess.Popen) -> None:
    """SIGKILL the crawl and its extraction workers: the session it leads (see run_crawl)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run_scheduler(sources: list[Source], stop_timeout: float = DEFAULT_STOP_TIMEOUT) -> None:
    run_in_foreground(CrawlScheduler(sources, stop_timeout))


def run_in_foreground(scheduler: CrawlScheduler) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr
    )
    # Its own warnings repeat what on_skipped logs; its errors still show.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    scheduler.run_until_signalled()
