"""Headline candidates (JSON-LD, OpenGraph, h1, <title>) reconciled, and per-field provenance."""

from __future__ import annotations

from crawler.extract import extract_article, extract_article_details
from crawler.extract.article import strip_site_name

URL = "https://www.herald-news.example/local/council-approves-bridge"
BODY = "<p>" + "The council voted on Tuesday to approve the new river bridge. " * 4 + "</p>"


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}{BODY}</body></html>"


def test_visible_h1_confirmed_by_metadata_beats_the_rewritten_social_title() -> None:
    html = page(
        '<meta property="og:title" content="Council approves new bridge | Herald News">',
        "<h1>Council approves the new river bridge</h1>",
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["headline"] == "Council approves the new river bridge"
    assert sources["headline"] == "h1"


def test_h1_unrelated_to_every_title_loses_to_the_metadata() -> None:
    html = page(
        '<meta property="og:title" content="Council approves the river bridge">',
        "<h1>Latest news</h1>",
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["headline"] == "Council approves the river bridge"
    assert sources["headline"] == "meta"


def test_h1_linking_to_the_front_page_is_a_logo() -> None:
    html = page(
        "<title>Council approves bridge | Herald</title>",
        '<h1><a href="/">Council</a></h1>',
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["headline"] == "Council approves bridge"
    assert sources["headline"] == "title"


def test_kicker_inside_the_h1_is_left_out() -> None:
    html = page(
        '<meta property="og:title" content="Council approves the river bridge">',
        '<h1><span class="kicker">Transport</span> Council approves the river bridge</h1>',
    )
    assert extract_article(html, URL)["headline"] == "Council approves the river bridge"


def test_site_name_guessed_from_the_host_when_the_page_names_none() -> None:
    html = page("<title>Herald News - Council approves bridge</title>", "")
    assert extract_article(html, URL)["headline"] == "Council approves bridge"


def test_site_name_matches_ignoring_case_and_punctuation() -> None:
    assert strip_site_name("Pie recipe - Backen.de", ["backen de"], guess=False) == "Pie recipe"


def test_nested_separators_are_stripped_in_turn() -> None:
    title = "Shops close in the old town » ★★★★ - Watch e.V. - Daily news"
    assert strip_site_name(title, []) == "Shops close in the old town"


def test_every_extracted_field_names_its_source() -> None:
    html = page(
        '<link rel="canonical" href="/local/council-approves-bridge">'
        '<meta property="og:title" content="Council approves bridge">'
        '<meta property="article:published_time" content="2020-02-21T14:05:00+01:00">'
        '<meta name="author" content="Jane Roe"><meta name="keywords" content="council, bridge">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "en"}</script>',
        "<h1>Council approves bridge</h1>",
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["canonical_url"] == URL
    assert sources == {
        "canonical_url": "link-canonical",
        "headline": "h1",
        "date": "meta",
        "body": "main-content",
        "authors": "meta",
        "tags": "meta",
        "language": "json-ld",
    }


def test_fields_without_a_value_have_no_source() -> None:
    fields, sources = extract_article_details("<html><body><p>Hi</p></body></html>", URL)
    assert fields["date"] is None and "date" not in sources
    assert fields["authors"] == [] and "authors" not in sources
    assert sources["canonical_url"] == "url"


def test_h1_placed_in_the_article_wins_even_when_the_titles_say_otherwise() -> None:
    html = page(
        '<meta property="og:title" content="Your Swiss fishing magazine">',
        '<header role="banner"><a href="/">Fishing</a></header>'
        "<main><article><header><h1>Winter pike of the lake</h1></header></article></main>",
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["headline"] == "Winter pike of the lake"
    assert sources["headline"] == "h1"


def test_h1_in_the_site_banner_is_not_placed_as_a_headline() -> None:
    html = page(
        '<meta property="og:title" content="Council approves bridge">',
        '<div role="main"><header role="banner"><h1>Herald News</h1></header></div>',
    )
    assert extract_article(html, URL)["headline"] == "Council approves bridge"


def test_ruby_readings_are_not_part_of_the_text() -> None:
    html = page(
        "",
        "<h1><ruby>子<rt>こ</rt></ruby>どもの<ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby></h1>",
    )
    assert extract_article(html, URL)["headline"] == "子どもの法律"


def test_the_part_marked_as_headline_inside_a_composite_h1() -> None:
    html = page(
        "",
        '<h1><span class="dachzeile">Leaked files</span> '
        '<span class="headline">Arms maker hacked</span></h1>',
    )
    assert extract_article(html, URL)["headline"] == "Arms maker hacked"


def test_a_small_kicker_above_the_headline_is_left_out() -> None:
    html = page("", "<h1><small>Workout of the week</small><br>Medley pyramid</h1>")
    assert extract_article(html, URL)["headline"] == "Medley pyramid"


def test_a_label_before_the_headline_is_left_out() -> None:
    html = page("", '<h1><span class="label">Patch Notes</span> Patch 4.47 bug fixes</h1>')
    assert extract_article(html, URL)["headline"] == "Patch 4.47 bug fixes"


def test_site_selectors_are_named_as_the_source() -> None:
    from crawler.sites import Selectors

    html = page("", '<h1>Council approves bridge</h1><p class="when">21.02.2020</p>')
    selectors = Selectors(headline="h1", date="p.when", body="p:not(.when)")
    _, sources = extract_article_details(html, URL, selectors)
    assert sources["headline"] == sources["date"] == sources["body"] == "site-selector"


def test_complete_json_ld_article_body_is_named_as_the_source() -> None:
    text = "The council voted on Tuesday to approve the new river bridge over the harbour. "
    body = (text * 8).strip()
    html = (
        '<html><head><script type="application/ld+json">'
        f'{{"@type": "NewsArticle", "headline": "Bridge", "articleBody": "{body}"}}'
        f"</script></head><body><h1>Bridge</h1><p>{text * 2}</p></body></html>"
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["body"] == body
    assert sources["body"] == "json-ld-articleBody"


def test_an_h2_agreeing_with_the_titles_when_the_h1_is_the_site() -> None:
    html = page(
        '<meta property="og:title" content="The historic somersault (2021/5)">',
        '<h1><a href="/">Travel Magazine</a></h1><h2>The historic somersault</h2>',
    )
    fields, sources = extract_article_details(html, URL)
    assert fields["headline"] == "The historic somersault"
    assert sources["headline"] == "h2"


def test_the_logo_h1s_site_name_is_stripped_after_a_colon_inside_the_longest_part() -> None:
    """<title>Headline :  Site | Tagline | Since 2005</title> and an <h1> linking home that
    names the site: the tagline parts go as the shorter ones, " : Site" as the known name."""
    html = page(
        "<title>Bridge vote delayed again :  Herald Archive | Notes on a town | Since 2005</title>",
        '<div id="header"><h1><a href="https://www.herald-news.example/">Herald Archive</a>'
        "</h1></div>",
    )
    assert extract_article(html, URL)["headline"] == "Bridge vote delayed again"


def test_a_themes_bullet_before_the_heading_is_not_the_headlines() -> None:
    """An old theme sets "[>" before every heading; the title says "Site // » Headline"."""
    html = page(
        "<title>herald-news.example // &raquo; Bridge vote delayed</title>",
        '<div id="header"><h1><a href="https://www.herald-news.example/"><img src="/logo.gif"'
        ' alt="Herald"></a></h1></div><h2>[&gt; Bridge vote delayed</h2>',
    )
    assert extract_article(html, URL)["headline"] == "Bridge vote delayed"
