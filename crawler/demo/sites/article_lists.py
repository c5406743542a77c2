"""Which of a site's articles a page lists: a tag's listing pages, related and most read."""

from __future__ import annotations

from crawler.demo.world import ArticleTruth, Site, slugify


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
