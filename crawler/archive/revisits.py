"""When a response is archived as a ``revisit`` record instead of a second full copy.

Two sources of "archived before": ``request.meta["warc_refers_to"]`` set by a conditional
re-fetch (the incremental crawl), and the digest index (dedup across runs).
"""

from __future__ import annotations

from typing import Any

from warcio.utils import Digester

from crawler.archive.dedup import ArchivedPayload
from crawler.archive.records import (
    REVISIT_IDENTICAL_PAYLOAD,
    REVISIT_SERVER_NOT_MODIFIED,
    Revisit,
)

REFERS_TO_META_KEY = "warc_refers_to"
NOT_MODIFIED = 304
DEDUPLICATED_STATUS = 200


def payload_digest(body: bytes) -> str:
    """sha1 base32 of the stored entity, as warcio writes it in WARC-Payload-Digest."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


def revisit_from_refers_to(refers_to: dict[str, Any], status: int, digest: str) -> Revisit | None:
    """A conditional re-fetch: 304 -> server-not-modified; a 200 with the same payload ->
    identical-payload-digest; anything else is a new capture."""
    if status == NOT_MODIFIED:
        profile = REVISIT_SERVER_NOT_MODIFIED
    elif status == DEDUPLICATED_STATUS and digest == refers_to.get("payload_digest"):
        profile = REVISIT_IDENTICAL_PAYLOAD
    else:
        return None
    return Revisit(
        profile=profile,
        refers_to=refers_to["record_id"],
        refers_to_target_uri=refers_to["target_uri"],
        refers_to_date=refers_to["date"],
        payload_digest=refers_to.get("payload_digest") or digest,
    )


def revisit_from_index(payload: ArchivedPayload) -> Revisit:
    """A payload the digest index already holds in full."""
    return Revisit(
        profile=REVISIT_IDENTICAL_PAYLOAD,
        refers_to=payload.record_id,
        refers_to_target_uri=payload.target_uri,
        refers_to_date=payload.warc_date,
        payload_digest=payload.payload_digest,
    )


def is_deduplicable(status: int, body: bytes) -> bool:
    """Only successful responses with a body: redirects and errors are cheap and telling."""
    return status == DEDUPLICATED_STATUS and bool(body)
