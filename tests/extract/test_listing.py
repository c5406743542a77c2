"""Listing-page detection on hand-written fixtures; expected values are written by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.extract.listing import ListingPage, parse_listing
from crawler.sites import Selectors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "listing"


def parse_fixture(name: str, url: str, selectors: Selectors | None = None) -> ListingPage:
    return parse_listing((FIXTURES / name).read_text(encoding="utf-8"), url, selectors)


EMPTY = ListingPage([], None, None, ["no-entries"])


def urls(page: ListingPage) -> list[str]:
    return [entry.url for entry in page.entries]


# --------------------------------------------------------------------------- Drupal

DRUPAL_URL = "https://news.example.org/tags/idlib"
DRUPAL_ENTRIES = [
    "https://news.example.org/articles/140112-kremlin-worst-case-scenarios-idlib",
    "https://news.example.org/articles/140108-merkel-macron-meet-putin-erdogan",
    "https://news.example.org/articles/140101-turkey-russia-must-stand-aside-idlib",
    "https://news.example.org/articles/140095-russia-thwarts-turkish-offensive-idlib",
    "https://news.example.org/articles/140090-kremlin-prepares-war-erdogan",
    "https://news.example.org/articles/140083-turkey-deploys-army-idlib",
    "https://news.example.org/articles/140077-us-convoy-iraq-syria",
    "https://news.example.org/articles/140071-russia-control-m5-highway",
    "https://news.example.org/articles/140066-turkey-american-weapons-militants",
    "https://news.example.org/articles/140060-russian-ambassador-turkey-threats",
]


def test_drupal_entries_skip_menu_most_read_and_footer() -> None:
    page = parse_fixture("drupal.html", DRUPAL_URL)
    assert urls(page) == DRUPAL_ENTRIES
    assert [entry.rank for entry in page.entries] == list(range(1, 11))
    assert page.uncertain == []


def test_drupal_headlines_teaser_and_missing_date() -> None:
    page = parse_fixture("drupal.html", DRUPAL_URL)
    first, third = page.entries[0], page.entries[2]
    assert first.headline == (
        "Kremlin: It's not time to talk about the worst-case scenarios in Syria's Idlib yet"
    )
    assert third.headline == "Turkey: Russia must 'stand aside' in Idlib"
    assert page.entries[6].teaser == (
        "A US convoy of military vehicles has departed from Iraq towards Syria, Sky News Arabia "
        "reports, citing sources in the Iraqi security service.\n\n"
        "According to the source, the convoy consists of more than 50 military vehicles, and has "
        "already crossed the border from Iraq to Syria.\n\n"
        "The radio station Sham FM reported that a convoy of 55 American military trucks had "
        "arrived in the Hasakah province in north-eastern Syria. The convoy’s destination and "
        "objectives were unknown.\n\n"
        "The transfer of US …"
    )
    assert all("read more" not in (entry.teaser or "") for entry in page.entries)
    assert all(entry.date_raw is None for entry in page.entries)


def test_drupal_pager_next_is_zero_based_page_param() -> None:
    page = parse_fixture("drupal.html", DRUPAL_URL)
    assert page.next_url == "https://news.example.org/tags/idlib?page=1"
    assert page.next_source == "pager"


# --------------------------------------------------------------------------- WordPress

WORDPRESS_URL = "https://blog.example.com/tag/idlib/"


def test_wordpress_entries_collapse_thumbnail_title_and_more_links() -> None:
    page = parse_fixture("wordpress.html", WORDPRESS_URL)
    assert urls(page) == [
        "https://blog.example.com/2020/02/21/ceasefire-talks-stall/",
        "https://blog.example.com/2020/02/19/camps-at-the-border/",
        "https://blog.example.com/2020/02/16/video-saraqib-road/",
        "https://blog.example.com/2020/02/12/what-the-sochi-memorandum-says/",
    ]
    assert page.uncertain == []


def test_wordpress_fields() -> None:
    page = parse_fixture("wordpress.html", WORDPRESS_URL)
    first, second, third = page.entries[:3]
    assert first.headline == "Ceasefire talks stall as shelling resumes near Idlib"
    assert third.headline == "Video: on the road to Saraqib"
    assert first.date_raw == "2020-02-21T09:15:00+00:00"
    assert second.teaser == (
        "Near Atmeh, families who fled Maarat al-Numan sleep in cars and half-built houses. "
        "A volunteer counts new arrivals every morning …"
    )
    assert first.teaser == (
        "Diplomats meeting in Ankara failed to agree on a new line of contact, while residents "
        "of Ariha reported the heaviest shelling in a week. Aid groups say roads north are "
        "jammed … […]"
    )


def test_wordpress_next_from_link_rel_next() -> None:
    page = parse_fixture("wordpress.html", WORDPRESS_URL)
    assert page.next_url == "https://blog.example.com/tag/idlib/page/2/"
    assert page.next_source == "rel-next"


# --------------------------------------------------------------------------- old table layout

TABLE_URL = "http://archive.example.net/list.php?tag=idlib"


def test_table_rows_resolved_against_base_href() -> None:
    page = parse_fixture("table.html", TABLE_URL)
    assert urls(page) == [
        "http://archive.example.net/news/show.php?id=1041&tag=idlib",
        "http://archive.example.net/news/show.php?id=1038&tag=idlib",
        "http://archive.example.net/news/show.php?id=1030&tag=idlib",
        "http://archive.example.net/news/show.php?id=1027&tag=idlib",
        "http://archive.example.net/news/show.php?id=1019&tag=idlib",
        "http://archive.example.net/news/show.php?id=1012&tag=idlib",
    ]


def test_table_fields_and_text_next() -> None:
    page = parse_fixture("table.html", TABLE_URL)
    second = page.entries[1]
    assert second.headline == "Turkish artillery shells positions near Nayrab"
    assert second.date_raw == "20.02.2020"
    assert second.teaser == (
        "Residents reported several hours of shelling; no casualty figures were given."
    )
    assert page.entries[5].headline == "Helicopter downed over western Aleppo countryside"
    assert page.next_url == "http://archive.example.net/list.php?tag=idlib&page=2"
    assert page.next_source == "text"
    assert page.uncertain == ["next-guessed"]


# --------------------------------------------------------------------------- card grid

CARDS_URL = "https://meridian.example.com/topics/idlib"


def test_cards_across_grid_rows_with_external_host() -> None:
    page = parse_fixture("cards.html", CARDS_URL)
    assert urls(page) == [
        "https://meridian.example.com/news/2020/02/21/idlib-schools-closed",
        "https://meridian.example.com/news/2020/02/20/bakeries-run-out-of-flour",
        "https://partner.example.org/stories/idlib-doctors",
        "https://meridian.example.com/news/2020/02/18/idlib-winter-tents",
        "https://meridian.example.com/news/2020/02/17/mapping-the-m5",
    ]


def test_cards_fields_and_pager_next() -> None:
    page = parse_fixture("cards.html", CARDS_URL)
    first, third = page.entries[0], page.entries[2]
    assert first.headline == "Schools in Idlib close as the front line moves closer"
    assert third.headline == "The last doctors of Kafr Nabl"
    assert first.date_raw == "Feb 21, 2020"
    assert first.teaser == (
        "Teachers say more than half of their pupils have already left with their families "
        "for the camps in the north …"
    )
    assert page.next_url == "https://meridian.example.com/topics/idlib?page=2"
    assert page.next_source == "pager"


# --------------------------------------------------------------------------- headline only

HEADLINE_ONLY_URL = "https://dispatch.example.net/topics/idlib/page1.html"


def test_headline_only_list_beats_most_read_sidebar() -> None:
    page = parse_fixture("headline_only.html", HEADLINE_ONLY_URL)
    assert urls(page) == [
        "https://dispatch.example.net/2020/02/21/talks-in-moscow-end-without-deal.html",
        "https://dispatch.example.net/2020/02/20/saraqib-offensive.html",
        "https://dispatch.example.net/2020/02/20/hospital-evacuated.html",
        "https://dispatch.example.net/2020/02/19/erdogan-deadline.html",
        "https://dispatch.example.net/2020/02/18/un-security-council.html",
        "https://dispatch.example.net/2020/02/17/m5-cleared.html",
        "https://dispatch.example.net/2020/02/16/camps-overflow.html",
        "https://dispatch.example.net/2020/02/15/helicopter-down.html",
    ]


def test_headline_only_fields_and_url_pattern_next() -> None:
    page = parse_fixture("headline_only.html", HEADLINE_ONLY_URL)
    assert page.entries[3].headline == "Erdogan repeats end-of-February deadline"
    assert page.entries[3].date_raw == "2020-02-19"
    assert all(entry.teaser is None for entry in page.entries)
    assert page.next_url == "https://dispatch.example.net/topics/idlib/page2.html"
    assert page.next_source == "url-pattern"
    assert page.uncertain == ["next-guessed"]


# --------------------------------------------------------------------------- sidebar first

SIDEBAR_FIRST_URL = "https://crossroads.example.com/tags/idlib"


def test_sidebar_before_main_list_in_source_order_loses() -> None:
    page = parse_fixture("sidebar_first.html", SIDEBAR_FIRST_URL)
    assert urls(page) == [
        "https://crossroads.example.com/stories/idlib-ceasefire-announced",
        "https://crossroads.example.com/stories/joint-patrols-m4",
        "https://crossroads.example.com/stories/displaced-families-wait",
        "https://crossroads.example.com/stories/truce-violations-reported",
    ]
    third = page.entries[2]
    assert third.headline == "Displaced families wait to see if the truce holds"
    assert third.date_raw == "March 7, 2020"
    assert third.teaser == (
        "In the camps near the border, few people are ready to go home yet, aid workers say."
    )
    assert page.next_url == "https://crossroads.example.com/tags/idlib?p=2"
    assert page.next_source == "rel-next"


# --------------------------------------------------------------------------- inline layouts


def html_page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_flat_headings_with_sibling_teasers() -> None:
    body = """<div id="content"><div class="view-content">
      <h3><a href="/a/1">First headline about the Idlib talks</a></h3>
      <span class="date">Feb 21, 2020</span>
      <p>First teaser paragraph with enough words …</p>
      <a href="/a/1">read more</a>
      <h3><a href="/a/2">Second headline about the Idlib front</a></h3>
      Second teaser as a bare text node with words …
      <a href="/a/2">read more</a>
      <h3><a href="/a/3">Third headline about displaced families</a></h3>
      <p>Third teaser paragraph, one more time …</p>
    </div></div>"""
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert urls(page) == ["https://x.example/a/1", "https://x.example/a/2", "https://x.example/a/3"]
    assert page.entries[0].date_raw == "Feb 21, 2020"
    assert page.entries[0].teaser == "First teaser paragraph with enough words …"
    assert page.entries[1].teaser == "Second teaser as a bare text node with words …"


def test_teaser_text_after_a_comment_is_kept() -> None:
    body = """<div id="content"><div class="view-content">
      <div class="entry"><h2><a href="/a/1">First headline about the Idlib talks</a></h2>
      <p>Talks began <!-- ad slot --> in Ankara on Monday <!-- a --><!-- b -->with envoys …</p>
      </div>
      <div class="entry"><h2><a href="/a/2">Second headline about the Idlib front</a></h2>
      <p>The front line moved <b>north</b><!-- x --> again this week, officials said<!-- y --></p>
      </div>
      <div class="entry"><h2><a href="/a/3">Third headline about displaced families</a></h2>
      <p>Families left <?php echo 1 ?> the camps before dawn …</p>
      </div>
    </div></div>"""
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert [entry.teaser for entry in page.entries] == [
        "Talks began in Ankara on Monday with envoys …",
        "The front line moved north again this week, officials said",
        "Families left the camps before dawn …",
    ]


def test_related_links_inside_entries_stay_inside_them() -> None:
    entry = """<div class="entry"><h2><a href="/a/{n}">Headline number {n} of the list</a></h2>
      <div class="strap">Exclusive</div>
      <p>Teaser {n} says what happened, in a few words …</p>
      <p>Related: <a href="/r/{n}">An older story about the same events</a></p></div>"""
    body = '<div id="content">' + "".join(entry.format(n=n) for n in range(1, 4)) + "</div>"
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert urls(page) == ["https://x.example/a/1", "https://x.example/a/2", "https://x.example/a/3"]
    assert page.entries[1].teaser == (
        "Teaser 2 says what happened, in a few words …\n\n"
        "Related: An older story about the same events"
    )


def test_whole_posts_with_varying_classes_and_many_links() -> None:
    post = """<article class="post-{n}{extra} post hentry">
      <header class="entry-header"><h2><a href="/p/{n}/">Whole post number {n} shown here</a></h2>
      </header>
      <div class="entry-content"><p>Body of post {n} with <a href="https://a.example/1">a first
      outside source</a>, <a href="https://a.example/2">a second outside source</a>,
      <a href="https://a.example/3">a third outside source</a> and
      <a href="https://a.example/4">a fourth outside source</a> cited.</p></div>
    </article>"""
    extras = [" category-war sticky", " format-video tag-idlib", " has-post-thumbnail"]
    body = "<main>" + "".join(post.format(n=n, extra=extras[n]) for n in range(3)) + "</main>"
    page = parse_listing(html_page(body), "https://x.example/tag/idlib/")
    assert urls(page) == [
        "https://x.example/p/0/",
        "https://x.example/p/1/",
        "https://x.example/p/2/",
    ]
    assert page.entries[2].headline == "Whole post number 2 shown here"


def test_sidebar_column_with_the_same_markup_stays_apart() -> None:
    item = '<li><a href="/{p}/{n}">Headline {n} in the {p} column</a>{teaser}</li>'
    teaser = "<p>A teaser sentence long enough to count as one …</p>"
    main = "".join(item.format(p="main", n=n, teaser=teaser) for n in range(4))
    side = "".join(item.format(p="side", n=n, teaser="") for n in range(6))
    body = (
        f'<div class="row"><div class="col col-md-8"><ul>{main}</ul></div>'
        f'<div class="col col-md-4"><ul>{side}</ul></div></div>'
    )
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert urls(page) == [f"https://x.example/main/{n}" for n in range(4)]


def headline_list(prefix: str, count: int) -> str:
    return (
        "<ul>"
        + "".join(
            f'<li><a href="/{prefix}/{n}">Headline {n} of the {prefix} list today</a></li>'
            for n in range(count)
        )
        + "</ul>"
    )


def test_sidebar_class_loses_against_a_shorter_main_list() -> None:
    body = f'<div class="list">{headline_list("main", 4)}</div>'
    body += f'<div class="sidebar">{headline_list("side", 5)}</div>'
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert urls(page) == [f"https://x.example/main/{n}" for n in range(4)]


def test_most_read_heading_loses_against_a_shorter_main_list() -> None:
    body = f'<div class="a">{headline_list("main", 4)}</div>'
    body += f'<div class="b"><h3>Most read</h3>{headline_list("side", 5)}</div>'
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert urls(page) == [f"https://x.example/main/{n}" for n in range(4)]


def test_read_more_is_the_link_when_the_headline_is_not_linked() -> None:
    entry = """<li><h2>Unlinked headline number {n} here</h2>
      <p>The teaser text of entry {n} …</p><a href="/a/{n}">Read more</a></li>"""
    body = '<div id="content"><ul>' + "".join(entry.format(n=n) for n in range(1, 4))
    body += '</ul><p><a href="/section/politics">More</a></p></div>'
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert urls(page) == ["https://x.example/a/1", "https://x.example/a/2", "https://x.example/a/3"]
    assert page.entries[1].headline == "Unlinked headline number 2 here"
    assert page.entries[1].teaser == "The teaser text of entry 2 …"


def test_two_entries_are_flagged_few() -> None:
    body = """<main><ul>
      <li><h2><a href="/a/1">Only two entries on this last page</a></h2><p>Teaser one …</p></li>
      <li><h2><a href="/a/2">The second of the two entries here</a></h2><p>Teaser two …</p></li>
    </ul></main>"""
    page = parse_listing(html_page(body), "https://x.example/tags/idlib?page=4")
    assert urls(page) == ["https://x.example/a/1", "https://x.example/a/2"]
    assert page.uncertain == ["few-entries", "no-next-guessed"]


def test_landmarks_never_give_entries() -> None:
    links = "".join(
        f'<li><a href="/s/{i}">A long headline-like link number {i} here</a></li>' for i in range(6)
    )
    body = (
        f"<header><ul>{links}</ul></header><nav><ul>{links}</ul></nav>"
        f'<aside><ul>{links}</ul></aside><div role="complementary"><ul>{links}</ul></div>'
        f"<footer><ul>{links}</ul></footer>"
    )
    page = parse_listing(html_page(body), "https://x.example/tags/idlib")
    assert page.entries == []
    assert page.uncertain == ["no-entries"]


# --------------------------------------------------------------------------- next page


def listing_with(body: str, url: str, head: str = "") -> ListingPage:
    """Three entries in <main>, followed by ``body``."""
    entries = """<main><ul>
      <li><h2><a href="/a/1">One headline of the listing here</a></h2><p>Teaser …</p></li>
      <li><h2><a href="/a/2">Two headline of the listing here</a></h2><p>Teaser …</p></li>
      <li><h2><a href="/a/3">Three headline of the listing here</a></h2><p>Teaser …</p></li>
    </ul></main>"""
    return parse_listing(html_page(entries + body, head), url)


def next_of(body: str, url: str, head: str = "") -> tuple[str | None, str | None]:
    page = listing_with(body, url, head)
    return page.next_url, page.next_source


def test_pager_after_current_marker_on_middle_page() -> None:
    pager = """<ul class="pager">
      <li class="pager-item"><a href="/tags/idlib?page=0">1</a></li>
      <li class="pager-current">2</li>
      <li class="pager-item"><a href="/tags/idlib?page=2">3</a></li>
    </ul>"""
    assert next_of(pager, "https://x.example/tags/idlib?page=1") == (
        "https://x.example/tags/idlib?page=2",
        "pager",
    )


def test_pager_next_known_only_by_class() -> None:
    pager = """<div class="pagination"><a class="prev" href="/t?page=1"><i class="icon"></i></a>
      <a class="next" href="/t?page=5"><i class="icon"></i></a></div>"""
    assert next_of(pager, "https://x.example/t?page=2") == ("https://x.example/t?page=5", "pager")


def test_pager_on_last_page_gives_none_and_is_sure() -> None:
    pager = """<div class="pagination"><a href="/t/page/1/">1</a>
      <span class="current">2</span></div>"""
    page = listing_with(pager, "https://x.example/t/page/2/")
    assert (page.next_url, page.next_source) == (None, None)
    assert page.uncertain == []


@pytest.mark.parametrize(
    "label",
    ["Weiter", "Nächste Seite »", "Suivant ›", "Siguiente", "Далее", "Older posts", "›", "→"],
)
def test_next_link_text_in_several_languages(label: str) -> None:
    body = f'<p><a href="/about">About us</a> <a href="/archive/x?pg=7">{label}</a></p>'
    assert next_of(body, "https://x.example/archive/x") == (
        "https://x.example/archive/x?pg=7",
        "text",
    )


@pytest.mark.parametrize(
    "label", ["Starší příspěvky", "Další", "Starsze wpisy", "Vanhemmat", "다음", "Eski yazılar"]
)
def test_next_link_text_in_more_languages(label: str) -> None:
    body = f'<p><a href="/about">About us</a> <a href="/archive/x?pg=7">{label}</a></p>'
    assert next_of(body, "https://x.example/archive/x") == (
        "https://x.example/archive/x?pg=7",
        "text",
    )


@pytest.mark.parametrize(
    ("current", "second"),
    [
        ("https://x.example/blog/news.html", "https://x.example/blog/news2.html"),
        ("https://x.example/blog/index.html", "https://x.example/blog/index-2.html"),
        ("https://x.example/blog/tag/x/", "https://x.example/blog/tag/x/index2.html"),
        ("https://x.example/blog/tag/x/", "https://x.example/blog/tag/x/page2.html"),
    ],
)
def test_second_page_as_a_numbered_file(current: str, second: str) -> None:
    body = f'<p><a href="/about">About us</a> <a href="{second}">2</a></p>'
    assert next_of(body, current) == (second, "url-pattern")


@pytest.mark.parametrize(
    ("current", "other"),
    [
        ("https://x.example/blog/news.html", "https://x.example/other/news2.html"),
        ("https://x.example/blog/news.html", "https://x.example/blog/news3.html"),
        ("https://x.example/blog/tag/x/", "https://x.example/blog/tag/x/archive2.html"),
    ],
)
def test_other_numbered_files_are_not_the_second_page(current: str, other: str) -> None:
    body = f'<p><a href="/about">About us</a> <a href="{other}">2</a></p>'
    assert next_of(body, current)[0] is None


def test_aria_label_next_and_last_is_not_next() -> None:
    body = '<p><a href="/t?n=9">Last »</a> <a aria-label="Next page" href="/t?n=2">▸</a></p>'
    assert next_of(body, "https://x.example/t") == ("https://x.example/t?n=2", "text")


def test_zero_based_page_param_pattern() -> None:
    body = '<p><a href="/tags/idlib?page=2">More from this tag, page three</a> '
    body += '<a href="/tags/idlib?page=1">More from this tag, page two</a></p>'
    assert next_of(body, "https://x.example/tags/idlib") == (
        "https://x.example/tags/idlib?page=1",
        "url-pattern",
    )


def test_start_offset_pattern() -> None:
    body = '<p><a href="/s?q=idlib&amp;start=0">back to start</a> '
    body += '<a href="/s?q=idlib&amp;start=40">further results</a></p>'
    assert next_of(body, "https://x.example/s?q=idlib&start=20") == (
        "https://x.example/s?q=idlib&start=40",
        "url-pattern",
    )


def test_next_never_points_to_the_page_itself() -> None:
    head = '<link rel="next" href="https://x.example/tags/idlib#top">'
    body = '<p><a href="/tags/idlib">Next</a> <a href="/tags/idlib/page/2/">Next page</a></p>'
    assert next_of(body, "https://x.example/tags/idlib", head) == (
        "https://x.example/tags/idlib/page/2/",
        "text",
    )


def test_no_next_at_all_is_flagged() -> None:
    page = listing_with('<p><a href="/about">About</a></p>', "https://x.example/tags/idlib")
    assert len(page.entries) == 3
    assert (page.next_url, page.next_source) == (None, None)
    assert page.uncertain == ["no-next-guessed"]


# --------------------------------------------------------------------------- site selectors


def test_selectors_override_entries_link_and_next() -> None:
    selectors = Selectors(
        entries="//div[@class='view-content']//li[contains(@class, 'views-row')]",
        article_link=".views-field-view-node a",
        next_page="li.pager-last a",
    )
    page = parse_fixture("drupal.html", DRUPAL_URL, selectors)
    assert urls(page) == DRUPAL_ENTRIES
    assert page.entries[1].headline == (
        "Merkel and Macron willing to meet with Putin and Erdogan for Syria talks"
    )
    assert page.next_url == "https://news.example.org/tags/idlib?page=12"
    assert page.next_source == "site-selector"
    assert page.uncertain == []


def test_selector_entries_take_what_they_select_with_automatic_link() -> None:
    page = parse_fixture("drupal.html", DRUPAL_URL, Selectors(entries="li.views-row"))
    sidebar = [
        "https://news.example.org/articles/139990-putin-erdogan-phone-call-idlib",
        "https://news.example.org/articles/139975-oil-prices-fall-coronavirus",
        "https://news.example.org/articles/139960-navalny-new-investigation",
        "https://news.example.org/articles/139951-ukraine-gas-transit-deal",
    ]
    assert urls(page) == DRUPAL_ENTRIES + sidebar
    assert page.entries[-1].headline == "Ukraine and Russia sign a new gas transit deal"
    assert page.next_source == "pager"


def test_next_page_selector_giving_an_attribute() -> None:
    selectors = Selectors(next_page="//li[@class='pager-item'][2]/a/@href")
    page = parse_fixture("drupal.html", DRUPAL_URL, selectors)
    assert urls(page) == DRUPAL_ENTRIES
    assert (page.next_url, page.next_source) == (
        "https://news.example.org/tags/idlib?page=2",
        "site-selector",
    )


def test_next_page_selector_matching_nothing_means_last_page() -> None:
    page = parse_fixture("drupal.html", DRUPAL_URL, Selectors(next_page="a.no-such-link"))
    assert (page.next_url, page.next_source) == (None, None)


def test_entries_selector_matching_nothing() -> None:
    page = parse_fixture("drupal.html", DRUPAL_URL, Selectors(entries="div.no-such-entry"))
    assert page.entries == []
    assert page.uncertain == ["no-entries"]


def test_invalid_selectors_do_not_raise() -> None:
    selectors = Selectors(entries="div[", next_page="//a[")
    page = parse_fixture("drupal.html", DRUPAL_URL, selectors)
    assert page == EMPTY


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t",
        "\x00\x01\x02 binary \xff\xfe junk \x1b[0m",
        bytes(range(256)).decode("latin-1") * 20,
        "<html><head><title>No body here</title></head></html>",
        "just some text without any markup",
        "<div>" * 20_000,
        "<div>" * 20_000 + '<a href="/a/1">A headline-like link deep inside</a>',
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>',
        '<a href="http://[::1">Broken IPv6 link with many words</a>' * 5,
        '<base href="javascript:alert(1)"><a href="mailto:x@y.z">Mail the editors today</a>',
    ],
)
def test_hostile_input_gives_empty_page(html: str) -> None:
    assert parse_listing(html, "https://x.example/tags/idlib") == EMPTY


def test_unusable_page_url_does_not_raise() -> None:
    assert parse_listing("<a href='/a'>x</a>", "") == EMPTY


def test_a_large_page_lists_every_entry() -> None:
    """A 150 KB listing of 130 entries (its speed is measured by bench/listing_speed.py)."""
    html = (FIXTURES / "drupal.html").read_text(encoding="utf-8")
    start = html.index('<li class="views-row views-row-1')
    end = html.index("</ul>", start)
    rows = html[start:end]
    copies = [re.sub(r"/articles/(\d+)", rf"/articles/{n}\1", rows) for n in range(13)]
    big = html[:start] + "".join(copies) + html[end:]
    assert len(big) > 150_000
    page = parse_listing(big, DRUPAL_URL)
    assert len(page.entries) == 130
    assert len({entry.url for entry in page.entries}) == 130
