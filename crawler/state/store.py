"""What earlier runs saw: the state-store interface and its embedded SQLite implementation.

The crawl asks the store whether a listed article was seen before and tells it about every item
it writes; the scheduler records each run. A server backend for many machines only has to
implement :class:`StateStore`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Protocol

STATE_FILE = "crawler-state.sqlite"
BUSY_TIMEOUT_SECONDS = 30.0


class StateError(Exception):
    """The state database cannot be opened or used (one-line reason)."""


@dataclass(frozen=True)
class SeenArticle:
    """One article as the store remembers it: where it was listed, its item and its record."""

    url: str  # the link as the listing gave it: what the next crawl looks up
    canonical_url: str | None
    final_url: str | None
    first_seen: str
    last_seen: str
    payload_digest: str | None
    etag: str | None
    last_modified: str | None
    run_id: str | None
    items_file: str | None
    warc_file: str | None  # relative to the output folder: "<run id>/warc/NAME.warc.gz"
    warc_record_id: str | None
    warc_offset: int | None
    warc_length: int | None
    warc_date: str | None
    versions: int = 1


@dataclass(frozen=True)
class RunRecord:
    """One crawl started by the scheduler: when, how it ended, what its summary counted."""

    id: int
    source: str
    started_at: str
    finished_at: str | None
    exit_status: int | None
    run_dir: str | None
    listing_pages: int | None
    articles_fetched: int | None
    items_written: int | None
    failures: int | None


class StateStore(Protocol):
    """The operations the crawler and the scheduler need from a state backend."""

    def seen_article(self, url: str) -> SeenArticle | None:
        """The article listed at ``url`` (or with that canonical or final URL), if seen."""

    def record_article(self, article: SeenArticle) -> None:
        """Remember a written item: a new article, or a seen one again (a new version when
        its payload digest differs)."""

    def record_recheck(self, url: str, when: str) -> None:
        """A seen article was found unchanged at ``when``."""

    def start_run(self, source: str, started_at: str) -> int:
        """Record that a run of ``source`` started; returns its id."""

    def finish_run(self, run: RunRecord) -> None:
        """Record how run ``run.id`` ended."""

    def runs(self, source: str | None = None) -> list[RunRecord]:
        """Run history, oldest first, of one source or of all."""

    def walk_complete(self, tag_url: str) -> bool:
        """Whether the last walk of the tag's pagination reached its end (True if none began)."""

    def record_walk(self, tag_url: str, complete: bool, when: str) -> None:
        """A walk of the tag's pagination began (``complete`` False) or ended (True)."""

    def site_date_order(self, site: str) -> str | None:
        """The day-month order ("month-first", "day-first") a crawl learned for the site."""

    def record_site_date_order(self, site: str, order: str, when: str) -> None:
        """Remember the day-month order the site's numeric dates show."""

    def close(self) -> None: ...


SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    canonical_url TEXT,
    final_url TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    payload_digest TEXT,
    etag TEXT,
    last_modified TEXT,
    run_id TEXT,
    items_file TEXT,
    warc_file TEXT,
    warc_record_id TEXT,
    warc_offset INTEGER,
    warc_length INTEGER,
    warc_date TEXT,
    versions INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS articles_by_canonical_url ON articles (canonical_url);
CREATE INDEX IF NOT EXISTS articles_by_final_url ON articles (final_url);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    exit_status INTEGER,
    run_dir TEXT,
    listing_pages INTEGER,
    articles_fetched INTEGER,
    items_written INTEGER,
    failures INTEGER
);
CREATE INDEX IF NOT EXISTS runs_by_source ON runs (source, started_at);
CREATE TABLE IF NOT EXISTS tag_walks (
    tag_url TEXT PRIMARY KEY,
    complete INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS site_date_orders (
    site TEXT PRIMARY KEY,
    date_order TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

ARTICLE_COLUMNS = [f.name for f in fields(SeenArticle)]
# Seen again: first_seen stays, a different payload counts as one more version, everything
# else is replaced.
UPSERT_ARTICLE = f"""
INSERT INTO articles ({", ".join(ARTICLE_COLUMNS)})
VALUES ({", ".join("?" for _ in ARTICLE_COLUMNS)})
ON CONFLICT (url) DO UPDATE SET
    {", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c not in ("url", "first_seen", "versions"))},
    versions = articles.versions + (excluded.payload_digest IS NOT articles.payload_digest)
"""  # noqa: E501


class SqliteStateStore:
    """One SQLite file in WAL mode: readers in other processes never block the crawl's writes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            self.connection.execute("PRAGMA journal_mode=WAL")
            # No fsync per commit (0.5 ms each here, blocking the crawl's thread): a killed
            # process loses nothing; a power cut can lose the last commits, as it can the
            # WARC and items files, which are not fsynced either.
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"state database {self.path}: {exc}") from None

    def seen_article(self, url: str) -> SeenArticle | None:
        row = self.connection.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
            " WHERE url = ?1 OR canonical_url = ?1 OR final_url = ?1 LIMIT 1",
            (url,),
        ).fetchone()
        return SeenArticle(*row) if row else None

    def record_article(self, article: SeenArticle) -> None:
        self.connection.execute(UPSERT_ARTICLE, astuple(article))

    def record_recheck(self, url: str, when: str) -> None:
        self.connection.execute("UPDATE articles SET last_seen = ? WHERE url = ?", (when, url))

    def start_run(self, source: str, started_at: str) -> int:
        cursor = self.connection.execute(
            "INSERT INTO runs (source, started_at) VALUES (?, ?)", (source, started_at)
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(self, run: RunRecord) -> None:
        self.connection.execute(
            "UPDATE runs SET finished_at = ?, exit_status = ?, run_dir = ?, listing_pages = ?,"
            " articles_fetched = ?, items_written = ?, failures = ? WHERE id = ?",
            (*astuple(run)[3:], run.id),
        )

    def runs(self, source: str | None = None) -> list[RunRecord]:
        columns = ", ".join(f.name for f in fields(RunRecord))
        query = f"SELECT {columns} FROM runs"
        if source is not None:
            rows = self.connection.execute(f"{query} WHERE source = ? ORDER BY id", (source,))
        else:
            rows = self.connection.execute(f"{query} ORDER BY id")
        return [RunRecord(*row) for row in rows]

    def walk_complete(self, tag_url: str) -> bool:
        row = self.connection.execute(
            "SELECT complete FROM tag_walks WHERE tag_url = ?", (tag_url,)
        ).fetchone()
        return row is None or bool(row[0])

    def record_walk(self, tag_url: str, complete: bool, when: str) -> None:
        self.connection.execute(
            "INSERT INTO tag_walks (tag_url, complete, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (tag_url) DO UPDATE SET complete = excluded.complete,"
            " updated_at = excluded.updated_at",
            (tag_url, int(complete), when),
        )

    def site_date_order(self, site: str) -> str | None:
        row = self.connection.execute(
            "SELECT date_order FROM site_date_orders WHERE site = ?", (site,)
        ).fetchone()
        return row[0] if row else None

    def record_site_date_order(self, site: str, order: str, when: str) -> None:
        self.connection.execute(
            "INSERT INTO site_date_orders (site, date_order, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (site) DO UPDATE SET date_order = excluded.date_order,"
            " updated_at = excluded.updated_at",
            (site, order, when),
        )

    def articles(self) -> list[SeenArticle]:
        """Every remembered article, in the order first recorded."""
        rows = self.connection.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY rowid"
        )
        return [SeenArticle(*row) for row in rows]

    def close(self) -> None:
        self.connection.close()
