"""The demo world's pages: one renderer per site layout, all rendered from the world's truth.

``respond(world, target, base_url)`` turns a request target (path and query) into a
:class:`Page`; the server decides on the wire format (gzip, chunking) from the page's flags.
"""

from __future__ import annotations

import html
import json
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, quote

from crawler.demo.world import (
    DATA_DIR,
    EDGE_404_PATH,
    EDGE_500_PATH,
    EDGE_BROKEN_PATH,
    EDGE_COOKIE_PATH,
    EDGE_MOVED_PATH,
    EDGE_PDF_PATH,
    EDGE_QUERY_PATH,
    EDGE_REDIRECT_PATH,
    MONTHS,
    WEEKDAYS,
    ArticleTruth,
    Site,
    World,
    slugify,
    wp_date,
)

__all__ = ["Page", "respond"]

HTML_UTF8 = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Page:
    """A response before it goes on the wire."""

    status: int
    body: bytes
    content_type: str = HTML_UTF8
    headers: tuple[tuple[str, str], ...] = ()
    compressible: bool = False  # gzip it when the client accepts gzip
    chunked: bool = False  # send it with Transfer-Encoding: chunked to HTTP/1.1 clients


@dataclass(frozen=True)
class Context:
    """What a renderer needs: the site, and the server's base URL for absolute links."""

    site: Site
    base_url: str

    def absolute(self, path: str) -> str:
        return self.base_url + path


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


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


def respond(world: World, target: str, base_url: str) -> Page:
    """The page for a request target such as ``/drupal/tags/idlib?page=1``."""
    path, _, query = target.partition("?")
    if path == "/robots.txt":
        return Page(200, world.robots_txt.encode("ascii"), "text/plain; charset=utf-8")
    if path in ("/", "/index.html"):
        return index_page(world)
    site = world.site_for(path)
    if site is None:
        return plain_not_found(path)
    return ROUTERS[site.key](Context(site, base_url), path, query)


def index_page(world: World) -> Page:
    items = "\n".join(
        f'<li><a href="{attr(site.tag_path)}">{esc(site.name)}</a>: tag page '
        f"<code>{esc(site.tag_path)}</code> ({len(site.articles)} entries, "
        f"{len(site.listing_pages)} listing pages)</li>"
        for site in world.sites.values()
    )
    markup = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Demo news world</title></head>
