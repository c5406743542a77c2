"""Dates and headlines of article pages shaped like ones met on real sites nobody here built
(issue 15), each in a small fixture with text of our own. Each failed before the rule it
covers."""

from __future__ import annotations

from pathlib import Path

from crawler.extract import extract_article, extract_article_details
from crawler.spiders.articles import build_article_item

FIXTURES = Path(__file__).parent.parent / "fixtures" / "article" / "real"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


SIDEBAR_URL = "http://ribera.example/blog/taller-ceramica/"


def test_the_date_is_read_beside_the_headline_the_listing_confirmed() -> None:
    """Sidebar widget titles and recent-post teasers are <h1>s, the post's title an <h2>:
    the date search starts from the <h2> the listing named, not from a teaser <h1> whose
    <time> shows that other post's day."""
    html = read("sidebar-h1-teasers.html")
    headline = "Visita al taller de cerámica"
    fields, sources = extract_article_details(html, SIDEBAR_URL, listing_headline=headline)
    assert fields["headline"] == headline
    assert sources["headline"] == "h2+listing"
    assert fields["date"][:10] == "2020-05-25"


def test_an_h1_that_links_to_another_page_is_not_the_headline() -> None:
    """Without a listing headline: a teaser <h1><a href="/blog/other/">...</a></h1> is the
    title of another post."""
    fields = extract_article(read("sidebar-h1-teasers.html"), SIDEBAR_URL)
    assert fields["headline"] == "Visita al taller de cerámica"
    assert fields["date"][:10] == "2020-05-25"


BACKDATED_URL = "https://cienciario.example/astronomia/2026-02-12-cometa/"


def test_a_url_date_contradicting_the_date_line_wins_without_a_listing_date() -> None:
    """A date line the URL contradicts may be a banner's "today": the URL wins."""
    fields, sources = extract_article_details(read("backdated-url-date.html"), BACKDATED_URL)
    assert fields["date"] == "2026-02-12"
    assert sources["date"] == "url"


def test_the_listing_date_keeps_the_date_line_over_a_contradicting_url() -> None:
    """The URL carries the day the post was created, the page shows the day it is dated
    ("21 ene 2026"); the listing entry's date (a JavaScript date string in the zone of the
    build machine, the evening before) agrees with the page."""
    fields, sources = extract_article_details(
        read("backdated-url-date.html"), BACKDATED_URL, listing_date="2026-01-20T21:00:00-03:00"
    )
    assert fields["date"] == "2026-01-21"
    assert sources["date"] == "text"


def test_a_listing_showing_the_pages_day_keeps_it_over_a_url_a_day_off() -> None:
    """A slug's date is the day the file was named (``/blog/20231220_x/``); the page and its
    listing both show the 19th."""
    html = (
        "<html><head><title>Merry Christmas | Parish help</title></head><body><article>"
        "<h2>Merry Christmas</h2><div class='blog-item-meta'><span>December 19, 2023</span>"
        "</div><p>We thank everyone who helped this year with food, clothes and time, and wish"
        " all of you a quiet and happy Christmas.</p></article></body></html>"
    )
    url = "https://parish.example/blog/20231220_merrychristmas/"
    fields, sources = extract_article_details(html, url, listing_date="2023-12-19")
    assert fields["date"][:10] == "2023-12-19"
    assert sources["date"] == "text"


def test_a_listing_date_agreeing_with_neither_leaves_the_url_date() -> None:
    fields = extract_article_details(
        read("backdated-url-date.html"), BACKDATED_URL, listing_date="2025-06-01"
    )[0]
    assert fields["date"] == "2026-02-12"


def test_the_listing_date_picks_the_structured_claim_it_agrees_with() -> None:
    """The page's claims disagree and its date line sides with the wrong one (a sidebar
    teaser's <time>, shown as text before the post's header): the claim with the listing's
    day wins."""
    html = read("sidebar-h1-teasers.html").replace(
        '<time class="published" datetime="2020-05-25 00:00:00 +0000 UTC">25 Mayo, 2020</time>',
        "",
    )
    fields, sources = extract_article_details(html, SIDEBAR_URL, listing_date="2020-05-25")
    assert fields["date"][:10] == "2020-05-25"
    assert sources["date"] in ("microdata", "meta")


DATELESS_URL = "http://lab.example/posts/scoreboard/"


