"""The leased queue against a real redis-server, and its JSON serializer: a popped request is
leased, not deleted; acknowledged it is gone; expired it comes back with its priority; a retry
queued acknowledges its parent; a clean exit returns what it held; nothing is unpickled."""

from __future__ import annotations

import pickle
import time

import pytest
from scrapy import Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from crawler.distributed import serializer
from crawler.distributed.frontier import FrontierKeys, mark_finished, requeue_expired
from crawler.distributed.leases import LEASE_META, leased_queue
from crawler.distributed.queue import LeasedPriorityQueue
from crawler.distributed.serializer import REDELIVERED_META
from crawler.spiders.tagpages import TagPagesSpider
from crawler.state.store import SeenArticle

NAME = "unit"
KEYS = FrontierKeys(NAME)


def make_queue(redis_server, lease_seconds: float = 30) -> LeasedPriorityQueue:
    crawler = get_crawler(
        TagPagesSpider,
        {"CRAWLER_FRONTIER": NAME, "CRAWLER_LEASE_TIMEOUT": lease_seconds},
    )
    crawler.spider = TagPagesSpider(url="http://127.0.0.1:9/tags/a")
    crawler.spider._set_crawler(crawler)
    if crawler.stats is None:
        crawler.stats = MemoryStatsCollector(crawler)
    return LeasedPriorityQueue(
        redis_server.client(), crawler.spider, KEYS.requests, serializer=serializer
    )


def request(spider, path: str, priority: int = 0) -> Request:
    return Request(
        f"http://127.0.0.1:9{path}",
        callback=spider.parse_article,
        errback=spider.on_error,
        priority=priority,
        cb_kwargs={"listing_info": {"listing_page": 1}},
    )


def test_a_popped_request_is_leased_until_acknowledged(redis_db) -> None:
    queue = make_queue(redis_db)
    client = redis_db.client()
    queue.push(request(queue.spider, "/a/1"))
    popped = queue.pop()
    assert popped.url.endswith("/a/1") and popped.callback == queue.spider.parse_article
    token = popped.meta[LEASE_META]
    assert len(queue) == 0
    assert client.zscore(KEYS.leases, token) is not None
    assert client.hexists(KEYS.leased, token)
    queue.callback_done(token)
    assert client.zcard(KEYS.leases) == 0 and client.hlen(KEYS.leased) == 0
    assert leased_queue(queue.spider.crawler) is queue


def test_items_pending_keep_the_lease_until_written(redis_db) -> None:
    queue = make_queue(redis_db)
    queue.push(request(queue.spider, "/a/1"))
    token = queue.pop().meta[LEASE_META]
    queue.item_started(token)
    queue.callback_done(token)
    assert redis_db.client().zcard(KEYS.leases) == 1
    queue.item_done(token)
    assert redis_db.client().zcard(KEYS.leases) == 0


def test_an_expired_lease_comes_back_in_priority_order(redis_db) -> None:
    queue = make_queue(redis_db, lease_seconds=0.2)
    queue.push(request(queue.spider, "/low", priority=-4))
    queue.push(request(queue.spider, "/high", priority=2))
    assert queue.pop().url.endswith("/high")  # leased, then the worker "dies"
    time.sleep(0.3)
    assert requeue_expired(redis_db.client(), KEYS) == 1
    back, low = queue.pop(), queue.pop()
    assert [back.url.rsplit("/", 1)[1], low.url.rsplit("/", 1)[1]] == ["high", "low"]
    # the request that comes back says so (a listing page read in part is read again whole)
    assert back.meta[REDELIVERED_META] is True and REDELIVERED_META not in low.meta


def test_queueing_adds_the_fingerprint_in_the_same_step(redis_db) -> None:
    queue = make_queue(redis_db)
    queue.push(request(queue.spider, "/a/1"))
    queue.push(request(queue.spider, "/a/1"))  # a second worker that lost the race
    assert len(queue) == 1 and redis_db.client().scard(KEYS.dupefilter) == 1
    assert queue.dupefilter.request_seen(request(queue.spider, "/a/1"))
    assert not queue.dupefilter.request_seen(request(queue.spider, "/a/2"))


