"""The SQLite state store and the --since rules, without a crawl."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from crawler.spiders.arguments import InputError
from crawler.state.incremental import is_older, parse_since
from crawler.state.store import RunRecord, SeenArticle, SqliteStateStore

FIRST = SeenArticle(
    url="http://n.example/old-link",
    canonical_url="http://n.example/news/a",
    final_url="http://n.example/news/a?ref=tag",
    first_seen="2026-01-01T00:00:00.000Z",
    last_seen="2026-01-01T00:00:00.000Z",
    payload_digest="sha1:AAAA",
    etag='"abc"',
    last_modified=None,
    run_id="r1",
    items_file="items.jsonl",
    warc_file="r1/warc/a.warc.gz",
    warc_record_id="<urn:uuid:00000000-0000-0000-0000-000000000001>",
    warc_offset=100,
    warc_length=2000,
    warc_date="2026-01-01T00:00:00.000Z",
)


def test_an_article_is_found_by_listed_canonical_or_final_url(store):
    store.record_article(FIRST)
    for url in (FIRST.url, FIRST.canonical_url, FIRST.final_url):
        assert store.seen_article(url) == FIRST
    assert store.seen_article("http://n.example/news/b") is None


def test_seen_again_keeps_first_seen_and_counts_changed_payloads_only(store):
    store.record_article(FIRST)
    same = replace(FIRST, first_seen="2026-01-02T00:00:00Z", last_seen="2026-01-02T00:00:00Z")
    store.record_article(same)
    assert store.seen_article(FIRST.url) == replace(same, first_seen=FIRST.first_seen)
    changed = replace(same, last_seen="2026-01-03T00:00:00Z", payload_digest="sha1:BBBB")
    store.record_article(changed)
    assert store.seen_article(FIRST.url) == replace(
        changed, first_seen=FIRST.first_seen, versions=2
    )


def test_recheck_moves_last_seen_only(store):
    store.record_article(FIRST)
    store.record_recheck(FIRST.url, "2026-02-01T00:00:00Z")
    assert store.seen_article(FIRST.url) == replace(FIRST, last_seen="2026-02-01T00:00:00Z")


def test_runs_are_recorded_and_listed_per_source(store):
    first = store.start_run("a", "2026-01-01T00:00:00Z")
    store.start_run("b", "2026-01-01T00:00:01Z")
    store.finish_run(RunRecord(first, "a", "", "2026-01-01T00:01:00Z", 0, "out/r", 2, 5, 5, 0))
    (run_a,) = store.runs("a")
    assert run_a == RunRecord(
        first, "a", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 0, "out/r", 2, 5, 5, 0
    )
    assert [r.source for r in store.runs()] == ["a", "b"]
    assert store.runs("b")[0].finished_at is None


def test_wal_lets_another_process_read_while_a_write_is_open(store, tmp_path):
    assert store.connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    store.record_article(FIRST)
    store.connection.execute("BEGIN IMMEDIATE")
    store.record_article(replace(FIRST, url="http://n.example/b", canonical_url=None))
    reader = sqlite3.connect(tmp_path / "state.sqlite", timeout=0)
    try:
        # The reader sees the last committed state at once, without waiting for the writer.
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    finally:
        reader.close()
    store.connection.execute("COMMIT")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-20", datetime(2020, 2, 20, tzinfo=UTC)),
        ("2020-02-20T12:00:00+03:00", datetime(2020, 2, 20, 9, tzinfo=UTC)),
        ("2020-02-20T12:00:00Z", datetime(2020, 2, 20, 12, tzinfo=UTC)),
    ],
)
def test_since_dates(text, expected):
    assert parse_since(text) == expected


def test_since_rejects_words():
    with pytest.raises(InputError, match="since must be a date like 2020-02-20"):
        parse_since("yesterday")


@pytest.mark.parametrize(
    ("date", "older"),
    [
        ("2020-02-19T23:59:00+00:00", True),
        ("2020-02-20T01:00:00+03:00", True),  # 22:00 UTC the day before
        ("2020-02-20", False),
        ("2020-02-21T08:00:00", False),
        (None, False),  # no date: never skipped for its date
        ("not a date", False),
    ],
)
def test_older_than_since(date, older):
    assert is_older(date, datetime(2020, 2, 20, tzinfo=UTC)) is older


def test_a_sites_date_order_is_remembered_and_replaced(store):
    assert store.site_date_order("n.example") is None
    store.record_site_date_order("n.example", "month-first", "2026-01-01T00:00:00.000Z")
    store.record_site_date_order("n.example", "day-first", "2026-01-02T00:00:00.000Z")
    assert store.site_date_order("n.example") == "day-first"
    assert store.site_date_order("other.example") is None


def test_a_state_file_from_before_date_orders_gains_their_table(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE tag_walks (tag_url TEXT PRIMARY KEY, complete INTEGER NOT NULL,"
                    " updated_at TEXT NOT NULL)")  # fmt: skip
    opened = SqliteStateStore(path)
    try:
        opened.record_site_date_order("n.example", "month-first", "2026-01-01T00:00:00.000Z")
        assert opened.site_date_order("n.example") == "month-first"
    finally:
        opened.close()
