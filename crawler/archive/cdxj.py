"""Where a WARC file's CDXJ index is, and its lines read back, without cdxj-indexer.

:mod:`crawler.archive.index` writes the indexes with cdxj-indexer, which takes a tenth of a
second to import; ``crawler reextract`` only reads them, so what it needs lives here.
A line is ``<urlkey> <timestamp> <JSON>``; the JSON holds the record's ``url``, ``offset`` and
``length`` (of its gzip member) and the ``filename`` of its WARC file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX_SUBDIR = "indexes"
CDXJ_SUFFIX = ".cdxj"
WARC_SUFFIXES = (".warc.gz", ".warc")


def cdxj_name(warc_path: Path) -> str:
    """``crawler-...-host.warc.gz`` -> ``crawler-...-host.cdxj``."""
    name = warc_path.name
    for suffix in WARC_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] + CDXJ_SUFFIX
    return name + CDXJ_SUFFIX


def index_dir_for(warc_dir: Path) -> Path:
    """``<run>/warc`` -> ``<run>/indexes``."""
    return warc_dir.parent / INDEX_SUBDIR


def index_path_for(warc_path: Path) -> Path:
    """Where a crawl writes the index of ``warc_path``."""
    return index_dir_for(warc_path.parent) / cdxj_name(warc_path)


@dataclass(frozen=True)
class RecordLocation:
    """Where a record is in its file, answered as warcio's ArchiveIterator would."""

    offset: int
    length: int

    def get_record_offset(self) -> int:
        return self.offset

    def get_record_length(self) -> int:
        return self.length


@dataclass(frozen=True)
class IndexEntry:
    """One CDXJ line: a record's target URI and where it is."""

    url: str
    location: RecordLocation


def index_fields(index_path: Path) -> Iterator[dict[str, Any]]:
    """The JSON part of each line of a CDXJ index (``url``, ``mime``, ``status``, ``digest``,
    ``length``, ``offset``, ``filename``); OSError, or ValueError/IndexError on a bad line."""
    with index_path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line.split(" ", 2)[2])


def read_entries(index_path: Path, warc_name: str) -> list[IndexEntry] | None:
    """The entries of an index of the file named ``warc_name``, in file order; None when there
    is no such index, a line is not CDXJ, or a line names another file."""
    entries = []
    try:
        for fields in index_fields(index_path):
            if fields["filename"] != warc_name:
                return None
            location = RecordLocation(int(fields["offset"]), int(fields["length"]))
            entries.append(IndexEntry(fields["url"], location))
    except (OSError, ValueError, IndexError, KeyError, TypeError):
        return None
    entries.sort(key=lambda entry: entry.location.offset)
    return entries
