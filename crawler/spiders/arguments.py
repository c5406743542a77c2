"""Spider arguments (``-a url=... -a max_pages=...``) checked into usable values."""

from __future__ import annotations

from urllib.parse import urlsplit


class InputError(ValueError):
    """A spider argument that cannot be used (bad URL, bad site file, bad number)."""


def parse_start_urls(value: str | list[str] | None) -> list[str]:
    """Split ``-a url=A,B`` (or a list) into checked absolute http(s) URLs."""
    if not value:
        raise InputError("no tag-page URL given (use -a url=URL or `crawler crawl URL`)")
    raw = value if isinstance(value, list) else value.split(",")
    urls = [u.strip() for u in raw if u.strip()]
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"not an http(s) URL: {url!r}")
    if not urls:
        raise InputError("no tag-page URL given")
    return urls


def parse_max_pages(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise InputError(f"max_pages must be a whole number, got {value!r}")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InputError(f"max_pages must be a whole number, got {value!r}") from None
    if number < 1:
        raise InputError(f"max_pages must be 1 or more, got {number}")
    return number
