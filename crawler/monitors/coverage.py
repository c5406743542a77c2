"""Field coverage per site against the source's earlier runs: a field (headline, date, body,
...) whose share of a site's items fell by more than ``CRAWLER_MONITOR_COVERAGE_DROP_POINTS``
percentage points fails; the site has most likely changed its template.

A site is judged only with at least ``CRAWLER_MONITOR_COVERAGE_MIN_ITEMS`` items in this run,
and compared with the mean coverage of the earlier runs that had as many of its items.
"""

from __future__ import annotations

from typing import Any

from crawler.monitors.base import Monitor, MonitorResult, RunData, percent


def coverage(counts: dict[str, int], field: str) -> float:
    return percent(counts.get(field, 0), counts.get("items", 0))


def sites_measured(summary: dict[str, Any], min_items: int) -> dict[str, dict[str, int]]:
    fields = summary.get("fields") or {}
    return {site: c for site, c in fields.items() if c.get("items", 0) >= max(min_items, 1)}


def earlier_coverage(run: RunData, site: str, field: str, min_items: int) -> float | None:
    """Mean coverage of ``field`` on ``site`` over the earlier runs that measured the site."""
    values = [
        coverage(measured[site], field)
        for s in run.previous
        if site in (measured := sites_measured(s, min_items))
    ]
    return sum(values) / len(values) if values else None


class FieldCoverageMonitor(Monitor):
    name = "field_coverage"

    def check(self, run: RunData) -> MonitorResult:
        min_items = run.settings.getint("CRAWLER_MONITOR_COVERAGE_MIN_ITEMS")
        limit = run.settings.getfloat("CRAWLER_MONITOR_COVERAGE_DROP_POINTS")
        fields = run.settings.getlist("CRAWLER_MONITOR_FIELDS")
        sites = sites_measured(run.summary, min_items)
        if not sites:
            return self.passed(f"no site with {min_items} or more items to measure")
        drops, compared = [], 0
        for site, counts in sites.items():
            for field in fields:
                before = earlier_coverage(run, site, field, min_items)
                if before is None:
                    continue
                compared += 1
                now = coverage(counts, field)
                if before - now > limit:
                    drops.append(f"{site} {field} {before:.0f}% -> {now:.0f}%")
        if drops:
            return self.failed(f"coverage fell by more than {limit:g} points: {', '.join(drops)}")
        if not compared:
            return self.passed(f"{len(sites)} site(s) measured; no earlier run to compare")
        return self.passed(f"{compared} field(s) on {len(sites)} site(s) as in earlier runs")
