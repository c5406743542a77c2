"""Plain data passed between the capture layer (Scrapy) and the WARC writer (no Scrapy).

Header names and values are ``str`` obtained by decoding the bytes as latin-1, so every
byte survives the round trip back to the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

Header = tuple[str, str]


@dataclass(frozen=True)
class CapturedRequest:
    """An HTTP request as it went on the wire (reconstructed where noted)."""

    method: str
    url: str
    protocol: str
    headers: list[Header]
    body: bytes
    reconstructed: list[str] = field(default_factory=list)
    target: str | None = None  # the request-target as sent, when known from the wire
    head: bytes | None = None  # request line and header lines as sent, when known from the wire


@dataclass(frozen=True)
class CapturedResponse:
    """An HTTP response; ``body`` is the entity after transfer decoding (de-chunked)
    but before content decoding (still gzip when the server gzipped it)."""

    url: str
    protocol: str
    status: int
    reason: str
    headers: list[Header]
    body: bytes
    ip_address: str | None
    fetch_start: datetime
    reconstructed: list[str] = field(default_factory=list)
    truncated: str | None = None
    head: bytes | None = None  # status line and header lines as received, when known from the wire


REVISIT_IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
REVISIT_SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True)
class Revisit:
    """Write the response as a ``revisit`` record (headers only) referring to an earlier one."""

    profile: str
    refers_to: str  # WARC-Record-ID of the record holding the payload
    refers_to_target_uri: str
    refers_to_date: str
    payload_digest: str


@dataclass(frozen=True)
class ArchivedRecord:
    """Where the response (or revisit) record of one exchange landed."""

    warc_file: Path
    record_id: str
    offset: int
    length: int
    payload_digest: str
    revisit: Revisit | None = None


def relative_to_run_dir(path: Path, run_dir: Path | None) -> str:
    """Path relative to the run directory when it lies under it, else the path as given."""
    if run_dir is not None:
        try:
            return path.resolve().relative_to(run_dir.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
