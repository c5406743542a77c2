"""Pagination shapes met on real sites nobody here built (issue 15), each in a small fixture
with text of our own. Each failed before the rule it covers."""

from __future__ import annotations

from pathlib import Path

from crawler.extract import parse_listing

FIXTURES = Path(__file__).parent.parent / "fixtures" / "listing" / "real"

CATEGORY = "https://quaderno.example/blog/category/immagini/"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_pager_overrules_a_rel_next_to_the_next_page_of_the_site_navigation() -> None:
    """MkDocs writes <link rel="next"> for the next page of its navigation (another
    category); the numbered pager is the listing's own."""
    page = parse_listing(read("mkdocs-blog-nav-rel-next.html"), CATEGORY)
    assert page.next_url == CATEGORY + "page/2/"
    assert page.next_source == "pager"


def test_a_pager_at_its_last_page_overrules_a_rel_next_it_does_not_show() -> None:
    url = CATEGORY + "page/3/"
    page = parse_listing(read("mkdocs-blog-nav-rel-next-last-page.html"), url)
    assert len(page.entries) == 4
    assert page.next_url is None


def test_an_mkdocs_rel_next_is_never_the_next_page_of_a_listing() -> None:
    """A one-page category has no pager to overrule it: MkDocs's rel="next" (the next page of
    its navigation) is no page of the listing."""
    url = "https://quaderno.example/blog/category/poesia-breve/"
    page = parse_listing(read("mkdocs-blog-one-page-category.html"), url)
    assert len(page.entries) == 4
    assert page.next_url is None


def test_a_link_marked_rel_prev_is_never_the_next_page() -> None:
    """Nikola numbers its index pages downwards: the oldest page, index-1.html, links only
    back to index-2.html, marked rel="prev" ("Newer posts"). Its number is one higher, but it
    is the page before."""
    posts = "".join(
        f'<article class="post-text"><h1 class="p-name entry-title"><a href="../posts/note-{n}/"'
        f' class="u-url">Field note {n}</a></h1><div class="e-content entry-content"><p>What the'
        f" survey team saw on day {n} along the northern ridge, with the weather and the"
        " counts.</p></div></article>"
        for n in range(1, 5)
    )
    html = (
        "<html><head><title>Field notes (old posts, page 1)</title>"
        '<link rel="prev" href="index-2.html" type="text/html"></head><body>'
        f'<div id="content">{posts}<nav class="postindexpager"><ul class="pager">'
        '<li class="previous"><a href="index-2.html" rel="prev">Newer posts</a></li>'
        "</ul></nav></div></body></html>"
    )
    page = parse_listing(html, "https://notes.example/blog/index-1.html")
    assert len(page.entries) == 4
    assert page.next_url is None


def _posts(prefix: str, count: int) -> str:
    return "".join(
        f'<article class="post"><h2 class="entry-title"><a href="/{prefix}-{n}/">Council report'
        f" number {n}</a></h2><p>The council met again this week and talked about the roads,"
        f" the school and the new bus line, item {n} of the agenda.</p></article>"
        for n in range(1, 6)
    )


def test_a_next_labelled_link_back_to_the_page_before_is_not_the_next_page() -> None:
    """ColorMag and old WordPress themes label the newer posts "Next →" and the older ones
    "← Previous": on page 2, "Next →" leads back to page 1."""
    html = (
        f"<html><body><div id='primary'>{_posts('p2', 5)}"
        '<ul class="default-wp-page clearfix">'
        '<li class="previous"><a href="https://town.example/category/national/page/3/">'
        "&larr; Previous</a></li>"
        '<li class="next"><a href="https://town.example/category/national/">Next &rarr;</a></li>'
        "</ul></div></body></html>"
    )
    page = parse_listing(html, "https://town.example/category/national/page/2/")
    assert page.next_url == "https://town.example/category/national/page/3/"


