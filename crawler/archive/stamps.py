"""Where an archived response's record is: the stamp put in ``request.meta["warc"]``
(= ``response.meta["warc"]``), which items, metadata records and the state store read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.archive.records import ArchivedRecord, relative_to_run_dir
from crawler.archive.writer import format_warc_date

WARC_META_KEY = "warc"


class RecordLocations:
    """Stamps for the records of one run, WARC files named relative to its run folder."""

    def __init__(self, run_dir: Path | None) -> None:
        self.run_dir = run_dir
        self._relative_names: dict[Path, str] = {}  # WARC file -> its name in the run folder

    def stamp(self, archived: ArchivedRecord, fetch_start: datetime) -> dict[str, Any]:
        """Where the response record is; ``warc_date`` is its WARC-Date (the fetch start)."""
        stamp: dict[str, Any] = {
            "warc_file": self._run_relative_name(archived.warc_file),
            "warc_record_id": archived.record_id,
            "warc_offset": archived.offset,
            "warc_length": archived.length,
            "payload_digest": archived.payload_digest,
            "warc_date": format_warc_date(fetch_start),
        }
        if archived.revisit is not None:
            stamp["revisit"] = True
            stamp["refers_to"] = archived.revisit.refers_to
        return stamp

    def _run_relative_name(self, warc_file: Path) -> str:
        """relative_to_run_dir, once per file (it resolves paths: a system call each)."""
        name = self._relative_names.get(warc_file)
        if name is None:
            name = self._relative_names[warc_file] = relative_to_run_dir(warc_file, self.run_dir)
        return name
