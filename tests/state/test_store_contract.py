"""Every StateStore backend behaves the same: SQLite and Redis (a real redis-server) run one
suite. ``reopen`` gives a second handle on the same state: another process's view of it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from scrapy.settings import Settings

from crawler.state.incremental import open_state
from crawler.state.redis_store import RedisStateStore
from crawler.state.store import RunRecord, SeenArticle, SqliteStateStore, StateStore

FIRST = SeenArticle(
    url="http://n.example/old-link",
    canonical_url="http://n.example/news/a",
    final_url="http://n.example/news/a?ref=tag",
    first_seen="2026-01-01T00:00:00.000Z",
    last_seen="2026-01-01T00:00:00.000Z",
    payload_digest="sha1:AAAA",
    etag='"abc"',
    last_modified="Thu, 01 Jan 2026 00:00:00 GMT",
    run_id="r1",
    items_file="items.jsonl",
    warc_file="r1/warc/a.warc.gz",
    warc_record_id="<urn:uuid:00000000-0000-0000-0000-000000000001>",
    warc_offset=1_234_567_890,
    warc_length=2000,
    warc_date="2026-01-01T00:00:00.000Z",
)
BARE = SeenArticle(
    url='http://n.example/أخبار/😀?q=1&x="y"',
    canonical_url=None,
    final_url=None,
    first_seen="2026-01-01T00:00:00.000Z",
    last_seen="2026-01-01T00:00:00.000Z",
    payload_digest=None,
    etag=None,
    last_modified=None,
    run_id=None,
    items_file=None,
    warc_file=None,
    warc_record_id=None,
    warc_offset=None,
    warc_length=None,
    warc_date=None,
)


def redis_settings(redis_server, frontier: str = "contract") -> Settings:
    return Settings({"REDIS_URL": redis_server.url, "CRAWLER_FRONTIER": frontier})


@pytest.fixture(params=["sqlite", "redis"])
def reopen(request, tmp_path) -> Iterator[Callable[[], StateStore]]:
    """Opens a handle on the backend's state (each call a new connection)."""
    opened: list[StateStore] = []
    if request.param == "sqlite":
        settings = Settings({"CRAWLER_STATE_PATH": str(tmp_path / "state.sqlite")})
    else:
        settings = redis_settings(request.getfixturevalue("redis_db"))

    def open_one() -> StateStore:
        store = open_state(settings)
        assert store is not None
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        store.close()


@pytest.fixture
def store(reopen) -> StateStore:
    return reopen()


def test_the_backend_follows_redis_url(reopen, request):
    expected = RedisStateStore if "redis" in request.node.callspec.id else SqliteStateStore
    assert type(reopen()) is expected


def test_an_article_is_found_by_listed_canonical_or_final_url(store):
    store.record_article(FIRST)
    for url in (FIRST.url, FIRST.canonical_url, FIRST.final_url):
        assert store.seen_article(url) == FIRST
    assert store.seen_article("http://n.example/news/b") is None


def test_an_article_without_optional_fields_round_trips(store):
    store.record_article(BARE)
    assert store.seen_article(BARE.url) == BARE


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


def test_a_missing_digest_is_a_value_of_its_own(store):
    store.record_article(BARE)
    store.record_article(BARE)
    assert store.seen_article(BARE.url).versions == 1
    store.record_article(replace(BARE, payload_digest="sha1:CCCC"))
    store.record_article(replace(BARE, payload_digest=None))
    assert store.seen_article(BARE.url).versions == 3


def test_a_canonical_url_that_moved_no_longer_finds_the_article(store):
    store.record_article(FIRST)
    moved = replace(FIRST, canonical_url="http://n.example/news/a-renamed", final_url=None)
    store.record_article(moved)
    assert store.seen_article(FIRST.canonical_url) is None
    assert store.seen_article(FIRST.final_url) is None
    assert store.seen_article(moved.canonical_url) == moved


def test_recheck_moves_last_seen_only(store):
    store.record_article(FIRST)
    store.record_recheck(FIRST.url, "2026-02-01T00:00:00Z")
    assert store.seen_article(FIRST.url) == replace(FIRST, last_seen="2026-02-01T00:00:00Z")
    store.record_recheck("http://n.example/never-seen", "2026-02-01T00:00:00Z")
    assert store.seen_article("http://n.example/never-seen") is None


