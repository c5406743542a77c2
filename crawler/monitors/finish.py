"""The finish reason: a run that did not end as ``finished`` (shutdown, disk_full, a close
reason of an extension) fails."""

from __future__ import annotations

from crawler.monitors.base import Monitor, MonitorResult, RunData


class FinishReasonMonitor(Monitor):
    name = "finish_reason"

    def check(self, run: RunData) -> MonitorResult:
        allowed = run.settings.getlist("CRAWLER_MONITOR_FINISH_REASONS")
        reason = run.summary.get("finish_reason")
        if reason in allowed:
            return self.passed(f"finished: {reason}")
        return self.failed(f"finished: {reason} (expected {' or '.join(allowed)})")
