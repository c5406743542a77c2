"""The run summary names the listing pages the detector was unsure of and how each tag's walk
ended, in summary.json and in the lines printed at the end of a run."""

from __future__ import annotations

from crawler.extensions.summary import SHOWN_LISTING_NOTES, build_summary, format_summary

RUN = {"run_id": "r1"}


def stats_with(**lists: object) -> dict[str, object]:
    return {"finish_reason": "finished", "articles/without_body": 2, **lists}


def test_uncertain_listing_pages_and_walks_are_in_the_summary_and_printed() -> None:
    uncertain = [{"listing_url": "http://x.test/tag/a/", "page": 1, "reasons": ["few-entries"]}]
    walks = [{"tag_url": "http://x.test/tag/a/", "pages": 1, "stopped": "no_next_page"}]
    summary = build_summary(
        stats_with(**{"listing/uncertain_pages": uncertain, "listing/walks": walks}), RUN
    )
    assert summary["listing_uncertain_pages"] == uncertain
    assert summary["listing_walks"] == walks
    assert summary["counts"]["items_without_body"] == 2
    lines = format_summary(summary).splitlines()
    assert "  tag http://x.test/tag/a/: 1 pages, stopped: no_next_page" in lines
    assert "  unsure of listing http://x.test/tag/a/: few-entries" in lines
    assert "2 without a body" in lines[0]


def test_a_long_list_of_uncertain_pages_is_cut_short_on_the_console_only() -> None:
    uncertain = [
        {"listing_url": f"http://x.test/tag/a/?page={n}", "page": n, "reasons": ["few-entries"]}
        for n in range(1, SHOWN_LISTING_NOTES + 6)
    ]
    summary = build_summary(stats_with(**{"listing/uncertain_pages": uncertain}), RUN)
    assert len(summary["listing_uncertain_pages"]) == SHOWN_LISTING_NOTES + 5
    text = format_summary(summary)
    assert text.count("unsure of listing") == SHOWN_LISTING_NOTES
    assert "... 5 more unsure listing pages in summary.json" in text