def test_a_next_entries_link_back_to_a_lower_page_number_is_not_the_next_page() -> None:
    html = (
        f"<html><body><div id='content'>{_posts('p3', 5)}"
        '<div class="navigation"><p><span class="older">'
        '<a href="/category/korea/page/4/">&larr; Previous Entries</a></span>'
        '<a href="/category/korea/page/2/">Next Entries &rarr;</a></p></div>'
        "</div></body></html>"
    )
    page = parse_listing(html, "https://travel.example/category/korea/page/3/")
    assert page.next_url == "https://travel.example/category/korea/page/4/"


def test_drupals_mini_pager_next_item_is_the_next_page() -> None:
    """Drupal's Views mini pager: ``li.pager-next.last`` (``last``: the item's place in the
    list) holding a "››" link, and "1 of 9" for the current page."""
    html = (
        f"<html><body><div class='view-content'>{_posts('node', 5)}</div>"
        '<div class="item-list"><ul class="pager"><li class="pager-previous first">&nbsp;</li>'
        '<li class="pager-current">1 of 9</li>'
        '<li class="pager-next last"><a href="news%3Fpage=1.html" class="active">››</a></li>'
        "</ul></div></body></html>"
    )
    page = parse_listing(html, "https://club.example/news.html")
    assert page.next_url == "https://club.example/news%3Fpage=1.html"


def test_bloggers_older_posts_link_is_the_next_page_in_any_language() -> None:
    """Blogger's pager on every page: ``a.blog-pager-older-link`` ("Entradas antiguas" on a
    Spanish blog), the newer link beside it."""
    posts = "".join(
        f"<div class='post-outer'><div class='post hentry'><h3 class='post-title entry-title'>"
        f"<a href='https://obra.example/2010/07/muro-{n}.html'>El muro del patio, parte {n}</a>"
        "</h3><div class='post-body entry-content'>Hoy levantamos otra hilera de ladrillos y"
        " dejamos listo el hueco de la ventana.</div></div></div>"
        for n in range(1, 5)
    )
    html = (
        "<html><body><div class='main-inner'><div class='widget Blog' id='Blog1'>"
        f"<div class='blog-posts hfeed'>{posts}</div><div class='blog-pager' id='blog-pager'>"
        "<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href="
        "'https://obra.example/search/label/Patio?updated-max=2010-09-01' title='Entradas"
        " más recientes'>Entradas más recientes</a></span>"
        "<span id='blog-pager-older-link'><a class='blog-pager-older-link' href="
        "'https://obra.example/search/label/Patio?updated-max=2010-07-25T13:46:00%2B02:00"
        "&amp;max-results=20&amp;start=20&amp;by-date=false' title='Entradas antiguas'>"
        "Entradas antiguas</a></span></div></div></div></body></html>"
    )
    page = parse_listing(html, "https://obra.example/search/label/Patio")
    assert page.next_url == (
        "https://obra.example/search/label/Patio?updated-max=2010-07-25T13:46:00%2B02:00"
        "&max-results=20&start=20&by-date=false"
    )


def test_a_next_link_hidden_by_bulmas_is_invisible_is_not_the_next_page() -> None:
    """Hexo Icarus (Bulma) keeps the "Next" button on a category's last page and hides it with
    ``is-invisible``; its ``is-hidden-mobile`` only hides it on narrow screens."""
    url = "https://walks.example/categories/walking/page/2/"
    page = parse_listing(read("bulma-invisible-next.html"), url)
    assert len(page.entries) == 3
    assert page.next_url is None


def test_a_body_classed_hidden_by_a_preloader_hides_no_link() -> None:
    """A theme puts ``hidden`` on <body> until its preloader script has run: every link of
    the page counted as hidden, the icon-only next link too."""
    html = (
        f"<html><body class='home blog hidden'><div id='main'>{_posts('m', 5)}</div>"
        "<p class='older'><a aria-label='Older posts' href='/category/news/page/2/'>"
        "<i class='icon-arrow-right'></i></a></p></body></html>"
    )
    page = parse_listing(html, "https://marathi.example/category/news/")
    assert page.next_url == "https://marathi.example/category/news/page/2/"


