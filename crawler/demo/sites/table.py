"""The old table-layout site: a 2000s PHP news site in HTML 4 tables, with ``?id=`` article
URLs, printer-friendly views and ``tag.php?tag=...&page=N`` listings.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote

from crawler.demo.sites.article_lists import related_articles
from crawler.demo.sites.markup import esc
from crawler.demo.sites.pages import Context, HeaderStyle, Page, html_page, query_int, static_file
from crawler.demo.world import DATA_DIR, MONTHS, ArticleTruth, Site

# Dreamweaver's rollover helpers and an ad loader, as in the head of many 2000s sites.
TABLE_SCRIPT = (DATA_DIR / "table_head_script.txt").read_text(encoding="utf-8").strip()


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
# An old server that writes what the PHP script asked for: ``Content-type:``, no space after it.
TABLE_HEADER_STYLE = HeaderStyle(
    names={"content-type": "Content-type"},
    spacing={"content-type": "", "x-powered-by": ""},
)


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
