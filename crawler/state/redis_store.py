"""The state store on Redis: what earlier runs saw, shared by every process of a crawl.

Selected by a non-empty REDIS_URL (see :func:`crawler.state.incremental.open_state`). Each value
is one JSON document in a hash, under keys named by the crawl (``crawler:{frontier}:state:``):

============================================  =======  ========================================
key                                           type     what
============================================  =======  ========================================
``…:state:articles``                          hash     listed URL -> SeenArticle (JSON)
``…:state:articles:by_canonical_url``         hash     canonical URL -> listed URL
``…:state:articles:by_final_url``             hash     final URL -> listed URL
``…:state:articles:order``                    zset     listed URL, scored by first record
``…:state:articles:sequence``                 string   counter behind ``order``
``…:state:runs``                              hash     run id -> RunRecord (JSON)
``…:state:runs:last_id``                      string   counter of run ids (INCR)
``…:state:walks``                             hash     tag URL -> {complete, updated_at}
``…:state:date_orders``                       hash     site -> {date_order, updated_at}
============================================  =======  ========================================

A write that reads first (an article seen again keeps its first sighting and counts a version
when its payload changed; a recheck or a run's end changes some fields) runs as one Lua script,
which Redis executes atomically: processes writing the same article at once lose no version.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from crawler.distributed.connection import redis_from_settings
from crawler.distributed.frontier_name import frontier_from_settings, key_prefix
from crawler.state.store import RunRecord, SeenArticle

ARTICLE_FIELDS = [f.name for f in fields(SeenArticle)]
RUN_FIELDS = [f.name for f in fields(RunRecord)]
FETCH_BATCH = 500  # articles per HMGET when listing them all

# KEYS: articles, by_canonical_url, by_final_url, order, sequence. ARGV: url, the article's JSON.
# As SqliteStateStore's upsert: first_seen stays, a different payload digest (null counts as a
# value) is one more version, every other field is replaced.
RECORD_ARTICLE = """
local url = ARGV[1]
local article = cjson.decode(ARGV[2])
local before = redis.call('HGET', KEYS[1], url)
local function unindex(index, old, new)
  if old ~= cjson.null and old ~= new and redis.call('HGET', index, old) == url then
    redis.call('HDEL', index, old)
  end
end
if before then
  local old = cjson.decode(before)
  article.first_seen = old.first_seen
  article.versions = old.versions
  if old.payload_digest ~= article.payload_digest then
    article.versions = old.versions + 1
  end
  unindex(KEYS[2], old.canonical_url, article.canonical_url)
  unindex(KEYS[3], old.final_url, article.final_url)
else
  redis.call('ZADD', KEYS[4], redis.call('INCR', KEYS[5]), url)
end
redis.call('HSET', KEYS[1], url, cjson.encode(article))
if article.canonical_url ~= cjson.null then
  redis.call('HSET', KEYS[2], article.canonical_url, url)
end
if article.final_url ~= cjson.null then
  redis.call('HSET', KEYS[3], article.final_url, url)
end
return article.versions
"""

# KEYS: articles, by_canonical_url, by_final_url. ARGV: a URL. The article listed at that URL,
# else the one whose canonical URL, else whose final URL it is (an index entry whose article
# has moved on to another URL since is no match).
SEEN_ARTICLE = """
local found = redis.call('HGET', KEYS[1], ARGV[1])
if found then return found end
for i, field in ipairs({'canonical_url', 'final_url'}) do
  local owner = redis.call('HGET', KEYS[i + 1], ARGV[1])
  if owner then
    found = redis.call('HGET', KEYS[1], owner)
    if found and cjson.decode(found)[field] == ARGV[1] then return found end
  end
end
return false
"""

# KEYS: a hash. ARGV: a field, a JSON object. The object's members replace the stored
# document's; nothing happens when the field is absent (as an SQL UPDATE of no row).
UPDATE_DOCUMENT = """
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored then return 0 end
local document = cjson.decode(stored)
for name, value in pairs(cjson.decode(ARGV[2])) do document[name] = value end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(document))
return 1
"""


def as_int(value: Any) -> int | None:
    """A number Lua's JSON may have turned into a float, back as an int."""
    return None if value is None else int(value)


