"""Which payloads were archived before: the digest index behind revisit records.

The WARC middleware asks a ``DigestIndex`` whether a response's payload digest was already
stored in full; if so it writes a ``revisit`` record pointing at that earlier record instead of a
second copy. ``SqliteDigestIndex`` keeps the index in one SQLite file shared by every run in an
output folder. Another store (for example the incremental crawl's state store) replaces it by
naming its class in the ``WARC_DIGEST_INDEX`` setting.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

INDEX_FILE_NAME = "archive-index.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS payloads (
    payload_digest TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    target_uri TEXT NOT NULL,
    warc_date TEXT NOT NULL,
    warc_file TEXT,
    warc_offset INTEGER,
    warc_length INTEGER
)
"""


@dataclass(frozen=True)
class ArchivedPayload:
    """A response record holding a payload in full: what a revisit record refers to."""

    payload_digest: str
    record_id: str
    target_uri: str
    warc_date: str
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None


class DigestIndex(Protocol):
    """Payload digest -> the first record that stored that payload in full."""

    def lookup(self, payload_digest: str) -> ArchivedPayload | None: ...

    def add(self, payload: ArchivedPayload) -> None: ...

    def close(self) -> None: ...


def default_index_path(settings: BaseSettings) -> Path:
    """WARC_DEDUP_INDEX, else next to the run folders (``<output dir>/archive-index.sqlite``),
    else inside WARC_DIR when there is no run folder."""
    if settings.get("WARC_DEDUP_INDEX"):
        return Path(settings["WARC_DEDUP_INDEX"])
    if settings.get("CRAWLER_RUN_DIR"):
        return Path(settings["CRAWLER_RUN_DIR"]).absolute().parent / INDEX_FILE_NAME
    return Path(settings.get("WARC_DIR") or "warc").absolute() / INDEX_FILE_NAME


class SqliteDigestIndex:
    """The digest index in one SQLite file; the first record of a payload wins.

    Every ``add`` is committed at once, so a crawl killed mid-way keeps what it archived. The
    file is created on first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._connection: sqlite3.Connection | None = None
        self._warc_paths = RelativeWarcPaths(self.path.parent)

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, timeout=30)
            self._connection.execute("PRAGMA journal_mode=WAL")
            # No fsync per commit (0.5 ms each here, blocking the crawl's thread): a killed
            # process loses nothing; a power cut can lose the last commits, as it can the
            # WARC and items files, which are not fsynced either.
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._connection.execute(SCHEMA)
            self._connection.commit()
        return self._connection

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SqliteDigestIndex:
        return cls(default_index_path(crawler.settings))

    def lookup(self, payload_digest: str) -> ArchivedPayload | None:
        row = self._db.execute(
            "SELECT payload_digest, record_id, target_uri, warc_date, warc_file, warc_offset,"
            " warc_length FROM payloads WHERE payload_digest = ?",
            (payload_digest,),
        ).fetchone()
        return self._from_row(row) if row else None

    def add(self, payload: ArchivedPayload) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO payloads VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                payload.payload_digest,
                payload.record_id,
                payload.target_uri,
                payload.warc_date,
                self._warc_paths.stored(payload.warc_file),
                payload.warc_offset,
                payload.warc_length,
            ),
        )
        self._db.commit()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _from_row(self, row: tuple) -> ArchivedPayload:
        warc_file = self._warc_paths.resolved(row[4])
        return ArchivedPayload(row[0], row[1], row[2], row[3], warc_file, row[5], row[6])


class RelativeWarcPaths:
    """WARC paths stored relative to a folder when below it, so the folder can move."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._stored: dict[str, str] = {}

    def stored(self, warc_file: str | None) -> str | None:
        """The path to store (worked out once per file: resolving paths costs system calls)."""
        if warc_file is None:
            return None
        stored = self._stored.get(warc_file)
        if stored is None:
            resolved = Path(warc_file).resolve()
            try:
                stored = resolved.relative_to(self.base.resolve()).as_posix()
            except ValueError:
                stored = str(resolved)
            self._stored[warc_file] = stored
        return stored

    def resolved(self, stored: str | None) -> str | None:
        """A stored path back as a path to open (an absolute one stays as it is)."""
        return None if stored is None else str(self.base / stored)
