"""The report of ``crawler inspect``: one dict (printed as JSON by ``--json``) and its text form.

Long texts are shortened in both (teasers, article bodies); ``--json`` lists every rejected
link and every list, the text only the first few of each.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from crawler.extract.listing.explain import LIST_NOTES, REJECTION_REASONS, ListingExplanation

TEASER_CHARS = 160
BODY_CHARS = 400
SHOWN_LISTS = 8
SHOWN_LINKS_PER_REASON = 5

UNCERTAIN = {
    "no-entries": "no entry found",
    "few-entries": "fewer than three entries",
    "competing-lists": "another list scored close to the chosen one",
    "next-guessed": "the next page comes from link text or a URL pattern only",
    "no-next-guessed": "no next page, and no pager or rel=prev confirms this is the last page",
    "extract-error": "the page could not be read",
}
NEXT_RULES = {
    "rel-next": 'rel="next" on the link',
    "next-class": 'a "next" class on the link or its wrapper in the pager',
    "next-label": 'its label says "next" or "older"',
    "after-current": "the link after the pager's current page number",
    "page-number": "its URL is this page's URL with the page number raised",
    "arrow-label": "a single-arrow label (›, →, >)",
    "double-arrow": 'a "»" label',
    "more-label": 'a "more" label on a URL one page further',
}
ARTICLE_FIELDS = ("headline", "date", "authors", "tags", "language", "canonical_url", "body")


def shorten(text: str | None, limit: int) -> str | None:
    """``text`` cut at a word before ``limit`` characters, with "…" when cut."""
    if text is None:
        return None
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


# --------------------------------------------------------------------------- the data


def build_report(
    origin: dict[str, Any],
    kinds: list[str],
    explanation: ListingExplanation,
    article: tuple[dict[str, Any], dict[str, str]] | None,
) -> dict[str, Any]:
    report: dict[str, Any] = {"input": origin, "shown_as": kinds}
    if "listing" in kinds:
        report["listing"] = listing_report(explanation)
    if article is not None:
        report["article"] = article_report(*article)
    return report


def listing_report(explanation: ListingExplanation) -> dict[str, Any]:
    page = explanation.page
    suggested = explanation.selectors
    return {
        "entries": [
            {
                "rank": entry.rank,
                "headline": entry.headline,
                "url": entry.url,
                "date": entry.date_raw,
                "teaser": shorten(entry.teaser, TEASER_CHARS),
            }
            for entry in page.entries
        ],
        "next_page": asdict(explanation.next_page) if explanation.next_page else None,
        "confidence": {
            "uncertain": page.uncertain,
            "chosen_score": explanation.chosen_score,
            "runner_up_score": explanation.runner_up_score,
        },
        "lists": [asdict(candidate) for candidate in explanation.lists],
        "rejected_links": [asdict(link) for link in explanation.rejected_links],
        "selectors": {
            key: value
            for key, value in asdict(suggested.selectors).items()
            if key in ("entries", "article_link", "next_page")
        },
        "selector_notes": suggested.notes,
        "selectors_verified": suggested.verified,
    }


def article_report(fields: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    report = {}
    for name in ARTICLE_FIELDS:
        value = fields.get(name)
        if name == "body":
            value = shorten(value, BODY_CHARS)
        entry: dict[str, Any] = {"value": value, "source": sources.get(name)}
        if name == "body":
            entry["chars"] = len(fields.get("body") or "")
        if name == "date":
            entry["raw"] = fields.get("date_raw")
        report[name] = entry
    return report


# --------------------------------------------------------------------------- the text


def render_text(report: dict[str, Any]) -> str:
    lines = _input_lines(report["input"], report["shown_as"])
    if "listing" in report:
        lines += ["", *_listing_lines(report["listing"])]
    if "article" in report:
        lines += ["", *_article_lines(report["article"])]
    return "\n".join(lines) + "\n"


def _input_lines(origin: dict[str, Any], kinds: list[str]) -> list[str]:
    if "fetched" in origin:
        lines = [f"Page: {origin['url']}"]
        if origin["url"] != origin["fetched"]:
            lines.append(f"  redirected from {origin['fetched']}")
        lines.append(
            f"  HTTP {origin['status']}, {origin['content_type'] or 'no Content-Type'}, "
            f"{origin['bytes']:,} bytes"
        )
    else:
        lines = [f"Page: {origin['file']} ({origin['bytes']:,} bytes) as {origin['url']}"]
        if origin.get("note"):
            lines.append(f"  {origin['note']}")
    if kinds == ["listing"]:
        hint = " (--as article shows the article fields)"
    elif kinds == ["article"]:
        hint = " (--as listing shows what listing detection saw)"
    else:
        hint = " (few entries, or a next page without entries: shown both ways)"
    lines.append(f"Shown as: {' and '.join(kinds)}{hint}")
    return lines


def _listing_lines(listing: dict[str, Any]) -> list[str]:
    lines = ["== Listing =="]
    lines += _entry_lines(listing["entries"])
    lines += ["", *_next_lines(listing["next_page"])]
    lines += ["", *_confidence_lines(listing["confidence"], listing["lists"])]
    lines += ["", *_list_lines(listing["lists"])]
    lines += ["", *_rejected_lines(listing["rejected_links"])]
    lines += ["", *_selector_lines(listing)]
    return lines


def _entry_lines(entries: list[dict[str, Any]]) -> list[str]:
    if not entries:
        return ["Entries: none found"]
    lines = [f"Entries ({len(entries)}):"]
    for entry in entries:
        lines.append(f"{entry['rank']:>4}. {entry['headline'] or '(no headline)'}")
        lines.append(f"      {entry['url']}")
        if entry["date"]:
            lines.append(f"      date: {entry['date']}")
        if entry["teaser"]:
            lines.append(f"      teaser: {entry['teaser']}")
    return lines


PROBE_REASONS = {
    "script-pager": "the pager shows later page numbers that are no links",
    "empty-pager": "a full page of entries and a pager without links",
    "no-pager": "a full page of entries and no pager",
}


def _next_lines(next_page: dict[str, Any] | None) -> list[str]:
    if not next_page or not next_page["url"]:
        end = next_page and next_page["end_confirmed"]
        why = "a pager or rel=prev says this is the last page" if end else "nothing looks like one"
        pagers = next_page["pagers"] if next_page else 0
        lines = [f"Next page: none ({why}; pager blocks found: {pagers})"]
        if next_page and next_page.get("probe_url"):
            why_probe = PROBE_REASONS.get(next_page["unlinked"], next_page["unlinked"])
            lines.append(f"  may go on ({why_probe}): a crawl probes {next_page['probe_url']}")
            if next_page.get("probe_fallback"):
                lines.append(f"  and, if that finds nothing, {next_page['probe_fallback']}")
        return lines
    rule = next_page["rule"]
    lines = [
        f"Next page: {next_page['url']}",
        f"  source: {next_page['source']}, because {NEXT_RULES.get(rule, rule)}",
    ]
    label = f", label {next_page['anchor_label']!r}" if next_page["anchor_label"] else ""
    lines.append(f"  link: text {next_page['anchor_text']!r}{label}")
    lines.append(f"        at {next_page['anchor_path']}")
    return lines


def _confidence_lines(confidence: dict[str, Any], lists: list[dict[str, Any]]) -> list[str]:
    codes = confidence["uncertain"]
    if codes:
        lines = ["Confidence: uncertain"]
        lines += [f"  {code}: {UNCERTAIN.get(code, code)}" for code in codes]
    else:
        lines = ["Confidence: sure"]
    chosen, runner_up = confidence["chosen_score"], confidence["runner_up_score"]
    if chosen is not None:
        second = f"{runner_up:g}" if runner_up is not None else "none"
        lines.append(f"  chosen list scores {chosen:g}; the next best {second}")
    return lines


def _list_lines(lists: list[dict[str, Any]]) -> list[str]:
    lines = [f"Lists found ({len(lists)}; * = chosen):" if lists else "Lists found: none"]
    for candidate in lists[:SHOWN_LISTS]:
        mark = "*" if candidate["chosen"] else " "
        lines.append(
            f" {mark}{candidate['rank']:>3}. score {candidate['score']:g}, "
            f"{_count(candidate['size'], 'URL')} in {_count(candidate['blocks'], 'block')}: "
            f"{candidate['container']}"
        )
        headline = f"  {candidate['sample_headline']!r}" if candidate["sample_headline"] else ""
        lines.append(f"       e.g. {candidate['sample_url']}{headline}")
        lines += [f"       {LIST_NOTES.get(note, note)}" for note in candidate["notes"]]
    return lines + _more(len(lists), SHOWN_LISTS, "       ")


def _rejected_lines(links: list[dict[str, Any]]) -> list[str]:
    by_reason: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        by_reason.setdefault(link["reason"], []).append(link)
    lines = [
        f"Links rejected ({len(links)}, neither entries nor the next page):"
        if links
        else "Links rejected: none"
    ]
    for reason, group in by_reason.items():
        lines.append(f"  {REJECTION_REASONS.get(reason, reason)}: {len(group)}")
        lines += [
            f"    {link['url']}  {shorten(link['text'], 60)!r}{_link_flags(link)}"
            for link in group[:SHOWN_LINKS_PER_REASON]
        ]
        lines += _more(len(group), SHOWN_LINKS_PER_REASON, "    ")
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _more(total: int, shown: int, indent: str) -> list[str]:
    return [f"{indent}... {total - shown} more (--json lists all)"] if total > shown else []


def _link_flags(link: dict[str, Any]) -> str:
    flags = [link["detail"]] if link["detail"] else []
    if link["off_site"]:
        flags.append("off-site")
    if link["taxonomy"]:
        flags.append("taxonomy URL")
    return f" ({', '.join(flags)})" if flags else ""


def _selector_lines(listing: dict[str, Any]) -> list[str]:
    lines = ["Selectors for a site file (--write-site-file PATH writes them):"]
    notes = listing["selector_notes"]
    for key, value in listing["selectors"].items():
        lines.append(f"  {key:<12} = {value if value else '(left to detection)'}")
        if notes.get(key):
            lines.append(f"  {'':<12}   {notes[key]}")
    if listing["selectors_verified"]:
        lines.append("  checked: parse_listing with them gives the same entries and next page")
    return lines


def _article_lines(article: dict[str, Any]) -> list[str]:
    lines = ["== Article =="]
    for name in ARTICLE_FIELDS:
        field = article[name]
        value = field["value"]
        if isinstance(value, list):
            value = ", ".join(value) if value else None
        if name == "date" and value and field["raw"] and field["raw"] != value:
            value = f"{value} (from {field['raw']!r})"
        if name == "body" and value:
            value = f"({field['chars']:,} characters) {value}"
        source = f"  [{field['source']}]" if field["source"] else ""
        lines.append(f"  {name:<14}{value if value else '(none)'}{source}")
    return lines
