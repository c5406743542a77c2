"""Package a run folder as WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/).

Layout: ``archive/*.warc.gz`` (stored, not recompressed), ``indexes/index.cdxj`` (the run's
per-file CDXJ indexes merged in sort order), ``pages/pages.jsonl``, ``datapackage.json`` (every
other file with its sha256 and size) and ``datapackage-digest.json``. Files are streamed into
the ZIP in chunks and hashed on the way, so a run of any size is never held in memory.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from crawler import SOFTWARE
from crawler.archive.index import INDEX_SUBDIR, cdxj_name, write_cdxj

WACZ_VERSION = "1.1.1"
CHUNK = 1 << 20
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


class WaczError(ValueError):
    """The run folder cannot be packaged."""


@dataclass(frozen=True)
class Resource:
    path: str
    sha256: str
    size: int

    def as_json(self) -> dict[str, Any]:
        return {
            "name": Path(self.path).name.lower(),
            "path": self.path,
            "hash": "sha256:" + self.sha256,
            "bytes": self.size,
        }


def zip_time() -> tuple[int, int, int, int, int, int]:
    return datetime.now(UTC).timetuple()[:6]


def add_stream(archive: zipfile.ZipFile, name: str, source: IO[bytes]) -> Resource:
    """Copy ``source`` into the ZIP as ``name`` (stored), hashing it on the way."""
    info = zipfile.ZipInfo(name, date_time=zip_time())
    info.compress_type = zipfile.ZIP_STORED
    digest = hashlib.sha256()
    size = 0
    with archive.open(info, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
            size += len(chunk)
    return Resource(name, digest.hexdigest(), size)


def add_file(archive: zipfile.ZipFile, name: str, path: Path) -> Resource:
    with path.open("rb") as source:
        return add_stream(archive, name, source)


def run_indexes(run_dir: Path, warc_files: list[Path], scratch: Path) -> list[Path]:
    """The per-file CDXJ of each WARC file; built into ``scratch`` where the crawl left none."""
    indexes = []
    for warc in warc_files:
        index = run_dir / INDEX_SUBDIR / cdxj_name(warc)
        if not index.exists():
            index = write_cdxj([warc], scratch / cdxj_name(warc))
        indexes.append(index)
    return indexes


def merged_lines(indexes: list[Path]) -> Iterator[bytes]:
    """The lines of sorted CDXJ files, in one sort order (a streaming merge)."""
    with ExitStack() as stack:
        streams = [stack.enter_context(path.open("rb")) for path in indexes]
        yield from heapq.merge(*streams)


def write_merged_index(indexes: list[Path], target: Path) -> Path:
    with target.open("wb") as out:
        for line in merged_lines(indexes):
            out.write(line)
    return target


def pages_file(run_dir: Path, scratch: Path) -> Path:
    """The run's pages.jsonl, or one holding only the header when the run has none."""
    pages = run_dir / "pages.jsonl"
    if pages.exists():
        return pages
    empty = scratch / "pages.jsonl"
    empty.write_text(json.dumps(PAGES_HEADER) + "\n", encoding="utf-8")
    return empty


def datapackage(resources: list[Resource], run_dir: Path) -> bytes:
    package = {
        "profile": "data-package",
        "title": run_dir.name,
        "resources": [resource.as_json() for resource in resources],
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "wacz_version": WACZ_VERSION,
        "software": SOFTWARE,
    }
    return json.dumps(package, indent=2).encode("utf-8")


def add_bytes(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=zip_time())
    info.compress_type = zipfile.ZIP_STORED
    archive.writestr(info, data)


def write_wacz(run_dir: Path, output: Path) -> Path:
    """Package ``run_dir`` into ``output`` (written as ``output.open``, renamed when whole)."""
    warc_files = sorted((run_dir / "warc").glob("*.warc.gz"))
    if not warc_files:
        raise WaczError(f"{run_dir}: no closed WARC files in warc/")
    partial = output.with_name(output.name + ".open")
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        index = write_merged_index(
            run_indexes(run_dir, warc_files, scratch), scratch / "index.cdxj"
        )
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            resources = [add_file(archive, f"archive/{w.name}", w) for w in warc_files]
            resources.append(add_file(archive, "indexes/index.cdxj", index))
            resources.append(add_file(archive, "pages/pages.jsonl", pages_file(run_dir, scratch)))
            package = datapackage(resources, run_dir)
            add_bytes(archive, "datapackage.json", package)
            digest = {
                "path": "datapackage.json",
                "hash": "sha256:" + hashlib.sha256(package).hexdigest(),
            }
            add_bytes(archive, "datapackage-digest.json", json.dumps(digest).encode("utf-8"))
    partial.replace(output)
    return output
