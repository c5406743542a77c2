"""Writing the report whole or not at all."""

from __future__ import annotations

from pathlib import Path

from crawler.report.runs import ReportError
from crawler.storage.wholefile import reason_text, write_text_atomically


def write_report(page: str, target: Path) -> int:
    """Write ``page`` to ``target`` (``NAME.open``, renamed when complete); its size in bytes."""
    try:
        write_text_atomically(target, page)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write the report ({reason_text(exc)})") from None
    return target.stat().st_size
