"""The Drupal 7 site (the main demo site): tag listings with Drupal's pager and their RSS
feeds, article pages with share bars, tags, related articles and comments, and its routes.

The edge site reuses these listing and article pages (see ``edge.py``).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from crawler.demo.sites.article_lists import feed_articles, related_articles, tagged_pages
from crawler.demo.sites.drupal_theme import DRUPAL_MENU, drupal_document
from crawler.demo.sites.feeds import rss_feed
from crawler.demo.sites.markup import attr, esc, iso, link_first
from crawler.demo.sites.pages import Context, Page, html_page, query_int, static_file
from crawler.demo.world import EDGE_COOKIE_PATH, WEEKDAYS, ArticleTruth, slugify

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


def drupal_feed(ctx: Context, slug: str) -> Page:
    """The RSS feed a tag's listing pages link (``<tag path>/feed``)."""
    articles = feed_articles(ctx.site, slug)
    if not articles:
        return drupal_not_found(ctx)
    label = ctx.site.tag_name if slug == slugify(ctx.site.tag_name) else slug.replace("-", " ")
    listing = f"{ctx.site.prefix}/tags/{slug}"
    return rss_feed(ctx, label.title(), listing, articles, headers=DRUPAL_HEADERS)


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


def route_drupal(ctx: Context, path: str, query: str) -> Page:
    site = ctx.site
    if path in (site.prefix, f"{site.prefix}/"):
        return drupal_front(ctx, "Latest news")
    if match := re.fullmatch(rf"{site.prefix}/tags/([a-z0-9-]+)", path):
        return drupal_listing(ctx, match.group(1), query)
    if match := re.fullmatch(rf"{site.prefix}/tags/([a-z0-9-]+)/feed", path):
        return drupal_feed(ctx, match.group(1))
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
