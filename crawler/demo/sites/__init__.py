"""The demo world's pages: one module per site layout, all rendered from the world's truth.

``respond(world, target, base_url)`` turns a request target (path and query) into a
:class:`Page`; the server decides on the wire format (gzip, chunking) from the page's flags.

What the sites share: ``pages`` (Page, Context, redirects, static files), ``markup`` (escaping,
ISO dates) and ``article_lists`` (a tag's listing pages and feed, related and most-read
articles). The sites: ``drupal_theme`` and ``drupal`` the Drupal 7 site, with ``feeds`` its tags'
RSS feeds, ``edge`` the edge-case site on the same theme, ``wordpress`` and ``table`` the other
two.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from crawler.demo.sites.broken import broken_article
from crawler.demo.sites.drupal import route_drupal
from crawler.demo.sites.edge import EDGE_HEADER_STYLE, route_edge
from crawler.demo.sites.markup import attr, esc
from crawler.demo.sites.pages import Context, HeaderStyle, Page, html_page, plain_not_found
from crawler.demo.sites.table import TABLE_HEADER_STYLE, route_table
from crawler.demo.sites.wordpress import route_wp
from crawler.demo.world import Site, World

__all__ = ["Page", "respond"]


def respond(
    world: World, target: str, base_url: str, broken_template: Collection[str] = ()
) -> Page:
    """The page for a request target such as ``/drupal/tags/idlib?page=1``; the article pages
    of the sites (keys) in ``broken_template`` after a template change (sites/broken.py)."""
    path, _, query = target.partition("?")
    if path == "/robots.txt":
        return Page(200, world.robots_txt.encode("ascii"), "text/plain; charset=utf-8")
    if path in ("/", "/index.html"):
        return index_page(world)
    site = world.site_for(path)
    if site is None:
        return plain_not_found(path)
    article = site.article_at(path) or site.article_at(target)
    if site.key in broken_template and article is not None and article.status == 200:
        page = broken_article(Context(site, base_url), article)
    else:
        page = ROUTERS[site.key](Context(site, base_url), path, query)
    style = HEADER_STYLES.get(site.key)
    return replace(page, header_style=style) if style else page


def index_page(world: World) -> Page:
    items = "\n".join(index_entry(site) for site in world.sites.values())
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


def index_entry(site: Site) -> str:
    listed = sum(len(page.article_paths) for page in site.listing_pages)
    entry = (
        f'<li><a href="{attr(site.tag_path)}">{esc(site.name)}</a>: tag page '
        f"<code>{esc(site.tag_path)}</code> ({listed} entries, "
        f"{len(site.listing_pages)} listing pages)"
    )
    if site.feed_path:
        unlisted = len(site.feed_only_articles)
        entry += f', <a href="{attr(site.feed_path)}">its feed</a>'
        noun = "article" if unlisted == 1 else "articles"
        entry += f" (with {unlisted} {noun} the listing leaves out)" if unlisted else ""
    return entry + "</li>"


ROUTERS: dict[str, Callable[[Context, str, str], Page]] = {
    "drupal": route_drupal,
    "wp": route_wp,
    "table": route_table,
    "edge": route_edge,
}
# How each site's server writes header lines; the others write them as Apache does.
HEADER_STYLES: dict[str, HeaderStyle] = {"table": TABLE_HEADER_STYLE, "edge": EDGE_HEADER_STYLE}
