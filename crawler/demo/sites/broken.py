"""A site's article pages after a template change: the page is rendered in the browser, so the
HTML holds the headline and an empty mount point, and no date, byline or body.

Served instead of a site's own article pages when the server is started with that site in
``broken_template`` (``DemoServer(broken_template={"drupal"})``, ``python -m crawler.demo
--broken-template drupal``): a scheduled crawl's monitors must notice the dates and bodies gone.
"""

from __future__ import annotations

from crawler.demo.sites.markup import attr, esc
from crawler.demo.sites.pages import Context, Page, html_page
from crawler.demo.world import ArticleTruth


def broken_article(ctx: Context, article: ArticleTruth) -> Page:
    site = ctx.site
    markup = f"""<!DOCTYPE html>
<html lang="{attr(article.language or "en")}">
<head><meta charset="utf-8"><title>{esc(article.headline)} | {esc(site.name)}</title></head>
<body>
<header><a href="{attr(site.prefix)}/">{esc(site.name)}</a></header>
<main><h1>{esc(article.headline)}</h1>
<div id="story-root" data-node="{article.node_id}"></div></main>
<script src="{attr(site.prefix)}/static/story-app.js" defer></script>
</body>
</html>
"""
    return html_page(markup)
