"""Writing the report whole or not at all."""

from __future__ import annotations

from pathlib import Path

from crawler.report.runs import ReportError
from crawler.storage.wholefile import reason_text, write_bytes_atomically


def write_report(page: str, target: Path) -> int:
    """Write ``page`` to ``target`` (``NAME.open``, renamed when complete); its size in bytes."""
    data = page.encode("utf-8")
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write the report ({reason_text(exc)})") from None
    return len(data)
