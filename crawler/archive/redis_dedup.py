"""The digest index on Redis: payloads archived by any process of a crawl shared on Redis.

Selected by a non-empty REDIS_URL (see :func:`crawler.archive.settings.digest_index_class`).
One hash, ``crawler:{frontier}:digests``: payload digest -> the ArchivedPayload (JSON) of the
first record that stored it in full. HSETNX keeps that first record when processes archive the
same payload at once. WARC paths are stored relative to the output folder when below it, as
:class:`~crawler.archive.dedup.SqliteDigestIndex` stores them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from crawler.archive.dedup import ArchivedPayload, RelativeWarcPaths, default_index_path
from crawler.distributed.connection import redis_from_settings
from crawler.distributed.frontier_name import frontier_from_settings, key_prefix

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler


class RedisDigestIndex:
    """:class:`~crawler.archive.dedup.DigestIndex` in one Redis hash; the first record wins."""

    def __init__(self, client: Any, frontier: str, base: Path) -> None:
        self.client = client
        self.key = f"{key_prefix(frontier)}:digests"
        self._warc_paths = RelativeWarcPaths(base)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisDigestIndex:
        settings = crawler.settings
        base = default_index_path(settings).parent
        return cls(redis_from_settings(settings), frontier_from_settings(settings), base)

    def lookup(self, payload_digest: str) -> ArchivedPayload | None:
        found = self.client.hget(self.key, payload_digest)
        if found is None:
            return None
        payload = ArchivedPayload(**json.loads(found))
        return replace(payload, warc_file=self._warc_paths.resolved(payload.warc_file))

    def add(self, payload: ArchivedPayload) -> None:
        stored = replace(payload, warc_file=self._warc_paths.stored(payload.warc_file))
        self.client.hsetnx(self.key, payload.payload_digest, json.dumps(asdict(stored)))

    def close(self) -> None:
        self.client.close()
