"""A frontier: one crawl's request queue, duplicate filter and leases in Redis, and its runs.

Every key of a frontier named NAME starts with ``crawler:NAME:`` (:class:`FrontierKeys`). A run
ends when the queue is empty and no lease is open anywhere for the keep-alive time; it is then
marked finished, and the next process started with the same name begins the next run with a
fresh queue and duplicate filter (:func:`join_frontier`). The shared state of issue 16's item 3
(``crawler:NAME:state:...``, ``crawler:NAME:digests``) is not touched here.

The scripts run inside Redis, so each step is atomic and deadlines are read from Redis' own
clock (``TIME``): workers on machines whose clocks differ agree on when a lease expires.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from crawler.distributed.redis_url import RedisConfigError

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class FrontierNameError(RedisConfigError):
    """A --frontier / CRAWLER_FRONTIER that cannot name Redis keys (one line)."""


@dataclass(frozen=True)
class FrontierKeys:
    """The Redis keys of one frontier."""

    name: str

    def key(self, part: str) -> str:
        return f"crawler:{self.name}:{part}"

    @property
    def requests(self) -> str:  # sorted set: serialized request -> -priority
        return self.key("requests")

    @property
    def dupefilter(self) -> str:  # set of request fingerprints (scrapy-redis)
        return self.key("dupefilter")

    @property
    def leases(self) -> str:  # sorted set: lease token -> deadline (Redis time, seconds)
        return self.key("leases")

    @property
    def leased(self) -> str:  # hash: lease token -> "<score> <serialized request>"
        return self.key("leased")

    @property
    def run(self) -> str:  # integer: the number of the current run (1, 2, ...)
        return self.key("run")

    @property
    def finished(self) -> str:  # JSON {"run": N, "at": unix time}: set when run N finished
        return self.key("finished")

    def frontier_keys(self) -> list[str]:
        """Every key a reset deletes (the shared state's keys are not among them)."""
        return [self.requests, self.dupefilter, self.leases, self.leased, self.run, self.finished]


def check_frontier_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise FrontierNameError(
            f"frontier name {name!r}: use 1-100 letters, digits, '.', '_' or '-' "
            "(it names Redis keys crawler:NAME:...)"
        )
    return name


# A leased entry ("<score> <request JSON>") back in the queue, the request marked redelivered
# (crawler.distributed.serializer.REDELIVERED): its callback may have run in part before.
REQUEUE_ENTRY = """
local function requeue(queue, entry)
  local sep = string.find(entry, ' ', 1, true)
  local data = string.sub(entry, sep + 1)
  local mark = '{"__redelivered__":1,'
  if string.sub(data, 1, #mark) ~= mark then data = mark .. string.sub(data, 2) end
  redis.call('ZADD', queue, string.sub(entry, 1, sep - 1), data)
end
"""

# Requeue the leases whose deadline has passed: KEYS requests, leases, leased. Returns how many.
REQUEUE_EXPIRED = (
    REQUEUE_ENTRY
    + """
local now = redis.call('TIME')
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now[1] + now[2] / 1e6)
for _, token in ipairs(expired) do
  local entry = redis.call('HGET', KEYS[3], token)
  if entry then
    requeue(KEYS[1], entry)
    redis.call('HDEL', KEYS[3], token)
  end
  redis.call('ZREM', KEYS[2], token)
end
return #expired
"""
)

# Expired leases back, then the first request moved into a lease: KEYS requests, leases,
# leased; ARGV lease seconds, token. Returns {expired requeued, request or false}.
POP_LEASED = (
    REQUEUE_EXPIRED.replace("return #expired", "")
    + """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return {#expired, false} end
redis.call('ZREM', KEYS[1], first[1])
redis.call('ZADD', KEYS[2], now[1] + now[2] / 1e6 + tonumber(ARGV[1]), ARGV[2])
redis.call('HSET', KEYS[3], ARGV[2], first[2] .. ' ' .. first[1])
return {#expired, first[1]}
"""
)

# Push the deadlines of live leases forward: KEYS leases; ARGV lease seconds, tokens...
# (XX: a lease already requeued as expired stays gone). Returns how many were renewed.
RENEW_LEASES = """
local now = redis.call('TIME')
local deadline = now[1] + now[2] / 1e6 + tonumber(ARGV[1])
local renewed = 0
for i = 2, #ARGV do
  renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', deadline, ARGV[i])
end
return renewed
"""

# Put leased requests back in the queue now: KEYS requests, leases, leased; ARGV tokens...
RETURN_LEASES = (
    REQUEUE_ENTRY
    + """
local returned = 0
for i = 1, #ARGV do
  local entry = redis.call('HGET', KEYS[3], ARGV[i])
  if entry then
    requeue(KEYS[1], entry)
    redis.call('HDEL', KEYS[3], ARGV[i])
    returned = returned + 1
  end
  redis.call('ZREM', KEYS[2], ARGV[i])
end
return returned
"""
)

# Acknowledge a lease: KEYS leases, leased; ARGV token. (One command where MULTI/EXEC is four.)
ACK = """
redis.call('ZREM', KEYS[1], ARGV[1])
return redis.call('HDEL', KEYS[2], ARGV[1])
"""

# Queue a request: KEYS requests, dupefilter, leases, leased; ARGV score, request JSON,
# fingerprint ("" for dont_filter), the lease it supersedes (""). The fingerprint is added and
# the request queued in one step: a worker killed in between cannot leave a URL "seen" that is
# in no queue. Returns 1 if queued, 0 if its fingerprint was there already.
PUSH = """
local added = 1
if ARGV[3] ~= '' then added = redis.call('SADD', KEYS[2], ARGV[3]) end
if added == 1 then redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) end
if ARGV[4] ~= '' then
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('HDEL', KEYS[4], ARGV[4])
end
return added
"""

# Join the frontier: after a finished run (or on the very first), start the next run with a
# fresh queue, duplicate filter and leases. KEYS requests, dupefilter, leases, leased, run,
# finished. Returns {run number, 1 if this call started it}.
JOIN = """
if redis.call('EXISTS', KEYS[6]) == 1 or redis.call('EXISTS', KEYS[5]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[6])
  return {redis.call('INCR', KEYS[5]), 1}
end
return {tonumber(redis.call('GET', KEYS[5])), 0}
"""

# Mark run ARGV[1] finished if the queue is empty, no lease is open and it is still the current
# run: KEYS requests, leases, run, finished. Returns 1 if marked (or already marked), else 0.
FINISH = """
if tostring(redis.call('GET', KEYS[3])) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then return 1 end
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
local now = redis.call('TIME')
redis.call('SET', KEYS[4], '{"run": ' .. ARGV[1] .. ', "at": ' .. now[1] .. '}')
return 1
"""


def join_frontier(client: Any, keys: FrontierKeys) -> tuple[int, bool]:
    """The run this process takes part in, and whether it started that run."""
    run, started = client.eval(
        JOIN,
        6,
        keys.requests,
        keys.dupefilter,
        keys.leases,
        keys.leased,
        keys.run,
        keys.finished,
    )
    return int(run), bool(started)


def requeue_expired(client: Any, keys: FrontierKeys) -> int:
    return int(client.eval(REQUEUE_EXPIRED, 3, keys.requests, keys.leases, keys.leased))


def mark_finished(client: Any, keys: FrontierKeys, run: int) -> bool:
    marked = client.eval(FINISH, 4, keys.requests, keys.leases, keys.run, keys.finished, run)
    return bool(marked)


def current_run(client: Any, keys: FrontierKeys) -> int:
    value = client.get(keys.run)
    return int(value) if value is not None else 0


@dataclass(frozen=True)
class FrontierStatus:
    name: str
    queued: int
    leases_open: int
    dupefilter_size: int
    runs: int
    finished: bool
    finished_at: int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def frontier_status(client: Any, keys: FrontierKeys) -> FrontierStatus:
    pipe = client.pipeline(transaction=True)
    pipe.zcard(keys.requests).zcard(keys.leases).scard(keys.dupefilter)
    pipe.get(keys.run).get(keys.finished)
    queued, leases, seen, run, finished = pipe.execute()
    marker = json.loads(finished) if finished else None
    return FrontierStatus(
        name=keys.name,
        queued=queued,
        leases_open=leases,
        dupefilter_size=seen,
        runs=int(run) if run is not None else 0,
        finished=marker is not None,
        finished_at=marker.get("at") if marker else None,
    )


def reset_frontier(client: Any, keys: FrontierKeys) -> int:
    """Delete the frontier's queue, duplicate filter, leases and run marks; how many keys."""
    return int(client.delete(*keys.frontier_keys()))
