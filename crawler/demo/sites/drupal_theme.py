"""The Drupal 7 theme's page frame, shared by the Drupal site and the edge site.

Head (with the inline ``Drupal.settings`` blob), header with search form and main menu,
breadcrumb, sidebar (most read, tag cloud) and footer around a page's main content. The two
sites differ only in their theme name, menu and copyright notice.
"""

from __future__ import annotations

import json

from crawler.demo.sites.article_lists import sidebar_articles
from crawler.demo.sites.markup import attr, esc
from crawler.demo.sites.pages import Context
from crawler.demo.world import Site, slugify

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
