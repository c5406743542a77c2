"""Main-content rules: quotes, tables and chunked bodies."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article, extract_article_details

URL = "https://news.example/sport/week-11"


def paragraphs(body: str | None) -> list[str]:
    return (body or "").split("\n\n")


def test_an_embedded_post_is_part_of_the_article_not_the_article() -> None:
    tweet = "Greedy Williams has been solid in run support and tackling so far this season. " * 3
    html = f"""<html><body><h1>Week 11 snap counts</h1>
      <div class="entry-content">
        <p>Below, we analyze the snap counts on defense.</p>
        <table><tr><td>DL Larry Ogunjobi</td><td>63</td><td>1 tackle, 1 sack, 2 QH.</td></tr>
          <tr><td>DL Myles Garrett</td><td>57</td><td>1 tackle (1 combined). 3 QH.</td></tr>
          <tr><td>DL Chad Thomas</td><td>57</td><td>3 tackles, 1 sack, 1 pass defended.</td></tr>
        </table>
        <blockquote class="twitter-tweet"><p>{tweet}</p></blockquote>
        <p>There is a lot to sort through here, and the line did most of the work.</p>
      </div></body></html>"""
    body = extract_article(html, URL)["body"]
    assert paragraphs(body)[0] == "Below, we analyze the snap counts on defense."
    assert "DL Myles Garrett" in body
    assert paragraphs(body)[-1].startswith("There is a lot to sort through here")


def test_a_table_of_short_cells_stays_inside_a_marked_article_body() -> None:
    html = """<html><body><h1>NASCAR standings</h1>
      <div class="articleBody">
        <p>Here you always find the NASCAR standings after the latest race of the season.</p>
        <table><tr><th>Pos.</th><th>Driver</th><th>Points</th></tr>
          <tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr>
          <tr><td>2</td><td>Martin Truex Jr.</td><td>5035</td></tr></table>
      </div></body></html>"""
    body = extract_article(html, URL)["body"]
    assert paragraphs(body)[1:] == [
        "Pos. Driver Points",
        "1 Kyle Busch 5040",
        "2 Martin Truex Jr. 5035",
    ]


def test_a_table_of_short_cells_in_an_unmarked_layout_is_dropped() -> None:
    story = "The council voted on Tuesday to approve the new river bridge over the harbour. " * 3
    html = f"""<html><body><h1>Bridge</h1><div>
        <p>{story}</p><p>{story}</p>
        <table><tr><td>Mon</td><td>Tue</td><td>Wed</td></tr><tr><td>1</td><td>2</td><td>3</td></tr>
        </table></div></body></html>"""
    body = extract_article(html, URL)["body"]
    assert "Mon" not in body and "Wed" not in body


def test_a_body_split_into_same_class_chunks_is_joined_in_order() -> None:
    first = "The latest wave of financial startups has a new angle on the banking sector. " * 3
    second = "The same business logic shaped the gig economy a decade ago, with the same result. "
    html = f"""<html><body><h1>Banking</h1><div class="chunks">
        <div class="grid"><div class="article-body"><p>{first}</p><p>{first[:-2]}!</p></div>
          <aside>Advertisement</aside></div>
        <div class="grid"><div class="article-body"><p>{second * 3}</p></div>
          <aside>Advertisement</aside></div>
      </div></body></html>"""
    fields, sources = extract_article_details(html, URL)
    expected = [first.strip(), first[:-2] + "!", (second * 3).strip()]
    assert paragraphs(fields["body"]) == expected
    assert sources["body"] == "main-content"


def test_an_embedded_post_in_a_social_media_box_is_kept_in_place() -> None:
    story = "People on social media pointed out what was wrong with the new state slogan. " * 2
    html = f"""<html><body><h1>Slogan</h1><div class="entry-content">
        <p>{story}</p>
        <div class="social-media-embed"><blockquote class="twitter-tweet">
          <p>Yes this is real and the state spent half a million dollars on it.</p>
        </blockquote></div>
        <p>{story.upper()}</p>
        <div class="social-share"><a href="/share">Share on Facebook</a></div>
      </div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"]) == [
        story.strip(),
        "Yes this is real and the state spent half a million dollars on it.",
        story.upper().strip(),
    ]


