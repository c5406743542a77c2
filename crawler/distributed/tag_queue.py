"""The workers' queue of tag URLs: a Redis list, each URL in it at most once while it waits.

``crawler enqueue`` and ``crawler schedule --redis`` push to the tail; ``crawler worker`` takes
from the head with BLPOP (a bounded wait, so a worker notices a stop request within a second)
and puts a tag it was stopped in the middle of back at the head. Pushing is a Lua script, so
"not queued yet, then push" is one atomic step however many schedulers push at once. LPOS
needs Redis 6.0.6 or later.

Only URLs travel through the queue, never options or settings: anyone who can write to the
Redis can make the workers crawl a URL (checked like any start URL), not run code.
"""

from __future__ import annotations

from typing import Any

DEFAULT_QUEUE = "crawler:tags"
MIN_REDIS_VERSION = (6, 0, 6)  # LPOS
POP_TIMEOUT = 1.0  # seconds a worker waits on an empty queue before it checks for a stop

# KEYS[1]: the list; ARGV[1]: the URL; ARGV[2]: "RPUSH" (to the tail) or "LPUSH" (to the head).
# Returns 1 if the URL was queued, 0 if it was waiting in the list already.
PUSH_IF_ABSENT = """
if redis.call('LPOS', KEYS[1], ARGV[1]) then
    return 0
end
redis.call(ARGV[2], KEYS[1], ARGV[1])
return 1
"""


def redis_version_problem(found: str) -> str | None:
    """Why a Redis of version ``found`` cannot hold the queue (too old for LPOS); None if it
    can."""
    parts = tuple(int(p) if p.isdigit() else 0 for p in found.split(".")[:3])
    if parts < MIN_REDIS_VERSION:
        wanted = ".".join(map(str, MIN_REDIS_VERSION))
        return f"the queue needs Redis {wanted} or later (LPOS); this one is {found}"
    return None


class TagQueue:
    """One Redis list of tag URLs shared by every worker, scheduler and ``crawler enqueue``."""

    def __init__(self, client: Any, key: str = DEFAULT_QUEUE) -> None:
        self.client = client
        self.key = key
        self._push = client.register_script(PUSH_IF_ABSENT)

    def push(self, url: str) -> bool:
        """Queue ``url`` at the tail; False if it is waiting in the queue already."""
        return bool(self._push(keys=[self.key], args=[url, "RPUSH"]))

    def push_many(self, urls: list[str]) -> int:
        """Queue each URL not waiting already; how many were queued."""
        return sum(self.push(url) for url in urls)

    def put_back(self, url: str) -> bool:
        """Return a tag a stopped worker did not finish to the head, next to be taken."""
        return bool(self._push(keys=[self.key], args=[url, "LPUSH"]))

    def pop(self, timeout: float = POP_TIMEOUT) -> str | None:
        """The next tag URL, waiting up to ``timeout`` seconds; None if the queue stayed empty."""
        taken = self.client.blpop([self.key], timeout=timeout)
        if taken is None:
            return None
        return taken[1].decode("utf-8", "replace")

    def waiting(self) -> list[str]:
        return [raw.decode("utf-8", "replace") for raw in self.client.lrange(self.key, 0, -1)]

    def __len__(self) -> int:
        return int(self.client.llen(self.key))
