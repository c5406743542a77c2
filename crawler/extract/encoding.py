"""Page bytes -> text the way a browser picks the charset: BOM, HTTP header, <meta>, detection.

w3lib does the standard order (BOM, Content-Type header, <meta charset>/XML declaration, with the
WHATWG substitutions such as latin-1 -> windows-1252); what it leaves open is how to guess when
nothing is declared, and what to do when a page declares UTF-8 but is not. Both are answered
here: valid UTF-8 is taken as UTF-8, anything else is left to charset-normalizer.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, read_bom

__all__ = ["decode_html"]

DETECTION_SAMPLE = 200_000  # bytes given to charset-normalizer; enough to see the prose


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """``body`` decoded as text; never raises (undecodable bytes become U+FFFD).

    ``content_type`` is the HTTP Content-Type header when known (a saved page has none).
    """
    if not body:
        return ""
    if _declared_utf8_but_invalid(body, content_type):
        return body.decode(detect_encoding(body) or "utf-8", errors="replace")
    _, text = html_to_unicode(content_type, body, auto_detect_fun=detect_encoding)
    return text


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
