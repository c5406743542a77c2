"""``SCHEDULER_SERIALIZER``: queued requests as JSON, so a worker never unpickles.

scrapy-redis pickles the dict of Scrapy's ``Request.to_dict`` by default: anyone who can write to
the Redis could then run code on every worker. This module is the drop-in (``dumps``/``loads``)
that writes the same dict as JSON instead. Callbacks and errbacks are already names of spider
methods in that dict; bytes (bodies, headers) are base64; the only objects rebuilt are the
ones in :data:`DATACLASSES` and the request classes in :data:`REQUEST_CLASSES`.

Per-fetch bookkeeping the WARC middleware keeps in ``meta`` (the wire capture, the fetch start)
is left out: a redirected or retried request carries its parent's meta, and those are rebuilt
when it is downloaded again.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from dataclasses import asdict
from typing import Any

from crawler.archive.exchanges import FETCH_START_META_KEY, WIRE_META_KEY
from crawler.state.store import SeenArticle

BYTES = "__bytes__"
PAIRS = "__pairs__"
DATACLASS = "__dataclass__"
TAGS = (BYTES, PAIRS, DATACLASS)

DATACLASSES: dict[str, type] = {"SeenArticle": SeenArticle}
REQUEST_CLASSES = frozenset(
    {
        "scrapy.http.request.Request",
        "scrapy.http.request.form.FormRequest",
        "scrapy.http.request.json_request.JsonRequest",
    }
)
TRANSIENT_META = frozenset({FETCH_START_META_KEY, WIRE_META_KEY})
# Added in Redis to a request whose lease expired or was returned (crawler.distributed.frontier);
# loads() turns it into meta[REDELIVERED_META].
REDELIVERED = "__redelivered__"
REDELIVERED_META = "crawler_redelivered"


class QueueDataError(ValueError):
    """A queued request that is not what this serializer writes (refused, never run)."""


def dumps(request_dict: dict[str, Any]) -> str:
    meta = request_dict.get("meta")
    if meta:
        request_dict = {
            **request_dict,
            "meta": {k: v for k, v in meta.items() if k not in TRANSIENT_META},
        }
    return json.dumps(encode(request_dict), separators=(",", ":"), ensure_ascii=False)


def loads(data: bytes | str) -> dict[str, Any]:
    try:
        request_dict = decode(json.loads(data))
    except (ValueError, TypeError, KeyError) as exc:
        raise QueueDataError(f"not a queued request: {exc}") from None
    if not isinstance(request_dict, dict) or "url" not in request_dict:
        raise QueueDataError("not a queued request: no url")
    if request_dict.pop(REDELIVERED, None):
        request_dict["meta"] = {**(request_dict.get("meta") or {}), REDELIVERED_META: True}
    request_class = request_dict.get("_class")
    if request_class is not None and request_class not in REQUEST_CLASSES:
        raise QueueDataError(f"request class {request_class!r} is not allowed")
    return request_dict


def encode(value: Any) -> Any:
    """``value`` as plain JSON data, bytes and non-string keys tagged."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, bytes | bytearray):
        return {BYTES: b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and k not in TAGS for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {PAIRS: [[encode(k), encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if DATACLASSES.get(name) is type(value):
        return {DATACLASS: name, "fields": encode(asdict(value))}
    raise TypeError(f"a {name} cannot be queued as JSON (add it to DATACLASSES)")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if BYTES in value:
        return b64decode(value[BYTES], validate=True)
    if PAIRS in value:
        return {_hashable(decode(k)): decode(v) for k, v in value[PAIRS]}
    if DATACLASS in value:
        cls = DATACLASSES[value[DATACLASS]]
        return cls(**decode(value["fields"]))
    return {k: decode(v) for k, v in value.items()}


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
