"""The error rate: requests that failed (every reason under ``failures`` in the summary, and
tag feeds not read) against the requests sent; above ``CRAWLER_MONITOR_MAX_ERROR_PERCENT``
fails, once at least ``CRAWLER_MONITOR_MIN_ERRORS`` requests failed: an incremental run sends
few requests, and the few articles that failed before are asked for again each time."""

from __future__ import annotations

from crawler.monitors.base import Monitor, MonitorResult, RunData, percent


class ErrorRateMonitor(Monitor):
    name = "error_rate"

    def check(self, run: RunData) -> MonitorResult:
        failures = run.summary.get("failures") or {}
        feed_errors = run.summary.get("feed_errors") or {}
        errors = sum(failures.values()) + sum(feed_errors.values())
        requests = (run.summary.get("counts") or {}).get("requests", 0)
        rate = percent(errors, max(requests, errors))
        limit = run.settings.getfloat("CRAWLER_MONITOR_MAX_ERROR_PERCENT")
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted({**failures, **feed_errors}.items()))
        detail = f"{errors} of {requests} requests failed ({rate:.1f}%)"
        if reasons:
            detail += f"; {reasons}"
        if rate > limit and errors >= run.settings.getint("CRAWLER_MONITOR_MIN_ERRORS"):
            return self.failed(f"{detail}; limit {limit:g}%")
        return self.passed(detail)
