"""Article pages shaped like ones met on real sites nobody here built (issue 15), each in a
small fixture with text of our own. Each failed before the rule it covers."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from crawler.extract import extract_article, extract_article_details
from crawler.extract.noise import classify_noise

FIXTURES = Path(__file__).parent.parent / "fixtures" / "article" / "real"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_listing_headline_picks_the_post_title_over_a_site_name_h1() -> None:
    """Two site-name <h1>s and a <title> that is the site name; the post title is an <h2>."""
    html = read("site-name-h1.html")
    fields, sources = extract_article_details(
        html, "https://civic.example/restart.html", listing_headline="Restart"
    )
    assert fields["headline"] == "Restart"
    assert sources["headline"] == "h2+listing"


def test_a_cut_listing_headline_still_confirms_the_page_headline() -> None:
    html = read("title-site-first.html")
    url = "http://racedays.example.net/2007/09/30/japanese-grand-prix/"
    fields = extract_article(html, url, listing_headline="Report from the Japanese Grand…")
    assert fields["headline"] == "Report from the Japanese Grand Prix"


def test_a_listing_headline_the_page_does_not_show_changes_nothing() -> None:
    html = read("title-site-first.html")
    url = "http://racedays.example.net/2007/09/30/japanese-grand-prix/"
    without = extract_article_details(html, url)
    other = extract_article_details(html, url, listing_headline="Something else entirely")
    assert other == without


def test_the_logo_heading_names_the_site_in_a_site_first_title() -> None:
    """``<title>Site :: Headline</title>`` with both parts the same length: the <h1> that
    links home says which part is the site's name."""
    html = read("title-site-first-tie.html")
    url = "http://racedays.example.net/2007/09/30/japanese-grand-prix/"
    assert extract_article(html, url)["headline"] == "Wet start"


def test_a_canonical_link_to_the_front_page_is_ignored() -> None:
    """Every article of a mirrored site says ``<link rel=canonical href="/">``: taken, it made
    all of them one article for the duplicate filter."""
    url = "https://science.example/2009/07/robot-surgery/"
    fields, sources = extract_article_details(read("front-page-canonical.html"), url)
    assert fields["canonical_url"] == url
    assert sources["canonical_url"] == "url"


def test_a_header_left_open_around_the_article_is_not_chrome() -> None:
    """``</header>`` comes before a ``<div>`` of the header is closed: the parser nests the
    whole page, article included, inside the header."""
    body = extract_article(read("unclosed-header.html"), "https://town.example/2021/02/rubble")[
        "body"
    ]
    assert body is not None
    assert body.startswith("Taking the old power stations apart")
    assert body.endswith("bring your neighbours.")


def test_a_banner_left_open_around_the_page_is_closed_at_its_end_tag() -> None:
    """A ``<div>`` of the ``<header role="banner">`` is still open at ``</header>``: libxml2
    ignores that end tag and nests the whole page, post included, in the banner, while a
    browser closes the div there (a Twenty Thirteen child theme on every post)."""
    url = "http://riverside.example/spring-clean-up/index.html"
    fields, sources = extract_article_details(read("banner-left-open.html"), url)
    body = fields["body"]
    assert body is not None
    assert body.startswith("On Saturday morning forty volunteers")
    assert body.endswith("we will meet again in the autumn.")
    assert "Office hours" not in body
    assert sources["date"] != "htmldate"


def test_a_post_header_holding_the_menu_buttons_is_no_banner() -> None:
    """``header#post-header`` holds the home and menu buttons (a <nav>), the post's <h1> and
    its date line: named as the post's header, it is no site banner, so its <h1> is the
    headline (og:title, quoted badly, reads only 'Rubble ')."""
    url = "https://town.example/2021/04/rubble-light.html"
    fields, sources = extract_article_details(read("post-header-with-menu.html"), url)
    assert fields["headline"] == 'Rubble "light" - the ministry\'s plan for the old reactor'
    assert sources["headline"] == "h1"
    assert fields["date"] == "2021-04-21"
    assert fields["body"].startswith("The ministry invited citizens")


def test_a_post_written_as_a_list_of_points_has_a_body() -> None:
    """The text is a short greeting and a list of long points: list items count as the
    text of the element that holds the list, and an address written out is kept."""
    body = extract_article(read("list-post.html"), "https://site.example/2013/09/22/five")["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[1].startswith("The site is built with a static generator")
    assert paragraphs[4].startswith("The pages are kept under version control")
    assert paragraphs[-1] == "https://docs.example.org/upgrade/server.html"


def test_a_canonical_url_written_with_spaces_is_escaped() -> None:
    """Hexo writes the canonical link of a post whose file name has spaces as is; the item's
    canonical_url must still be a URL (the schema refuses white space and dropped the item)."""
    html = (
        '<html><head><link rel="canonical" href="https://notes.example/2020/05/01/'
        'set up nginx/"><title>Set up nginx</title></head><body><article><h1>Set up nginx</h1>'
        "<p>Install it, write one server block, reload, and read the error log first.</p>"
        "</article></body></html>"
    )
    url = "https://notes.example/2020/05/01/set%20up%20nginx/"
    fields = extract_article(html, url)
    assert fields["canonical_url"] == url


def test_an_article_closed_early_by_its_template_keeps_its_body() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Ice on the lake</title></head>\n</html>\n</html>\n"
        "<body><article><h1>Ice on the lake</h1><p>The ice was thick enough to walk on by "
        "the second week of January, and the whole village came out to see it.</p></article>"
        "</body></html>"
    )
    fields = extract_article(html, "https://village.example/2021/01/ice/")
    assert fields["headline"] == "Ice on the lake"
    assert fields["body"] is not None and fields["body"].startswith("The ice was thick")


def test_a_long_code_listing_table_does_not_win_over_the_post() -> None:
    """Rouge/Hexo/Pygments lay a code block out as a table (line numbers, code): the
    <pre> in its cell counts for the text around the table, however long."""
    url = "https://notes.example/articles/2021-03/pool"
    body = extract_article(read("code-listing-table.html"), url)["body"]
    assert body is not None
    assert body.startswith("We moved the service")
    assert "pool-3 - connection marked as broken" in body
    assert body.endswith("without a single broken connection.")