def test_other_articles_after_a_you_may_also_like_heading_are_cut() -> None:
    story = "Living a true love story is one of the greatest pleasures of life, they say. " * 3
    teaser = "Life asks us for optimism and courage to hope for the best and to make it happen. "
    html = f"""<html><body><h1>Love</h1><div class="post">
        <p>{story}</p><p>{story.upper()}</p>
        <h3>Você pode gostar...</h3>
        <div><p>{teaser * 2}</p></div><div><p>{teaser.upper() * 2}</p></div>
      </div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"]) == [story.strip(), story.upper().strip()]


def test_a_dont_miss_box_inside_the_article_does_not_end_it() -> None:
    story = "Police laid siege to the university campus and hundreds of students stayed inside. "
    html = f"""<html><body><h1>Siege</h1><div class="story">
        <p>{story * 2}</p><p>DON'T MISS</p>
        <p><a href="/a">Other story</a> | <a href="/b">More</a></p>
        <p>{story.upper() * 2}</p></div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"])[-1] == (story.upper() * 2).strip()


def test_json_ld_text_escaped_twice_is_unescaped() -> None:
    said = "&amp;quot;Markets run ahead of macros,&amp;quot; said the analyst on Wednesday. "
    html = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Sensex &amp;amp; Nifty", '
        f'"articleBody": "{said * 6}"}}'
        "</script></head><body><h1>Markets</h1><p>Short teaser.</p></body></html>"
    )
    fields = extract_article(html, URL)
    assert fields["headline"] == "Sensex & Nifty"
    assert fields["body"].startswith('"Markets run ahead of macros," said the analyst')


def test_advert_labels_are_not_body_text() -> None:
    story = "The manual covers every service job on the bike, from oil changes to valve checks. "
    html = f"""<html><body><h1>Manual</h1><div class="review">
        <p>{story * 2}</p><p>Advert</p><p>{story.upper() * 2}</p></div></body></html>"""
    assert "Advert" not in extract_article(html, URL)["body"]


def test_newsletter_pitches_opening_and_closing_the_text_are_dropped() -> None:
    story = "Markets opened higher on Monday after a week of losses across the region. "
    html = f"""<html><body><h1>Opening bell</h1><div class="story">
        <p>Start your day with our newsletter, delivered right to your inbox every morning.</p>
        <p>{story * 2}</p><p>{story.upper() * 2}</p>
        <p>There's plenty more. Sign up today to get the free daily newsletter.</p>
      </div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"]) == [
        (story * 2).strip(),
        (story.upper() * 2).strip(),
    ]


def test_a_source_credit_line_is_kept_but_a_link_line_is_not() -> None:
    story = "The package gained a library link that the previous release did not have. " * 2
    html = f"""<html><body><h1>Update needs manual steps</h1><div itemprop="articleBody">
        <p><strong>原文：</strong><a href="https://upstream.example/news/x">Update requires
          manual intervention</a></p>
        <p>{story}</p>
        <p><a href="/a">Other story</a> | <a href="/b">More stories</a></p>
        <p>{story.upper()}</p></div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"]) == [
        "原文：Update requires manual intervention",
        story.strip(),
        story.upper().strip(),
    ]


@pytest.mark.parametrize(
    "credit",
    [
        "Publicado originalmente en: Diario del Valle",
        "Publicado originalmente en Diario del Valle",
        "Originally published in The Valley Daily",
        "First published on The Valley Daily",
        "Publié initialement dans Le Quotidien",
        "Ursprünglich veröffentlicht bei Das Tageblatt",
    ],
)
def test_a_wholly_linked_originally_published_credit_is_kept(credit: str) -> None:
    """The post opens with a link to where it first appeared, the link being the whole line
    ("Publicado originalmente en: <a>...</a>" written all inside the <a>)."""
    story = "The package gained a library link that the previous release did not have. " * 2
    html = f"""<html><body><h1>Update needs manual steps</h1><div class="entry-content">
        <p><a href="https://upstream.example/news/x">{credit}</a></p>
        <p>{story}</p><p>{story.upper()}</p></div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"])[0] == credit


DONATE = """<div class="entry-shang"><p>If this helped you, a coffee helps us.</p>
    <button class="show-donate">Support</button></div>"""


def test_a_photo_post_keeps_its_caption_but_not_the_donation_box() -> None:
    html = f"""<html><body><h1>One photo a day: 12 March</h1><article><div class="row">
        <div class="post-container"><p>12 March, the snow starts to melt</p>
        <p><a href="/uploads/photo-1.jpg"><img src="/uploads/photo-1.jpg"></a></p>
        {DONATE}</div></div></article></body></html>"""
    assert extract_article(html, URL)["body"] == "12 March, the snow starts to melt"


def test_a_post_with_no_text_has_no_body_even_beside_a_widget() -> None:
    html = f"""<html><body><h1>A gallery</h1><article><div class="post-container">
        {DONATE}</div></article></body></html>"""
    assert extract_article(html, URL)["body"] is None


def test_a_widget_box_inside_the_article_text_is_not_body() -> None:
    story = "The river rose over its banks after two days of rain across the valley. " * 3
    html = f"""<html><body><h1>Flood</h1><article><div class="post-container">
        <p>{story}</p><p>{story.upper()}</p>{DONATE}</div></article></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"]) == [story.strip(), story.upper().strip()]


