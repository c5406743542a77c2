"""Many writers at once on one Redis (each thread its own connection, as each worker process
has): no version counted twice or lost, run ids unique, the first record of a payload wins."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from crawler.archive.dedup import ArchivedPayload
from crawler.archive.redis_dedup import RedisDigestIndex
from crawler.distributed.connection import redis_from_settings
from crawler.state.redis_store import RedisStateStore
from tests.state.test_store_contract import FIRST

WRITERS = 6
ROUNDS = 40


def run_together(task: Callable[[int, threading.Barrier], Any]) -> list[Any]:
    """``task(writer, barrier)`` in WRITERS threads at once; their results."""
    barrier = threading.Barrier(WRITERS, timeout=30)
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(task, writer, barrier) for writer in range(WRITERS)]
        return [future.result(timeout=60) for future in futures]


def open_store(redis_server) -> RedisStateStore:
    settings = Settings({"REDIS_URL": redis_server.url, "CRAWLER_FRONTIER": "many"})
    return RedisStateStore.from_settings(settings)


def test_every_changed_payload_is_one_version_and_first_seen_stays(redis_db):
    def write(writer: int, barrier: threading.Barrier) -> None:
        store = open_store(redis_db)
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                changed = replace(
                    FIRST,
                    first_seen=f"2026-02-01T00:00:{writer:02d}Z",
                    payload_digest=f"sha1:{writer}-{round_}",
                )
                store.record_article(changed)
        finally:
            store.close()

    store = open_store(redis_db)
    try:
        store.record_article(FIRST)
        run_together(write)
        seen = store.seen_article(FIRST.url)
        assert seen is not None
        assert (seen.versions, seen.first_seen) == (1 + WRITERS * ROUNDS, FIRST.first_seen)
        assert [a.url for a in store.articles()] == [FIRST.url]
    finally:
        store.close()


def test_run_ids_are_unique_across_writers(redis_db):
    def start(writer: int, barrier: threading.Barrier) -> list[int]:
        store = open_store(redis_db)
        try:
            barrier.wait()
            return [store.start_run(f"s{writer}", "2026-01-01T00:00:00Z") for _ in range(ROUNDS)]
        finally:
            store.close()

    ids = [run_id for started in run_together(start) for run_id in started]
    assert len(set(ids)) == len(ids) == WRITERS * ROUNDS
    store = open_store(redis_db)
    try:
        assert sorted(r.id for r in store.runs()) == sorted(ids)
    finally:
        store.close()


def test_the_first_record_of_a_payload_wins_for_every_writer(redis_db, tmp_path):
    """Each writer archives the same payloads and at once asks which record holds them: every
    writer gets the same answer, and it never changes afterwards."""

    def archive(writer: int, barrier: threading.Barrier) -> list[ArchivedPayload | None]:
        client = redis_from_settings(Settings({"REDIS_URL": redis_db.url}))
        index = RedisDigestIndex(client, "many", Path(tmp_path))
        answers = []
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                mine = ArchivedPayload(
                    payload_digest=f"sha1:{round_}",
                    record_id=f"<urn:uuid:{writer}-{round_}>",
                    target_uri=f"http://n.example/{writer}",
                    warc_date="2026-01-01T00:00:00Z",
                )
                index.add(mine)
                answers.append(index.lookup(mine.payload_digest))
            return answers
        finally:
            index.close()

    answers = run_together(archive)
    client = redis_from_settings(Settings({"REDIS_URL": redis_db.url}))
    final = RedisDigestIndex(client, "many", Path(tmp_path))
    try:
        for round_ in range(ROUNDS):
            kept = final.lookup(f"sha1:{round_}")
            assert kept is not None
            assert [writer_answers[round_] for writer_answers in answers] == [kept] * WRITERS
    finally:
        final.close()
