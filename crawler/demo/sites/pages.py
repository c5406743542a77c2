"""What every demo site's renderers share to make a response.

The :class:`Page` a renderer returns and the :class:`Context` it renders in, HTML pages in a
charset, redirects and the server's plain 404, the stylesheet and placeholder images every site
links to, and reading a number from the query string.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from crawler.demo.sites.markup import attr, esc
from crawler.demo.world import Site

HTML_UTF8 = "text/html; charset=utf-8"


@dataclass(frozen=True, eq=False)
class HeaderStyle:
    """How a site's server writes its header lines, since real servers are not all Apache.

    ``names`` gives the case a name is written in, keyed by its lower-case form (a proxy's
    ``cache-control``, old PHP's ``Content-type``); ``spacing`` what follows the colon, one space
    unless given (``Content-type:text/html``, ``X-Powered-By:  PHP``). Names not in ``names``
    are written as the renderer or the server spelled them.
    """

    names: Mapping[str, str] = field(default_factory=dict)
    spacing: Mapping[str, str] = field(default_factory=dict)

    def line(self, name: str, value: str) -> str:
        key = name.lower()
        return f"{self.names.get(key, name)}:{self.spacing.get(key, ' ')}{value}\r\n"


APACHE_HEADERS = HeaderStyle()


@dataclass(frozen=True)
class Page:
    """A response before it goes on the wire."""

    status: int
    body: bytes
    content_type: str = HTML_UTF8
    headers: tuple[tuple[str, str], ...] = ()
    compressible: bool = False  # gzip it when the client accepts gzip
    chunked: bool = False  # send it with Transfer-Encoding: chunked to HTTP/1.1 clients
    header_style: HeaderStyle = APACHE_HEADERS


@dataclass(frozen=True)
class Context:
    """What a renderer needs: the site, and the server's base URL for absolute links."""

    site: Site
    base_url: str

    def absolute(self, path: str) -> str:
        return self.base_url + path


def html_page(
    markup: str,
    status: int = 200,
    charset: str = "utf-8",
    headers: tuple[tuple[str, str], ...] = (),
    compressible: bool = False,
    chunked: bool = False,
) -> Page:
    """An HTML page; characters the charset lacks become character references, as in browsers."""
    body = markup.encode(charset, errors="xmlcharrefreplace")
    return Page(status, body, f"text/html; charset={charset}", headers, compressible, chunked)


def redirect(location: str, status: int = 301) -> Page:
    markup = (
        "<!DOCTYPE html>\n<html><head><title>301 Moved Permanently</title></head><body>\n"
        f'<h1>Moved Permanently</h1>\n<p>The document has moved <a href="{attr(location)}">'
        "here</a>.</p>\n</body></html>\n"
    )
    return html_page(markup, status, headers=(("Location", location),))


def plain_not_found(path: str) -> Page:
    markup = (
        "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>\n"
        f"<h1>Not Found</h1>\n<p>The requested URL {esc(path)} was not found on this server.</p>"
        "\n</body></html>\n"
    )
    return html_page(markup, 404)


def static_file(path: str) -> Page | None:
    """Stylesheets and placeholder images the pages refer to."""
    if path.endswith(".css"):
        return Page(200, STYLESHEET.encode("ascii"), "text/css")
    if path.endswith(".png"):
        return Page(200, PLACEHOLDER_PNG, "image/png")
    if path.endswith(".js"):
        return Page(200, b"/* demo */\n", "application/javascript")
    return None


def placeholder_png(width: int = 8, height: int = 5, rgb: tuple[int, int, int] = (176,) * 3):
    """A small valid grey PNG."""
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PLACEHOLDER_PNG = placeholder_png()


STYLESHEET = """body{font-family:Georgia,serif;margin:0;color:#222;background:#fff}
a{color:#1a4f8b}header,footer,nav{font-family:Arial,sans-serif}
.layout{display:flex;gap:2em;max-width:1100px;margin:auto}.main{flex:3}.sidebar{flex:1}
.pager li,.menu li{display:inline;margin-right:.6em}figure{margin:1em 0;color:#555}
"""


def query_int(query: str, name: str, default: int) -> int:
    values = parse_qs(query).get(name)
    try:
        return int(values[0]) if values else default
    except ValueError:
        return default
