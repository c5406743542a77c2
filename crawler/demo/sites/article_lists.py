"""Which of a site's articles a page lists: a tag's listing pages and feed, related and most
read."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.demo.world import FEED_ITEMS, ArticleTruth, Site, slugify

UNDATED = datetime(1970, 1, 1, tzinfo=UTC)  # an undated article sorts last in a feed


def tagged_pages(site: Site, slug: str, per_page: int) -> list[list[ArticleTruth]]:
    """The pages of the listing for tag ``slug``: the truth's own for the site's tag."""
    if slug == slugify(site.tag_name):
        return [[site.entry(p) for p in page.article_paths] for page in site.listing_pages]
    tagged = [a for a in site.articles + site.other_articles if slug in map(slugify, a.tags)]
    return [tagged[i : i + per_page] for i in range(0, len(tagged), per_page)]


def feed_articles(site: Site, slug: str) -> list[ArticleTruth]:
    """What the feed of tag ``slug`` lists: the truth's own for the site's tag, else the
    FEED_ITEMS newest of the articles the tag's listing shows."""
    if slug == slugify(site.tag_name):
        return site.feed_articles()
    tagged = [a for page in tagged_pages(site, slug, FEED_ITEMS) for a in page]
    return sorted(tagged, key=lambda a: a.published or UNDATED, reverse=True)[:FEED_ITEMS]


def related_articles(site: Site, article: ArticleTruth, count: int = 3) -> list[ArticleTruth]:
    """The next ``count`` article pages after ``article`` in listing order, wrapping round."""
    pages = [a for a in site.articles if a.kind == "article" and a is not article]
    start = next((i for i, a in enumerate(pages) if a.node_id < article.node_id), 0)
    return [pages[(start + i) % len(pages)] for i in range(min(count, len(pages)))]


def sidebar_articles(site: Site) -> list[ArticleTruth]:
    return [site.article_at(path) for path in site.most_read_paths if site.article_at(path)]
