"""A tag walk cut short by a killed crawl is walked to the end by the next one."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace

from scrapy.utils.test import get_crawler

from crawler.state.incremental import IncrementalCrawl
from crawler.state.store import SeenArticle, SqliteStateStore

TAG = "http://127.0.0.1:8080/tags/idlib"
SEEN_URL = "http://127.0.0.1:8080/a/1"


def seen_article(url: str) -> SeenArticle:
    values = {f.name: None for f in fields(SeenArticle) if f.name != "versions"}
    return SeenArticle(**{**values, "url": url, "first_seen": "x", "last_seen": "x"})


def incremental(store: SqliteStateStore) -> IncrementalCrawl:
    crawler = get_crawler()
    crawler.stats.open_spider()
    return IncrementalCrawl(store, crawler)


def all_seen_page_stops(store: SqliteStateStore) -> str | None:
    crawl = incremental(store)
    crawl.start_walk(TAG)
    entries = [SimpleNamespace(url=SEEN_URL)]
    return crawl.select(entries, lambda entry: None, TAG).stop_reason


def test_walks_are_remembered(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.sqlite")
    assert store.walk_complete(TAG)  # never walked: nothing to resume
    store.record_walk(TAG, False, "t1")
    assert not store.walk_complete(TAG)
    store.record_walk(TAG, True, "t2")
    assert store.walk_complete(TAG)
    store.close()


def test_a_page_of_seen_entries_ends_a_walk_only_if_the_last_one_ended(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.sqlite")
    store.record_article(seen_article(SEEN_URL))
    assert all_seen_page_stops(store) == "all_seen_before"  # first walk: the usual rule
    # That walk never called finish_walk (killed): the next one goes on past seen pages.
    assert all_seen_page_stops(store) is None
    crawl = incremental(store)
    crawl.start_walk(TAG)
    crawl.finish_walk(TAG)
    crawl.close("finished")
    store = SqliteStateStore(tmp_path / "state.sqlite")
    assert all_seen_page_stops(store) == "all_seen_before"
    store.close()


def test_a_walk_that_ended_in_a_crawl_cut_short_is_walked_again(tmp_path: Path) -> None:
    """Listing pages are read ahead of their articles: a walk can reach its last page while
    articles are still to come, so it is complete only when the crawl finishes."""
    store = SqliteStateStore(tmp_path / "state.sqlite")
    store.record_article(seen_article(SEEN_URL))
    crawl = incremental(store)
    crawl.start_walk(TAG)
    crawl.finish_walk(TAG)
    crawl.close("disk_full")
    store = SqliteStateStore(tmp_path / "state.sqlite")
    assert all_seen_page_stops(store) is None
    store.close()