def test_a_pager_link_without_the_folder_slash_is_the_next_page() -> None:
    """The server redirected page 2 to its slash form; the pager links page 3 without it,
    labelled in Indonesian."""
    html = (
        f"<html><body><div id='content'>{_posts('b', 5)}</div>"
        "<div class='nav-previous'><a href='/category/berita/page/3'>Pos-pos Lama</a></div>"
        "</body></html>"
    )
    page = parse_listing(html, "https://beton.example/category/berita/page/2/")
    assert page.next_url == "https://beton.example/category/berita/page/3"


def test_a_disabled_rel_next_to_the_front_page_ends_the_walk() -> None:
    """Gatsby Lumen keeps its next link on the last page, disabled, pointing at the site's
    front page: the walk left the category for the home feed."""
    html = (
        f"<html><body><main>{_posts('g', 3)}<div class='pagination'>"
        "<a rel='prev' class='pagination__prev-link' href='/category/technology/page/2'>"
        "← PREV</a><a rel='next' class='pagination__next-link pagination__next-link--disable'"
        " href='/'>→ NEXT</a></div></main></body></html>"
    )
    page = parse_listing(html, "https://lumen.example/category/technology/page/3")
    assert page.next_url is None


def test_a_query_file_of_a_wget_mirror_is_not_numbered_on() -> None:
    """wget names ``?cat=1`` ``index.html%3Fcat=1.html``; ``...cat=12.html`` is another
    category, not its page 2."""
    html = (
        f"<html><body><div id='content'>{_posts('w', 5)}</div><ul class='categories'>"
        "<li><a href='index.html%3Fcat=12.html'>Gardening</a></li></ul></body></html>"
    )
    page = parse_listing(html, "https://mirror.example/index.html%3Fcat=1.html")
    assert page.next_url is None


def test_a_pager_link_set_in_a_heading_beside_the_posts_is_no_entry() -> None:
    """The theme writes its newer/older links as <h3>s under the last post: one became an
    entry (on page 1 the older one, whose URL the next-page search then skipped as an
    entry's, and the walk stopped). The fixture keeps the theme's markup, text of our own."""
    page = parse_listing(read("pager-in-headings.html"), "https://travel.example/page/3/")
    urls = [entry.url for entry in page.entries]
    assert len(urls) == 5
    assert not {"https://travel.example/page/2/", "https://travel.example/page/4/"} & set(urls)
    assert page.next_url == "https://travel.example/page/4/"


ALLOTMENT = "https://allot.example/"


def test_a_pager_showing_later_numbers_that_are_no_links_may_go_on() -> None:
    """VuePress themes (reco's Element UI ``ul.el-pager > li.number``) render the pager's
    numbers without links: a script makes them live. Page 1 of 3 is not the last page: the
    usual next URL is given to probe."""
    page = parse_listing(read("script-pager-page1.html"), ALLOTMENT)
    assert len(page.entries) == 7
    assert page.next_url is None
    assert page.uncertain == ["no-next-guessed"]
    assert (page.unlinked, page.probe_url) == ("script-pager", ALLOTMENT + "page/2/")


def test_the_last_page_of_a_script_pager_is_the_end() -> None:
    page = parse_listing(read("script-pager-page3.html"), ALLOTMENT + "page/3/")
    assert len(page.entries) == 2
    assert "no-next-guessed" not in page.uncertain
    assert (page.unlinked, page.probe_url) == (None, None)


PLOT_TAG = "https://plot.example/tag/beans/"


def test_a_full_page_without_any_pager_may_go_on() -> None:
    """@vuepress/theme-blog writes no pager into the server-rendered page (nor a link back):
    a full page of entries may have a page 2 at the usual URL."""
    page = parse_listing(read("pagerless-blog-page1.html"), PLOT_TAG)
    assert len(page.entries) == 6
    assert "no-next-guessed" in page.uncertain
    assert (page.unlinked, page.probe_url) == ("no-pager", PLOT_TAG + "page/2/")


