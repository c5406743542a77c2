"""Which date wins: published over modified, date lines over sentences, the floor, fallbacks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from crawler.extract import date_lines, extract_article

URL = "https://news.example/local/bridge"
STORY = "<p>" + "The council voted on Tuesday to approve the new river bridge. " * 4 + "</p>"


def page(head: str = "", before: str = "", after: str = "", story: str = STORY) -> str:
    return (
        f"<html><head><title>Bridge</title>{head}</head><body><article>"
        f"{before}<h1>Council approves bridge</h1>{after}{story}</article></body></html>"
    )


def test_published_beats_modified() -> None:
    html = page(
        '<meta property="article:modified_time" content="2021-05-01T10:00:00+02:00">'
        '<meta property="article:published_time" content="2021-04-30T09:00:00+02:00">'
    )
    result = extract_article(html, URL)
    assert result["date"] == "2021-04-30T09:00:00+02:00"
    assert result["date_raw"] == "2021-04-30T09:00:00+02:00"
    assert result["date_source"] == "meta"


def test_dates_before_the_floor_fall_through_to_the_next_source() -> None:
    html = page(
        '<meta property="article:published_time" content="2001-01-01">',
        after='<p class="date">21 February 2020</p>',
    )
    assert extract_article(html, URL)["date"] == "2001-01-01"
    later_floor = extract_article(html, URL, date_floor=date(2005, 1, 1))
    assert later_floor["date"] == "2020-02-21"
    assert later_floor["date_source"] == "text"


def test_future_dates_are_rejected() -> None:
    html = page('<meta property="article:published_time" content="2999-01-01">')
    assert extract_article(html, URL)["date"] is None


def test_a_sentence_mentioning_a_date_is_not_a_date_line() -> None:
    sentence = "<p>The next council meeting takes place on 5 February 2030 in the town hall.</p>"
    assert extract_article(page(after=sentence), URL)["date"] is None


def test_a_caption_closed_by_a_parenthesis_is_not_a_date_line() -> None:
    """A figure's caption naming the day its picture was taken, ending "(right)", above the
    page's own date line."""
    caption = (
        '<div class="imginline"><img src="/m.png"><span>Figure: part of a satellite image of'
        " the valley taken on 31.05.2021 (left) and the snow map made from it (right)</span></div>"
    )
    shown = '<div class="label_content">14.01.2022 um 09:25</div>'
    result = extract_article(page(after=caption, story=STORY + shown), URL)
    assert result["date"] == "2022-01-14T09:25:00"


def test_date_line_just_before_the_headline() -> None:
    html = page(before='<span class="metadata">Bonn, 11.10.2021</span>')
    result = extract_article(html, URL)
    assert result["date"] == "2021-10-11"
    assert result["date_raw"] == "Bonn, 11.10.2021"


def test_date_in_a_navigation_styled_meta_box_is_still_read() -> None:
    box = '<ul class="nav meta"><li><a href="/time/2020-10-13">13 Oct 2020 18:29</a></li></ul>'
    result = extract_article(page(after=box), URL)
    assert result["date"] == "2020-10-13T18:29:00"
    assert result["date_source"] == "text"


def test_dates_in_related_links_are_not_the_article_date() -> None:
    related = '<ul class="related"><li><span class="date">13 Oct 2020</span></li></ul>'
    result = extract_article(page(after=related), "https://news.example/2021/01/02/bridge")
    assert result["date"] == "2021-01-02"
    assert result["date_source"] == "url"


def test_dateline_opening_the_first_paragraph() -> None:
    story = "<p>Berlin, 29.11.2022 – " + "The government cut the subsidies again. " * 4 + "</p>"
    result = extract_article(page(story=story), URL)
    assert result["date"] == "2022-11-29"
    assert result["date_source"] == "text"


def test_htmldate_is_the_last_resort() -> None:
    # a date only in the title of an element none of our own sources reads
    abbr = '<abbr class="dtstart" title="2019-03-04T10:00:00">March</abbr>'
    result = extract_article(page(after=abbr), URL)
    assert result["date"] == "2019-03-04"
    assert result["date_source"] == "htmldate"


def test_an_hatom_published_abbr_is_read_like_a_time_element() -> None:
    abbr = '<abbr class="published" title="2019-03-04T10:00:00">March</abbr>'
    result = extract_article(page(after=abbr), URL)
    assert result["date"] == "2019-03-04T10:00:00"
    assert result["date_source"] == "time-element"


def test_a_bare_year_from_htmldate_is_no_publication_day() -> None:
    footer = "<footer>© 2019 News Example</footer>"
    assert extract_article(page(after=footer), URL)["date"] is None


def test_utc_timestamp_restated_in_the_local_time_the_page_shows() -> None:
    html = page(
        '<meta property="article:published_time" content="2022-05-04T02:41:00Z">',
        after='<span class="date">3/5/2022 22:41</span>',
    )
    result = extract_article(html, URL)
    assert result["date"] == "2022-05-03T22:41:00-04:00"
    assert result["date_raw"] == "2022-05-04T02:41:00Z"
    assert result["date_source"] == "meta"


