"""Coverage-guided fuzzing of the extraction functions with atheris (libFuzzer for Python).

    .venv/bin/pip install atheris     # not a project dependency: only for running this script
    .venv/bin/python bench/fuzz_extract.py -atheris_runs=20000 [-max_total_time=300] [CORPUS_DIR]

Each input is split by its first byte: decoded as a page (decode_html, as a crawl does with an
HTTP charset label taken from the input) and run through parse_listing and extract_article, or
used as text for parse_date and normalize_url. Any exception is a finding, and so is one the
functions catch themselves (logged with a traceback, or a listing flagged "extract-error"):
libFuzzer stops and writes the input as crash-*. Options after the script name are libFuzzer's.
"""

from __future__ import annotations

import logging
import sys

try:
    import atheris
except ImportError:
    sys.exit("bench/fuzz_extract.py needs atheris: .venv/bin/pip install atheris")

with atheris.instrument_imports():
    from crawler.extract import decode_html, extract_article, parse_date, parse_listing
    from crawler.extract.urls import normalize_url


class Finding(Exception):
    """An error the extraction functions caught and logged (or flagged) instead of raising."""


class RaiseOnLoggedError(logging.Handler):
    """extract_article logs and swallows its exceptions: here each one stops the fuzzer."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            raise Finding(record.getMessage()) from record.exc_info[1]


LABELS = (None, "text/html; charset=utf-8", "text/html; charset=x-unknown", "text/html")
URL = "https://news.example/tags/idlib?page=2"


def fuzz_one(data: bytes) -> None:
    """One input through the functions its first byte picks."""
    if not data:
        return
    selector, rest = data[0], data[1:]
    if selector % 3 == 0:
        text = rest.decode("utf-8", "replace")
        parse_date(text)
        normalize_url(text, URL)
        return
    html = decode_html(rest, LABELS[selector % len(LABELS)])
    listing = parse_listing(html, URL)
    if "extract-error" in listing.uncertain:
        raise Finding("parse_listing swallowed an exception")
    extract_article(html, URL)


def main() -> None:
    logging.getLogger("crawler").addHandler(RaiseOnLoggedError(logging.WARNING))
    atheris.Setup(sys.argv, fuzz_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
