"""A tag's RSS 2.0 feed as Drupal 7's taxonomy module writes it (``/tags/<name>/feed``).

The listing pages of the Drupal theme link it with ``<link rel="alternate"
type="application/rss+xml">``. Items carry absolute links, the teaser as escaped HTML, the
article's tags as categories, the date in RFC 822 with the site's offset, the author and the
node id as a guid that is not a permalink.
"""

from __future__ import annotations

from email.utils import format_datetime

from crawler.demo.sites.markup import attr, esc
from crawler.demo.sites.pages import Context, Page
from crawler.demo.world import ArticleTruth, slugify

RSS_TYPE = "application/rss+xml; charset=utf-8"


def rss_item(ctx: Context, article: ArticleTruth) -> str:
    prefix = ctx.site.prefix
    teaser = "".join(f"<p>{esc(p)}</p>" for p in article.teaser_paragraphs)
    fields = [
        f"<title>{esc(article.headline)}</title>",
        f"<link>{esc(ctx.absolute(article.path))}</link>",
        f"<description>{esc(teaser)}</description>",
        *(
            f'<category domain="{attr(ctx.absolute(f"{prefix}/tags/{slugify(tag)}"))}">'
            f"{esc(tag)}</category>"
            for tag in article.tags
        ),
    ]
    if article.published is not None:
        fields.append(f"<pubDate>{format_datetime(article.published)}</pubDate>")
    fields.extend(f"<dc:creator>{esc(name)}</dc:creator>" for name in article.authors[:1])
    fields.append(f'<guid isPermaLink="false">{article.node_id} at {esc(ctx.base_url)}</guid>')
    return "<item>\n " + "\n ".join(fields) + "\n</item>"


def rss_feed(
    ctx: Context,
    title: str,
    listing_path: str,
    articles: list[ArticleTruth],
    headers: tuple[tuple[str, str], ...] = (),
) -> Page:
    """The feed of the listing at ``listing_path``: ``articles`` in the order given."""
    link = ctx.absolute(listing_path)
    items = "\n".join(rss_item(ctx, article) for article in articles)
    document = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="{attr(link)}" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
 <title>{esc(title)}</title>
 <link>{esc(link)}</link>
 <description></description>
 <language>en</language>
{items}
</channel>
</rss>
"""
    return Page(200, document.encode("utf-8"), RSS_TYPE, headers)
