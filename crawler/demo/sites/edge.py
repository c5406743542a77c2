"""The edge site: the Drupal theme with the cases that put a crawler to the test.

A redirect, a server error, a 404 for a listed article, a PDF, a query-string article, tag soup,
cookies (set in ``drupal.py``, on the article at ``EDGE_COOKIE_PATH``). Its tag's RSS feed lists
the same entries as the listing (those on its own host).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from crawler.demo.sites.drupal import (
    drupal_article,
    drupal_feed,
    drupal_front,
    drupal_listing,
    drupal_not_found,
)
from crawler.demo.sites.markup import esc, iso
from crawler.demo.sites.pages import Context, HeaderStyle, Page, html_page, redirect, static_file
from crawler.demo.world import (
    EDGE_404_PATH,
    EDGE_500_PATH,
    EDGE_BROKEN_PATH,
    EDGE_MOVED_PATH,
    EDGE_PDF_PATH,
    EDGE_QUERY_PATH,
    EDGE_REDIRECT_PATH,
    ArticleTruth,
    slugify,
)

# The edge site's header lines as a mix of servers and proxies writes them: odd-case and
# lower-case names, no space or two spaces after the colon.
EDGE_HEADER_STYLE = HeaderStyle(
    names={
        "content-type": "Content-type",
        "cache-control": "cache-control",
        "x-content-type-options": "x-content-type-options",
        "x-generator": "X-generator",
        "location": "location",
        "set-cookie": "set-cookie",
    },
    spacing={"content-type": "", "x-powered-by": "  ", "set-cookie": ""},
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


REPORT_PDF = minimal_pdf(
    [
        "Idlib humanitarian situation report, February 2020",
        "More than 900,000 people displaced since December.",
        "Shelter, fuel and winter supplies remain the most urgent needs.",
    ]
)


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


def route_edge(ctx: Context, path: str, query: str) -> Page:
    site = ctx.site
    if path == site.tag_path:
        return drupal_listing(ctx, slugify(site.tag_name), query)
    if path == site.feed_path:
        return drupal_feed(ctx, slugify(site.tag_name))
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