def test_the_line_numbers_of_a_code_listing_are_not_body_text() -> None:
    url = "https://notes.example/articles/2021-03/pool"
    body = extract_article(read("code-listing-table.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert not any(p.split() and all(w.isdigit() for w in p.split()) for p in paragraphs)
    assert "pool.max-lifetime=28000000" in body


def test_a_data_table_the_post_presents_is_kept() -> None:
    """A ranking written as a table (header row, several rows) right after a paragraph of
    the post, in a container whose class names no article: it is the post's, not a box."""
    url = "https://programar.example/ranking-de-lenguajes/"
    body = extract_article(read("ranking-table.html"), url)["body"]
    assert body is not None
    assert "Posición Lenguaje Valoración" in body
    assert "24 PostScript 0.671" in body
    assert body.endswith("siguen subiendo en la lista.")


def test_the_cells_of_a_data_table_are_not_date_or_link_lines() -> None:
    """A schedule's cells: a date and time, a meeting address as link text. Each cell is
    data, not the page's date line or a link list."""
    url = "https://curso.example/noticias/2021/05/03/defesas/"
    body = extract_article(read("schedule-table.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert "11/05/2021 18:30" in paragraphs
    assert "meet.google.com/klm-nopq-rst" in paragraphs
    assert paragraphs[-1] == "meet.google.com/uvw-xyza-bcd"


def test_lines_citing_written_out_addresses_are_kept() -> None:
    """ "More information: <a>https://...</a>": links that show their own address are cited
    by the text, not a link list; also a host and path written without the scheme."""
    url = "https://proyecto.example.es/blog/convocatoria/"
    body = extract_article(read("written-addresses.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[-2] == "Relación de centros: centros.example.org/lista"
    assert paragraphs[-1].startswith("Más información en https://www.proyecto.example.es/ y en")


def test_h1_section_headings_inside_the_text_are_kept() -> None:
    """Markdown "# Heading" in a post gives <h1>s after paragraphs: section headings."""
    url = "https://proyecto.example.es/blog/convocatoria/"
    headline = "Abierta la convocatoria de movilidades"
    body = extract_article(read("written-addresses.html"), url, listing_headline=headline)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[1] == "SOLICITUD"
    assert paragraphs[3] == "PLAZO DE SOLICITUD"


def test_a_post_pasted_with_widget_markup_is_the_post() -> None:
    """The editor pasted the text with a sidebar's wrappers (div.widget-area > aside.widget)
    into the post's entry-content: that chrome holds all the post's text, so it is the post.
    The real sidebar stays out."""
    url = "https://klub.example/aktualnosci/spotkanie/"
    body = extract_article(read("post-in-widget-markup.html"), url)["body"]
    assert body is not None
    assert body.startswith("Według informacji ze strony stacji")
    assert body.endswith("są jak najmilej widziani.")
    assert "Klub zrzesza" not in body


def test_a_post_pasted_as_a_soup_of_divs_is_read_whole() -> None:
    """Each short <div> of the pasted post scores on its own and the longest won; the page
    marks its article text (entry-content, itemprop=text): that container is the post."""
    url = "https://klub.example/aktualnosci/wiesci/wyprawa/"
    body = extract_article(read("div-soup-post.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("Ósmego stycznia uczestnicy")
    assert paragraphs[1] == "Według planu uczestnicy wyprawy pozostaną w oazie do połowy lutego."
    assert paragraphs[-3:-1] == ["www.stacja.example.pl", "https://www.facebook.com/StacjaExample"]


def test_date_lines_inside_the_text_are_kept() -> None:
    """A date line opening or closing the text is the page's dateline; inside the text a
    line with a date ("Date of the meeting: 9 June 2018 ...") is part of the post."""
    url = "https://klub.example/aktualnosci/walne-zebranie/"
    body = extract_article(read("date-lines-in-text.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("Zarząd klubu zaprasza")
    assert "Data zebrania: 9 czerwca 2018 (sobota) w godz. 16-18" in paragraphs
    assert "Pierwszy pokaz filmów odbędzie się w stacji polarnej 1 września 2025" in paragraphs
    assert paragraphs[-1] == "Serdecznie zapraszamy wszystkich członków i sympatyków klubu."


def test_highlighter_token_classes_inside_code_are_not_noise() -> None:
    """highlight.js marks a code comment ``<span class="comment">`` and a shell prompt
    ``<span class="meta prompt_">``: words of the code, not the page's comments or meta."""
    url = "https://notes.example/2023/07/30/conda/"
    body = extract_article(read("highlighted-code.html"), url)["body"]
    assert body is not None
    assert "$ conda create -n work python=3.11 # a new environment with its own Python" in body
    assert "# switch to it" in body
    assert "Be the first to comment" not in body


def test_a_sentence_that_weaves_its_links_in_is_no_link_list() -> None:
    """Announcements link most of their words, but words of their own stand between the
    links and the sentence ends: not a menu."""
    url = "https://institute.example/2012/11/review/"
    body = extract_article(read("linked-sentences.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("In the latest issue of the Quarterly magazine Professor")
    assert paragraphs[1].startswith("Yesterday, The Daily (a national paper) published an")


def test_a_headline_h1_under_a_short_kicker_line_stays_out_of_the_body() -> None:
    """Only an <h1> after a paragraph of running text is a section heading: a kicker line
    above the page's headline is no such paragraph."""
    html = (
        "<html><head><title>Town News</title>"
        "<meta property='og:title' content='Bridge vote tonight'></head><body>"
        "<div class='story'><p>Local politics</p><h1>Council votes on the new bridge today</h1>"
        "<p>The council meets this evening to decide whether the old bridge is repaired or "
        "replaced, after two years of studies and a long public consultation.</p>"
        "<p>Both plans cost about the same, but a new bridge would close the road for a year "
        "while the old one is taken down.</p></div></body></html>"
    )
    fields = extract_article(html, "https://town.example/2021/03/bridge/")
    assert fields["body"] is not None
    assert fields["headline"] != "Council votes on the new bridge today"
    assert "Council votes on the new bridge today" not in fields["body"]


def test_data_tables_under_section_headings_are_kept() -> None:
    """Markdown tables each under its own <h3>, in a post with one paragraph: the heading
    leads into the table as a paragraph would."""
    url = "https://notes.example/en/posts/everyday-git-commands/"
    body = extract_article(read("tables-under-headings.html"), url)["body"]
    assert body is not None
    assert "git add -p notes.txt" in body
    assert "git blame -L 10,20 a.py" in body
    assert body.rstrip().endswith("unrecord, keep the changes")


def test_an_article_header_left_open_by_an_unclosed_div_keeps_the_body() -> None:
    """One unclosed <div> in the post's meta line: lxml ignores the </header> and nests the
    whole post in the article's header. A header holding most of the page's paragraphs is
    the post, not a header."""
    url = "https://notes.example/posts/041-certificates/"
    body = extract_article(read("header-left-open-by-a-div.html"), url)["body"]
    assert body is not None
    assert body.startswith("The staging server has run on certificates I renewed by hand")
    assert body.endswith("and that is the first place to look.")
    assert "4 min read" not in body


def test_a_code_block_with_a_copy_button_is_no_widget() -> None:
    """Every code block wrapped with a static "Copy" <button> (Hugo Jane): a short block is
    still the post's code, not a share or donate box."""
    url = "https://notes.example/post/starting-a-static-site/"
    body = extract_article(read("code-blocks-with-copy-buttons.html"), url)["body"]
    assert body is not None
    assert "git init" in body
    assert 'baseURL = "https://notes.example/"' in body
    assert "date = 2022-06-14" in body
    assert "Copy" not in body


def test_a_code_block_after_the_page_footer_is_not_the_post() -> None:
    """Nikola's zen theme: a signature <pre> sits after the page footer, beside the post in
    the content wrapper; a post of one short line must not lose to it (nor gain it)."""
    url = "https://hiker.example/posts/lost-in-the-fog.html"
    body = extract_article(read("code-block-after-the-page-footer.html"), url)["body"]
    assert body == "Seen on the RidgeCam."


def test_a_post_split_into_sections_is_read_whole() -> None:
    """reStructuredText (docutils) writes a post as paragraphs, then <div class="section">
    after <div class="section">, one per heading: a section of one short command is as much
    the post as the section of a long listing."""
    url = "https://shelf.example/posts/serving-a-tiny-json-api.html"
    body = extract_article(read("restructuredtext-sections.html"), url)["body"]
    assert body is not None
    assert body.startswith("A bottle app that answers one route is enough for the shelf.")
    assert "Install\n\n$ pip install bottle" in body
    assert "def book(number):" in body
    assert "$ python api.py" in body
    assert body.endswith("$ curl http://127.0.0.1:8080/books/7")


def test_linked_titles_with_their_credits_are_part_of_the_body() -> None:
    """A table of contents of downloads: each line one linked title and its author's credit.
    A menu or a related-posts list is links alone (or links and a date)."""
    url = "https://institute.example/2013/10/the-harbour-review-4-2013/"
    body = extract_article(read("linked-titles-with-credits.html"), url)["body"]
    assert body is not None
    assert "Tides, Moorings and the Old Pier Ledgers by Anna Kowalska" in body
    assert "Lamps and Lighthouses: A Survey of Coastal Signals by Marie Dubois" in body
    assert "Salt and Timber: A History of the Shipyards reviewed by Tom Baker" in body
    assert body.endswith("Printed copies can be ordered from the office until the end of the year.")
    assert "Autumn lectures announced" not in body


def test_section_headings_with_chrome_words_in_class_or_id_stay_in_the_body() -> None:
    """Docusaurus anchors every heading with the class ``anchorTargetStickyNavbar_Vzrq`` (its
    words: anchor target sticky navbar), and Markdown slugs "Share your thoughts" into the id
    ``share-your-thoughts``: neither makes the heading page chrome."""
    url = "https://hub.example/blog/version-2-4"
    body = extract_article(read("headings-with-chrome-words.html"), url)["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert "An alarm in the hub" in paragraphs
    assert "Share your thoughts" in paragraphs
    assert paragraphs[-1].startswith("Tell us on the forum")
    assert "Recent posts" not in body


def test_a_post_written_all_in_headings_keeps_them() -> None:
    """Every line of the post is an <h4>; dropping trailing headings left it empty. The short
    labels after it ("Share this:", "Related") still go."""
    url = "https://chess.example/important-dates/"
    body = extract_article(read("post-in-headings.html"), url)["body"]
    assert body is not None
    assert body.startswith("Please put the following dates in your diary")
    assert body.endswith("to pick the first teams of the season.")
    assert "Share this" not in body and "Related" not in body


UNTITLED = (
    "<html><head><title></title><meta property='og:title' content=' '></head><body>"
    "<article class='post type-post'><header class='entry-header'><h1 class='entry-title'></h1>"
    "<time class='entry-date' datetime='2024-11-25T20:00:00+00:00'>25 November 2024</time>"
    "</header><div class='entry-content'>{}</div></article></body></html>"
)


def test_an_untitled_post_takes_its_first_line_as_headline() -> None:
    """A WordPress post left untitled (empty <title>, <h1> and og:title) was dropped as an
    invalid item; the listing named it, so it is kept, headed by its first line."""
    html = UNTITLED.format(
        "<p><b>City league, rounds 3 and 4: report</b></p>"
        "<p>Both matches were played in the club room, and the second team won its first"
        " match of the season after a long evening.</p>"
    )
    fields, sources = extract_article_details(html, "https://chess.example/13493-2/")
    assert fields["headline"] == "City league, rounds 3 and 4: report"
    assert sources["headline"] == "body-first-line"
    assert fields["date"] == "2024-11-25T20:00:00+00:00"


def test_an_untitled_posts_long_first_line_is_cut_after_a_word() -> None:
    sentence = "The second team won its first match of the season after a long evening, "
    html = UNTITLED.format(f"<p>{sentence * 4}</p>")
    headline = extract_article(html, "https://chess.example/13494-2/")["headline"]
    assert headline.startswith("The second team won its first match")
    assert headline.endswith("…") and len(headline) <= 151
    assert not headline[:-1].endswith(" ")


def test_a_page_builders_post_block_is_the_post_however_short() -> None:
    """Elementor names every block ``elementor-widget``, the post's text block too: a short
    post, with less text than the page's cookie notice, was dropped as a sidebar widget."""
    url = "https://dados.example/deputada-apoia-a-campanha/"
    body = extract_article(read("elementor-short-post.html"), url)["body"]
    assert body == (
        "A deputada federal declarou apoio à campanha pela proteção dos dados pessoais dos"
        " cidadãos.\n\nEla pediu que o projeto seja votado ainda neste semestre."
    )


def test_heading_permalink_symbols_stay_out_of_the_body() -> None:
    """markdown-it-anchor writes ``<a class="direct-link" href="#id">#</a>`` into every
    heading, Python-Markdown and Sphinx a "¶": the body read "Progress on the library #"."""
    paragraph = (
        "<p>The team met twice this month and agreed on the plan for the next release of the"
        " library, with a first beta before the summer.</p>"
    )
    html = (
        "<html><head><title>Community update: July</title></head><body><main><article>"
        "<h1>Community update: July</h1>"
        f"{paragraph}"
        '<h2 id="progress-on-the-library">Progress on the library <a class="direct-link"'
        ' href="#progress-on-the-library">#</a></h2>'
        f"{paragraph}"
        '<h2 id="events">Events<a class="headerlink" href="#events" title="Permalink">¶</a></h2>'
        f"{paragraph}"
        '<p>See the <a href="#events">events</a> above.</p>'
        "</article></main></body></html>"
    )
    body = extract_article(html, "https://community.example/update-july/")["body"]
    assert body is not None
    paragraphs = body.split("\n\n")
    assert "Progress on the library" in paragraphs
    assert "Events" in paragraphs
    assert paragraphs[-1] == "See the events above."


def test_text_set_in_heading_type_at_the_end_stays_in_the_body() -> None:
    """A changelog written as several-line <h6> blocks, and a closing sentence in an <h4>,
    end the post: they are its text, not headings of something the page left out."""
    html = (
        "<html><head><title>Game update 1.4</title></head><body><main><article>"
        "<h1>Game update 1.4</h1>"
        "<p>The new version came out last night with a new map and many fixes, and the"
        " servers were down for about an hour while it was installed.</p>"
        "<h3>Here is the update log:</h3><blockquote>"
        "<h6>[ MAPS ]<br>* Added the harbour map<br>* Fixed the light in the tunnel</h6>"
        "<h6>[ SOUND ]<br>* Quieter footsteps on metal</h6></blockquote>"
        "<h4>We will show the first matches on the new map tonight.</h4>"
        "</article></main></body></html>"
    )
    body = extract_article(html, "https://games.example/update-1-4/")["body"]
    assert body is not None
    assert "[ MAPS ]\n* Added the harbour map" in body
    assert "* Quieter footsteps on metal" in body
    assert body.endswith("We will show the first matches on the new map tonight.")


def test_the_opening_of_a_newsletter_issue_is_not_a_newsletter_pitch() -> None:
    """A post that is a newsletter issue opens by saying so; only a post about something else
    loses a newsletter pitch at its ends."""
    opening = (
        "The project newsletter is a monthly letter about what happens in our community. Tell"
        " us if you have something to share."
    )
    html = (
        "<html><head><title>Project newsletter: July</title></head><body><main><article>"
        f"<h1>Project newsletter: July</h1><p>{opening}</p>"
        "<p>This month two new members joined the team, and the documentation was rewritten"
        " from the first page to the last by a group of volunteers.</p>"
        "</article></main></body></html>"
    )
    body = extract_article(html, "https://project.example/newsletter-july/")["body"]
    assert body is not None and body.startswith(opening)


def test_a_layout_wrapper_named_after_its_sidebar_keeps_a_short_posts_main() -> None:
    """VitePress wraps every page in ``div.VPContent.has-sidebar`` and Quarto in
    ``div.page-layout-article.page-navbar``: a post under 500 characters lost all its text
    to the chrome word in the wrapper's class."""
    for wrapper in ("VPContent has-sidebar", "quarto-container page-layout-article page-navbar"):
        html = (
            "<html><head><title>Testing the NAT type</title></head><body>"
            "<header class='VPNav'><a href='/'>Notes</a></header>"
            f"<div class='{wrapper}' id='content'><aside class='VPSidebar'><nav><ul>"
            "<li><a href='/posts/a/'>Other post</a></li></ul></nav></aside>"
            "<main class='main'><header id='title-block-header'><h1 class='title'>Testing the"
            " NAT type</h1></header><section class='level2'><div class='vp-doc'>"
            "<p>Two tools tell which kind of NAT a home router does.</p>"
            "<p>Run either of them twice, from two networks, and compare.</p>"
            "</div></section></main></div></body></html>"
        )
        body = extract_article(html, "https://notes.example/posts/nat/")["body"]
        assert body == (
            "Two tools tell which kind of NAT a home router does.\n\n"
            "Run either of them twice, from two networks, and compare."
        ), wrapper


def test_a_heading_permalink_is_no_link_home_and_no_part_of_the_headline() -> None:
    """VuePress writes ``<h1><a href="#id" class="header-anchor">#</a> Title</h1>``: the
    fragment link was taken for a link to the front page, the h1 for the site's logo, and the
    headline came out as the site name."""
    html = (
        "<html><head><title>Promises in practice | Code Notes</title></head><body>"
        "<div id='app' data-server-rendered='true'><header class='navbar'>"
        "<a href='/' class='home-link'><span class='site-name'>Code Notes</span></a></header>"
        "<main class='page'><div class='theme-default-content content__default'>"
        "<h1 id='promises-in-practice'><a href='#promises-in-practice' class='header-anchor'>#"
        "</a> Promises in practice</h1><p>A promise stands for a value that is not there yet,"
        " and the code that needs it says what to do once it is.</p></div></main></div>"
        "</body></html>"
    )
    fields, sources = extract_article_details(html, "https://notes.example/posts/promises/")
    assert fields["headline"] == "Promises in practice"
    assert sources["headline"] == "h1"


def test_the_navbar_brand_linking_home_names_the_site_in_the_title() -> None:
    """Quarto: ``<title>Site - Headline</title>``, the site's name in a navbar brand linking
    home by a relative path (``../../index.html``), the headline in a title block outside
    the page's <main>. The longer title part is the site's name."""
    html = (
        "<html><head><title>Field Notes on Data Science - Welcome to the blog</title></head>"
        "<body><header id='quarto-header'><nav class='navbar'><a class='navbar-brand'"
        " href='../../index.html'><span class='navbar-title'>Field Notes on Data Science"
        "</span></a><ul class='navbar-nav'><li><a href='../../about.html'>About</a></li></ul>"
        "</nav></header><header id='title-block-header' class='quarto-title-block'>"
        "<div class='quarto-title'><h1 class='title'>Welcome to the blog</h1></div></header>"
        "<div id='quarto-content' class='page-layout-article page-navbar'><main class='content'>"
        "<p>This is the first post of the blog, with a picture of the office.</p></main></div>"
        "</body></html>"
    )
    url = "https://fieldnotes.example/posts/welcome/"
    assert extract_article(html, url)["headline"] == "Welcome to the blog"


FAIR = (
    "From the 24th to the 26th of July our stand is in hall two of the trade fair, next to the"
    " entrance from the car park, and the whole team from the workshop will be there to answer"
    " questions about the tools we make and the ones we repair for other firms."
)
MOULDS = (
    "We show the new moulds and the press that makes them, and take orders there. Visitors who"
    " bring a drawing of their part get a first price on the spot, and those who order during"
    " the fair pay no delivery for the first batch, wherever in the country it has to go."
)


def test_a_drupal_node_open_to_comments_is_no_comment_box() -> None:
    """Drupal marks a node that takes comments ``with-comments``: the whole article was
    dropped as a comment thread."""
    html = (
        "<html><head><title>Trade fair in July | Tooling Works</title></head><body>"
        "<div id='page'><h1 id='page-title'>Trade fair in July</h1>"
        "<article id='node-107' class='node node-blog node-odd published with-comments"
        " node-full clearfix'><div class='content'><div class='field field-name-body'>"
        "<div class='field-item even' property='content:encoded'>"
        f"<p>{FAIR}</p><p>{MOULDS}</p></div></div></div></article>"
        "<div id='comments' class='comment-wrapper'><h2>Comments</h2><div class='comment'>"
        "<p>See you there!</p></div></div></div></body></html>"
    )
    body = extract_article(html, "https://tooling.example/blog/trade-fair.html")["body"]
    assert body == f"{FAIR}\n\n{MOULDS}"


def test_a_short_drupal_node_marked_published_keeps_its_text() -> None:
    """Drupal classes a node ``published`` (its state): read as a date box, a short post's
    whole <article> was dropped."""
    html = (
        "<html><head><title>Closed on Monday | Tooling Works</title></head><body>"
        "<div id='page'><h1 id='page-title'>Closed on Monday</h1>"
        "<article id='node-108' class='node node-blog published node-full clearfix'>"
        "<div class='content'><div class='field field-name-body'><div class='field-item even'>"
        "<p>The workshop is closed on Monday for the yearly stock count.</p>"
        "<p>Orders placed that day are sent on Tuesday.</p></div></div></div></article>"
        "</div></body></html>"
    )
    body = extract_article(html, "https://tooling.example/blog/closed-on-monday.html")["body"]
    assert body == (
        "The workshop is closed on Monday for the yearly stock count.\n\n"
        "Orders placed that day are sent on Tuesday."
    )


def test_a_sidebar_left_open_around_the_main_text_is_not_chrome() -> None:
    """An <aside> whose inner <div> is never closed: the parser ignores its </aside> and nests
    the page's <main> in it, and the whole text went with the sidebar."""
    html = (
        "<html><head><title>Installing the server | Bonfire docs</title></head><body>"
        "<div class='layout'><aside class='menu'><div class='menu-inner'><ul>"
        "<li><a href='/docs/a/'>Getting started</a></li><li><a href='/docs/b/'>Upgrading</a>"
        "</li></ul></aside>"
        "<main class='prose'><h1>Installing the server</h1>"
        "<p>The server runs on any machine with a recent database and two gigabytes of memory;"
        " a small virtual machine is enough for a group of friends.</p>"
        "<p>Download the release, copy the example settings file, fill in the address of your"
        " database and the name of your instance, and start it with the included script.</p>"
        "</main></div></body></html>"
    )
    body = extract_article(html, "https://bonfire.example/docs/install/")["body"]
    assert body is not None and body.startswith("The server runs on any machine")
    assert body.endswith("start it with the included script.")


def test_an_elementor_layout_around_and_inside_the_post_block_is_the_post() -> None:
    """Elementor names every block a widget: the column wrapping the post block
    (``elementor-widget-wrap``) and the post's own columns of text-editor widgets were
    dropped as sidebar widgets, and the post had no body."""
    url = "https://pediatras.example/un-libro-para-las-familias/"
    body = extract_article(read("elementor-layout-post.html"), url)["body"]
    assert body is not None
    assert body.startswith("La sociedad presenta un libro escrito por sus pediatras")
    assert body.endswith("desde el primero de septiembre.")
    assert "ochenta años" not in body


def test_numbered_notes_citing_addresses_stay_in_the_body() -> None:
    """Notes pasted from a word processor at the end of an article: "[1] https://..." with
    both the marker and the address linked."""
    notes = "".join(
        f'<p><a id="_ftn{n}" href="#_ftnref{n}">[{n}]</a> <a href="https://report.example/{n}">'
        f"https://report.example/{n}</a></p>"
        for n in (1, 2)
    )
    html = (
        "<html><head><title>Banned weapons: the evidence</title></head><body><main><article>"
        "<h1>Banned weapons: the evidence</h1><p>Two reports published this spring describe the"
        " weapons found in the region and the damage they did to homes and schools.[1]</p>"
        "<p>Both were written by groups that had people on the ground for several weeks, and"
        " both list the places they visited.[2]</p>"
        f"<hr>{notes}</article></main></body></html>"
    )
    body = extract_article(html, "https://school-paper.example/2022/05/05/banned-weapons/")["body"]
    assert body is not None
    assert body.endswith("[1] https://report.example/1\n\n[2] https://report.example/2")


def test_the_posts_own_footer_gives_its_date_line() -> None:
    """Pelican's default theme writes the date line in ``article div.entry-content >
    footer.post-info``: the post's footer, not the site's, so its date wins over a date quoted
    in the text (its abbr.published[title] read as a machine date); the site footer's date and
    the post footer's text stay out."""
    url = "https://kettle.example/2019/01/keep-the-starter-warm.html"
    fields, sources = extract_article_details(read("post-footer-date.html"), url)
    assert (fields["date"], sources["date"]) == ("2019-01-03T00:00:00+01:00", "time-element")
    assert fields["body"].startswith("A cold kitchen")
    assert "Published" not in fields["body"] and "tags:" not in fields["body"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('<footer class="post-info">', '<footer class="post-info comments">'),
        ('<footer class="post-info">', '<footer class="post-info" hidden>'),
        ('<h1 class="entry-title">', '<h2 class="entry-title">'),  # a card, not the post
        ('<div class="entry-content">', '<section class="entry-content">'),
    ],
)
def test_a_comments_hidden_or_other_sections_footer_stays_chrome(old: str, new: str) -> None:
    html = read("post-footer-date.html")
    assert old in html
    root = etree.fromstring(html.replace(old, new), etree.HTMLParser())
    footer = root.find(".//footer")
    assert classify_noise(root, []).is_chrome(footer)


def test_the_posts_footer_is_body_only() -> None:
    root = etree.fromstring(read("post-footer-date.html"), etree.HTMLParser())
    noise = classify_noise(root, [])
    post_footer, site_footer = root.iter("footer")
    assert post_footer in noise.body_only_roots
    assert noise.is_chrome(site_footer)


def test_a_date_line_without_a_year_takes_the_year_of_the_urls_month() -> None:
    """The theme shows "Mai 5" (no year) and the permalink is /%year%/%monthnum%/%postname%/:
    the URL's year, when its month is the line's."""
    html = read("dayless-date-line.html")
    url = "https://kabelband.example/2015/05/konzert-im-fernsehen/"
    fields, sources = extract_article_details(html, url)
    assert (fields["date"], sources["date"]) == ("2015-05-05", "text")
    assert extract_article(html, url.replace("/05/", "/06/"))["date"] is None
    assert extract_article(html, "https://kabelband.example/konzert-im-fernsehen/")["date"] is None


def test_a_post_footer_left_open_around_the_text_keeps_the_body() -> None:
    """The post's footer opened before the text and never closed: the parser nests the text in
    it, so the footer is no date line box to drop."""
    html = read("post-footer-date.html").replace("</footer><!-- /.post-info -->", "", 1)
    html = html.replace('<footer class="post-info">', '<footer class="post-info"><div>', 1)
    url = "https://kettle.example/2019/01/keep-the-starter-warm.html"
    body = extract_article(html, url)["body"]
    assert body is not None and "A cold kitchen slows a sourdough starter" in body


def test_a_chinese_lede_that_opens_with_its_date_is_no_dateline() -> None:
    """A Chinese news lede starts with the day ("2019年5月12日，…") and ends with the ideographic
    full stop: a sentence of the post, not the page's date line."""
    url = "https://reading.example/news/20190512/"
    body = extract_article(read("cjk-lede-opening-with-its-date.html"), url)["body"]
    assert body is not None
    assert body.startswith("2019年5月12日，在晴朗的天气里")
    assert body.endswith("结束了这愉快的一天。")


def test_a_data_table_whose_header_row_is_td_cells_is_kept() -> None:
    """A standings table under the post's own <h3>, written by hand: its header row is plain
    <td> cells of words over rows of figures. It is the post's table all the same."""
    url = "https://chess.example/news/20210418/"
    body = extract_article(read("table-with-a-td-header-row.html"), url)["body"]
    assert body is not None
    assert "Appendix: final standings of the spring rapid tournament" in body
    assert "Rank" in body
    assert "Marta Oliveira" in body
    assert "Pieter de Wit" in body


def test_a_post_asciidoctor_split_into_sections_is_read_whole() -> None:
    """Asciidoctor writes a post as <div id="preamble"> and one <div class="sect1"> (a heading
    and its div.sectionbody) per section: the longest section is not the whole post."""
    url = "https://sched.example/news/2022/03/14/second-milestone/"
    body = extract_article(read("asciidoctor-sections.html"), url)["body"]
    assert body is not None
    assert body.startswith("The second milestone of the scheduler library is out.")
    assert "Jobs can now declare the calendar they run on." in body
    assert "Documentation\n\nEverything is described" in body
    assert body.endswith("A final release is planned for the end of next month.")


def test_tabs_made_of_radio_buttons_and_labels_are_no_widget() -> None:
    """Hexo NexT tabs written without script: each tab a radio <input> named by a
    <label for>, and its panel. They hold the post's lists, not a form."""
    url = "https://rooms.example/2023/09/10/chore-chart/"
    body = extract_article(read("css-radio-tabs.html"), url)["body"]
    assert body is not None
    assert "Feeding the cat: 2 points" in body
    assert "Choosing the Friday film: 10 points" in body
    assert body.endswith("instead of hiding from them.")


def test_an_opening_line_with_an_events_day_is_no_dateline() -> None:
    """A short post opens with an invitation naming the day of the event, twelve days after
    the post's own: text of the post. The "Posted on" line of the post's day still goes."""
    url = "https://hillside.example/blog/open-day/"
    fields = extract_article(read("invitation-with-the-events-day.html"), url)
    assert fields["date"] == "2023-10-02"
    assert fields["body"] is not None
    assert fields["body"].startswith("Invitation to the open day of the repair café on 14.10.2023")
    assert "Posted on" not in fields["body"]


def test_a_post_that_is_only_an_embed_has_no_body() -> None:
    """The article body the page marks holds an <iframe> and no text: the post has no text,
    and the site banner's tagline above it is not its body."""
    url = "https://wind.example/2019/07/05/rundbrief/"
    fields = extract_article(read("embed-only-post.html"), url)
    assert fields["headline"] == "Rundbrief Juli"
    assert not fields["body"]


def test_an_h1_opening_the_marked_post_text_is_kept() -> None:
    """The post's Markdown opens with "# 14.10.2019 Kassel - Forum ...": an <h1> first in the
    element the page marks as the article body, below the page's own headline <h1>."""
    url = "https://wind.example/2019/07/05/forum-buergerenergie/"
    fields = extract_article(read("markdown-h1-opening-the-post.html"), url)
    assert fields["headline"] == "Bürgerenergie im Netz"
    assert fields["body"] is not None
    assert fields["body"].startswith("14.10.2019 Kassel - Forum Bürgerenergie\n\n10:30 Uhr")


def test_a_post_laid_out_with_elementor_widgets_has_its_body() -> None:
    """Elementor calls every content block a widget (elementor-widget-wrap, elementor-widget
    -container, elementor-widget-text-editor); a post laid out with it in the theme's
    post-content widget is text, not a sidebar's widgets. The template's own widgets beside
    the post (a donation box) are still chrome."""
    url = "https://pediatria.example/una-guia-de-salud-infantil-para-las-familias/"
    fields = extract_article(read("elementor-post-layout.html"), url)
    body = fields["body"]
    assert body is not None
    assert "La guía reúne en un solo tomo los consejos" in body
    assert "una lista corta de señales de alarma" in body
    assert "Regresar" not in body
    assert "aportación mensual" not in body  # the template's donation box beside the post


def test_an_image_only_post_is_not_filled_with_related_posts() -> None:
    """Kadence: the post is one image in div.entry-content; the related posts' carousel below
    it repeats the entry-content-wrap class in each card and, the post having no text, holds
    all of the page's paragraphs. The cards' teasers are not its body."""
    url = "https://concejo.example/foto-de-la-asamblea/"
    fields = extract_article(read("image-only-post-with-related-cards.html"), url)
    assert fields["headline"] == "Foto de la asamblea"
    assert not fields["body"]


def test_a_short_post_made_only_of_links_keeps_them() -> None:
    """A post whose text is two link paragraphs ("see the film", "see the photos"): with
    nothing else in the post, its links are its text, not a link list beside it."""
    url = "https://portas.example/reveja-2022/"
    fields = extract_article(read("post-of-links-only.html"), url)
    assert fields["headline"] == "Reveja a edição de 2022"
    assert fields["body"] == "Ver o filme do fim de semana\n\nVer as fotografias"


def test_footnotes_that_are_mostly_links_stay_in_the_body() -> None:
    """Notes after the text, each opened by its number linked back to the reference ("[1]"
    then the source's address; a plugin's "3 Also at the Bridge Street gauge, ..."): the
    article's notes, not link lists."""
    url = "https://valley.example/why-the-river-floods/2021/"
    body = extract_article(read("footnotes-of-links.html"), url)["body"]
    assert body is not None
    assert "[1] https://records.example/valley/flood-levels-1890-2020" in body
    assert "[2] https://water.example/reports/sluices-and-meadows.pdf" in body
    assert "Also at the Bridge Street gauge, the Old Mill gauge and the Ford Lane gauge." in body


def test_bootstrap_print_columns_inside_the_post_are_its_text() -> None:
    """Bootstrap grid pasted into the post (``div.row > div.col-md-12.col-print-12 > p``): the
    "print" of a grid utility class says how the column prints, not that it is a print
    button; every column is the post's text."""
    url = "https://courier.example/harbour-board-funds-a-tide-gauge-network/"
    body = extract_article(read("bootstrap-print-columns.html"), url)["body"]
    assert body is not None
    assert body.startswith("The harbour board voted on Tuesday")
    assert "the swell is low enough for divers" in body
    assert "Posted in" not in body


def test_a_page_builder_section_with_a_background_overlay_is_the_post() -> None:
    """Tatsu wraps the post's text in ``section.tatsu-bg-overlay`` (a styling layer of the
    builder), the text a <span> broken by <br> with no <p>: no overlay popup."""
    url = "https://pedalea.example/rutas-en-bicicleta-por-el-valle/"
    body = extract_article(read("tatsu-bg-overlay-section.html"), url)["body"]
    assert body is not None
    assert body.startswith("Las rutas del valle se han convertido")
    assert "un mapa impreso" in body
    assert "Facebook" not in body


def test_a_wrapper_holding_the_marked_post_is_no_comments_box() -> None:
    """Hugo's github-style theme copies GitHub's classes: the post's
    ``article.markdown-body.entry-content`` sits in ``div.new-discussion-timeline``, and the
    page's <h1> is outside it. A box that holds the page's one marked post is not chrome."""
    url = "https://notes.example/blog/post/layers/"
    body = extract_article(read("github-style-discussion-wrapper.html"), url)["body"]
    assert body is not None
    assert body.startswith("Слои и границы микросервисов: зачем делить сервис на слои")
    assert "по учебнику они относятся к разным слоям" in body


def test_a_heading_longer_than_the_listing_loses_to_a_title_saying_it_whole() -> None:
    """The post (visible now) opens with an <h2> that starts with the listing's headline
    and goes on ("Title: and what it is about"); the <title> says the listing's text whole
    (the theme's og:site_name repeats the headline, so no metadata title is left once the
    "site name" goes) and the page <h1> prefixes the author's name: the listing's text is
    the headline."""
    url = "https://notes.example/blog/post/layers/"
    html = read("github-style-discussion-wrapper.html")
    fields = extract_article(html, url, listing_headline="Слои и границы микросервисов")
    assert fields["headline"] == "Слои и границы микросервисов"


def test_a_post_tagged_with_a_chrome_word_keeps_its_body() -> None:
    """WordPress's post_class() names the post's tags (``div.post.hentry.tag-navigation``)
    and the page has no <h1>: the post wrapper holding the page's entry-content is not a
    navigation box, even with comments holding more text than the post."""
    url = "https://notebook.example/2007/01/13/north-up-or-track-up/"
    fields = extract_article(read("taxonomy-class-post-wrapper.html"), url)
    body = fields["body"]
    assert body is not None
    assert body.startswith("Every moving map offers two ways")
    assert "talk to a controller about positions." in body
    assert "I fly track up" not in body


def test_a_post_whose_class_names_its_meta_style_keeps_its_body() -> None:
    """Zakra puts its meta-style option on the post (``article.tg-meta-style-two``) and the
    page's <h1> above it, outside; a short post holding less than half the page's <p> text
    (a tag cloud and a footer hold more) is still the page's one entry-content, no meta box."""
    url = "https://polka.example/ksiazki/mgla-nad-miastem/"
    fields = extract_article(read("meta-style-class-on-the-post.html"), url)
    assert fields["headline"] == "Mgła nad miastem"
    body = fields["body"]
    assert body is not None
    assert body.startswith("Kryminał, w którym miasto jest podejrzanym.")
    assert body.endswith("Data wydania: kwiecień 2012")


def test_a_post_filed_under_a_chrome_word_tag_is_no_chrome() -> None:
    """WordPress's post_class() on the <article> names its tags (``tag-social``): the topics
    it is filed under, not a share box, even where nothing in it is marked as the text."""
    url = "https://norte.example/premio-a-la-obra-del-hospital/"
    body = extract_article(read("taxonomy-class-post-unmarked.html"), url)["body"]
    assert body is not None
    assert body.startswith("La cámara regional de la construcción")
    assert "Felicidades" not in body


def test_a_post_of_videos_under_headings_keeps_its_headings() -> None:
    """Kadence: the post is four YouTube embeds, the last three each under an <h2>; the
    embeds and their captions go, the headings are all the text the post has."""
    url = "https://concejo.example/videos-de-la-asamblea/"
    fields = extract_article(read("videos-under-headings-post.html"), url)
    assert fields["headline"] == "Vídeos de la asamblea"
    assert fields["body"] == "Presupuesto del barrio\n\nHuertos urbanos\n\nConsulta vecinal"


def test_a_post_of_short_lines_in_the_main_column_keeps_them() -> None:
    """Octopress's page layout: no <article>, no entry-content, the post's lines straight in
    div#main > div#content, each too short for the main-content scores (an <h1> under a
    photo, a few CJK characters over each video). The page's main column is where the short
    post is."""
    url = "http://plants.example/blog/2010/08/26/weekend-videos/"
    fields = extract_article(read("main-column-short-lines.html"), url)
    assert fields["headline"] == "周末的视频"
    assert fields["body"] == "花开了\n\n山里的雨\n\n老街的早晨"


def test_jetpack_share_and_like_boxes_are_no_body_text() -> None:
    """Jetpack's boxes sit inside the post's entry-content ("sharedaddy sd-like
    jetpack-likes-widget-wrapper"): "Like this: Like Loading..." ended every body."""
    url = "https://greenway.example/2015/05/allotment-open-day/"
    body = extract_article(read("jetpack-likes.html"), url)["body"]
    assert body.endswith("the tea stall takes cash only.")
    assert "Like" not in body and "bloggers" not in body


def test_an_empty_post_does_not_take_the_likes_box_text() -> None:
    """The hidden "%d bloggers like this:" line (here in Italian, as Jetpack writes it for an
    Italian blog) was the body of a post without text."""
    url = "https://greenway.example/2015/05/seed-swap-photos/"
    assert not extract_article(read("jetpack-likes-empty.html"), url)["body"]


def test_a_short_post_beats_a_box_after_its_article() -> None:
    """A theme's "Meta Data" box after the post's <article> outscored the post's one line."""
    url = "https://council.example/2019/03/04/77/"
    body = extract_article(read("info-box-after-short-post.html"), url)["body"]
    assert body == "Printed on 3 March in the campus weekly, page four."


def test_a_photo_post_does_not_take_the_box_after_its_article() -> None:
    url = "https://council.example/2019/03/05/78/"
    assert not extract_article(read("info-box-after-photo-post.html"), url)["body"]


def test_the_wordpress_comment_form_is_no_body_text() -> None:
    """``form#commentform`` (one word: no "comment" in it) beside the post's storycontent: its
    labels and the allowed-tags line joined every body as a sibling part."""
    url = "https://wandering.example/2006/03/02/ferry-booked/"
    body = extract_article(read("wordpress-comment-form.html"), url)["body"]
    assert body.endswith("pay as a small car.")
    assert "required" not in body and "XHTML" not in body


def test_a_short_classic_story_keeps_its_text() -> None:
    """WordPress Classic's ``div#authors > div.story > div.storycontent``: a two-line post
    under a wrapper named "authors" lost its text (or got the comment form's)."""
    url = "https://wandering.example/2006/03/02/ferry-booked/"
    body = extract_article(read("classic-story-short.html"), url)["body"]
    assert body.startswith("The ferry to the islands is booked")
    assert body.endswith("hope the sea stays calm all night.")


def test_an_author_bio_longer_than_a_short_post_is_no_body_text() -> None:
    """A short post (one paragraph) followed, inside its article, by the author's bio box
    (``section.author__bio``) that holds most of the page's paragraph text: the bio comes
    after the post's text, so it is the box, not the body, whatever its length."""
    html = read("short-post-author-bio.html")
    fields = extract_article(html, "https://harbourlog.example/blog/2021/03/knot-of-the-week/")
    assert fields["body"].startswith("A short series about one knot a week.")
    assert "harbour pilot" not in fields["body"]
    assert "about page" not in fields["body"]


def test_the_title_part_the_page_shows_as_its_heading_beats_a_longer_site_name() -> None:
    """No site name is known (an SVG logo, no og:site_name) and the post's title is shorter
    than the site name the <title> adds: the part the page's own h2 shows is the headline."""
    html = read("title-longer-site-name-h2.html")
    fields = extract_article(html, "https://clubjeu.example/actualites/petit-mot/")
    assert fields["headline"] == "petit mot"


def test_a_sidebar_beside_the_marked_post_is_no_body_text_however_long() -> None:
    """A short post marked ``div.post-content`` in one column and ``div.sidebar`` with the
    owner's long about-me text in the next: the sidebar holds most of the page's paragraph
    text, but the page says where its post is, so the box beside it is boilerplate."""
    url = "https://riverside-dogs.example/news/winter-hours/"
    body = extract_article(read("sidebar-longer-than-marked-post.html"), url)["body"]
    assert body.startswith("From the first of December the training field closes")
    assert body.endswith("moved to the next free week at no cost.")
    assert "Clara Holm" not in body


def test_a_post_of_one_heading_is_its_body() -> None:
    """Hexo (theme Pure): the whole post is a Markdown heading ("### ..."), no <p> in the
    articleBody; the author box's <h3> after it stays out."""
    url = "https://hill.example/2019/03/15/moved/"
    body = extract_article(read("post-of-one-heading.html"), url)["body"]
    assert body == "以后新的文章都写在另一个博客里，这里不再更新"


def test_a_lone_label_heading_is_no_post() -> None:
    """The same page whose only heading is a label: it stays a label, not a body."""
    html = (
        read("post-of-one-heading.html")
        .replace("以后新的文章都写在<a", "分享到：<a")
        .replace("另一个博客</a>里，这里不再更新", "微博</a>")
    )
    body = extract_article(html, "https://hill.example/2019/03/15/moved/")["body"]
    assert body is None


FLUID_POST = "https://luotuo.example/posts/5e1f2a3b/"


def test_a_licence_box_after_the_post_is_no_body_text() -> None:
    """Hexo Fluid's ``div.license-box`` after the post (its title, its address, author, date
    and licence in little boxes), like NexT's and Butterfly's ``post-copyright``: a notice
    about the post, not its text, even after a short post."""
    for name in ("hexo-fluid-license-box.html", "hexo-fluid-short-post-license-box.html"):
        body = extract_article(read(name), FLUID_POST)["body"]
        assert body.endswith(("晚上放在书房里完全听不到。", "(所以这篇只是记一笔而已"))
        assert "luotuo.example" not in body


def test_a_chinese_sentence_around_a_latin_link_is_body_text() -> None:
    """A Chinese sentence around a link named in Latin letters: most of its characters are
    linked, but the words around the link are words (Chinese writes no spaces between them)."""
    body = extract_article(read("hexo-fluid-short-post-license-box.html"), FLUID_POST)["body"]
    assert "后来有了Pi Fan Control这个项目。" in body.split("\n\n")


def test_markdown_h1_headings_after_a_code_block_are_body_text() -> None:
    """Markdown "# Heading" lines make <h1>s inside the post, after a paragraph, a code
    block's figure, or the empty ``span#more`` (Hexo's excerpt mark): the text's headings."""
    body = extract_article(read("hexo-fluid-license-box.html"), FLUID_POST)["body"]
    paragraphs = body.split("\n\n")
    for heading in ("准备材料", "接线方法", "效果"):
        assert heading in paragraphs


def test_a_paragraph_of_one_link_to_another_site_is_a_reference_of_the_text() -> None:
    """A paragraph that is one link to another site (a blog's "参考博客", a pinout chart) is
    a reference the post gives: body text, also quoted in Markdown ("> [x.deb](...)"). One
    link to another page of the site (a related post), or an embedded post's credit line, is
    still no body text."""
    body = extract_article(read("hexo-fluid-license-box.html"), FLUID_POST)["body"]
    paragraphs = body.split("\n\n")
    assert "树莓派针脚图" in paragraphs
    assert "pi-fan-tools_1.2.0-1_armhf.deb" in paragraphs
    assert "上次给路由器换风扇" not in body
    assert "Una publicación compartida" not in body


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("fullwidth-bar-title.html", "星降る夜の音楽会、配信決定！"),
        ("fullwidth-bar-title-brand-h1s.html", "イベント｜星降る夜の音楽会、配信決定！"),
    ],
)
def test_a_title_joined_by_a_fullwidth_bar_loses_the_site_name(name: str, headline: str) -> None:
    """Japanese and Chinese titles join their parts with a fullwidth bar and no spaces
    ("Post｜Site（reading）"); the site's name, written with its reading in brackets after
    it, is no headline, nor part of one. The page's first two <h1>s are the brand's."""
    fields = extract_article(read(name), "https://starfall.example/news/20220314_501.html")
    assert fields["headline"] == headline


def test_a_paragraph_of_download_mirrors_elsewhere_is_body_text() -> None:
    """A paragraph of a few links to other sites, each of several words (an add-on's
    download mirrors: "远程下载 …", "本地下载 …"), is the post's text; a row of one-word
    share links beside it is not."""
    url = "https://duping.example/posts/131/"
    body = extract_article(read("download-mirror-links-paragraph.html"), url)["body"]
    assert body.endswith("远程下载 朗读计时 官方同步更新 本地下载 朗读计时_timer_2.1")
    assert "Twitter" not in body


def test_a_distill_article_is_dated_by_its_front_matter() -> None:
    """A Distill-layout post (al-folio) states its date only in ``<d-front-matter><script
    type="text/json">``'s "published" key; its byline is written from it by JavaScript."""
    url = "https://miraokafor.example/blog/2021/attention-maps/"
    fields, sources = extract_article_details(read("distill-front-matter.html"), url)
    assert fields["date"][:10] == "2021-03-09"
    assert sources["date"] == "meta"
    assert fields["headline"] == "Reading attention maps with care"


KUBRICK_POST = "http://www.goelands.example/2009/08/maree-haute-au-palmares/"


def test_kubricks_post_metadata_line_is_no_body() -> None:
    """WordPress Kubrick and its many copies end each post with ``p.postmetadata`` ("This
    entry was posted on … You can follow any responses …"): a meta line, kept out of the body
    even beside a post shorter than it."""
    fields = extract_article(read("kubrick-postmetadata.html"), KUBRICK_POST)
    assert fields["body"].startswith("Notre chanson Marée haute")
    assert fields["body"].endswith("Merci à tous !")


def test_an_image_only_post_takes_no_text_from_a_numbered_sidebar() -> None:
    """An image-only post beside ``div.sidebar1`` (a sidebar named with a number, as
    Artisteer-made themes do): the sidebar's lines are no body."""
    url = "http://www.goelands.example/2009/06/une-photo-du-quai/"
    fields = extract_article(read("kubrick-postmetadata-image-only.html"), url)
    assert fields["body"] is None


def test_a_post_rendered_hidden_until_a_script_shows_it_is_the_body() -> None:
    """vuepress-theme-reco 1.x renders the post in ``div.theme-reco-content`` with
    ``style="display:none;"`` on the server: the page's only copy of the text."""
    html = read("vuepress-reco-hidden-content.html")
    fields = extract_article(html, "https://notes.example.cn/blog/rsync-photos.html")
    assert fields["body"].startswith("家里的照片越来越多")
    assert fields["body"].endswith("挂载点不存在就直接退出。")


def test_messages_pasted_from_telegram_in_a_date_group_box_are_the_body() -> None:
    """Telegram Web's message DOM pasted into a post: ``div.bubbles-date-group`` is named by
    'date' alone, yet holds the post's prose, which no date box does."""
    html = read("telegram-bubbles-date-group.html")
    fields = extract_article(html, "https://campussports.example/news/frisbee-finals/")
    assert fields["body"].startswith("The frisbee events ended on Saturday evening")
    assert "closing ceremony on Monday" in fields["body"]


def test_a_related_posts_box_after_a_short_post_is_not_its_body() -> None:
    """WordPress's "aside" post format: a three-paragraph post, then an
    ``article#related.related-posts`` of excerpts holding more text than the post."""
    html = read("aside-post-related-box.html")
    fields = extract_article(html, "https://shavings.example/workshop/sharp-plane/")
    assert fields["body"].startswith("A blunt plane tells you so")
    assert fields["body"].endswith("not a chore before it.")


def test_the_listings_title_shown_in_bold_wins_over_a_site_name_title() -> None:
    """SharePoint news page: an h1 saying "Home", a <title> of the site's name, and the
    post's title only in ``div.title-gt > p > strong``; the listing wrote its date into the
    title link."""
    html = read("sharepoint-title-in-strong.html")
    fields = extract_article(
        html,
        "https://sonongnghiep.example.vn/tin-tuc/lich-tiem-phong-vu-xuan-2019/",
        listing_headline="Lịch tiêm phòng gia súc vụ xuân năm 2019 (12.02.2019 09:15)",
    )
    assert fields["headline"] == "Lịch tiêm phòng gia súc vụ xuân năm 2019"


def test_a_date_set_on_its_own_line_in_the_heading_is_not_headline() -> None:
    """A theme writes the post's date inside its h1, after a line break (``<h1>Title <br>
    <date>12 March 2016</date></h1>``): the headline is the title alone."""
    result = extract_article(
        read("heading-date-after-break.html"), "https://pocket.example/2016/03/12/small-tools/"
    )
    assert result["headline"] == "Small Tools for Small Desks"


def test_a_link_post_before_a_related_posts_article_is_its_one_link() -> None:
    """WordPress's "link" post format: the post is one linked sentence, and the
    ``article#related.related-posts`` after it (its own ``div.entry``) is no second article
    container that would hide where the short post is."""
    html = read("link-post-related-box.html")
    fields = extract_article(html, "https://shavings.example/workshop/flattening-a-sole/")
    assert fields["body"] == (
        "A clear walk-through of flattening a plane's sole on float glass and sandpaper."
    )


def test_a_link_posts_one_linked_sentence_stays_beside_its_comment() -> None:
    """A "link" post: one paragraph that is a linked sentence with its full stop after the
    link, then a word of comment. The linked sentence is the post, not a link list."""
    html = read("link-post-with-comment.html")
    fields = extract_article(html, "https://shavings.example/workshop/flat-soles/")
    assert fields["body"] == (
        "A clear walk-through of flattening a plane's sole on float glass and sandpaper."
        "\n\nWorth it."
    )