def test_renewed_leases_do_not_expire(redis_db) -> None:
    queue = make_queue(redis_db, lease_seconds=0.5)
    queue.push(request(queue.spider, "/a/1"))
    queue.pop()
    for _ in range(4):
        time.sleep(0.2)
        queue.renew()
    assert requeue_expired(redis_db.client(), KEYS) == 0
    assert redis_db.client().zcard(KEYS.leases) == 1


def test_a_retry_queued_acknowledges_its_parent(redis_db) -> None:
    queue = make_queue(redis_db)
    queue.push(request(queue.spider, "/a/1"))
    parent = queue.pop()
    queue.push(parent.replace(dont_filter=True))  # as RetryMiddleware and redirects do
    client = redis_db.client()
    assert client.zcard(KEYS.leases) == 0 and len(queue) == 1
    assert queue.pop().url == parent.url


def test_a_clean_exit_returns_open_leases(redis_db) -> None:
    queue = make_queue(redis_db)
    for n in range(3):
        queue.push(request(queue.spider, f"/a/{n}"))
    queue.pop(), queue.pop()
    assert queue.return_open_leases() == 2
    assert len(queue) == 3 and redis_db.client().zcard(KEYS.leases) == 0


def test_a_run_is_finished_only_with_nothing_queued_or_leased(redis_db) -> None:
    queue = make_queue(redis_db)
    client = redis_db.client()
    client.set(KEYS.run, 1)
    queue.push(request(queue.spider, "/a/1"))
    assert not mark_finished(client, KEYS, 1)
    token = queue.pop().meta[LEASE_META]
    assert not mark_finished(client, KEYS, 1)
    queue.ack(token)
    assert not mark_finished(client, KEYS, 2)  # not the current run
    assert mark_finished(client, KEYS, 1) and client.exists(KEYS.finished)


def test_requests_round_trip_as_json(redis_db) -> None:
    spider = make_queue(redis_db).spider
    seen = SeenArticle(
        "http://x/a", None, "http://x/a", "2025", "2025", "sha1:X", '"e"', None,
        "r", "items.jsonl", "w.warc.gz", "<urn:uuid:1>", 0, 10, "2025",
    )  # fmt: skip
    original = Request(
        "http://127.0.0.1:9/a?q=1",
        method="POST",
        body=b"\x00\xffbinary",
        headers={"If-None-Match": '"e"'},
        callback=spider.parse_refreshed_article,
        errback=spider.on_error,
        cb_kwargs={"listing_info": {"rank": 3}, "seen": seen},
        meta={"page_kind": "article", "redirect_urls": ["http://x/b"], "_warc_wire": object()},
        priority=-4,
    )
    data = serializer.dumps(original.to_dict(spider=spider))
    assert isinstance(data, str) and "_warc_wire" not in data
    back = request_from_dict(serializer.loads(data), spider=spider)
    assert (back.url, back.method, back.body, back.priority) == (
        original.url,
        "POST",
        b"\x00\xffbinary",
        -4,
    )
    assert back.headers[b"If-None-Match"] == b'"e"'
    assert back.callback == spider.parse_refreshed_article and back.errback == spider.on_error
    assert back.cb_kwargs == {"listing_info": {"rank": 3}, "seen": seen}
    assert back.meta == {"page_kind": "article", "redirect_urls": ["http://x/b"]}


@pytest.mark.parametrize(
    "data",
    [
        pickle.dumps({"url": "http://x/"}),
        b'{"url": "http://x/", "_class": "os.system"}',
        b'{"no": "url"}',
        b'{"url": "http://x/", "body": {"__dataclass__": "Popen", "fields": {}}}',
    ],
)
def test_queue_entries_that_are_not_json_requests_are_refused(data: bytes) -> None:
    with pytest.raises(serializer.QueueDataError):
        serializer.loads(data)


def test_a_refused_entry_is_dropped_not_run(redis_db) -> None:
    queue = make_queue(redis_db)
    redis_db.client().zadd(KEYS.requests, {pickle.dumps({"url": "http://x/"}): 0})
    assert queue.pop() is None
    assert len(queue) == 0 and redis_db.client().zcard(KEYS.leases) == 0