def test_a_page_without_a_date_takes_the_listing_entrys() -> None:
    """The page shows no date of its own (a date in its text is not one): the listing
    entry's date is the item's, its source recorded as "listing"."""
    built = build_article_item(
        read("dateless-post.html"),
        DATELESS_URL,
        listing_info={"teaser_date": "2025-01-05T10:12:00+01:00", "teaser_headline": None},
        fetched_at="2025-02-01T00:00:00Z",
        archive={},
    )
    assert built.item.date == "2025-01-05T10:12:00+01:00"
    assert built.item.date_source == "listing"
    assert built.sources["date"] == "listing"
    assert built.item.date_conflict is None


def test_a_date_guessed_from_the_text_gives_way_to_the_listing_date() -> None:
    without = extract_article_details(read("dateless-post.html"), DATELESS_URL)
    fields, sources = extract_article_details(
        read("dateless-post.html"), DATELESS_URL, listing_date="2025-01-05"
    )
    assert without[1].get("date") in (None, "htmldate")
    assert fields["date"] is None and "date" not in sources


def test_a_title_h2_the_metadata_confirm_outranks_a_related_posts_h1() -> None:
    """The page's only <h1> heads a "see also" box inside <main>; the post's title is an <h2>
    that og:title and JSON-LD name. Without a listing headline the <h2> is the headline."""
    url = "https://caderno.example/pt/posts/lacos-rotulos/"
    fields, sources = extract_article_details(read("related-h1-title-h2.html"), url)
    assert fields["headline"] == "Laços com rótulos em Go"
    assert sources["headline"] == "h2"


def test_a_time_shown_only_as_text_does_not_outvote_two_agreeing_claims() -> None:
    """The post's header has no <time>; the first one after its title is a sidebar teaser's
    <time datetime="">11 Diciembre, 2024</time>. Microdata and article:published_time agree
    on another day: a date shown as text is no second witness for itself."""
    html = read("sidebar-h1-teasers.html").replace(
        '<time class="published" datetime="2020-05-25 00:00:00 +0000 UTC">25 Mayo, 2020</time>',
        "",
    )
    fields, sources = extract_article_details(html, SIDEBAR_URL)
    assert fields["date"][:10] == "2020-05-25"
    assert sources["date"] == "microdata"


UPDATE_LINE_URL = "http://circuito.example/2006/05/10/nuevo-trazado/"


def test_a_spanish_update_line_is_not_the_date_line() -> None:
    """ "Actualización 12/6/2006: ..." is a later note; the posting line at the end of the post
    says when it was written. The listing shows the whole post, so its date came from the same
    update note: it agrees with it, and must not make it the article's date."""
    html = read("update-line-es.html")
    for listing_date in (None, "2006-06-12"):
        fields = extract_article_details(html, UPDATE_LINE_URL, listing_date=listing_date)[0]
        assert fields["date"][:10] == "2006-05-10"


def test_an_h1_linking_to_another_site_is_still_the_headline() -> None:
    """A link post's <h1> links to the page it is about, on another site (and stands in no
    <article> or <main>)."""
    html = (
        read("sidebar-h1-teasers.html")
        .replace(
            '<h2><a href="/blog/taller-ceramica/">Visita al taller de cerámica</a></h2>',
            '<h1><a href="https://museo.example/ceramica">Visita al taller de cerámica</a></h1>',
        )
        .replace('<main id="site-main">', '<div id="site-main">')
        .replace('<article class="post">', '<div class="post">')
        .replace("</article>\n  </main>", "</div>\n  </div>")
    )
    fields, sources = extract_article_details(html, SIDEBAR_URL)
    assert fields["headline"] == "Visita al taller de cerámica"
    assert sources["headline"] == "h1"


def test_an_hatom_abbr_gives_the_date_with_its_time() -> None:
    """hAtom-era themes write ``<abbr class="published" title="ISO">`` and no <time>: the
    shown text gave the day only."""
    html = (
        "<html><head><title>Two cockroaches | Napoli magazine</title></head><body>"
        "<div class='post'><h2 class='title'>Two cockroaches</h2><div class='post-meta'>"
        "<abbr class='date time published' title='2012-07-14T13:37:33+0000'>14 luglio 2012"
        "</abbr></div><div class='entry'><p>In the old town the summer brought them back, and"
        " the council has not answered the letters of the residents.</p></div></div>"
        "</body></html>"
    )
    fields, sources = extract_article_details(html, "https://magazine.example/che-due-blatte/")
    assert fields["date"] == "2012-07-14T13:37:33+00:00"
    assert sources["date"] == "time-element"


def test_a_catalan_date_line_with_an_elided_de_picks_the_claim_it_shows() -> None:
    """WordPress in Catalan: article:published_time is an hour off the <time datetime>
    (22:55 UTC against 00:55+01:00), so the two claims fall on two days; the page shows
    "30 d'octubre de 2019" ("de" elided before a vowel), which decides between them, not the
    modified <time> "27 de novembre de 2021" beside it."""
    fields = extract_article(
        read("catalan-elided-month-date.html"),
        "https://gaseta.example/2019/10/30/mercat-de-la-fira/",
    )
    assert fields["headline"] == "El mercat de la fira torna a la plaça"
    assert fields["date"][:10] == "2019-10-30"


