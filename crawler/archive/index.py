"""CDXJ indexes of closed WARC files, built by cdxj-indexer (the pywb/ReplayWeb.page format).

One index per WARC file, ``<run>/indexes/<file name without .warc.gz>.cdxj``, sorted, written as
``NAME.open`` and renamed when whole. Concatenating and sorting them gives a run's index.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cdxj_indexer.main import CDXJIndexer

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


def write_cdxj(warc_paths: Iterable[Path], output: Path) -> Path:
    """Sorted CDXJ lines for every response, revisit, resource and metadata record of the
    given files (``filename`` = the file's base name)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".open")
    inputs = [str(path) for path in warc_paths]
    try:
        CDXJIndexer(output=str(partial), inputs=inputs, sort=True).process_all()
    except OSError:  # e.g. disk full: no partial index left behind
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)
    return output


def index_closed_file(warc_path: Path) -> Path:
    """The per-file index of one closed WARC file, next to the run's ``warc/`` folder."""
    return write_cdxj([warc_path], index_dir_for(warc_path.parent) / cdxj_name(warc_path))
