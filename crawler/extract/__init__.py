"""Pure extraction functions: HTML and URL in, plain data out (no Scrapy objects)."""

from __future__ import annotations

from typing import Any

from .article import extract_article
from .dates import ParsedDate, date_from_url, parse_date

__all__ = ["ParsedDate", "date_from_url", "extract_article", "parse_date", "parse_listing"]


def parse_listing(*args: Any, **kwargs: Any) -> Any:
    """Forwards to ``crawler.extract.listing.parse_listing`` (imported on first use)."""
    from .listing import parse_listing as _parse_listing

    return _parse_listing(*args, **kwargs)