def test_a_short_page_without_any_pager_is_the_whole_list() -> None:
    page = parse_listing(read("pagerless-blog-short.html"), PLOT_TAG)
    assert len(page.entries) == 3
    assert page.probe_url is None


def test_the_probe_of_a_numbered_page_raises_its_number() -> None:
    html = read("pagerless-blog-page1.html")
    assert parse_listing(html, PLOT_TAG + "page/2/").probe_url == PLOT_TAG + "page/3/"
    query = "https://plot.example/list.php?tag=beans&page=2"
    assert parse_listing(html, query).probe_url == "https://plot.example/list.php?tag=beans&page=3"


def test_the_probe_takes_the_form_of_the_sites_numbered_pages() -> None:
    """A site that links its front page's later pages as ``/page2/`` (jekyll-paginate)
    numbers other listings alike."""
    html = read("pagerless-blog-page1.html").replace(
        '<a href="/tag/">Tags</a>', '<a href="/tag/">Tags</a><a href="/page2/">Older</a>'
    )
    assert parse_listing(html, PLOT_TAG).probe_url == PLOT_TAG + "page2/"


ARCADE_NEWS = "https://arcade.example/news/"


def test_a_folder_page_with_an_empty_pager_also_probes_its_numbered_index_file() -> None:
    """EmpireCMS (and Movable Type) number a folder's pages ``index_2.html``, ``index_3.html``;
    a stale first page keeps an empty ``div.pagecode``. The usual ``page/2/`` is probed first,
    and where it finds nothing, the numbered index file."""
    page = parse_listing(read("empirecms-news-empty-pager.html"), ARCADE_NEWS)
    assert len(page.entries) == 10
    assert page.probe_url == ARCADE_NEWS + "page/2/"
    assert page.probe_fallback == ARCADE_NEWS + "index_2.html"


def test_the_probe_of_a_numbered_index_file_raises_its_number() -> None:
    page = parse_listing(read("empirecms-news-empty-pager.html"), ARCADE_NEWS + "index_2.html")
    assert (page.probe_url, page.probe_fallback) == (ARCADE_NEWS + "index_3.html", None)


def test_a_site_whose_pages_take_another_form_has_no_fallback_probe() -> None:
    html = read("pagerless-blog-page1.html").replace(
        '<a href="/tag/">Tags</a>', '<a href="/tag/">Tags</a><a href="/page2/">Older</a>'
    )
    assert parse_listing(html, PLOT_TAG).probe_fallback is None
    assert parse_listing(html, PLOT_TAG + "page/2/").probe_fallback is None


def test_a_listing_that_is_a_file_or_a_query_is_not_probed() -> None:
    html = read("pagerless-blog-page1.html")
    assert parse_listing(html, "https://plot.example/beans.html").probe_url is None
    assert parse_listing(html, "https://plot.example/?tag=beans").probe_url is None


def test_inspect_explains_the_probe_as_parse_listing_gives_it() -> None:
    from crawler.extract.listing.explain import explain_listing

    html = read("script-pager-page1.html")
    explanation = explain_listing(html, ALLOTMENT)
    assert explanation.page == parse_listing(html, ALLOTMENT)
    assert explanation.next_page is not None
    assert explanation.next_page.probe_url == ALLOTMENT + "page/2/"


def test_a_next_link_up_to_the_site_root_ends_the_walk() -> None:
    """Hexo Pure's last page keeps its "next" item, linked to "/" (the theme's fallback for a
    missing neighbour): a listing never goes on at the site root or at a folder above its
    own pages."""
    url = "https://lantern.example/categories/Rust/page/2/"
    html = read("pure-dead-next-to-root.html")
    page = parse_listing(html, url)
    assert len(page.entries) == 2
    assert page.next_url is None
    above = html.replace('<a href="/"> 下一页', '<a href="/categories/"> 下一页')
    assert parse_listing(above, url).next_url is None


