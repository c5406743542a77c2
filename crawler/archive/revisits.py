"""When a response is archived as a ``revisit`` record instead of a second full copy.

Two sources of "archived before": ``request.meta["warc_refers_to"]`` set by a conditional
re-fetch (the incremental crawl), and the digest index (dedup across runs). ``Deduplicator``
asks both for each exchange the WARC middleware archives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.statscollectors import StatsCollector
from warcio.utils import Digester

from crawler.archive.dedup import ArchivedPayload, DigestIndex
from crawler.archive.records import (
    REVISIT_IDENTICAL_PAYLOAD,
    REVISIT_SERVER_NOT_MODIFIED,
    ArchivedRecord,
    CapturedResponse,
    Revisit,
)
from crawler.archive.writer import format_warc_date

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


def revisit_kind(revisit: Revisit) -> str:
    """Short stats name of a revisit's profile."""
    if revisit.profile == REVISIT_SERVER_NOT_MODIFIED:
        return "server_not_modified"
    return "identical_payload_digest"


class Deduplicator:
    """Chooses, per exchange, a revisit record or a full copy, and adds each payload stored in
    full to the digest index (when there is one: WARC_DEDUP).

    ``disk_full`` reports a write the disk had no room for and re-raises any other error."""

    def __init__(
        self,
        digest_index: DigestIndex | None,
        stats: StatsCollector,
        disk_full: Callable[[Path | str, BaseException], None],
    ) -> None:
        self.digest_index = digest_index
        self.stats = stats
        self.disk_full = disk_full

    def revisit_for(
        self, request: Request, response: CapturedResponse, digest: str
    ) -> Revisit | None:
        """A revisit when the request names an earlier capture of this payload (``digest``),
        or when the digest index already holds it."""
        refers_to = request.meta.get(REFERS_TO_META_KEY)
        if refers_to:
            revisit = revisit_from_refers_to(refers_to, response.status, digest)
            if revisit is not None:
                return revisit
        if self.digest_index is None or not is_deduplicable(response.status, response.body):
            return None
        try:
            archived = self.digest_index.lookup(digest)
        except Exception as exc:  # the index could not even be created
            self.disk_full(getattr(self.digest_index, "path", "the digest index"), exc)
            return None
        return revisit_from_index(archived) if archived is not None else None

    def remember_payload(self, archived: ArchivedRecord, response: CapturedResponse) -> None:
        if self.digest_index is None or not is_deduplicable(response.status, response.body):
            return
        self._add_to_digest_index(
            ArchivedPayload(
                payload_digest=archived.payload_digest,
                record_id=archived.record_id,
                target_uri=response.url,
                warc_date=format_warc_date(response.fetch_start),
                warc_file=str(archived.warc_file),
                warc_offset=archived.offset,
                warc_length=archived.length,
            )
        )

    def _add_to_digest_index(self, payload: ArchivedPayload) -> None:
        """Remember the payload; without room it is not remembered (a later copy is stored in
        full instead of as a revisit)."""
        assert self.digest_index is not None
        try:
            self.digest_index.add(payload)
        except Exception as exc:
            self.stats.inc_value("disk/digests_unwritten")
            self.disk_full(getattr(self.digest_index, "path", "the digest index"), exc)

    def close(self) -> None:
        if self.digest_index is not None:
            self.digest_index.close()