def test_utc_timestamp_kept_when_the_shown_time_is_another_moment() -> None:
    html = page(
        '<meta property="article:published_time" content="2022-05-04T02:41:00Z">',
        after='<span class="date">3/5/2022 22:07</span>',
    )
    assert extract_article(html, URL)["date"] == "2022-05-04T02:41:00+00:00"


def test_date_shown_by_the_headline_beats_an_unlabelled_meta_date() -> None:
    html = page('<meta name="date" content="2020-04-30">', after='<p class="date">28.04.2020</p>')
    result = extract_article(html, URL)
    assert result["date"] == "2020-04-28"
    assert result["date_source"] == "text"


def test_unlabelled_meta_date_when_the_page_shows_none() -> None:
    result = extract_article(page('<meta name="date" content="2020-04-30">'), URL)
    assert result["date"] == "2020-04-30"
    assert result["date_source"] == "meta"


def test_numeric_date_opening_the_first_paragraph() -> None:
    story = "<p><strong>01.02.2022 The labour market</strong> started the year well. " * 2 + "</p>"
    assert extract_article(page(story=story), URL)["date"] == "2022-02-01"


def test_the_url_date_beats_a_differing_date_line() -> None:
    html = page(before='<div class="date">Tue, 14 Jan 2020</div>')
    result = extract_article(html, "https://news.example/world/megablaze-under-control-20200113")
    assert result["date"] == "2020-01-13"
    assert result["date_source"] == "url"


def test_a_posting_line_one_day_from_the_url_keeps_its_day() -> None:
    html = page(after='<p class="meta">Posted by Ann Lee on Wednesday, August 2, 2017</p>')
    result = extract_article(html, "https://blog.example/post/2017-08-03-flood-in-town/")
    assert (result["date"], result["date_source"]) == ("2017-08-02", "text")


def test_a_posting_line_days_from_the_url_gives_way() -> None:
    html = page(after='<p class="meta">Posted by Ann Lee on Wednesday, August 2, 2017</p>')
    result = extract_article(html, "https://blog.example/post/2017-08-09-flood-in-town/")
    assert (result["date"], result["date_source"]) == ("2017-08-09", "url")


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def test_date_written_by_an_inline_script_next_to_the_title() -> None:
    html = (FIXTURES / "script_written_date.html").read_text(encoding="utf-8")
    result = extract_article(html, "https://forum.example/town/581")
    assert result["date"] == "2021-09-18T20:15:42"
    assert result["date_source"] == "text"


def test_dates_in_long_or_head_scripts_are_not_written_dates() -> None:
    config = "<script>var cfg = {" + '"a": 1, ' * 40 + '"built": "2019-03-04 10:00"};</script>'
    head_script = '<script>var built = "2019-03-04 10:00";</script>'
    assert extract_article(page(head=head_script, after=config), URL)["date"] is None


def test_arabic_date_line_with_both_month_names() -> None:
    html = (FIXTURES / "arabic_levantine.html").read_text(encoding="utf-8")
    result = extract_article(html, "https://madina.example/article/5512")
    assert result["date"] == "2020-06-09T20:45:00"
    assert result["date_source"] == "text"


def test_wiki_diff_view_is_dated_by_the_revision_it_shows() -> None:
    html = (FIXTURES / "wiki_diff.html").read_text(encoding="utf-8")
    url = "https://wiki.example/index.php?title=River_Lane_Bridge&diff=1277&oldid=1200"
    result = extract_article(html, url)
    assert result["date"] == "2021-03-11T07:15:00"
    assert result["date_source"] == "text"


def test_wiki_article_view_keeps_its_structured_date() -> None:
    html = (FIXTURES / "wiki_diff.html").read_text(encoding="utf-8")
    result = extract_article(html, "https://wiki.example/index.php?title=River_Lane_Bridge")
    assert result["date"] == "2009-03-02T10:00:00+00:00"
    assert result["date_source"] == "json-ld"


def test_the_walks_around_the_headline_give_the_document_order_of_the_page() -> None:
    """_nodes_after/_nodes_before walk only as far as the date-line search reads; for every
    element they must give what slicing the page's whole element list in document order
    gives (comments and processing instructions left out, nothing outside the root)."""
    html = (
        "<!-- before --><html><head><title>T</title></head><body><div><p>a<!-- c --></p>"
        "<ul><li><a>1</a></li><li><b>2</b><?pi x?></li></ul></div><section><h1>H</h1>"
        "<div><time>t</time><span>s</span></div></section><footer><p>f</p></footer>"
        "</body></html><!-- after -->"
    )
    root = etree.fromstring(html.encode(), etree.HTMLParser())  # keeps comments and PIs
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    # html head title body div p ul li a li b section h1 div time span footer p
    assert len(elements) == 18
    for index, anchor in enumerate(elements):
        after = list(date_lines._elements_of(date_lines._nodes_after(anchor, root)))
        before = list(date_lines._elements_of(date_lines._nodes_before(anchor, root)))
        assert after == elements[index + 1 :]
        assert before == elements[:index][::-1]


