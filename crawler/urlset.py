"""Seen sets whose memory does not grow with the crawl.

``UrlSet`` keeps an 8-byte hash of each URL; ``DiskKeySet`` keeps the keys (hashes or
fingerprints) in a private temporary SQLite database, so a crawl of 20,000 articles holds no
more of them in memory than one of 5,000: at most ``cache_kib`` of SQLite's page cache, the
rest in a file SQLite deletes when the set is closed (or the process ends).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable

# SQLite's page cache per set (KiB). A lookup or insert costs about 10-20 µs either way; a
# larger cache only spares reads from the operating system's file cache.
DEFAULT_CACHE_KIB = 256
_SIGNED = 2**63


def url_key(url: str) -> int:
    """A 64-bit BLAKE2b hash of ``url``: two different URLs share one with a chance of about
    n² / 2⁶⁵ among n URLs (3 in 100 million at a million)."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


Key = int | bytes


class DiskKeySet:
    """A set of keys (integers of at most 64 bits, signed, or bytes) answering membership only.

    The keys live in a temporary SQLite database private to this process (SQLite's "" file
    name): its page cache is bounded by ``cache_kib``, the pages beyond it are in a file SQLite
    removes on close. The database is made on the first ``add``.
    """

    def __init__(self, keys: Iterable[Key] = (), cache_kib: int = DEFAULT_CACHE_KIB) -> None:
        self.cache_kib = cache_kib
        self._db: sqlite3.Connection | None = None
        self._count = 0
        self.update(keys)

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            # Nothing to recover after a crash: no journal, no syncing.
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(f"PRAGMA cache_size=-{int(self.cache_kib)}")
            db.execute("CREATE TABLE keys (key PRIMARY KEY NOT NULL) WITHOUT ROWID")
            self._db = db
        return self._db

    def add(self, key: Key) -> None:
        cursor = self._connection().execute("INSERT OR IGNORE INTO keys VALUES (?)", (key,))
        self._count += cursor.rowcount

    def update(self, keys: Iterable[Key]) -> None:
        for key in keys:
            self.add(key)

    def __contains__(self, key: object) -> bool:
        if self._db is None or not isinstance(key, int | bytes):
            return False
        found = self._db.execute("SELECT 1 FROM keys WHERE key = ?", (key,)).fetchone()
        return found is not None

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        """Drop the set and its file; it is empty afterwards (and usable again)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._count = 0


class UrlSet:
    """A set of URLs held as 64-bit hashes in a :class:`DiskKeySet`; it answers membership only
    (the URLs cannot be listed back)."""

    def __init__(self, urls: Iterable[str] = (), cache_kib: int = DEFAULT_CACHE_KIB) -> None:
        self._keys = DiskKeySet(cache_kib=cache_kib)
        self.update(urls)

    @staticmethod
    def _key(url: str) -> int:
        return url_key(url) - _SIGNED  # SQLite's integers are signed

    def add(self, url: str) -> None:
        self._keys.add(self._key(url))

    def update(self, urls: Iterable[str]) -> None:
        self._keys.update(self._key(url) for url in urls)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self._key(url) in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def close(self) -> None:
        self._keys.close()
