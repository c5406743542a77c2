"""Articles this very run recorded (found through another start listing) are no sign that a
walk reached what earlier runs saw: only their sightings end a walk early."""

from __future__ import annotations

from dataclasses import fields
from types import SimpleNamespace

from crawler.state.incremental import IncrementalCrawl
from crawler.state.store import SeenArticle, SqliteStateStore

from .test_date_orders import Stats

HOME = "http://127.0.0.1:8080/"
SHARED = ["http://127.0.0.1:8080/festa-2013/", "http://127.0.0.1:8080/festa-2012/"]


def sighting(url: str, run_id: str | None) -> SeenArticle:
    values = {f.name: None for f in fields(SeenArticle) if f.name != "versions"}
    values.update(url=url, first_seen="x", last_seen="x", run_id=run_id)
    return SeenArticle(**values)


def crawl_of_run(store: SqliteStateStore, run_id: str) -> IncrementalCrawl:
    crawler = SimpleNamespace(stats=Stats())
    return IncrementalCrawl(store, crawler, run_id=run_id)


def page_of(urls: list[str]) -> list[SimpleNamespace]:
    return [SimpleNamespace(url=url) for url in urls]


def test_entries_another_listing_of_this_run_recorded_do_not_end_the_walk(store):
    for url in SHARED:
        store.record_article(sighting(url, "tagpages-run-2"))
    crawl = crawl_of_run(store, "tagpages-run-2")
    selection = crawl.select(page_of(SHARED), lambda entry: None, HOME)
    assert selection.stop_reason is None
    assert selection.to_fetch == []  # written once already: not fetched again
    assert crawl.crawler.stats["incremental/entries_seen_this_run"] == 2


def test_entries_an_earlier_run_recorded_still_end_the_walk(store):
    store.record_article(sighting(SHARED[0], "tagpages-run-1"))
    store.record_article(sighting(SHARED[1], "tagpages-run-2"))
    crawl = crawl_of_run(store, "tagpages-run-2")
    assert crawl.select(page_of(SHARED), lambda entry: None, HOME).stop_reason == (
        "all_seen_before"
    )


def test_without_a_run_id_every_sighting_is_an_earlier_one(store):
    store.record_article(sighting(SHARED[0], None))
    crawl = IncrementalCrawl(store, SimpleNamespace(stats=Stats()))
    assert crawl.select(page_of(SHARED[:1]), lambda entry: None, HOME).stop_reason == (
        "all_seen_before"
    )
