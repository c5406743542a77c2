"""Page bytes -> text the way a browser picks the charset: BOM, HTTP header, <meta>, detection.

The standard order is kept (BOM, Content-Type header, <meta charset>/XML declaration, with
w3lib's WHATWG substitutions such as latin-1 -> windows-1252). What the declarations leave open
is how to guess when nothing is declared, and what to do when a page declares UTF-8 but is not.
Both are answered here: valid UTF-8 is taken as UTF-8, anything else is left to
charset-normalizer. The steps are composed from w3lib's parts rather than through
``html_to_unicode(auto_detect_fun=...)``, which w3lib 2.6 deprecates.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    to_unicode,
)

__all__ = ["decode_html"]

DETECTION_SAMPLE = 200_000  # bytes given to charset-normalizer; enough to see the prose


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """``body`` decoded as text; never raises (undecodable bytes become U+FFFD).

    ``content_type`` is the HTTP Content-Type header when known (a saved page has none).
    """
    if not body:
        return ""
    bom_encoding, bom = read_bom(body)
    if bom_encoding is not None and bom is not None:
        return to_unicode(body[len(bom) :], bom_encoding)
    if _declared_utf8_but_invalid(body, content_type):
        return body.decode(detect_encoding(body) or "utf-8", errors="replace")
    encoding = (
        http_content_type_encoding(content_type)
        or html_body_declared_encoding(body)
        or detect_encoding(body)
        or "utf-8"
    )
    return to_unicode(body, encoding)


def detect_encoding(body: bytes) -> str | None:
    """The charset of undeclared bytes: UTF-8 when they decode as UTF-8, else the guess of
    charset-normalizer (None when it has none)."""
    if _is_utf8(body):
        return "utf-8"
    best = from_bytes(body[:DETECTION_SAMPLE]).best()
    if best is None:
        return None
    return _python_codec(best.encoding)


def _declared_utf8_but_invalid(body: bytes, content_type: str | None) -> bool:
    """A page that says UTF-8 (and has no BOM or header saying otherwise) but whose bytes are
    not UTF-8: old pages moved to a new CMS template keep their windows-1252 text."""
    if content_type or read_bom(body)[0] is not None:
        return False
    declared = html_body_declared_encoding(body)
    return _python_codec(declared) == "utf-8" and not _is_utf8(body)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        # a multi-byte character cut off by truncation at the very end is still UTF-8
        return error.start >= len(body) - 3 and error.reason == "unexpected end of data"
    return True


def _python_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name.replace("_", "-")
    except LookupError:
        return None
