"""Run the monitors named by ``CRAWLER_MONITORS`` once the run's ``summary.json`` is written,
and add their results to it under ``"monitors"``: ``[{"name", "passed", "detail"}]``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from crawler.extensions.summary import write_json_atomically
from crawler.monitors.base import Monitor, MonitorResult, RunData
from crawler.monitors.history import previous_runs, read_summary
from crawler.storage.run import SUMMARY_FILE
from crawler.storage.wholefile import reason_text

logger = logging.getLogger(__name__)


def load_monitors(settings: BaseSettings) -> list[Monitor]:
    """The classes named by CRAWLER_MONITORS, instantiated (an empty value: none)."""
    return [load_object(path)() for path in settings.getlist("CRAWLER_MONITORS") if path.strip()]


def run_monitors(monitors: list[Monitor], run: RunData) -> list[MonitorResult]:
    """Each monitor's result; one that raises fails with the error as its detail."""
    results = []
    for monitor in monitors:
        try:
            results.append(monitor.check(run))
        except Exception as exc:  # a bug in one check must not hide the others
            logger.exception("Monitor %s raised", monitor.name)
            results.append(MonitorResult(monitor.name, False, f"the check raised {exc!r}"))
    return results


def failed_monitors(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in summary.get("monitors") or [] if not m.get("passed")]


def monitors_line(summary: dict[str, Any]) -> str | None:
    """``monitors: ok (6)`` or ``monitors: 2 failed of 6``; None when none ran."""
    monitors = summary.get("monitors")
    if monitors is None:
        return None
    failed = failed_monitors(summary)
    if not failed:
        return f"monitors: ok ({len(monitors)})"
    return f"monitors: {len(failed)} failed of {len(monitors)}"


def format_monitors(summary: dict[str, Any]) -> str:
    """The monitors line, then one line per failed monitor."""
    line = monitors_line(summary)
    if line is None:
        return ""
    lines = [line] + [f"  FAILED {m['name']}: {m['detail']}" for m in failed_monitors(summary)]
    return "\n".join(lines)


class RunMonitors:
    """Scrapy extension: at engine stop, after RunSummary (a lower EXTENSIONS number) has
    written ``summary.json``, checks the run and writes the results into it."""

    def __init__(self, crawler: Crawler, monitors: list[Monitor]) -> None:
        self.crawler = crawler
        self.monitors = monitors
        self.run_dir = Path(crawler.settings.get("CRAWLER_RUN_DIR"))
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunMonitors:
        monitors = load_monitors(crawler.settings)
        if not monitors or not crawler.settings.get("CRAWLER_RUN_DIR"):
            raise NotConfigured("no CRAWLER_MONITORS or no CRAWLER_RUN_DIR")
        return cls(crawler, monitors)

    def engine_stopped(self) -> None:
        path = self.run_dir / SUMMARY_FILE
        summary = read_summary(path)
        if summary is None:
            logger.warning("No %s to add the monitors to", path)
            return
        settings = self.crawler.settings
        assert self.crawler.stats is not None
        run = RunData(
            summary=summary,
            stats=dict(self.crawler.stats.get_stats()),
            settings=settings,
            previous=previous_runs(
                summary,
                settings.getint("CRAWLER_MONITOR_HISTORY_RUNS"),
                settings.getint("CRAWLER_MONITOR_HISTORY_SCAN"),
            ),
        )
        results = run_monitors(self.monitors, run)
        summary["monitors"] = [r.as_json() for r in results]
        try:
            write_json_atomically(path, summary)
        except OSError as exc:
            logger.error("Could not add the monitors to %s: %s", path, reason_text(exc))
            return
        for result in results:
            log = logger.info if result.passed else logger.warning
            log("Monitor %s %s: %s", result.name, "passed" if result.passed else "FAILED",
                result.detail)  # fmt: skip