def ld_published(value: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "Council approves bridge", "datePublished": "{value}"}}</script>'
    )


def test_disagreeing_structured_dates_the_one_the_page_shows_wins() -> None:
    html = page(
        ld_published("2021-12-06T14:36:00")
        + '<meta property="article:published_time" content="2022-12-15T09:13:00">',
        after='<div class="info">15.12.2022</div>',
    )
    result = extract_article(html, URL)
    assert result["date"] == "2022-12-15T09:13:00"
    assert result["date_source"] == "meta"


def test_disagreeing_structured_dates_keep_the_first_when_the_page_shows_neither() -> None:
    html = page(
        ld_published("2021-12-06T14:36:00")
        + '<meta property="article:published_time" content="2022-12-15T09:13:00">',
        after='<div class="info">01.03.2023</div>',
    )
    result = extract_article(html, URL)
    assert result["date"] == "2021-12-06T14:36:00"
    assert result["date_source"] == "json-ld"


def test_a_shown_time_element_beats_a_differing_meta_time() -> None:
    html = page(
        '<meta property="article:published_time" content="2022-11-17T10:33:13Z">',
        after='<time datetime="2022-03-09">09.03.2022</time>',
    )
    result = extract_article(html, URL)
    assert result["date"] == "2022-03-09"
    assert result["date_source"] == "time-element"


def test_the_day_the_page_shows_decides_between_two_offsets_of_one_instant() -> None:
    html = page(
        ld_published("2022-05-05T21:00:00-05:00")
        + '<meta property="article:published_time" content="2022-05-06T02:00:00Z">',
        after='<span class="date">6 May 2022 - 2:00 a.m.</span>',
    )
    result = extract_article(html, URL)
    assert result["date"] == "2022-05-06T02:00:00+00:00"
    assert result["date_source"] == "meta"


def test_an_unlabelled_meta_date_the_page_shows_beats_structured_published_dates() -> None:
    html = page(
        ld_published("2023-11-06T18:19+01:00")
        + '<meta name="dc.date" content="2023-11-07T07:30+01:00">',
        after='<p class="stand">07.11.2023, 07:30</p>',
    )
    assert extract_article(html, URL)["date"] == "2023-11-07T07:30:00+01:00"


def test_a_time_element_inside_a_quoted_post_is_not_the_article_date() -> None:
    embed = (
        "<blockquote><p>Shared by a reader on "
        '<time datetime="2019-04-21T23:47:18Z">Apr 21, 2019</time></p></blockquote>'
    )
    quoted = extract_article(page(story=STORY + embed), URL)
    assert quoted["date_source"] != "time-element"
    with_meta = page(
        '<meta property="article:published_time" content="2019-10-18T16:06:50+02:00">',
        story=STORY + embed,
    )
    assert extract_article(with_meta, URL)["date"] == "2019-10-18T16:06:50+02:00"


def test_a_date_labelled_published_in_a_sidebar_of_facts() -> None:
    facts = (
        '<div class="sidebar"><ul><li><p class="title">Author</p><p>Jane Roe</p></li>'
        '<li><p class="title">Mise en ligne</p><p class="content">23 mai 2019</p></li>'
        "</ul></div>"
    )
    result = extract_article(page(story=STORY + facts), URL)
    assert result["date"] == "2019-05-23"
    assert result["date_source"] == "text"


def test_an_unlabelled_date_in_a_sidebar_is_not_the_article_date() -> None:
    facts = (
        '<div class="sidebar"><ul><li><p class="title">Recorded</p><p>23 mai 2019</p></li>'
        "</ul></div>"
    )
    assert extract_article(page(story=STORY + facts), URL)["date_source"] != "text"


def test_a_time_element_labelled_updated_by_the_text_before_it_is_no_claim() -> None:
    byline = (
        '<p class="byline"><span>Jane Roe</span> '
        '<span>Updated <time datetime="2019-11-13T15:28:18">Nov 13, 2019, 10:28am</time>'
        "</span></p>"
    )
    html = page(ld_published("2019-11-08T15:30:00-05:00"), after=byline)
    result = extract_article(html, URL)
    assert result["date"] == "2019-11-08T15:30:00-05:00"
    assert result["date_source"] == "json-ld"


def test_the_published_time_element_beats_the_one_labelled_updated() -> None:
    byline = (
        '<div class="byline"><i>Updated: <time datetime="2019-11-19T08:26:05Z">Nov 19, 2019'
        '</time></i> · <time datetime="2019-11-18T17:19:53Z">Nov 18, 2019</time></div>'
    )
    assert extract_article(page(after=byline), URL)["date"][:10] == "2019-11-18"
