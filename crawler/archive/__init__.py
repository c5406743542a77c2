"""WARC archiving of every HTTP exchange (see middleware.WarcArchiveMiddleware)."""

from crawler.archive.records import ArchivedRecord, CapturedRequest, CapturedResponse
from crawler.archive.writer import RotatingWarcWriter

__all__ = ["ArchivedRecord", "CapturedRequest", "CapturedResponse", "RotatingWarcWriter"]