def test_a_line_before_a_long_pullquote_figure_is_kept() -> None:
    """WordPress's pullquote block: <figure class="wp-block-pullquote"><blockquote>. The quote
    (a song's words) is most of the post; the line introducing it is the post's too."""
    verse = "<br>".join(["Up the hill, up the mountain, I lose my way again"] * 12)
    html = f"""<html><body><h1>Up the Hill</h1><div class="entry-content">
        <p>Today I felt like sharing this <strong>song by the band</strong>.</p><p><br></p>
        <figure class="wp-block-embed"><iframe src="https://video.example/embed/1"></iframe></figure>
        <figure class="wp-block-pullquote"><blockquote><p>{verse}</p><cite>The band</cite>
        </blockquote></figure></div>
        <aside class="widget"><p>About the author of this blog and the things he writes.</p></aside>
        </body></html>"""
    body = extract_article(html, URL)["body"]
    assert body is not None
    assert body.startswith("Today I felt like sharing this song by the band.")
    assert "Up the hill, up the mountain" in body


STORY = "The club met on Tuesday and agreed the plans for the coming season of matches. " * 2


def test_a_first_paragraph_repeating_the_headline_is_the_posts() -> None:
    """The editor opened the post with its title as a paragraph: the post's own text."""
    html = f"""<html><body><h1>Five things to know</h1><div class="entry-content">
        <p>Five things to know</p><p>{STORY}</p><p>{STORY.upper()}</p></div></body></html>"""
    assert paragraphs(extract_article(html, URL)["body"])[0] == "Five things to know"


def test_the_headline_repeated_as_a_box_title_or_over_a_date_line_is_dropped() -> None:
    """A heading (or a line written straight into the box) repeating the headline above the
    text is the box's title; a paragraph repeating it over the date line is the page's header."""
    for top in (
        "<h2>Five things to know</h2>",
        "<div>Five things to know</div>",
        "<p>Five things to know</p><p>05/10/2018 - Published by: Ann Lee</p>",
    ):
        html = f"""<html><body><h1>Five things to know</h1><div class="entry-content">
            {top}<p>{STORY}</p><p>{STORY.upper()}</p></div></body></html>"""
        assert paragraphs(extract_article(html, URL)["body"])[0] == STORY.strip(), top


@pytest.mark.parametrize("opening", ["", "<p></p>"])
def test_a_post_made_of_one_table_of_results_keeps_the_table(opening: str) -> None:
    """A club posts the round's draw: a table of short cells (in a figure), nothing else but
    maybe an empty paragraph; a script whose id names rich text sits in the page too."""
    rows = "".join(
        f"<tr><td>{n}</td><td>Player {n} A</td><td>1</td><td>1-0</td><td>Player {n} B</td></tr>"
        for n in range(1, 9)
    )
    html = f"""<html><body><article><header><h1>Club championship, round 2</h1></header>
        <div class="entry-content">{opening}<figure class="wp-block-table"><table>
        <thead><tr><th>Board</th><th>Name</th><th>Points</th><th>Result</th><th>Name</th></tr>
        </thead><tbody>{rows}</tbody></table></figure></div></article>
        <div class="sidebar"><p>Meetings on Monday evenings at the community centre.</p></div>
        <script id="wp-rich-text-js" src="/rich-text.js"></script></body></html>"""
    body = extract_article(html, URL)["body"]
    assert body is not None
    assert "Board Name Points Result Name" in body
    assert "1 Player 1 A 1 1-0 Player 1 B" in body