def test_runs_are_recorded_and_listed_per_source(store):
    first = store.start_run("a", "2026-01-01T00:00:00Z")
    second = store.start_run("b", "2026-01-01T00:00:01Z")
    assert second > first
    store.finish_run(RunRecord(first, "a", "", "2026-01-01T00:01:00Z", 0, "out/r", 2, 5, 5, 0))
    (run_a,) = store.runs("a")
    assert run_a == RunRecord(
        first, "a", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", 0, "out/r", 2, 5, 5, 0
    )
    assert [r.source for r in store.runs()] == ["a", "b"]
    assert store.runs("b") == [RunRecord(second, "b", "2026-01-01T00:00:01Z", *[None] * 7)]
    assert store.runs("c") == []


def test_finishing_an_unknown_run_records_nothing(store):
    store.finish_run(RunRecord(99, "a", "", "2026-01-01T00:01:00Z", 0, "out/r", 2, 5, 5, 0))
    assert store.runs() == []


def test_a_walk_is_complete_until_one_begins_and_again_once_it_ends(store):
    tag = "http://n.example/tags/idlib"
    assert store.walk_complete(tag)
    store.record_walk(tag, False, "2026-01-01T00:00:00Z")
    assert not store.walk_complete(tag)
    assert store.walk_complete("http://n.example/tags/other")
    store.record_walk(tag, True, "2026-01-01T00:05:00Z")
    assert store.walk_complete(tag)


def test_a_sites_date_order_is_remembered_and_replaced(store):
    assert store.site_date_order("n.example") is None
    store.record_site_date_order("n.example", "month-first", "2026-01-01T00:00:00.000Z")
    store.record_site_date_order("n.example", "day-first", "2026-01-02T00:00:00.000Z")
    assert store.site_date_order("n.example") == "day-first"
    assert store.site_date_order("other.example") is None


def test_articles_are_listed_in_the_order_first_recorded(store):
    second = replace(FIRST, url="http://n.example/b", canonical_url=None, final_url=None)
    store.record_article(FIRST)
    store.record_article(second)
    store.record_article(replace(FIRST, payload_digest="sha1:BBBB"))
    assert [a.url for a in store.articles()] == [FIRST.url, second.url]


def test_another_handle_sees_every_write(reopen):
    writer, reader = reopen(), reopen()
    writer.record_article(FIRST)
    run_id = writer.start_run("a", "2026-01-01T00:00:00Z")
    writer.record_walk("http://n.example/tags/x", False, "2026-01-01T00:00:00Z")
    writer.record_site_date_order("n.example", "day-first", "2026-01-01T00:00:00Z")
    assert reader.seen_article(FIRST.canonical_url) == FIRST
    assert [r.id for r in reader.runs("a")] == [run_id]
    assert reader.start_run("a", "2026-01-01T00:00:01Z") > run_id
    assert not reader.walk_complete("http://n.example/tags/x")
    assert reader.site_date_order("n.example") == "day-first"


def test_crawls_of_other_names_share_nothing(redis_db):
    one = RedisStateStore.from_settings(redis_settings(redis_db, "one"))
    other = RedisStateStore.from_settings(redis_settings(redis_db, "other"))
    try:
        one.record_article(FIRST)
        assert other.seen_article(FIRST.url) is None
        assert {k.decode() for k in redis_db.client().keys("crawler:one:*")} == {
            "crawler:one:state:articles",
            "crawler:one:state:articles:by_canonical_url",
            "crawler:one:state:articles:by_final_url",
            "crawler:one:state:articles:order",
            "crawler:one:state:articles:sequence",
        }
    finally:
        one.close()
        other.close()


def test_without_redis_url_nothing_imports_redis(tmp_path):
    """A crawl without REDIS_URL opens SQLite and never loads the Redis client."""
    code = (
        "import sys\n"
        "from scrapy.utils.test import get_crawler\n"
        "from crawler.archive.settings import digest_index_from_crawler\n"
        "from crawler.spiders.tagpages import TagPagesSpider\n"
        "from crawler.state.incremental import open_state\n"
        f"settings = {{'CRAWLER_OUTPUT_DIR': {str(tmp_path)!r}}}\n"
        "crawler = get_crawler(TagPagesSpider, settings)\n"
        "TagPagesSpider.from_crawler(crawler, url='http://n.example/tags/x')\n"
        "print(type(open_state(crawler.settings)).__name__,"
        " type(digest_index_from_crawler(crawler)).__name__, 'redis' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.split() == ["SqliteStateStore", "SqliteDigestIndex", "False"], done.stderr
