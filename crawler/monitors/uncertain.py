"""Listings whose detection was uncertain: more tags marked uncertain (e.g. their feed lists
entries the walk did not find) than ``CRAWLER_MONITOR_MAX_UNCERTAIN_TAGS``, or a share of
uncertain listing pages above ``CRAWLER_MONITOR_MAX_UNCERTAIN_PAGES_PERCENT`` once there are at
least ``CRAWLER_MONITOR_MIN_UNCERTAIN_PAGES`` of them (a tag of one page without a pager is
"no-next-guessed": one such page is no alarm), fails.
``crawler inspect`` shows why a page is uncertain; a site file settles it."""

from __future__ import annotations

from crawler.monitors.base import Monitor, MonitorResult, RunData, percent


class UncertainListingsMonitor(Monitor):
    name = "uncertain_listings"

    def check(self, run: RunData) -> MonitorResult:
        tags = run.summary.get("uncertain_listings") or {}
        pages = run.summary.get("listing_uncertain_pages") or []
        listing_pages = (run.summary.get("counts") or {}).get("listing_pages", 0)
        share = percent(len(pages), max(listing_pages, len(pages)))
        max_tags = run.settings.getint("CRAWLER_MONITOR_MAX_UNCERTAIN_TAGS")
        max_share = run.settings.getfloat("CRAWLER_MONITOR_MAX_UNCERTAIN_PAGES_PERCENT")
        detail = (
            f"{len(tags)} uncertain tag(s), {len(pages)} of {listing_pages} listing pages "
            f"uncertain ({share:.0f}%)"
        )
        problems = []
        if len(tags) > max_tags:
            problems.append(f"tags: {', '.join(sorted(tags))} (limit {max_tags})")
        enough = len(pages) >= run.settings.getint("CRAWLER_MONITOR_MIN_UNCERTAIN_PAGES")
        if share > max_share and enough:
            problems.append(f"pages above {max_share:g}%")
        if problems:
            return self.failed(f"{detail}; {'; '.join(problems)}")
        return self.passed(detail)
