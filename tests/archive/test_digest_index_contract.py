"""Every DigestIndex behaves the same: SQLite and Redis (a real redis-server) run one suite,
each opened the way a crawl opens it (``digest_index_from_crawler``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler.archive.dedup import ArchivedPayload, DigestIndex, SqliteDigestIndex
from crawler.archive.redis_dedup import RedisDigestIndex
from crawler.archive.settings import digest_index_from_crawler
from crawler.distributed.connection import redis_from_settings


def payload(out: Path, record: str, digest: str = "sha1:AAAA") -> ArchivedPayload:
    return ArchivedPayload(
        payload_digest=digest,
        record_id=f"<urn:uuid:{record}>",
        target_uri="http://n.example/news/a",
        warc_date="2026-01-01T00:00:00Z",
        warc_file=str(out / "run-1" / "warc" / "crawler-1.warc.gz"),
        warc_offset=1_234_567_890,
        warc_length=2000,
    )


@pytest.fixture(params=["sqlite", "redis"])
def reopen(request, tmp_path) -> Iterator[Callable[[], DigestIndex]]:
    """Opens a handle on the backend's index (each call a new connection)."""
    settings = {"CRAWLER_RUN_DIR": str(tmp_path / "out" / "run-1")}
    if request.param == "redis":
        redis_server = request.getfixturevalue("redis_db")
        settings |= {"REDIS_URL": redis_server.url, "CRAWLER_FRONTIER": "contract"}
    opened: list[DigestIndex] = []

    def open_one() -> DigestIndex:
        index = digest_index_from_crawler(get_crawler(settings_dict=settings))
        assert index is not None
        opened.append(index)
        return index

    yield open_one
    for index in opened:
        index.close()


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "out"


def test_the_backend_follows_redis_url(reopen, request):
    expected = RedisDigestIndex if "redis" in request.node.callspec.id else SqliteDigestIndex
    assert type(reopen()) is expected


def test_a_payload_is_found_by_its_digest(reopen, out):
    index = reopen()
    assert index.lookup("sha1:AAAA") is None
    index.add(payload(out, "1"))
    assert index.lookup("sha1:AAAA") == payload(out, "1")
    assert index.lookup("sha1:BBBB") is None


def test_the_first_record_of_a_payload_wins(reopen, out):
    first, second = reopen(), reopen()
    first.add(payload(out, "1"))
    second.add(payload(out, "2"))
    first.add(payload(out, "3"))
    assert first.lookup("sha1:AAAA") == second.lookup("sha1:AAAA") == payload(out, "1")


def test_warc_paths_outside_the_output_folder_and_none_are_kept(reopen, tmp_path, out):
    index = reopen()
    elsewhere = payload(out, "1", "sha1:CCCC")
    elsewhere = replace(elsewhere, warc_file=str(tmp_path / "elsewhere" / "x.warc.gz"))
    unplaced = replace(payload(out, "2", "sha1:DDDD"), warc_file=None, warc_offset=None)
    for archived in (elsewhere, unplaced):
        index.add(archived)
        assert index.lookup(archived.payload_digest) == archived


def test_redis_stores_paths_relative_to_the_output_folder(redis_db, tmp_path):
    """So the run folders of workers on other machines name the same files."""
    settings = Settings({"REDIS_URL": redis_db.url})
    index = RedisDigestIndex(redis_from_settings(settings), "f", tmp_path / "out")
    try:
        index.add(payload(tmp_path / "out", "1"))
        stored = redis_db.client().hget("crawler:f:digests", "sha1:AAAA")
        assert b'"warc_file": "run-1/warc/crawler-1.warc.gz"' in stored
    finally:
        index.close()
