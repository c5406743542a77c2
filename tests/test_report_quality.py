"""The report's checks of items on their own: coverage per site and its drops, suspicious
dates, which start URL a listing page belongs to, replay URLs."""

from __future__ import annotations

from crawler.report.data import replay_url
from crawler.report.quality import date_checks, site_coverage, tag_of

RANGE = range(10)


def item(url: str, **fields) -> dict:
    base = {
        "url": url,
        "canonical_url": url,
        "headline": "A headline",
        "date": "2026-12-01",
        "body": "Text.",
        "authors": ["A. Writer"],
        "tags": ["Idlib"],
        "language": "en",
        "fetched_at": "2026-12-07T10:00:00.000Z",
        "first_seen": "2026-12-07T10:00:00.000Z",
        "date_conflict": None,
        "warc_record_id": "<urn:uuid:00000000-0000-0000-0000-000000000000>",
    }
    return {**base, **fields}


def test_coverage_drop_is_per_site_and_against_earlier_runs():
    earlier = [item(f"https://a.example/{n}") for n in range(10)]
    earlier += [item(f"https://b.example/{n}", authors=[]) for n in range(10)]
    latest = [item(f"https://a.example/n{n}", date=None if n < 3 else "2026-12-02") for n in RANGE]
    latest += [item(f"https://b.example/n{n}", authors=[]) for n in range(10)]
    rows = {row.site: row for row in site_coverage([("r1", earlier), ("r2", latest)])}
    assert rows["a.example"].fields["date"].latest == 70.0
    assert rows["a.example"].fields["date"].earlier == 100.0
    assert rows["a.example"].fields["date"].dropped  # 30 points
    assert not any(f.dropped for f in rows["b.example"].fields.values())  # never had authors
    assert rows["b.example"].fields["authors"].latest == 0.0
    alone = site_coverage([("r1", latest)])
    assert not any(f.dropped for row in alone for f in row.fields.values())


def test_date_checks():
    articles = [
        item("https://a.example/missing", date=None),
        item("https://a.example/future", date="2026-12-09"),
        item("https://a.example/tomorrow", date="2026-12-08T01:00:00+03:00"),
        item("https://a.example/conflict", date_conflict="2026-11-01"),
        item("https://a.example/old-new", date="2026-01-01"),
        item("https://a.example/backfill", date="2026-01-01", first_seen="2026-12-01T00:00:00Z"),
    ]
    checks = {c.name: c for c in date_checks(articles, first_run_finished="2026-12-05T00:00:00Z")}
    urls = {name: [e["url"].rsplit("/", 1)[1] for e in c.examples] for name, c in checks.items()}
    assert urls == {
        "missing": ["missing"],
        "future": ["future"],
        "conflict": ["conflict"],
        "far_from_first_seen": ["old-new"],
    }
    without_history = {c.name: c.count for c in date_checks(articles, first_run_finished=None)}
    assert without_history["far_from_first_seen"] == 0


def test_listing_pages_belong_to_the_longest_matching_start_url():
    tags = ["http://h.example/drupal/tags/idlib", "http://h.example/wp/tag/idlib/"]
    assert tag_of("http://h.example/drupal/tags/idlib?page=2", tags) == tags[0]
    assert tag_of("http://h.example/drupal/tags/idlib/feed", tags) == tags[0]
    assert tag_of("http://h.example/wp/tag/idlib/page/2/", tags) == tags[1]
    assert tag_of("http://other.example/wp/tag/idlib/", tags) is None


def test_replay_url_is_base_warc_date_url():
    article = item("https://a.example/x?y=1", fetched_at="2026-12-07T12:28:32.496Z")
    assert replay_url("http://127.0.0.1:8090/crawl/", article) == (
        "http://127.0.0.1:8090/crawl/20261207122832/https://a.example/x?y=1"
    )
    assert replay_url("http://r/crawl", {**article, "warc_record_id": None}) is None