def test_a_protocol_relative_pager_named_by_this_pages_first_segment_stays_on_the_site() -> None:
    """A site built with base URL "/" writes ``//categories/x/page/2/`` (Hugo themes,
    gatsby-starter-lumen's ``//category/...``): its "host" is the first segment of this
    page's path, no host at all; the path on this site is meant."""
    url = "https://racknotes.example/categories/virtualization/"
    page = parse_listing(read("protocol-relative-pager.html"), url)
    assert page.next_url == url + "page/2/"


def test_a_protocol_relative_pager_on_a_home_page_stays_on_the_site() -> None:
    """gatsby-starter-lumen's home page (base URL "/") writes its next link ``//page/1``: a
    "host" without a dot or port is no host, whatever this page's path; the path is meant."""
    url = "https://fieldnotes.example/"
    page = parse_listing(read("protocol-relative-home-pager.html"), url)
    assert len(page.entries) == 3
    assert page.next_url == url + "page/1"


def test_a_protocol_relative_link_to_a_real_host_is_left_alone() -> None:
    html = read("protocol-relative-pager.html").replace(
        "//categories/", "//cdn.example/categories/"
    )
    page = parse_listing(html, "https://racknotes.example/categories/virtualization/")
    assert page.next_url is None or page.next_url.startswith("https://cdn.example/")


def test_a_numbered_pager_tells_the_page_it_marks_and_its_highest_number() -> None:
    """WordPress's numbered pager on page 11 of 30: the walk may go on past a page that
    brought no new entry (posts of equal dates come in another order on each page) only
    when the pager says which page this is and that more follow."""
    url = "https://rumahkokoh.example/category/kabar/page/11"
    page = parse_listing(read("wp-numbered-pager-page11-of-30.html"), url)
    assert len(page.entries) == 4
    assert page.next_url == "https://rumahkokoh.example/category/kabar/page/12"
    assert page.pager_position == (11, 30)


def test_a_pager_without_a_marked_page_tells_no_position() -> None:
    page = parse_listing(read("wget-query-files-page2.html"), "http://prairie.example/x.html")
    assert page.pager_position is None


DINGHY = "https://dinghy.example/dinghy/blog/"


def test_a_next_link_whose_label_ends_in_a_bare_page_counter_is_the_next_page() -> None:
    """Hugo Hextra's blog pager: a plain <a> labelled "Next 2/2" in an unnamed <div>, no rel,
    no pager class: it is the next page, not one more entry."""
    page = parse_listing(read("hextra-blog-counter-pager.html"), DINGHY)
    assert [entry.url for entry in page.entries] == [
        DINGHY + slug + "/" for slug in ("rope-knots", "hull-patch", "tide-tables")
    ]
    assert page.next_url == DINGHY + "page/2/"


def test_a_previous_link_with_a_bare_page_counter_is_no_entry() -> None:
    page = parse_listing(read("hextra-blog-counter-pager-last.html"), DINGHY + "page/2/")
    assert [entry.url for entry in page.entries] == [DINGHY + "winter-lay-up/"]
    assert page.next_url is None


def test_a_mirrors_saved_query_of_an_extensionless_url_is_a_page_number() -> None:
    """HTTrack (and wget -E) save ``/news`` as ``news.html`` and ``/news?page=2`` as
    ``news@page=2.html``; the pager marks no current page and its arrows have no label, so
    only the numbers tell the next page: ``2``, never the link labelled ``1`` (the first
    page, ``news@page=1.html``)."""
    base = "https://hillgliders.example/club/"
    first = parse_listing(read("httrack-bare-query-pager.html"), base + "news.html")
    assert len(first.entries) == 3
    assert first.next_url == base + "news@page=2.html"
    second = parse_listing(read("httrack-bare-query-pager-2.html"), base + "news@page=2.html")
    assert second.next_url == base + "news@page=3.html"