def article_from_json(text: bytes | str) -> SeenArticle:
    data = json.loads(text)
    values = {name: data.get(name) for name in ARTICLE_FIELDS}
    for name in ("warc_offset", "warc_length"):
        values[name] = as_int(values[name])
    values["versions"] = int(values["versions"] or 1)
    return SeenArticle(**values)


def run_from_json(text: bytes | str) -> RunRecord:
    data = json.loads(text)
    values = {name: data.get(name) for name in RUN_FIELDS}
    for name in RUN_FIELDS:
        if name not in ("source", "started_at", "finished_at", "run_dir"):
            values[name] = as_int(values[name])
    return RunRecord(**values)


class RedisStateStore:
    """:class:`~crawler.state.store.StateStore` in one Redis, under ``crawler:{frontier}:state``."""

    def __init__(self, client: Any, frontier: str) -> None:
        self.client = client
        self.prefix = f"{key_prefix(frontier)}:state"
        self.articles_key = f"{self.prefix}:articles"
        self.article_keys = [
            self.articles_key,
            f"{self.articles_key}:by_canonical_url",
            f"{self.articles_key}:by_final_url",
        ]
        self.order_keys = [f"{self.articles_key}:order", f"{self.articles_key}:sequence"]
        self.runs_key = f"{self.prefix}:runs"
        self.run_ids_key = f"{self.prefix}:runs:last_id"
        self.walks_key = f"{self.prefix}:walks"
        self.date_orders_key = f"{self.prefix}:date_orders"
        self._record_article = client.register_script(RECORD_ARTICLE)
        self._seen_article = client.register_script(SEEN_ARTICLE)
        self._update_document = client.register_script(UPDATE_DOCUMENT)

    @classmethod
    def from_settings(cls, settings: Any) -> RedisStateStore:
        """REDIS_URL's Redis, the keys of CRAWLER_FRONTIER."""
        return cls(redis_from_settings(settings), frontier_from_settings(settings))

    def seen_article(self, url: str) -> SeenArticle | None:
        found = self._seen_article(keys=self.article_keys, args=[url])
        return article_from_json(found) if found else None

    def record_article(self, article: SeenArticle) -> None:
        self._record_article(
            keys=[*self.article_keys, *self.order_keys],
            args=[article.url, json.dumps(asdict(article))],
        )

    def record_recheck(self, url: str, when: str) -> None:
        self._update_document(keys=[self.articles_key], args=[url, json.dumps({"last_seen": when})])

    def start_run(self, source: str, started_at: str) -> int:
        run_id = int(self.client.incr(self.run_ids_key))
        record = RunRecord(run_id, source, started_at, *[None] * (len(RUN_FIELDS) - 3))
        self.client.hset(self.runs_key, str(run_id), json.dumps(asdict(record)))
        return run_id

    def finish_run(self, run: RunRecord) -> None:
        ending = {name: value for name, value in asdict(run).items() if name not in RUN_FIELDS[:3]}
        self._update_document(keys=[self.runs_key], args=[str(run.id), json.dumps(ending)])

    def runs(self, source: str | None = None) -> list[RunRecord]:
        records = [run_from_json(text) for text in self.client.hvals(self.runs_key)]
        chosen = [r for r in records if source is None or r.source == source]
        return sorted(chosen, key=lambda record: record.id)

    def walk_complete(self, tag_url: str) -> bool:
        found = self.client.hget(self.walks_key, tag_url)
        return found is None or bool(json.loads(found)["complete"])

    def record_walk(self, tag_url: str, complete: bool, when: str) -> None:
        walk = json.dumps({"complete": complete, "updated_at": when})
        self.client.hset(self.walks_key, tag_url, walk)

    def site_date_order(self, site: str) -> str | None:
        found = self.client.hget(self.date_orders_key, site)
        return json.loads(found)["date_order"] if found else None

    def record_site_date_order(self, site: str, order: str, when: str) -> None:
        remembered = json.dumps({"date_order": order, "updated_at": when})
        self.client.hset(self.date_orders_key, site, remembered)

    def articles(self) -> list[SeenArticle]:
        """Every remembered article, in the order first recorded."""
        urls = self.client.zrange(self.order_keys[0], 0, -1)
        found: list[SeenArticle] = []
        for start in range(0, len(urls), FETCH_BATCH):
            batch = self.client.hmget(self.articles_key, urls[start : start + FETCH_BATCH])
            found.extend(article_from_json(text) for text in batch if text)
        return found

    def close(self) -> None:
        self.client.close()
