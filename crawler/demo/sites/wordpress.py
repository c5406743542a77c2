"""The WordPress 5 site (Twenty Seventeen theme): tag archives with ``/page/N/``, article pages
with Yoast JSON-LD and Jetpack share buttons, gzip-encoded and chunked on the wire.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from crawler.demo.sites.article_lists import related_articles, sidebar_articles, tagged_pages
from crawler.demo.sites.markup import attr, esc, iso, link_first
from crawler.demo.sites.pages import Context, Page, html_page, redirect, static_file
from crawler.demo.world import DATA_DIR, ArticleTruth, slugify, wp_date

WP_VERSION = "5.3.2"
WP_MENU = (("Home", ""), ("News", "category/news/"), ("Analysis", "category/analysis/"))
WP_MENU += (("About", "about/"), ("Contact", "contact/"))


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
    """PHP's and WordPress's headers, lower-case as many WordPress sites behind nginx send them."""
    api = ctx.absolute(ctx.site.prefix + "/wp-json/")
    headers: tuple[tuple[str, str], ...] = (
        ("x-powered-by", "PHP/7.3.14"),
        ("link", f'<{api}>; rel="https://api.w.org/"'),
        ("vary", "Accept-Encoding"),
    )
    if shortlink_id:
        shortlink = ctx.absolute(f"{ctx.site.prefix}/?p={shortlink_id}")
        headers += (("link", f"<{shortlink}>; rel=shortlink"),)
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
