"""The Redis client a crawl's settings name (REDIS_URL, CRAWLER_ALLOW_INSECURE_REDIS)."""

from __future__ import annotations

from typing import Any

from crawler.distributed.redis_url import open_redis


def redis_from_settings(settings: Any) -> Any:
    """A connected ``redis.Redis`` for REDIS_URL (checked: password, loopback, PING)."""
    return open_redis(
        str(settings.get("REDIS_URL")),
        allow_insecure=settings.getbool("CRAWLER_ALLOW_INSECURE_REDIS"),
    )
