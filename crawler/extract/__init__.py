"""Pure extraction functions: HTML and URL in, plain data out (no Scrapy objects)."""

from __future__ import annotations

from .article import extract_article, extract_article_details
from .dates import ParsedDate, date_from_url, parse_date
from .encoding import decode_html
from .listing import parse_listing

# Stamped on archived extraction provenance and re-extracted items; bump it whenever a change
# to crawler/extract can change what is extracted from the same page.
EXTRACTOR_VERSION = "0.1.0+extract.24"

__all__ = [
    "EXTRACTOR_VERSION",
    "ParsedDate",
    "date_from_url",
    "decode_html",
    "extract_article",
    "extract_article_details",
    "parse_date",
    "parse_listing",
]
