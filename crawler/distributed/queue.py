"""``SCHEDULER_QUEUE_CLASS``: scrapy-redis' priority queue, with requests leased, not deleted.

scrapy-redis' own queues remove a request from Redis when a worker pops it, so a worker killed
mid-crawl loses every request it had in flight (and their URLs stay in the duplicate filter, so
no one fetches them again). This queue is the reliable-queue pattern of Redis' documentation on
a sorted set: a pop moves the request into a lease (``crawler:NAME:leases``, a deadline per
token, and ``crawler:NAME:leased``, the request itself), the worker renews its leases while it
lives (crawler.distributed.keepalive), and acknowledges one only once its response has been
handled (crawler.distributed.leases). A lease whose deadline passes goes back to the queue.

It mirrors scrapy-redis pull request #307 ("reliable queue": requests popped into a processing
list and acknowledged once their response is processed), with three differences: deadlines
instead of a processing list per worker (no one has to know which workers died), a request
superseded by its own redirect or retry is acknowledged when that one is queued, and priority
order kept for requests that come back.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import Base

from crawler.distributed.dupefilter import SharedDupeFilter
from crawler.distributed.frontier import (
    ACK,
    POP_LEASED,
    PUSH,
    RENEW_LEASES,
    RETURN_LEASES,
    FrontierKeys,
)
from crawler.distributed.leases import LEASE_META, register_queue

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 30.0


@dataclass
class Lease:
    """What is left to do before a leased request is acknowledged."""

    items_pending: int = 0
    callback_done: bool = False


class LeasedPriorityQueue(Base):
    """A priority queue (a sorted set, like scrapy-redis' PriorityQueue) whose pops are leases."""

    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        settings = spider.settings
        self.keys = FrontierKeys(settings.get("CRAWLER_FRONTIER"))
        if self.key != self.keys.requests:
            raise ValueError(f"queue key {self.key!r} is not {self.keys.requests!r}")
        self.lease_seconds = settings.getfloat("CRAWLER_LEASE_TIMEOUT", DEFAULT_LEASE_SECONDS)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.leases: dict[str, Lease] = {}
        self._issued = 0
        self.dupefilter = SharedDupeFilter(server, key=self.keys.dupefilter)
        self._push = server.register_script(PUSH)
        self._ack = server.register_script(ACK)
        self._pop = server.register_script(POP_LEASED)
        self._renew = server.register_script(RENEW_LEASES)
        self._return = server.register_script(RETURN_LEASES)
        self.stats = spider.crawler.stats
        register_queue(spider.crawler, self)

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def push(self, request: Request) -> None:
        """Queue the request and add its fingerprint in one step (see SharedDupeFilter); one
        that replaces a leased request (its redirect or retry, whose meta is a copy)
        acknowledges that lease in the same step."""
        data = self._encode_request(request)
        fingerprint = "" if request.dont_filter else self.dupefilter.request_fingerprint(request)
        superseded = request.meta.get(LEASE_META)
        if superseded in self.leases:
            del self.leases[superseded]
            self.stats.inc_value("frontier/leases_acked")
        else:
            superseded = ""
        keys = [self.key, self.keys.dupefilter, self.keys.leases, self.keys.leased]
        if not self._push(keys=keys, args=[-request.priority, data, fingerprint, superseded]):
            self.stats.inc_value("frontier/already_queued")  # another worker was first

    def pop(self, timeout: int = 0) -> Request | None:
        self._issued += 1
        token = f"{self.worker}:{self._issued}"
        expired, data = self._pop(keys=self._lease_keys(), args=[self.lease_seconds, token])
        if expired:
            self.stats.inc_value("frontier/leases_expired_requeued", expired)
            logger.info("%d expired leases went back to the queue", expired)
        if not data:
            return None
        self.leases[token] = Lease()
        self.stats.inc_value("frontier/leases_taken")
        try:
            request = self._decode_request(data)
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            logger.error("Refused a queued entry of %s: %s", self.key, exc)
            self.stats.inc_value("frontier/entries_refused")
            self.ack(token)
            return None
        request.meta[LEASE_META] = token
        return request

    def clear(self) -> None:
        self.server.delete(self.key, self.keys.leases, self.keys.leased)

    # Acknowledgement bookkeeping (crawler.distributed.leases calls these).

    def item_started(self, token: str | None) -> None:
        lease = self.leases.get(token) if token else None
        if lease is not None:
            lease.items_pending += 1

    def item_done(self, token: str | None) -> None:
        lease = self.leases.get(token) if token else None
        if lease is not None:
            lease.items_pending -= 1
            self._ack_if_done(token, lease)

    def callback_done(self, token: str | None) -> None:
        lease = self.leases.get(token) if token else None
        if lease is not None:
            lease.callback_done = True
            self._ack_if_done(token, lease)

    def ack(self, token: str | None) -> None:
        """The request's response (or failure) has been handled: forget the lease."""
        if token not in self.leases:
            return
        del self.leases[token]
        self._ack(keys=[self.keys.leases, self.keys.leased], args=[token])
        self.stats.inc_value("frontier/leases_acked")

    def _ack_if_done(self, token: str, lease: Lease) -> None:
        if lease.callback_done and lease.items_pending <= 0:
            self.ack(token)

    def renew(self) -> None:
        """Push the deadlines of this process' open leases forward."""
        if self.leases:
            self._renew(keys=[self.keys.leases], args=[self.lease_seconds, *self.leases])

    def return_open_leases(self) -> int:
        """Put the requests this process still holds back in the queue (a clean exit)."""
        if not self.leases:
            return 0
        returned = self._return(keys=self._lease_keys(), args=list(self.leases))
        self.leases.clear()
        self.stats.inc_value("frontier/leases_returned", returned)
        return int(returned)

    def _lease_keys(self) -> list[str]:
        return [self.key, self.keys.leases, self.keys.leased]