def test_a_side_column_news_box_is_no_date_line_of_a_short_post() -> None:
    """The post's column ends before a side column (one holding an <aside>) whose "News -
    2024-05-23" box dates another article; the post itself shows no date line (htmldate may
    still guess from the page's text when no listing gives a date)."""
    html = (FIXTURES / "side-column-news-box.html").read_text(encoding="utf-8")
    fields, sources = extract_article_details(html, "https://gridwork.example/news/nandn_310/")
    assert sources.get("date") != "text"


UPDATED_FIRST_URL = "https://memocho.example/posts/git-branch-rename/"


def test_a_cjk_update_label_keeps_the_creation_day_that_follows_it() -> None:
    """'📝 更新日：<updated> / 📄 作成日：<created>': the updated day is written first; 更新日 is an
    update label like "Updated:", so the creation day is the publication."""
    fields = extract_article(read("updated-day-first-cjk.html"), UPDATED_FIRST_URL)
    assert fields["headline"] == "【Git】ブランチ名を変える手順"
    assert fields["date"] == "2021-03-09"


def test_a_banner_header_without_a_nav_is_no_place_for_the_articles_date() -> None:
    """The site banner (logo linking home, the festival's dates as its tagline) is a bare
    <header> beside the <nav>, not around it; the article pages show no date of their own.
    The banner's date range is not the article's date: the listing's date is the item's."""
    url = "https://rencontres-citoyennes.example/articles/ateliers-du-samedi/"
    html = read("banner-tagline-event-dates.html")
    fields, _sources = extract_article_details(html, url, listing_date="2024-11-14")
    assert fields["headline"] == "Les ateliers du samedi sont ouverts"
    assert fields["date"] is None
    assert "Grenoble" not in fields["body"]


XIAOSHU_URL = "http://www.xiaoshu.example/yong-python-zheng-li-zhao-pian-mu-lu.html"


def test_a_date_written_after_the_headline_in_its_parent_is_the_date_line() -> None:
    """Pelican's Bootstrap theme writes the date as bare text after the <h1>, in the headline's
    parent (a Chinese locale's "%a %d %B %Y": "四 14 三月 2013"); a code comment's date
    further down is no date line."""
    fields, sources = extract_article_details(
        read("pelican-zh-date-after-headline.html"), XIAOSHU_URL
    )
    assert fields["headline"] == "用Python整理照片目录"
    assert fields["date"] == "2013-03-14"
    assert sources["date"] == "text"


def test_a_utc_timestamp_takes_the_day_its_own_time_element_shows() -> None:
    """Hexo (theme Pure): <time datetime="2019-03-14T16:00:00.000Z">2019-03-15</time>, midnight
    in Shanghai written in UTC, and nothing else on the page says the zone: the day the page
    shows is the publisher's, not the UTC one."""
    html = read("utc-time-showing-the-local-day.html")
    result = extract_article(html, "https://hill.example/2019/03/15/photo-backup/")
    assert result["date"] == "2019-03-15"
    assert result["date_raw"] == "2019-03-14T16:00:00.000Z"


def test_a_local_clock_written_as_utc_is_not_moved_off_the_shown_day() -> None:
    """WordPress (tagDiv Newspaper): microdata says 01:03:54+00:00 for the clock time that
    article:published_time gives as 01:03:54-05:00, and the page shows that day. Restating
    the "UTC" time in the page's -05:00 put it on the evening before."""
    html = read("local-clock-labelled-utc-in-microdata.html")
    result = extract_article(html, "https://ledger.example/harvest-supper/")
    assert result["date"] == "2017-11-23T01:03:54-05:00"


def test_a_local_clock_written_as_utc_takes_the_offset_of_the_same_clock_in_the_meta() -> None:
    """The same page with article:published_time the only -05:00 timestamp (no page offset to
    restate in): the microdata's "+00:00" clock is that one, not a UTC instant, which the
    day shown in -05:00 put on the evening before."""
    html = read("local-clock-labelled-utc-in-microdata.html")
    html = html.replace('content="2017-11-23T11:32:13-05:00"', 'content="2017-11-23T11:32:13"')
    result = extract_article(html, "https://ledger.example/harvest-supper/")
    assert result["date"] == "2017-11-23T01:03:54-05:00"
    assert result["date_source"] == "meta"
