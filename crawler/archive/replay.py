"""``crawler replay``: a pywb collection named ``crawl`` over a run's (or an output folder's)
WARC files and CDXJ indexes, or over a WACZ file, and the replay URL of each archived article.

The collection lives in a temporary folder: the WARC files and indexes are linked into it, not
copied (a WACZ's are extracted); a WARC file without an index (a killed crawl, ``WARC_CDXJ``
off) is indexed there. Nothing here imports Scrapy.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive.cdxj import index_path_for

COLLECTION = "crawl"
PAGES_FILE = "pages.jsonl"
REPLAY_VENV_BIN = Path(".venv-replay") / "bin"
INSTALL_HINT = "run `make replay-setup` (pywb in .venv-replay) or `pip install pywb`"


class ReplayError(ValueError):
    """The input cannot be replayed: one line saying which path and why."""


@dataclass(frozen=True)
class Page:
    url: str
    timestamp: str  # 14 digits, the WARC-Date of the page's response record
    title: str


@dataclass
class Collection:
    """A pywb root folder holding ``collections/crawl/{archive,indexes}``."""

    root: Path
    warc_files: int = 0
    pages: list[Page] = field(default_factory=list)

    @property
    def archive(self) -> Path:
        return self.root / "collections" / COLLECTION / "archive"

    @property
    def indexes(self) -> Path:
        return self.root / "collections" / COLLECTION / "indexes"


def find_wayback() -> str | None:
    """pywb's ``wayback``: .venv-replay beside this checkout or the working folder, else PATH."""
    checkout = Path(__file__).resolve().parents[2]
    for base in (checkout, Path.cwd()):
        candidate = base / REPLAY_VENV_BIN / "wayback"
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("wayback")


def run_folders(path: Path) -> list[Path]:
    """``path`` itself when it is a run folder (has ``warc/``), else its run folders."""
    if (path / "warc").is_dir():
        return [path]
    return sorted(p for p in path.iterdir() if (p / "warc").is_dir())


def timestamp14(iso_time: str) -> str:
    """``2026-12-07T12:29:05.048Z`` -> ``20261207122905``."""
    return "".join(ch for ch in iso_time if ch.isdigit())[:14]


def read_pages(lines: Iterator[str]) -> list[Page]:
    """The article entries of a WACZ ``pages.jsonl`` (its header line and bad lines skipped)."""
    pages = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("url") and entry.get("ts"):
            pages.append(Page(entry["url"], timestamp14(entry["ts"]), entry.get("title") or ""))
    return pages


def new_collection(root: Path) -> Collection:
    collection = Collection(root)
    collection.archive.mkdir(parents=True)
    collection.indexes.mkdir(parents=True)
    return collection


def collect_run_folders(path: Path, root: Path) -> Collection:
    """Link every finished WARC file of the run folder(s) at ``path`` and its index."""
    from crawler.archive.index import write_cdxj

    collection = new_collection(root)
    for run in run_folders(path):
        for warc in sorted((run / "warc").glob("*.warc.gz")):
            target = collection.archive / warc.name
            if target.exists():
                continue  # the same file name in two runs: the first one is served
            target.symlink_to(warc.resolve())
            index = index_path_for(warc)
            index_link = collection.indexes / f"{run.name}-{index.name}"
            if index.is_file():
                index_link.symlink_to(index.resolve())
            else:
                write_cdxj([warc], index_link)
            collection.warc_files += 1
        pages = run / PAGES_FILE
        if pages.is_file():
            with pages.open(encoding="utf-8") as lines:
                collection.pages.extend(read_pages(lines))
    if not collection.warc_files:
        raise ReplayError(f"{path}: no WARC files (looked for warc/*.warc.gz in the run folders)")
    return collection


def collect_wacz(path: Path, root: Path) -> Collection:
    """Extract a WACZ's WARC files and index into the collection; read its pages."""
    collection = new_collection(root)
    try:
        with zipfile.ZipFile(path) as wacz:
            for name in wacz.namelist():
                base = Path(name).name
                if name.startswith("archive/") and base.endswith((".warc.gz", ".warc")):
                    (collection.archive / base).write_bytes(wacz.read(name))
                    collection.warc_files += 1
                elif name.startswith("indexes/") and base.endswith(".cdxj"):
                    (collection.indexes / base).write_bytes(wacz.read(name))
                elif name == f"pages/{PAGES_FILE}":
                    text = wacz.read(name).decode("utf-8", errors="replace")
                    collection.pages.extend(read_pages(iter(text.splitlines())))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReplayError(f"{path}: not a readable WACZ file ({exc})") from None
    if not collection.warc_files:
        raise ReplayError(f"{path}: no WARC files in its archive/ folder")
    return collection


def build_collection(path: Path, root: Path) -> Collection:
    """The pywb collection for a run folder, an output folder or a ``.wacz`` file."""
    if path.is_file() and path.suffix == ".wacz":
        return collect_wacz(path, root)
    if not path.is_dir():
        raise ReplayError(f"{path}: not a run folder, an output folder or a .wacz file")
    return collect_run_folders(path, root)


def replay_url(base_url: str, page: Page) -> str:
    return f"{base_url}/{COLLECTION}/{page.timestamp}/{page.url}"
