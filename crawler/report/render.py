"""The report as one HTML page: styles, plotly.js, the data and the search script inlined.

Every number a test or a reader may want to check sits in a cell with ``data-key`` (and
``data-run`` for a run's row) and its exact value in ``data-value``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from html import escape
from importlib.resources import files
from typing import Any

from crawler.report import charts
from crawler.report.data import ReportData
from crawler.report.quality import COVERAGE_DROP_POINTS, COVERED_FIELDS

SECTIONS = (
    ("overview", "Overview"),
    ("runs", "Runs"),
    ("monitors", "Monitors"),
    ("per-day", "Articles per day"),
    ("tags", "Sources and tags"),
    ("coverage", "Field coverage"),
    ("dates", "Date sanity"),
    ("failures", "Failures"),
    ("uncertain", "Uncertain listings"),
    ("warc", "Archive"),
    ("articles", "Articles"),
)


def asset(name: str) -> str:
    return files("crawler.report").joinpath(name).read_text(encoding="utf-8")


def esc(value: Any) -> str:
    return escape("" if value is None else str(value))


def num(value: Any, key: str, run: str | None = None, shown: str | None = None) -> str:
    """A number cell: ``data-key``/``data-run`` say what it is, ``data-value`` its value."""
    run_attr = f' data-run="{esc(run)}"' if run is not None else ""
    value_attr = "" if value is None else f' data-value="{esc(value)}"'
    text = shown if shown is not None else ("-" if value is None else f"{value}")
    return f'<td class="num" data-key="{esc(key)}"{run_attr}{value_attr}>{esc(text)}</td>'


def text(value: Any, css: str = "") -> str:
    css_attr = f' class="{css}"' if css else ""
    return f"<td{css_attr}>{esc(value)}</td>"


def link(url: str, label: str | None = None) -> str:
    return f'<a href="{esc(url)}">{esc(label or url)}</a>'


def table(headers: list[str], rows: list[list[str]], table_id: str, empty: str) -> str:
    if not rows:
        return f'<p class="empty" id="{table_id}-empty">{esc(empty)}</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def overview(data: ReportData) -> str:
    items_written = sum(run.counts.get("items_written", 0) for run in data.runs)
    totals = [
        ("runs", "runs", len(data.runs)),
        ("articles", "articles (latest versions)", len(data.articles)),
        ("items_written", "items written", items_written),
        ("failures", "failures", sum(r.failures for r in data.runs)),
        ("warc_bytes", "WARC bytes", sum(w.bytes for w in data.warc)),
    ]
    boxes = "".join(
        f'<div class="box"><div class="big" data-key="total_{key}" data-value="{value}">'
        f"{esc(human_bytes(value) if key == 'warc_bytes' else value)}</div>"
        f"<div>{esc(label)}</div></div>"
        for key, label, value in totals
    )
    notes = []
    if data.since:
        notes.append(f"Only runs started since {data.since}.")
    if data.without_summary:
        notes.append(
            f"Folders without summary.json (running, or killed): {', '.join(data.without_summary)}."
        )
    if data.torn_lines:
        notes.append(f"{data.torn_lines} torn item line(s) skipped.")
    note_html = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return f'<div class="boxes">{boxes}</div>{note_html}'


def runs_section(data: ReportData) -> str:
    headers = ["run", "source", "started (UTC)", "duration (s)", "finish reason", "exit",
               "listing pages", "articles fetched", "items written", "failures", "HTTP errors",
               "monitors failed"]  # fmt: skip
    rows = []
    for run in data.runs:
        c, rid = run.counts, run.run_id
        monitors = [m for m in run.summary.get("monitors") or [] if isinstance(m, dict)]
        failed = sum(1 for m in monitors if not m.get("passed"))
        http = sum((run.summary.get("http_errors") or {}).values())
        rows.append([
            text(rid, "id"), text(run.source or "-"), text(run.started_at[:19].replace("T", " ")),
            num(run.duration_seconds, "duration_seconds", rid),
            text(run.summary.get("finish_reason")),
            num(run.record.exit_status if run.record else None, "exit_status", rid),
            num(c.get("listing_pages"), "listing_pages", rid),
            num(c.get("articles_fetched"), "articles_fetched", rid),
            num(c.get("items_written"), "items_written", rid),
            num(run.failures, "failures", rid),
            num(http, "http_errors", rid),
            num(failed if monitors else None, "monitors_failed", rid),
        ])  # fmt: skip
    return charts.runs_chart(data.runs) + table(headers, rows, "runs-table", "no runs")


def monitors_section(data: ReportData) -> str:
    rows = [
        [
            text(run_id, "id"),
            text(m.get("name")),
            text("passed" if m.get("passed") else "FAILED", "ok" if m.get("passed") else "bad"),
            text(m.get("detail")),
        ]
        for run_id, m in data.monitors
    ]
    return table(["run", "monitor", "result", "detail"], rows, "monitors-table", "no monitors ran")


def tags_section(data: ReportData) -> str:
    rows = [
        [
            text(", ".join(sorted(t.sources)) or "-"),
            f"<td>{link(t.tag_url) if t.tag_url.startswith('http') else esc(t.tag_url)}</td>",
            num(t.runs, "tag_runs"),
            num(t.listing_pages, "tag_listing_pages"),
            num(t.items, "tag_items"),
            num(len(t.articles), "tag_articles"),
        ]
        for t in data.tags
    ]
    headers = ["source", "tag (start URL)", "runs", "listing pages", "items", "articles"]
    chart = charts.tags_chart(data.tags) if data.tags else ""
    return chart + table(headers, rows, "tags-table", "no tags")


def coverage_section(data: ReportData) -> str:
    rows = []
    for site in data.coverage:
        cells = [text(site.site), text(site.latest_run, "id"), num(site.items, "coverage_items")]
        for name in COVERED_FIELDS:
            field = site.fields[name]
            was = f" (was {field.earlier:g}%)" if field.earlier is not None else ""
            css = "num bad" if field.dropped else "num"
            flag = " ▼ dropped" if field.dropped else ""
            cells.append(
                f'<td class="{css}" data-key="coverage_{name}" data-site="{esc(site.site)}" '
                f'data-value="{field.latest}">{field.latest:g}%{esc(was)}{flag}</td>'
            )
        rows.append(cells)
    intro = (
        f'<p class="note">Share of items with each field, in the latest run that has items of '
        f"the site; a field more than {COVERAGE_DROP_POINTS:g} points below the site's earlier "
        f"runs is flagged.</p>"
    )
    headers = ["site", "latest run", "items", *COVERED_FIELDS]
    return intro + table(headers, rows, "coverage-table", "no items")


def examples_cell(examples: list[dict[str, str]] | list[str]) -> str:
    parts = []
    for example in examples:
        if isinstance(example, dict):
            parts.append(f"{link(example['url'])} <small>{esc(example['detail'])}</small>")
        else:
            parts.append(link(example))
    return f'<td class="examples">{"<br>".join(parts)}</td>'


def dates_section(data: ReportData) -> str:
    rows = [
        [text(check.label), num(check.count, f"dates_{check.name}"), examples_cell(check.examples)]
        for check in data.date_checks
    ]
    intro = f'<p class="note">Over the {len(data.articles)} articles (latest versions).</p>'
    return intro + table(["check", "articles", "examples"], rows, "dates-table", "no articles")


def failures_section(data: ReportData) -> str:
    rows = [
        [text(f.reason), num(f.count, f"failures_{f.reason}"), examples_cell(f.examples)]
        for f in data.failures
    ]
    chart = charts.failures_chart(data.failures) if data.failures else ""
    return chart + table(["reason", "requests", "example URLs"], rows, "failures-table", "none")


def uncertain_section(data: ReportData) -> str:
    rows = [
        [text(u.run_id, "id"), f"<td>{link(u.listing_url)}</td>", num(u.page, "page"),
         text("; ".join(u.reasons or []))]
        for u in data.uncertain
    ]  # fmt: skip
    headers = ["run", "listing", "page", "why"]
    return table(headers, rows, "uncertain-table", "the detector was sure of every listing page")


def warc_section(data: ReportData) -> str:
    rows = [
        [text(w.run_id, "id"), num(w.files, "warc_files", w.run_id),
         num(w.records, "warc_records", w.run_id),
         num(w.bytes, "warc_bytes", w.run_id, human_bytes(w.bytes)),
         num(w.revisits, "warc_revisits", w.run_id),
         num(w.saved_bytes, "warc_saved_bytes", w.run_id, human_bytes(w.saved_bytes))]
        for w in data.warc
    ]  # fmt: skip
    total_bytes = sum(w.bytes for w in data.warc)
    total_saved = sum(w.saved_bytes for w in data.warc)
    rows.append(
        [text("total", "id"), num(sum(w.files for w in data.warc), "warc_files_total"),
         num(sum(w.records or 0 for w in data.warc), "warc_records_total"),
         num(total_bytes, "warc_bytes_total", shown=human_bytes(total_bytes)),
         num(sum(w.revisits for w in data.warc), "warc_revisits_total"),
         num(total_saved, "warc_saved_bytes_total", shown=human_bytes(total_saved))]
    )  # fmt: skip
    note = (
        '<p class="note">Dedup savings: what the full records that revisit records point to '
        "weigh, less the revisits' own size (compressed, from the CDXJ indexes).</p>"
    )
    headers = ["run", "files", "records", "bytes", "revisits", "saved by dedup"]
    return note + table(headers, rows, "warc-table", "no WARC files")


def articles_section(data: ReportData) -> str:
    return (
        '<p><input id="search" type="search" placeholder="search headline, site, date, URL" '
        'size="50"> <span id="articles-count"></span></p>'
        f'<p class="note">Replay links: {esc(data.replay_base)} (start it with '
        "<code>crawler replay</code>).</p>"
        '<table id="articles-table"><thead><tr><th>headline</th><th>date</th><th>site</th>'
        "<th>words</th><th>replay</th></tr></thead><tbody></tbody></table>"
    )


def json_script(element_id: str, value: Any) -> str:
    """Data for the page's script; ``</`` escaped so no string can end the element."""
    payload = json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


SECTION_BODIES = {
    "overview": overview,
    "runs": runs_section,
    "monitors": monitors_section,
    "per-day": lambda d: charts.per_day_chart(d.per_day),
    "tags": tags_section,
    "coverage": coverage_section,
    "dates": dates_section,
    "failures": failures_section,
    "uncertain": uncertain_section,
    "warc": warc_section,
    "articles": articles_section,
}


def render(data: ReportData) -> str:
    """The whole page."""
    shown = [(key, title) for key, title in SECTIONS if key != "monitors" or data.monitors]
    nav = " · ".join(f'<a href="#{key}">{esc(title)}</a>' for key, title in shown)
    sections = "".join(
        f'<section id="{key}"><h2>{esc(title)}</h2>{SECTION_BODIES[key](data)}</section>'
        for key, title in shown
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crawl report: {esc(data.source)}</title>
<style>{asset("report.css")}</style>
<script>{charts.plotly_js()}</script>
</head><body>
<header><h1>Crawl report</h1>
<p>{esc(data.source)} · generated {esc(data.generated_at)}</p><nav>{nav}</nav></header>
{sections}
{json_script("articles-data", [asdict(a) for a in data.articles])}
<script>{asset("report.js")}</script>
</body></html>
"""