<body>
<h1>Demo news world</h1>
<p>Four news sites served from one loopback server, for the tag-page crawler.</p>
<ul>
{items}
</ul>
<p><a href="/robots.txt">robots.txt</a></p>
</body>
</html>
"""
    return html_page(markup)


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


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    text = " T* ".join(f"({line})'" for line in lines)
    stream = f"BT /F1 12 Tf 14 TL 72 760 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PLACEHOLDER_PNG = placeholder_png()
REPORT_PDF = minimal_pdf(
    [
        "Idlib humanitarian situation report, February 2020",
        "More than 900,000 people displaced since December.",
        "Shelter, fuel and winter supplies remain the most urgent needs.",
    ]
)
STYLESHEET = """body{font-family:Georgia,serif;margin:0;color:#222;background:#fff}
a{color:#1a4f8b}header,footer,nav{font-family:Arial,sans-serif}
.layout{display:flex;gap:2em;max-width:1100px;margin:auto}.main{flex:3}.sidebar{flex:1}
.pager li,.menu li{display:inline;margin-right:.6em}figure{margin:1em 0;color:#555}
"""


def tagged_pages(site: Site, slug: str, per_page: int) -> list[list[ArticleTruth]]:
    """The pages of the listing for tag ``slug``: the truth's own for the site's tag."""
    if slug == slugify(site.tag_name):
        return [[site.entry(p) for p in page.article_paths] for page in site.listing_pages]
    tagged = [a for a in site.articles + site.other_articles if slug in map(slugify, a.tags)]
    return [tagged[i : i + per_page] for i in range(0, len(tagged), per_page)]


def related_articles(site: Site, article: ArticleTruth, count: int = 3) -> list[ArticleTruth]:
    """The next ``count`` article pages after ``article`` in listing order, wrapping round."""
    pages = [a for a in site.articles if a.kind == "article" and a is not article]
    start = next((i for i, a in enumerate(pages) if a.node_id < article.node_id), 0)
    return [pages[(start + i) % len(pages)] for i in range(min(count, len(pages)))]


def sidebar_articles(site: Site) -> list[ArticleTruth]:
    return [site.article_at(path) for path in site.most_read_paths if site.article_at(path)]


def link_first(text_html: str, word: str, href: str) -> str:
    """Wrap the first whole-word ``word`` of already escaped text in a link."""
    link = f'<a href="{attr(href)}">{word}</a>'
    return re.sub(rf"\b{re.escape(word)}\b", link, text_html, count=1)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- Drupal 7 (the main demo site) and the edge site, which shares its theme -------------------

DRUPAL_MENU: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Politics", ("Azerbaijan", "Russia", "Turkey", "Iran", "Syria", "Georgia")),
    ("Economy", ("Energy", "Finance", "Transport", "Trade")),
    ("Society", ("Culture", "Education", "Health", "Sport")),
    ("World", ("Middle East", "Europe", "Central Asia", "Americas")),
    ("Analytics", ("Opinion", "Interviews", "Reviews")),
    ("Multimedia", ("Photo", "Video", "Infographics")),
)
EDGE_MENU: tuple[tuple[str, tuple[str, ...]], ...] = (("News", ()), ("Analysis", ()))
DRUPAL_FOOTER_LINKS = (
    ("About us", "about"),
    ("Editorial policy", "editorial-policy"),
    ("Contacts", "contacts"),
    ("Advertising", "advertising"),
    ("Careers", "careers"),
    ("Terms of use", "terms"),
    ("Privacy policy", "privacy"),
    ("Archive", "archive"),
    ("RSS feeds", "rss"),
    ("Sitemap", "sitemap"),
)
SOCIAL_LINKS = (
    ("Facebook", "https://www.facebook.com/meridiannews"),
    ("Twitter", "https://twitter.com/meridiannews"),
    ("Telegram", "https://t.me/meridiannews"),
    ("YouTube", "https://www.youtube.com/c/meridiannews"),
)
SHARE_ICONS = (
    (
        "facebook",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "M17.78 27.5V17.008h3.522l.527-4.09h-4.05v-2.61c0-1.182.33-1.99 2.023-1.99h2.166V4.66c-"
        ".375-.05-1.66-.16-3.155-.16-3.123 0-5.26 1.905-5.26 5.405v3.016h-3.53v4.09h3.53V27.5h4"
        ".223z",
    ),
    (
        "twitter",
        "https://twitter.com/intent/tweet?url=",
        "M28 8.557a9.913 9.913 0 0 1-2.828.775 4.93 4.93 0 0 0 2.166-2.725 9.738 9.738 0 0 1-3."
        "13 1.194 4.92 4.92 0 0 0-3.593-1.55 4.924 4.924 0 0 0-4.794 6.049c-4.09-.21-7.72-2.17-"
        "10.15-5.15a4.942 4.942 0 0 0-.665 2.477c0 1.71.87 3.214 2.19 4.1a5.026 5.026 0 0 1-2.2"
        "3-.616v.06c0 2.39 1.7 4.38 3.952 4.83-.414.115-.85.174-1.297.174-.318 0-.626-.03-.928-"
        ".086a4.935 4.935 0 0 0 4.6 3.42 9.893 9.893 0 0 1-6.114 2.107c-.398 0-.79-.023-1.175-."
        "068a13.953 13.953 0 0 0 7.55 2.213c9.056 0 14.01-7.507 14.01-14.013 0-.213-.005-.426-."
        "015-.637.96-.695 1.795-1.56 2.455-2.55z",
    ),
    (
        "telegram",
        "https://t.me/share/url?url=",
        "M25.515 6.896L6.027 14.41c-1.33.534-1.322 1.276-.243 1.606l5 1.56 1.72 5.66c.226.625.1"
        "15.873.77.873.506 0 .73-.235 1.012-.51l2.43-2.363 5.056 3.734c.93.514 1.602.25 1.834-."
        "863l3.32-15.638c.338-1.363-.52-1.98-1.41-1.577z",
    ),
    (
        "whatsapp",
        "https://api.whatsapp.com/send?text=",
        "M16 4C9.373 4 4 9.373 4 16c0 2.11.55 4.16 1.6 5.97L4 28l6.2-1.6A11.94 11.94 0 0 0 16 2"
        "8c6.627 0 12-5.373 12-12S22.627 4 16 4zm0 21.8c-1.84 0-3.64-.5-5.2-1.43l-.37-.22-3.68."
        "96.98-3.58-.24-.38A9.77 9.77 0 0 1 6.2 16c0-5.4 4.4-9.8 9.8-9.8s9.8 4.4 9.8 9.8-4.4 9."
        "8-9.8 9.8z",
    ),
    ("email", "mailto:?body=", "M26 21.5L25 22 20.5 17 16 20l-4.5-3-4.5 5-1-.5 5-5.5-5-4.5V10"),
)


def drupal_settings(site: Site) -> str:
    """The inline ``Drupal.settings`` blob every Drupal 7 page carries."""
    theme = "meridian" if site.key == "drupal" else "gazette"
    base = f"{site.prefix}/"
    js_files = [
        "misc/jquery.js",
        "misc/jquery-extend-3.4.0.js",
        "misc/jquery.once.js",
        "misc/drupal.js",
        "misc/form.js",
        "misc/textarea.js",
        "sites/all/modules/google_analytics/googleanalytics.js",
        "sites/all/modules/addtoany/addtoany.js",
        "sites/all/modules/views/js/base.js",
        "sites/all/modules/views/js/ajax_view.js",
        f"sites/all/themes/{theme}/js/menu.js",
        f"sites/all/themes/{theme}/js/sticky-header.js",
    ]
    css_files = [
        "modules/system/system.base.css",
        "modules/system/system.menus.css",
        "modules/system/system.messages.css",
        "modules/system/system.theme.css",
        "modules/comment/comment.css",
        "modules/field/theme/field.css",
        "modules/node/node.css",
        "modules/search/search.css",
        "modules/user/user.css",
        "sites/all/modules/views/css/views.css",
        "sites/all/modules/ctools/css/ctools.css",
        f"sites/all/themes/{theme}/css/style.css",
        f"sites/all/themes/{theme}/css/print.css",
    ]
    settings = {
        "basePath": base,
        "pathPrefix": "",
        "ajaxPageState": {
            "theme": theme,
            "theme_token": "kQ3vXb9PzL0nTfW2mYcR8sHj4aUeD7oGi1lN5xBwCt6",
            "js": {name: 1 for name in js_files},
            "css": {name: 1 for name in css_files},
        },
        "googleanalytics": {"trackOutbound": 1, "trackMailto": 1, "trackDownload": 1},
        "views": {"ajax_path": f"{base}views/ajax", "ajaxViews": {}},
        "urlIsAjaxTrusted": {f"{base}search/node": True},
        "a2a": {"onclick": False, "templates": {}},
    }
    return json.dumps(settings, separators=(",", ":"))


def drupal_nav(site: Site) -> str:
    menu = DRUPAL_MENU if site.key == "drupal" else EDGE_MENU
    items = [f'<li class="first leaf"><a href="{site.prefix}/" title="">Home</a></li>']
    for section, children in menu:
        section_path = f"{site.prefix}/{slugify(section)}"
        sub = "".join(
            f'<li class="leaf"><a href="{section_path}/{slugify(child)}">{esc(child)}</a></li>'
            for child in children
        )
        sub_html = f'<ul class="menu">{sub}</ul>' if sub else ""
        items.append(
            f'<li class="expanded"><a href="{section_path}">{esc(section)}</a>{sub_html}</li>'
        )
    return (
        '<nav id="main-menu" role="navigation"><h2 class="element-invisible">Main menu</h2>'
        f'<ul class="menu">{"".join(items)}</ul></nav>'
    )


def drupal_breadcrumb(site: Site, crumbs: list[tuple[str, str]]) -> str:
    links = [f'<a href="{site.prefix}/">Home</a>']
    links += [f'<a href="{attr(href)}">{esc(label)}</a>' for label, href in crumbs]
    return (
        '<div class="breadcrumb"><h2 class="element-invisible">You are here</h2>'
        + " » ".join(links)
        + "</div>"
    )


def drupal_sidebar(site: Site, extra: str = "") -> str:
    most_read = "".join(
        f'<li><a href="{attr(a.final_path)}">{esc(a.headline)}</a></li>'
        for a in sidebar_articles(site)
    )
    tags = [site.tag_name, "Syria", "Turkey", "Russia", "Erdogan", "Kremlin", "Refugees"]
    tags += ["NATO", "M5 highway", "Sochi agreement", "Humanitarian crisis", "Caucasus", "Economy"]
    cloud = "".join(
        f'<li><a href="{site.prefix}/tags/{slugify(tag)}" class="level{1 + i % 5}">'
        f"{esc(tag)}</a></li>"
        for i, tag in enumerate(dict.fromkeys(tags))
    )
    return (
        '<aside class="sidebar region region-sidebar-second" role="complementary">'
        '<div id="block-views-most-read-block" class="block block-views">'
        '<h2 class="block-title">Most read</h2><div class="content"><div class="item-list">'
        f"<ol>{most_read}</ol></div></div></div>"
        '<div id="block-tagadelic-taxonomy-tagadelic-taxonomy-1" class="block block-tagadelic">'
        f'<h2 class="block-title">Tags</h2><div class="content"><ul class="tag-cloud">{cloud}</ul>'
        f"</div></div>{extra}</aside>"
    )


def drupal_footer(site: Site) -> str:
    links = "".join(
        f'<li><a href="{site.prefix}/{slug}">{esc(label)}</a></li>'
        for label, slug in DRUPAL_FOOTER_LINKS
    )
    sections = "".join(
        f'<li><a href="{site.prefix}/{slugify(section)}">{esc(section)}</a></li>'
        for section, _children in DRUPAL_MENU
    )
    social = "".join(
        f'<li><a href="{href}" rel="noopener" target="_blank">{label}</a></li>'
        for label, href in SOCIAL_LINKS
    )
    if site.key == "drupal":
        notice = (
            "© 2006–2020 Meridian News Agency. All rights reserved. When using our materials,"
            " a hyperlink to the source is required."
        )
    else:
        notice = "Edge Case Gazette: pages that put crawlers to the test."
    return (
        '<footer id="footer" class="region region-footer" role="contentinfo">'
        '<div class="footer-columns">'
        f'<div class="footer-column"><h3>Sections</h3><ul class="menu">{sections}</ul></div>'
        f'<div class="footer-column"><h3>About</h3><ul class="menu">{links}</ul></div>'
        f'<div class="footer-column"><h3>Follow us</h3><ul class="menu social">{social}</ul></div>'
        f'</div><p class="copyright">{esc(notice)}</p></footer>'
    )


def drupal_document(
    ctx: Context,
    *,
    title: str,
    main: str,
    head: str = "",
    body_class: str = "",
    crumbs: list[tuple[str, str]] | None = None,
    lang: str | None = "en",
    charset: str = "utf-8",
    sidebar_extra: str = "",
) -> str:
    site = ctx.site
    theme = "meridian" if site.key == "drupal" else "gazette"
    lang_attr = f' lang="{lang}"' if lang else ""
    styles = "\n".join(
        f'<link type="text/css" rel="stylesheet" href="{site.prefix}/{name}?q6x2mh" media="all" />'
        for name in (
            "modules/system/system.base.css",
            "sites/all/modules/views/css/views.css",
            f"sites/all/themes/{theme}/css/style.css",
        )
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN"
  "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"{lang_attr} dir="ltr" version="XHTML+RDFa 1.0"
  prefix="og: http://ogp.me/ns# article: http://ogp.me/ns/article# sioc: http://rdfs.org/sioc/ns#">
<head profile="http://www.w3.org/1999/xhtml/vocab">
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="shortcut icon" href="{site.prefix}/sites/all/themes/{theme}/favicon.ico" />
<meta name="generator" content="Drupal 7 (http://drupal.org)" />
{head}
<title>{esc(title)} | {esc(site.name)}</title>
{styles}
<script type="text/javascript" src="{site.prefix}/misc/jquery.js?v=1.4.4"></script>
<script type="text/javascript" src="{site.prefix}/misc/drupal.js?q6x2mh"></script>
<script type="text/javascript">
<!--//--><![CDATA[//><!--
jQuery.extend(Drupal.settings, {drupal_settings(site)});
//--><!]]>
</script>
</head>
<body class="html {body_class}">
<div id="skip-link"><a href="#main-content" class="element-invisible element-focusable"
  >Skip to main content</a></div>
<div id="page">
<header id="header" role="banner">
<a href="{site.prefix}/" title="Home" rel="home" id="logo"
  ><img src="{site.prefix}/sites/all/themes/{theme}/logo.png" alt="{attr(site.name)}" /></a>
<div id="site-name"><a href="{site.prefix}/" rel="home">{esc(site.name)}</a></div>
<form action="{site.prefix}/search/node" method="post" id="search-block-form"
  accept-charset="UTF-8">
<div class="container-inline">
<label class="element-invisible" for="edit-search-block-form--2">Search</label>
<input title="Enter the terms you wish to search for." type="text" id="edit-search-block-form--2"
  name="search_block_form" value="" size="15" maxlength="128" class="form-text" />
<input type="submit" id="edit-submit" name="op" value="Search" class="form-submit" />
</div></form>
{drupal_nav(site)}
</header>
{drupal_breadcrumb(site, crumbs or [])}
<div class="layout">
<div id="content" class="main column" role="main"><a id="main-content"></a>
{main}
</div>
{drupal_sidebar(site, sidebar_extra)}
</div>
{drupal_footer(site)}
</div>
</body>
</html>
"""


def drupal_pager(base: str, current: int, total: int) -> str:
    """Drupal 7's pager; ``current`` is zero-based, as in ``?page=N``."""
    if total < 2:
        return ""

    def href(page: int) -> str:
        return base if page == 0 else f"{base}?page={page}"

    items = []
    if current > 0:
        items.append(
            '<li class="pager-first first"><a title="Go to first page" '
            f'href="{base}">« first</a></li>'
        )
        items.append(
            '<li class="pager-previous"><a title="Go to previous page" '
            f'href="{href(current - 1)}">‹ previous</a></li>'
        )
    for page in range(total):
        if page == current:
            items.append(f'<li class="pager-current">{page + 1}</li>')
        else:
            relative = base if page == 0 else f"?page={page}"
            items.append(
                f'<li class="pager-item"><a title="Go to page {page + 1}" '
                f'href="{relative}">{page + 1}</a></li>'
            )
    if current < total - 1:
        items.append(
            '<li class="pager-next"><a title="Go to next page" '
            f'href="{href(current + 1)}">next ›</a></li>'
        )
        items.append(
            '<li class="pager-last last"><a title="Go to last page" '
            f'href="{href(total - 1)}">last »</a></li>'
        )
    return (
        '<h2 class="element-invisible">Pages</h2><div class="item-list">'
        f'<ul class="pager">{"".join(items)}</ul></div>'
    )


def drupal_entry(ctx: Context, article: ArticleTruth, position: int, count: int) -> str:
    href = article.url(ctx.base_url) if article.host else article.path
    zebra = "odd" if position % 2 else "even"
    classes = f"views-row views-row-{position} views-row-{zebra}"
    classes += " views-row-first" if position == 1 else ""
    classes += " views-row-last" if position == count else ""
    image = ""
    if ctx.site.key == "drupal":
        image = (
            f'<div class="field field-name-field-image"><a href="{attr(href)}"><img '
            f'src="{ctx.site.prefix}/sites/default/files/styles/teaser/public/news/'
            f'{article.node_id}.png" width="220" height="140" alt="" /></a></div>'
        )
    date = ""
    if article.listing_date_text:
        date = (
            '<div class="submitted"><span class="date-display-single">'
            f"{esc(article.listing_date_text)}</span></div>"
        )
    teaser = "".join(f"<p>{esc(p)}</p>" for p in article.teaser_paragraphs)
    return f"""<div class="{classes}">
<div class="node node-article node-teaser clearfix">{image}
<h2 class="node-title"><a href="{attr(href)}">{esc(article.headline)}</a></h2>
{date}
<div class="field field-name-body field-type-text-with-summary">
<div class="field-items"><div class="field-item even">{teaser}</div></div>
</div>
<ul class="links inline"><li class="node-readmore first last"
  ><a href="{attr(href)}" rel="tag" title="{attr(article.headline)}">read more</a></li></ul>
</div>
</div>"""


def drupal_listing(ctx: Context, slug: str, query: str) -> Page:
    pages = tagged_pages(ctx.site, slug, 10)
    if not pages:
        return drupal_not_found(ctx)
    current = query_int(query, "page", 0)
    entries = pages[current] if 0 <= current < len(pages) else []
    rows = "\n".join(drupal_entry(ctx, a, i, len(entries)) for i, a in enumerate(entries, 1))
    if not rows:
        rows = "<p>There is currently no content classified with this term.</p>"
    label = ctx.site.tag_name if slug == slugify(ctx.site.tag_name) else slug.replace("-", " ")
    base = f"{ctx.site.prefix}/tags/{slug}"
    main = f"""<h1 class="title" id="page-title">Contents tagged with {esc(label.title())}</h1>
<div class="view view-taxonomy-term view-id-taxonomy_term view-display-id-page">
<div class="view-content">
{rows}
</div>
{drupal_pager(base, current, len(pages))}
</div>"""
    head = f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{base}/feed" />'
    markup = drupal_document(
        ctx,
        title=label.title(),
        main=main,
        head=head,
        body_class="not-front page-taxonomy page-taxonomy-term",
        crumbs=[("Tags", f"{ctx.site.prefix}/tags")],
    )
    return html_page(markup, headers=DRUPAL_HEADERS)


def drupal_front(ctx: Context, title: str) -> Page:
    latest = ctx.site.articles[:10]
    rows = "\n".join(drupal_entry(ctx, a, i, len(latest)) for i, a in enumerate(latest, 1))
    main = f"""<h1 class="title" id="page-title">{esc(title)}</h1>
<div class="view view-frontpage"><div class="view-content">
{rows}
</div></div>"""
    markup = drupal_document(ctx, title=title, main=main, body_class="front")
    return html_page(markup, headers=DRUPAL_HEADERS)


def drupal_not_found(ctx: Context) -> Page:
    main = (
        '<h1 class="title" id="page-title">Page not found</h1>'
        "<p>The requested page could not be found.</p>"
    )
    markup = drupal_document(ctx, title="Page not found", main=main, body_class="not-front")
    return html_page(markup, 404, headers=DRUPAL_HEADERS)


DRUPAL_HEADERS = (
    ("X-Powered-By", "PHP/7.2.24"),
    ("Cache-Control", "no-cache, must-revalidate"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Generator", "Drupal 7 (http://drupal.org)"),
)

LABELS = {
    "en": {
        "by": "By",
        "and": "and",
        "tags": "Tags",
        "related": "Related articles",
        "share": "Share",
    },
    "ru": {
        "by": "Автор:",
        "and": "и",
        "tags": "Теги",
        "related": "Читайте также",
        "share": "Поделиться",
    },
}


def share_bar(url: str, position: str) -> str:
    links = "".join(
        f'<a class="a2a_button_{name}" href="{attr(prefix + quote(url, safe=""))}" '
        f'rel="nofollow noopener" target="_blank" title="{name.title()}">'
        f'<svg focusable="false" aria-hidden="true" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 32 32"><path fill="#FFF" d="{path}"></path></svg></a>'
        for name, prefix, path in SHARE_ICONS
    )
    return f'<div class="share-bar share-{position} a2a_kit a2a_kit_size_32">{links}</div>'


def figure(ctx: Context, article: ArticleTruth) -> str:
    src = f"{ctx.site.prefix}/sites/default/files/styles/article/public/news/{article.node_id}.png"
    return (
        f'<figure class="article-image"><img src="{src}" width="780" height="440" '
        f'alt="{attr(article.caption or "")}" /><figcaption>{esc(article.caption or "")}'
        "</figcaption></figure>"
    )


def drupal_body(ctx: Context, article: ArticleTruth) -> str:
    parts = []
    for index, text in enumerate(article.body_paragraphs):
        if index in article.heading_indexes:
            parts.append(f"<h2>{esc(text)}</h2>")
            continue
        markup = esc(text)
        if index == 1 and ctx.site.key == "drupal":
            markup = link_first(markup, ctx.site.tag_name, ctx.site.tag_path)
        parts.append(f"<p>{markup}</p>")
        if article.caption and article.figure_after == index:
            parts.append(figure(ctx, article))
    return "\n".join(parts)


def drupal_meta(ctx: Context, article: ArticleTruth) -> str:
    canonical = ctx.absolute(article.canonical_path or article.final_path)
    description = article.body_paragraphs[0][:200] if article.body_paragraphs else ""
    tags = [f'<meta property="article:tag" content="{attr(tag)}" />' for tag in article.tags]
    lines = [
        f'<meta name="description" content="{attr(description)}" />',
        f'<link rel="shortlink" href="{ctx.site.prefix}/node/{article.node_id}" />',
        f'<meta property="og:site_name" content="{attr(ctx.site.name)}" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:url" content="{attr(canonical)}" />',
        f'<meta property="og:title" content="{attr(article.headline)}" />',
        f'<meta property="og:description" content="{attr(description)}" />',
        '<meta name="twitter:card" content="summary_large_image" />',
        f'<meta name="twitter:title" content="{attr(article.headline)}" />',
        *tags,
    ]
    if article.published:
        lines.append(
            f'<meta property="article:published_time" content="{iso(article.published)}" />'
        )
    if article.modified:
        lines.append(f'<meta property="article:modified_time" content="{iso(article.modified)}" />')
    if article.canonical_path:
        lines.insert(1, f'<link rel="canonical" href="{attr(canonical)}" />')
    return "\n".join(lines)


def drupal_byline(ctx: Context, article: ArticleTruth, labels: dict[str, str]) -> str:
    names = [
        f'<a href="{ctx.site.prefix}/users/{slugify(name) or "author"}" class="username">'
        f"{esc(name)}</a>"
        for name in article.authors
    ]
    byline = ""
    if names:
        joined = f" {labels['and']} ".join(names)
        byline = f'<span class="byline">{labels["by"]} {joined}</span>'
    date = ""
    if article.published and article.date_text:
        date = (
            f'<span class="date-display-single" property="dc:date" '
            f'content="{iso(article.published)}">{esc(article.date_text)}</span>'
        )
    return f'<div class="meta submitted">{byline} {date}</div>'


def drupal_comments(ctx: Context, article: ArticleTruth) -> str:
    if not article.comments:
        return ""
    blocks = []
    for number, comment in enumerate(article.comments, start=1):
        when = comment.posted
        stamp = f"{WEEKDAYS[when.weekday()][:3]}, {when:%d/%m/%Y - %H:%M}"
        cid = article.node_id * 10 + number
        blocks.append(
            f'<a id="comment-{cid}"></a><div class="comment comment-by-anonymous clearfix">'
            '<div class="attribution"><div class="comment-submitted">'
            f'<p class="commenter-name"><span class="username">{esc(comment.author)}</span></p>'
            f'<p class="comment-time">{stamp}</p></div></div>'
            '<div class="comment-text"><div class="content">'
            '<div class="field field-name-comment-body">'
            f'<div class="field-items"><div class="field-item even"><p>{esc(comment.text)}</p>'
            "</div></div></div></div>"
            '<ul class="links inline"><li class="comment-reply first last">'
            f'<a href="{ctx.site.prefix}/comment/reply/{article.node_id}/{cid}">reply</a></li></ul>'
            "</div></div>"
        )
    form = (
        '<h2 class="title comment-form">Add new comment</h2>'
        f'<form class="comment-form" action="{ctx.site.prefix}/comment/reply/{article.node_id}" '
        'method="post" id="comment-form" accept-charset="UTF-8"><div>'
        '<div class="form-item form-type-textfield form-item-name"><label for="edit-name">'
        'Your name </label><input type="text" id="edit-name" name="name" value="" size="30" '
        'maxlength="60" class="form-text" /></div>'
        '<div class="form-item form-type-textarea"><label for="edit-comment-body">Comment '
        '<span class="form-required" title="This field is required.">*</span></label>'
        '<textarea class="text-full form-textarea required" id="edit-comment-body" '
        'name="comment_body[und][0][value]" cols="60" rows="5"></textarea></div>'
        '<input type="hidden" name="form_id" value="comment_node_article_form" />'
        '<div class="form-actions form-wrapper" id="edit-actions"><input type="submit" '
        'id="edit-submit--2" name="op" value="Save" class="form-submit" /></div></div></form>'
    )
    return (
        '<section id="comments" class="comment-wrapper"><h2 class="title">Comments</h2>'
        f"{''.join(blocks)}{form}</section>"
    )


NEWSLETTER = (
    '<div id="block-simplenews-subscribe" class="block block-simplenews">'
    '<h2 class="block-title">Newsletter</h2><div class="content">'
    "<p>The day's main stories from the Caucasus and the Middle East, every morning.</p>"
    '<form action="/newsletter/subscribe" method="post"><input type="email" name="mail" '
    'placeholder="E-mail" class="form-email" /><input type="submit" value="Subscribe" '
    'class="form-submit" /></form></div></div>'
)


def drupal_article(ctx: Context, article: ArticleTruth) -> Page:
    labels = LABELS.get(article.language or "en", LABELS["en"])
    site = ctx.site
    canonical = ctx.absolute(article.canonical_path or article.final_path)
    tags = "".join(
        f'<li class="field-item"><a href="{site.prefix}/tags/{slugify(tag) or "tag"}" '
        f'typeof="skos:Concept" property="rdfs:label skos:prefLabel">{esc(tag)}</a></li>'
        for tag in article.tags
    )
    top_figure = figure(ctx, article) if article.caption and article.figure_after is None else ""
    related = "".join(
        f'<li><a href="{attr(a.final_path)}">{esc(a.headline)}</a></li>'
        for a in related_articles(site, article)
    )
    main = f"""<article id="node-{article.node_id}" class="node node-article node-full clearfix"
  about="{attr(article.final_path)}" typeof="sioc:Item foaf:Document">
<h1 class="title" id="page-title">{esc(article.headline)}</h1>
{drupal_byline(ctx, article, labels)}
{share_bar(canonical, "top")}
{top_figure}
<div class="field field-name-body field-type-text-with-summary field-label-hidden">
<div class="field-items"><div class="field-item even" property="content:encoded">
{drupal_body(ctx, article)}
</div></div></div>
<div class="field field-name-field-tags field-type-taxonomy-term-reference field-label-inline">
<div class="field-label">{labels["tags"]}:&nbsp;</div><ul class="field-items">{tags}</ul>
</div>
{share_bar(canonical, "bottom")}
</article>
<section class="related-articles block"><h2 class="block-title">{labels["related"]}</h2>
<ul>{related}</ul></section>
{drupal_comments(ctx, article)}"""
    markup = drupal_document(
        ctx,
        title=article.headline,
        main=main,
        head=drupal_meta(ctx, article),
        body_class="not-front page-node node-type-article",
        crumbs=[("News", f"{site.prefix}/news")],
        lang=article.language,
        charset=article.encoding or "utf-8",
        sidebar_extra=NEWSLETTER,
    )
    headers = DRUPAL_HEADERS
    if article.final_path == EDGE_COOKIE_PATH:
        headers += (
            ("Set-Cookie", "SESS4f1b2c=Qm9vdHN0cmFwIHNlc3Npb24; path=/; HttpOnly"),
            ("Set-Cookie", "has_js=1; path=/; Max-Age=86400"),
        )
    return html_page(markup, charset=article.encoding or "utf-8", headers=headers)


def broken_article(ctx: Context, article: ArticleTruth) -> Page:
    """Tag soup: unclosed paragraphs and divs, a stray </div>, unquoted attributes, no </html>."""
    paragraphs = "\n".join(f"<p>{esc(p)}" for p in article.body_paragraphs[:-1])
    last = article.body_paragraphs[-1]  # left unescaped: its bare "&" is part of the test
    tags = ", ".join(
        f"<a href={ctx.site.prefix}/tags/{slugify(tag)} rel=tag>{esc(tag)}</a>"
        for tag in article.tags
    )
    markup = f"""<html lang=en>
<head>
<meta charset=utf-8>
<title>{esc(article.headline)} | {esc(ctx.site.name)}
</title>
<meta property="article:published_time" content="{iso(article.published)}">
</head>
<body class=page>
<div id=page><div id=header><a href="/edge/">{esc(ctx.site.name)}</a>
<ul class=menu><li><a href="/edge/">Home</a><li><a href="/edge/news">News</a></ul>
</div></div></div>
<div id=content class="main column">
<div class=node>
<h1 class=title>{esc(article.headline)}</h1>
<div class=submitted><span class=byline>By {esc(article.authors[0])}
<span class=date>{esc(article.date_text or "")}</div>
<div class="field-name-body">
{paragraphs}
<p>{last}
</div>
<div class=field-tags>Tags: {tags}</div>
<div class=links><a href="{EDGE_MOVED_PATH}">{esc("More on the M5 highway")}</a>
</div>
<div id=footer>{esc(ctx.site.name)}
</body>
"""
    return html_page(markup)


def query_int(query: str, name: str, default: int) -> int:
    values = parse_qs(query).get(name)
    try:
        return int(values[0]) if values else default
    except ValueError:
        return default


def route_drupal(ctx: Context, path: str, query: str) -> Page:
    site = ctx.site
    if path in (site.prefix, f"{site.prefix}/"):
        return drupal_front(ctx, "Latest news")
    if match := re.fullmatch(rf"{site.prefix}/tags/([a-z0-9-]+)", path):
        return drupal_listing(ctx, match.group(1), query)
    if match := re.fullmatch(rf"{site.prefix}/node/(\d+)", path):
        node = next((a for a in site.pages_by_path.values() if a.node_id == int(match[1])), None)
        return drupal_article(ctx, node) if node else drupal_not_found(ctx)
    if article := site.article_at(path):
        return drupal_article(ctx, article)
    if static := static_file(path):
        return static
    if section := drupal_section(path.removeprefix(f"{site.prefix}/")):
        return drupal_front(ctx, section)
    return drupal_not_found(ctx)


def drupal_section(relative: str) -> str | None:
    """The menu entry a path such as ``politics`` or ``politics/syria`` names, if any."""
    if relative == "news":
        return "News"
    for section, children in DRUPAL_MENU:
        if relative == slugify(section):
            return section
        for child in children:
            if relative == f"{slugify(section)}/{slugify(child)}":
                return child
    return None


def route_edge(ctx: Context, path: str, query: str) -> Page:
    site = ctx.site
    if path == site.tag_path:
        return drupal_listing(ctx, slugify(site.tag_name), query)
    if path == EDGE_REDIRECT_PATH:
        return redirect(ctx.absolute(EDGE_MOVED_PATH))
    if path == EDGE_500_PATH:
        return edge_server_error()
    if path == EDGE_PDF_PATH:
        return Page(200, REPORT_PDF, "application/pdf")
    if path == "/edge/story":
        if parse_qs(query).get("id") == ["42"]:
            return drupal_article(ctx, site.entry(EDGE_QUERY_PATH))
        return drupal_not_found(ctx)
    if path == EDGE_BROKEN_PATH:
        return broken_article(ctx, site.entry(path))
    if path in (site.prefix, f"{site.prefix}/", f"{site.prefix}/news", f"{site.prefix}/analysis"):
        return drupal_front(ctx, "Latest news")
    article = site.article_at(path)
    if article is None or path == EDGE_404_PATH:
        return static_file(path) or drupal_not_found(ctx)
    return drupal_article(ctx, article)


def edge_server_error() -> Page:
    markup = (
        "<!DOCTYPE html>\n<html><head><title>Error</title></head><body>\n"
        "<h1>Error</h1>\n<p>The website encountered an unexpected error."
        " Please try again later.</p>\n</body></html>\n"
    )
    return html_page(markup, 500)


# --- WordPress ----------------------------------------------------------------------------------

WP_VERSION = "5.3.2"
WP_MENU = (("Home", ""), ("News", "category/news/"), ("Analysis", "category/analysis/"))
WP_MENU += (("About", "about/"), ("Contact", "contact/"))
# Dreamweaver's rollover helpers and an ad loader, as in the head of many 2000s sites.
TABLE_SCRIPT = (DATA_DIR / "table_head_script.txt").read_text(encoding="utf-8").strip()
# WordPress's inline emoji loader, as every WordPress 5 page carries it ({wp} is the site URL).
EMOJI_SCRIPT = (DATA_DIR / "wp_emoji_script.txt").read_text(encoding="utf-8").strip()


def wp_title(text: str) -> str:
    """A title as WordPress prints it: texturized, with the en dash as a character reference."""
    return esc(text).replace("’", "&#8217;").replace("'", "&#8217;")


def wp_sidebar(ctx: Context) -> str:
    site = ctx.site
    recent = site.articles[:3] + site.other_articles[:2]
    recent.sort(key=lambda a: a.published or datetime.min, reverse=True)
    recent_items = "".join(
        f'<li><a href="{attr(ctx.absolute(a.final_path))}">{esc(a.headline)}</a></li>'
        for a in recent
    )
    popular_items = "".join(
        f'<li><a href="{attr(ctx.absolute(a.final_path))}" class="wpp-post-title">'
        f"{esc(a.headline)}</a></li>"
        for a in sidebar_articles(site)
    )
    archives = "".join(
        f"<li><a href='{ctx.absolute(f'{site.prefix}/{y}/{m:02d}/')}'>{month} {y}</a></li>"
        for y, m, month in ((2020, 2, "February"), (2020, 1, "January"), (2019, 12, "December"))
    )
    categories = "".join(
        f'<li class="cat-item"><a href="{ctx.absolute(f"{site.prefix}/category/{slug}/")}">'
        f"{name}</a></li>"
        for name, slug in (("Analysis", "analysis"), ("News", "news"), ("Opinion", "opinion"))
    )
    return f"""<aside id="secondary" class="widget-area" role="complementary"
  aria-label="Blog Sidebar">
<section id="search-2" class="widget widget_search">
<form role="search" method="get" class="search-form" action="{ctx.absolute(site.prefix + "/")}">
<label for="search-form-1"><span class="screen-reader-text">Search for:</span></label>
<input type="search" id="search-form-1" class="search-field" placeholder="Search &hellip;"
  value="" name="s" />
<button type="submit" class="search-submit"><span class="screen-reader-text">Search</span></button>
</form></section>
<section id="recent-posts-2" class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2><ul>{recent_items}</ul></section>
<section id="wpp-2" class="widget popular-posts">
<h2 class="widget-title">Popular</h2><ul class="wpp-list">{popular_items}</ul></section>
<section id="archives-2" class="widget widget_archive">
<h2 class="widget-title">Archives</h2><ul>{archives}</ul></section>
<section id="categories-2" class="widget widget_categories">
<h2 class="widget-title">Categories</h2><ul>{categories}</ul></section>
</aside>"""


def wp_document(
    ctx: Context, *, title: str, main: str, head: str = "", body_class: str = "", header: str = ""
) -> str:
    site = ctx.site
    home = ctx.absolute(site.prefix + "/")
    menu = "".join(
        f'<li id="menu-item-{20 + i}" class="menu-item menu-item-type-custom">'
        f'<a href="{home}{href}">{label}</a></li>'
        for i, (label, href) in enumerate(WP_MENU)
    )
    styles = "\n".join(
        f"<link rel='stylesheet' id='{name}-css' href='{home}{href}?ver={WP_VERSION}' "
        "type='text/css' media='all' />"
        for name, href in (
            ("wp-block-library", "wp-includes/css/dist/block-library/style.min.css"),
            ("twentyseventeen-fonts", "wp-content/themes/twentyseventeen/fonts.css"),
            ("twentyseventeen-style", "wp-content/themes/twentyseventeen/style.css"),
            ("jetpack_css", "wp-content/plugins/jetpack/css/jetpack.css"),
        )
    )
    emoji = EMOJI_SCRIPT.replace("{wp}", home.rstrip("/").replace("/", "\\/"))
    return f"""<!DOCTYPE html>
<html lang="en-US" class="no-js no-svg">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<script>(function(html){{html.className = html.className.replace(/\\bno-js\\b/,'js')}})
(document.documentElement);</script>
<title>{title}</title>
{head}
<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel='dns-prefetch' href='//s.w.org' />
<link rel="alternate" type="application/rss+xml" title="{attr(site.name)} &raquo; Feed"
  href="{home}feed/" />
<script type="text/javascript">
{emoji}
</script>
<style type="text/css">
img.wp-smiley,img.emoji{{display:inline !important;border:none !important;
box-shadow:none !important;height:1em !important;width:1em !important;margin:0 .07em !important;
vertical-align:-0.1em !important;background:none !important;padding:0 !important}}
</style>
{styles}
<link rel='https://api.w.org/' href='{home}wp-json/' />
<meta name="generator" content="WordPress {WP_VERSION}" />
</head>
<body class="{body_class} hfeed has-header-image has-sidebar colors-light">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header" role="banner">
<div class="site-branding"><div class="wrap"><div class="site-branding-text">
<p class="site-title"><a href="{home}" rel="home">{esc(site.name)}</a></p>
<p class="site-description">Notes from the front lines of the Syrian war</p>
</div></div></div>
<div class="navigation-top"><div class="wrap">
<nav id="site-navigation" class="main-navigation" role="navigation" aria-label="Top Menu">
<button class="menu-toggle" aria-controls="top-menu" aria-expanded="false">Menu</button>
<div class="menu-top-container"><ul id="top-menu" class="menu">{menu}</ul></div>
</nav></div></div>
</header>
<div class="site-content-contain"><div id="content" class="site-content"><div class="wrap">
{header}
<div id="primary" class="content-area"><main id="main" class="site-main" role="main">
{main}
</main></div>
{wp_sidebar(ctx)}
</div></div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="wrap">
<nav class="social-navigation" role="navigation" aria-label="Footer Social Links Menu">
<ul class="social-links-menu">
<li><a href="https://twitter.com/frontlinenotes"
  ><span class="screen-reader-text">Twitter</span></a></li>
<li><a href="https://www.facebook.com/frontlinenotes"
  ><span class="screen-reader-text">Facebook</span></a></li>
</ul></nav>
<div class="site-info">
<a href="https://wordpress.org/" class="imprint">Proudly powered by WordPress</a></div>
</div></footer>
</div></div>
<script type='text/javascript' src='{home}wp-includes/js/wp-embed.min.js?ver={WP_VERSION}'></script>
</body>
</html>
"""


def wp_headers(ctx: Context, shortlink_id: int | None = None) -> tuple[tuple[str, str], ...]:
    api = ctx.absolute(ctx.site.prefix + "/wp-json/")
    headers: tuple[tuple[str, str], ...] = (
        ("X-Powered-By", "PHP/7.3.14"),
        ("Link", f'<{api}>; rel="https://api.w.org/"'),
        ("Vary", "Accept-Encoding"),
    )
    if shortlink_id:
        shortlink = ctx.absolute(f"{ctx.site.prefix}/?p={shortlink_id}")
        headers += (("Link", f"<{shortlink}>; rel=shortlink"),)
    return headers


def wp_post_classes(article: ArticleTruth) -> str:
    tags = " ".join(f"tag-{slugify(tag)}" for tag in article.tags)
    return (
        f"post-{article.node_id} post type-post status-publish format-standard hentry "
        f"category-news {tags}"
    )


def wp_posted_on(ctx: Context, article: ArticleTruth) -> str:
    assert article.published and article.modified
    author = article.authors[0]
    return (
        '<span class="posted-on"><span class="screen-reader-text">Posted on</span> '
        f'<a href="{attr(ctx.absolute(article.final_path))}" rel="bookmark">'
        f'<time class="entry-date published" datetime="{iso(article.published)}">'
        f"{wp_date(article.published)}</time>"
        f'<time class="updated" datetime="{iso(article.modified)}">{wp_date(article.modified)}'
        "</time></a></span>"
        '<span class="byline"> by <span class="author vcard"><a class="url fn n" '
        f'href="{ctx.absolute(f"{ctx.site.prefix}/author/{slugify(author)}/")}">{esc(author)}</a>'
        "</span></span>"
    )


def wp_entry(ctx: Context, article: ArticleTruth) -> str:
    link = attr(ctx.absolute(article.path))
    return f"""<article id="post-{article.node_id}" class="{wp_post_classes(article)}">
<header class="entry-header">
<div class="entry-meta">{wp_posted_on(ctx, article)}</div>
<h2 class="entry-title"><a href="{link}" rel="bookmark">{esc(article.headline)}</a></h2>
</header>
<div class="entry-summary">
<p>{esc(article.teaser)}</p>
<p class="link-more"><a href="{link}" class="more-link">Continue reading<span
  class="screen-reader-text"> &#8220;{esc(article.headline)}&#8221;</span></a></p>
</div>
</article>"""


def wp_tag_url(ctx: Context, slug: str, number: int) -> str:
    base = f"{ctx.site.prefix}/tag/{slug}/"
    return ctx.absolute(base if number == 1 else f"{base}page/{number}/")


def wp_pagination(ctx: Context, slug: str, number: int, total: int) -> str:
    if total < 2:
        return ""
    links = []
    if number > 1:
        links.append(
            f'<a class="prev page-numbers" href="{wp_tag_url(ctx, slug, number - 1)}">'
            "« Previous</a>"
        )
    for page in range(1, total + 1):
        if page == number:
            links.append(f'<span aria-current="page" class="page-numbers current">{page}</span>')
        else:
            links.append(f'<a class="page-numbers" href="{wp_tag_url(ctx, slug, page)}">{page}</a>')
    if number < total:
        links.append(
            f'<a class="next page-numbers" href="{wp_tag_url(ctx, slug, number + 1)}">Next »</a>'
        )
    joined = "\n".join(links)
    return (
        '<nav class="navigation pagination" role="navigation" aria-label="Posts">'
        '<h2 class="screen-reader-text">Posts navigation</h2>'
        f'<div class="nav-links">{joined}</div></nav>'
    )


def wp_listing(ctx: Context, slug: str, number: int) -> Page:
    pages = tagged_pages(ctx.site, slug, 10)
    if not 1 <= number <= len(pages):
        return wp_not_found(ctx)
    label = ctx.site.tag_name if slug == slugify(ctx.site.tag_name) else slug.replace("-", " ")
    head = []
    if number > 1:
        head.append(f'<link rel="prev" href="{wp_tag_url(ctx, slug, number - 1)}" />')
    if number < len(pages):
        head.append(f'<link rel="next" href="{wp_tag_url(ctx, slug, number + 1)}" />')
    page_label = f" &#8211; Page {number}" if number > 1 else ""
    title = f"{esc(label.title())} Archives{page_label} &#8211; {esc(ctx.site.name)}"
    entries = "\n".join(wp_entry(ctx, article) for article in pages[number - 1])
    header = (
        '<header class="page-header"><h1 class="page-title">Tag: '
        f"<span>{esc(label.title())}</span></h1></header>"
    )
    markup = wp_document(
        ctx,
        title=title,
        head="\n".join(head),
        main=entries + "\n" + wp_pagination(ctx, slug, number, len(pages)),
        body_class=f"archive tag tag-{slug}",
        header=header,
    )
    return html_page(markup, headers=wp_headers(ctx), compressible=True)


def wp_json_ld(ctx: Context, article: ArticleTruth) -> str:
    """Yoast-style @graph. Even posts name the author inline, odd ones by a Person node's @id."""
    assert article.published and article.modified
    home = ctx.absolute(ctx.site.prefix + "/")
    permalink = ctx.absolute(article.final_path)
    person_id = f"{home}#/schema/person/{slugify(article.authors[0])}"
    inline = article.node_id % 2 == 0
    author = {"@type": "Person", "name": article.authors[0]} if inline else {"@id": person_id}
    graph: list[dict] = [
        {
            "@type": "Organization",
            "@id": f"{home}#organization",
            "name": ctx.site.name,
            "url": home,
        },
        {
            "@type": "WebSite",
            "@id": f"{home}#website",
            "url": home,
            "name": ctx.site.name,
            "publisher": {"@id": f"{home}#organization"},
        },
        {
            "@type": "WebPage",
            "@id": f"{permalink}#webpage",
            "url": permalink,
            "inLanguage": "en-US",
            "name": f"{article.headline} – {ctx.site.name}",
            "isPartOf": {"@id": f"{home}#website"},
            "datePublished": iso(article.published),
            "dateModified": iso(article.modified),
        },
        {
            "@type": "NewsArticle" if inline else "BlogPosting",
            "@id": f"{permalink}#article",
            "isPartOf": {"@id": f"{permalink}#webpage"},
            "author": author,
            "headline": article.headline,
            "datePublished": iso(article.published),
            "dateModified": iso(article.modified),
            "mainEntityOfPage": {"@id": f"{permalink}#webpage"},
            "publisher": {"@id": f"{home}#organization"},
            "keywords": ",".join(article.tags),
            "articleSection": "News",
            "inLanguage": "en-US",
        },
    ]
    if not inline:
        graph.append({"@type": ["Person"], "@id": person_id, "name": article.authors[0]})
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return f"<script type='application/ld+json' class='yoast-schema-graph'>{data}</script>"


def wp_content(ctx: Context, article: ArticleTruth) -> str:
    permalink = ctx.absolute(article.final_path)
    parts = []
    for index, text in enumerate(article.body_paragraphs):
        if index in article.heading_indexes:
            parts.append(f"<h3>{esc(text)}</h3>")
            continue
        markup = esc(text)
        if index == 2:
            markup = link_first(markup, ctx.site.tag_name, ctx.absolute(ctx.site.tag_path))
        parts.append(f"<p>{markup}</p>")
        if index == 0 and article.caption:
            src = ctx.absolute(
                f"{ctx.site.prefix}/wp-content/uploads/2020/02/{article.node_id}.png"
            )
            parts.append(
                f'<figure class="wp-block-image size-large"><img src="{src}" alt="" '
                f'class="wp-image-{article.node_id + 1}" /><figcaption>{esc(article.caption)}'
                "</figcaption></figure>"
            )
    shares = "".join(
        f'<li class="share-{name}"><a rel="nofollow noopener noreferrer" '
        f'class="share-{name} sd-button share-icon" href="{permalink}?share={name}" '
        f'target="_blank" title="Click to share on {label}"><span>{label}</span></a></li>'
        for name, label in (("twitter", "Twitter"), ("facebook", "Facebook"), ("email", "Email"))
    )
    parts.append(
        '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
        'sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3>'
        f'<div class="sd-content"><ul>{shares}</ul></div></div></div>'
        "<div id='jp-relatedposts' class='jp-relatedposts' ><h3 class=\"jp-relatedposts-headline\">"
        "<em>Related</em></h3></div>"
    )
    return "\n".join(parts)


def wp_entry_footer(ctx: Context, article: ArticleTruth) -> str:
    prefix = ctx.site.prefix
    tag_links = ", ".join(
        f'<a href="{ctx.absolute(f"{prefix}/tag/{slugify(tag)}/")}" rel="tag">{esc(tag)}</a>'
        for tag in article.tags
    )
    category = ctx.absolute(f"{prefix}/category/news/")
    return (
        '<footer class="entry-footer"><span class="cat-tags-links"><span class="cat-links">'
        f'<span class="screen-reader-text">Categories</span><a href="{category}" '
        'rel="category tag">News</a></span><span class="tags-links">'
        f'<span class="screen-reader-text">Tags</span>{tag_links}</span></span></footer>'
    )


def wp_post_navigation(ctx: Context, neighbours: list[ArticleTruth]) -> str:
    links = "".join(
        f'<div class="nav-{side}"><a href="{attr(ctx.absolute(post.final_path))}" rel="{rel}">'
        f'<span class="screen-reader-text">{label}</span>'
        f'<span class="nav-title">{esc(post.headline)}</span></a></div>'
        for (side, rel, label), post in zip(
            (("previous", "prev", "Previous Post"), ("next", "next", "Next Post")),
            neighbours,
            strict=False,
        )
    )
    return (
        '<nav class="navigation post-navigation" role="navigation" aria-label="Posts">'
        f'<h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">{links}'
        "</div></nav>"
    )


def wp_comment_form(ctx: Context, article: ArticleTruth) -> str:
    action = ctx.absolute(f"{ctx.site.prefix}/wp-comments-post.php")
    return f"""<div id="comments" class="comments-area"><div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="{action}" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Your email address will not be published.
Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment</label>
<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525"
  required="required"></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label>
<input id="author" name="author" type="text" value="" size="30" maxlength="245"
  required='required' /></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label>
<input id="email" name="email" type="email" value="" size="30" maxlength="100"
  required='required' /></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit"
  value="Post Comment" />
<input type='hidden' name='comment_post_ID' value='{article.node_id}' id='comment_post_ID' /></p>
</form>
</div></div>"""


def wp_article(ctx: Context, article: ArticleTruth) -> Page:
    site = ctx.site
    permalink = ctx.absolute(article.final_path)
    assert article.published and article.modified
    head = "\n".join(
        [
            f'<link rel="canonical" href="{permalink}" />',
            '<meta property="og:locale" content="en_US" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:title" content="{attr(article.headline)}" />',
            f'<meta property="og:url" content="{permalink}" />',
            f'<meta property="og:site_name" content="{attr(site.name)}" />',
            f'<meta property="article:published_time" content="{iso(article.published)}" />',
            f'<meta property="article:modified_time" content="{iso(article.modified)}" />',
            wp_json_ld(ctx, article),
        ]
    )
    main = f"""<article id="post-{article.node_id}" class="{wp_post_classes(article)}">
<header class="entry-header">
<div class="entry-meta">{wp_posted_on(ctx, article)}</div>
<h1 class="entry-title">{esc(article.headline)}</h1>
</header>
<div class="entry-content">
{wp_content(ctx, article)}
</div>
{wp_entry_footer(ctx, article)}
</article>
{wp_post_navigation(ctx, related_articles(site, article, 2))}
{wp_comment_form(ctx, article)}"""
    markup = wp_document(
        ctx,
        title=f"{wp_title(article.headline)} &#8211; {esc(site.name)}",
        head=head,
        main=main,
        body_class=f"post-template-default single single-post postid-{article.node_id}",
    )
    headers = wp_headers(ctx, article.node_id)
    return html_page(markup, headers=headers, compressible=True, chunked=True)


def wp_not_found(ctx: Context) -> Page:
    main = (
        '<section class="error-404 not-found"><header class="page-header">'
        '<h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></header>'
        '<div class="page-content"><p>It looks like nothing was found at this location.</p>'
        "</div></section>"
    )
    markup = wp_document(
        ctx, title=f"Page not found &#8211; {esc(ctx.site.name)}", main=main, body_class="error404"
    )
    return html_page(markup, 404, headers=wp_headers(ctx), compressible=True)


def wp_front(ctx: Context) -> Page:
    entries = "\n".join(wp_entry(ctx, article) for article in ctx.site.articles[:10])
    markup = wp_document(ctx, title=esc(ctx.site.name), main=entries, body_class="home blog")
    return html_page(markup, headers=wp_headers(ctx), compressible=True)


def route_wp(ctx: Context, path: str, query: str) -> Page:
    site = ctx.site
    if path == site.prefix:
        return redirect(ctx.absolute(site.prefix + "/"))
    if path == f"{site.prefix}/":
        return wp_front(ctx)
    if match := re.fullmatch(rf"{site.prefix}/tag/([a-z0-9-]+)/(?:page/(\d+)/)?", path):
        slug, number = match.group(1), int(match.group(2) or 1)
        if match.group(2) == "1":
            return redirect(wp_tag_url(ctx, slug, 1))
        return wp_listing(ctx, slug, number)
    if article := site.article_at(path):
        return wp_article(ctx, article)
    if not path.endswith("/") and (
        site.article_at(path + "/") or re.fullmatch(rf"{site.prefix}/tag/[a-z0-9/-]+", path)
    ):
        return redirect(ctx.absolute(path + "/"))
    return static_file(path) or wp_not_found(ctx)


# --- the old table-layout site ------------------------------------------------------------------

TABLE_MENU_SECTIONS = (
    "Front page",
    "World",
    "Middle East",
    "Syria",
    "Iraq",
    "Lebanon",
    "Turkey",
    "Jordan",
    "Israel &amp; Palestine",
    "Gulf",
    "Business",
    "Oil &amp; Gas",
    "Opinion",
    "Letters",
    "Iran",
    "Egypt",
    "Kurdistan",
    "Culture",
    "Health",
    "Technology",
    "Sport",
    "Obituaries",
    "Photo gallery",
    "Weather",
)
TABLE_PARTNERS = (
    ("Reuters", "http://www.reuters.com/"),
    ("BBC News", "http://news.bbc.co.uk/"),
    ("Al Jazeera English", "http://english.aljazeera.net/"),
    ("Daily Star Lebanon", "http://www.dailystar.com.lb/"),
    ("Hurriyet Daily News", "http://www.hurriyetdailynews.com/"),
)


def table_menu(site: Site) -> str:
    sections = "\n".join(
        f'<a href="section.php?s={i}" class="menulink">{name}</a><br>'
        for i, name in enumerate(TABLE_MENU_SECTIONS, start=1)
    )
    archive = "\n".join(
        f'<a href="archive.php?y={year}">{year}</a>' for year in range(2020, 1998, -1)
    )
    tags = "\n".join(
        f'<a href="tag.php?tag={tag}">{tag}</a>'
        for tag in ("idlib", "aleppo", "damascus", "turkey", "russia", "refugees", "un", "kurds")
    )
    months = "\n".join(
        f'<OPTION VALUE="archive.php?y={year}&amp;m={month}">{MONTHS[month - 1]} {year}</OPTION>'
        for year in (2020, 2019)
        for month in range(12, 0, -1)
        if (year, month) <= (2020, 2)
    )
    partners = "\n".join(
        f'<a href="{href}" target="_blank">{name}</a><br>' for name, href in TABLE_PARTNERS
    )
    return f"""<div id="menu">
<b>SECTIONS</b><br>
{sections}
<br><b>TAGS</b><br>
{tags}
<br><br><b>ARCHIVE</b><br>
<FORM NAME="jump"><SELECT NAME="menu" onChange="MM_jumpMenu('parent',this,0)">
<OPTION VALUE="">Browse by month</OPTION>
{months}
</SELECT></FORM>
{archive}
<br><br><b>PARTNERS</b><br>
{partners}
<br><a href="search.php">Search</a><br><a href="contact.php">Contact us</a>
<br><a href="rss.php">RSS</a>
</div>"""


def table_box(title: str, rows: str) -> str:
    return f"""<TABLE WIDTH=100% BORDER=0 CELLPADDING=2 CELLSPACING=0 BGCOLOR="#F4F4F4">
<TR><TD BGCOLOR="#003366"><FONT COLOR="#FFFFFF" SIZE=2><B>{title}</B></FONT></TD></TR>
{rows}
</TABLE><BR>"""


def table_link_rows(articles: list[ArticleTruth]) -> str:
    return "\n".join(
        f'<TR><TD><FONT SIZE=1>&#149; <A HREF="article.php?id={a.node_id}">{esc(a.headline)}'
        "</A></FONT></TD></TR>"
        for a in articles
    )


TABLE_RATES = (("USD", "515.00"), ("EUR", "557.40"), ("TRY", "84.20"), ("LBP", "0.34"))


def table_sidebar(site: Site, current: ArticleTruth | None) -> str:
    """The right column: latest and most e-mailed headlines, exchange rates, an advert."""
    latest = [a for a in site.articles[:22] if a is not current]
    most_emailed = site.articles[4:22:4]
    rates = "\n".join(
        f"<TR><TD><FONT SIZE=1>{code}</FONT></TD><TD ALIGN=right><FONT SIZE=1>{rate}</FONT>"
        "</TD></TR>"
        for code, rate in TABLE_RATES
    )
    return (
        table_box("LATEST HEADLINES", table_link_rows(latest))
        + table_box("MOST E-MAILED", table_link_rows(most_emailed))
        + table_box(
            "SYRIAN POUND",
            f"<TR><TD><TABLE WIDTH=100% CELLPADDING=1 CELLSPACING=0>{rates}</TABLE></TD></TR>",
        )
        + '<A HREF="http://ads.levantwire.example/click.php?z=14"><IMG SRC="img/banner_180x150.png"'
        ' WIDTH=180 HEIGHT=150 BORDER=0 ALT="Advertisement"></A>'
    )


def table_related(site: Site, article: ArticleTruth) -> str:
    rows = "\n".join(
        f"<TR><TD NOWRAP><FONT SIZE=1>{esc(a.listing_date_text or '')}</FONT></TD>"
        f'<TD><FONT SIZE=2><A HREF="article.php?id={a.node_id}">{esc(a.headline)}</A></FONT>'
        f"<BR><FONT SIZE=1>{esc(a.teaser)}</FONT></TD></TR>"
        for a in related_articles(site, article, 5)
    )
    return table_box("RELATED STORIES", f"<TR><TD><TABLE WIDTH=100%>{rows}</TABLE></TD></TR>")


def table_document(site: Site, title: str, content: str, right: str = "") -> str:
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML>
<HEAD>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8">
<TITLE>{esc(title)} - {esc(site.name)}</TITLE>
<LINK REL="stylesheet" HREF="style.css" TYPE="text/css">
<SCRIPT LANGUAGE="JavaScript">
<!--
{TABLE_SCRIPT}
//-->
</SCRIPT>
</HEAD>
<BODY BGCOLOR="#FFFFFF" TOPMARGIN=0 LEFTMARGIN=0 MARGINWIDTH=0 MARGINHEIGHT=0
 onLoad="MM_preloadImages('img/nav_news_on.gif','img/nav_archive_on.gif')">
<TABLE WIDTH=780 BORDER=0 CELLPADDING=0 CELLSPACING=0 ALIGN=center>
<TR><TD COLSPAN=3 BGCOLOR="#003366"><A HREF="index.php"
><IMG SRC="img/logo.png" WIDTH=300 HEIGHT=60 BORDER=0 ALT="{esc(site.name)}"></A>
<FONT COLOR="#FFFFFF" FACE="Arial">Independent news from the Levant since 1999</FONT></TD></TR>
<TR><TD WIDTH=150 VALIGN=top BGCOLOR="#EEEEEE">
{table_menu(site)}
</TD>
<TD WIDTH=450 VALIGN=top>
{content}
</TD>
<TD WIDTH=180 VALIGN=top>
{right}
</TD></TR>
<TR><TD COLSPAN=3 ALIGN=center><HR SIZE=1 NOSHADE>
<FONT SIZE=1 FACE="Verdana">Copyright &copy; 1999-2020 {esc(site.name)}. All rights reserved.
<A HREF="about.php">About us</A> | <A HREF="advertise.php">Advertise</A> |
<A HREF="privacy.php">Privacy</A></FONT>
</TD></TR>
</TABLE>
</BODY>
</HTML>
"""


def table_pages_nav(site: Site, number: int, total: int) -> str:
    base = "tag.php?tag=idlib&amp;page="
    links = [
        f"<B>{page}</B>" if page == number else f'<A HREF="{base}{page}">{page}</A>'
        for page in range(1, total + 1)
    ]
    if number < total:
        links.append(f'<A HREF="{base}{number + 1}">Next &raquo;</A>')
    return f'<P CLASS="pages">Pages: {" ".join(links)}</P>'


def table_listing(ctx: Context, query: str) -> Page:
    site = ctx.site
    params = parse_qs(query)
    if params.get("tag") != [site.tag_name]:
        content = "<H2>Tagged articles</H2>\n<P>No articles found for this tag.</P>"
        return html_page(table_document(site, "Tag", content), headers=TABLE_HEADERS)
    number = query_int(query, "page", 1)
    total = len(site.listing_pages)
    if not 1 <= number <= total:
        content = "<H2>Articles tagged &quot;idlib&quot;</H2>\n<P>No more articles.</P>"
        return html_page(table_document(site, "Tag: idlib", content), headers=TABLE_HEADERS)
    rows = "\n".join(
        f'<TR VALIGN=top><TD CLASS="date" NOWRAP>{esc(a.listing_date_text or "")}</TD>'
        f'<TD><A HREF="article.php?id={a.node_id}"><B>{esc(a.headline)}</B></A></TD>'
        f"<TD><FONT SIZE=2>{esc(a.teaser)}</FONT></TD></TR>"
        for a in map(site.entry, site.listing_pages[number - 1].article_paths)
    )
    content = f"""<H2>Articles tagged &quot;idlib&quot;</H2>
<TABLE CLASS="list" WIDTH="100%" BORDER=0 CELLPADDING=4 CELLSPACING=1>
<TR BGCOLOR="#DDDDDD"><TH>Date</TH><TH>Headline</TH><TH>Summary</TH></TR>
{rows}
</TABLE>
{table_pages_nav(site, number, total)}"""
    markup = table_document(site, "Tag: idlib", content, table_sidebar(site, None))
    return html_page(markup, headers=TABLE_HEADERS)


def table_body(article: ArticleTruth) -> str:
    """Even ids: one run of text with <br><br> between paragraphs; odd ids: <p> elements."""
    if article.node_id % 2 == 0:
        text = "<BR><BR>\n".join(esc(p) for p in article.body_paragraphs)
        return f'<FONT FACE="Verdana" SIZE=2>\n{text}\n</FONT>'
    return "\n".join(f"<P>{esc(p)}</P>" for p in article.body_paragraphs)


def table_headline(article: ArticleTruth) -> str:
    if article.node_id % 3 == 0:
        return f'<FONT FACE="Arial" SIZE=5><B>{esc(article.headline)}</B></FONT><BR>'
    return f'<H1><FONT FACE="Arial">{esc(article.headline)}</FONT></H1>'


def table_article(ctx: Context, article: ArticleTruth, printable: bool) -> Page:
    site = ctx.site
    content = f"""{table_headline(article)}
<FONT SIZE=2 COLOR="#666666">{esc(article.date_text or "")}</FONT><BR><BR>
{table_body(article)}
<BR><BR>"""
    if printable:
        markup = (
            f"<HTML><HEAD><TITLE>{esc(article.headline)} - {esc(site.name)}</TITLE></HEAD>\n"
            f'<BODY onLoad="window.print()">\n{content}\n</BODY></HTML>\n'
        )
        return html_page(markup, headers=TABLE_HEADERS)
    content += (
        f'<A HREF="article.php?id={article.node_id}&amp;print=1">Printer friendly</A> | '
        f'<A HREF="mailto:?subject={quote(article.headline)}">E-mail this story</A>'
        f"<BR><BR>\n{table_related(site, article)}"
    )
    markup = table_document(site, article.headline, content, table_sidebar(site, article))
    return html_page(markup, headers=TABLE_HEADERS)


TABLE_HEADERS = (("X-Powered-By", "PHP/5.2.17"),)


def table_not_found(site: Site) -> Page:
    content = "<H2>Not found</H2>\n<P>Sorry, that page does not exist.</P>"
    return html_page(table_document(site, "Not found", content), 404, headers=TABLE_HEADERS)


def route_table(ctx: Context, path: str, query: str) -> Page:
    site = ctx.site
    if path in (site.prefix, f"{site.prefix}/", f"{site.prefix}/index.php"):
        content = "<H2>Front page</H2>\n" + table_sidebar(site, None)
        return html_page(table_document(site, "Front page", content), headers=TABLE_HEADERS)
    if path == f"{site.prefix}/tag.php":
        return table_listing(ctx, query)
    if path == f"{site.prefix}/article.php":
        article_id = query_int(query, "id", 0)
        article = site.article_at(f"{site.prefix}/article.php?id={article_id}")
        if article:
            return table_article(ctx, article, parse_qs(query).get("print") == ["1"])
    return static_file(path) or table_not_found(site)


ROUTERS: dict[str, Callable[[Context, str, str], Page]] = {
    "drupal": route_drupal,
    "wp": route_wp,
    "table": route_table,
    "edge": route_edge,
}
