from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.article import parse_html, strip_site_name
from crawler.extract.structured import microdata_article
from crawler.sites import Selectors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
KEYS = {
    "canonical_url",
    "headline",
    "date",
    "date_raw",
    "date_source",
    "body",
    "authors",
    "tags",
    "language",
}


def extract_fixture(name: str, url: str, selectors: Selectors | None = None) -> dict:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_article(html, url, selectors)


def paragraphs(result: dict) -> list[str]:
    assert result["body"] is not None
    return result["body"].split("\n\n")


def assert_absent(result: dict, *texts: str) -> None:
    for text in texts:
        assert text not in result["body"], text


def test_json_ld_graph_on_a_noisy_page() -> None:
    result = extract_fixture(
        "jsonld_graph_noisy.html",
        "https://herald.example/news/2020/council-approves-river-bridge?utm_source=feed",
    )
    assert set(result) == KEYS
    assert (
        result["canonical_url"] == "https://herald.example/news/2020/council-approves-river-bridge"
    )
    assert result["headline"] == "Council approves new river bridge"
    assert result["date"] == "2020-02-21T14:05:00+00:00"  # datePublished, not dateModified
    assert result["date_raw"] == "2020-02-21T14:05:00+00:00"
    assert result["date_source"] == "json-ld"
    assert result["authors"] == ["Alice Fenwick", "Tom Okafor"]  # one resolved from an @id
    assert result["tags"] == ["Transport", "Local council", "River Wey"]
    assert result["language"] == "en"
    assert paragraphs(result) == [
        "The town council on Friday approved plans for a new footbridge across the River Wey, "
        "ending a decade of debate about how to link the two halves of the market town.",
        "Councillors voted 14 to 3 in favour of the design, which will carry pedestrians and "
        "cyclists from the railway station to the old wharf.",
        "Cost and timetable",
        "The bridge is expected to cost £4.2 million, most of it paid for by a regional "
        "transport grant awarded last year.",
        "Construction starts in the spring.",
        "The bridge should open by the end of next year.",
        '"This is a day the town has waited a long time for," said the council leader.',
        "Opponents said they would ask the county to review the decision before work begins.",
    ]
    assert_absent(
        result,
        "Skip to content",
        "Sport",
        "Home",
        "Alice Fenwick",
        "21 February 2020",
        "Share on",
        "artist's impression",
        "Advertisement",
        "Related",
        "Old bridge closed",
        "inbox",
        "Sign up",
        "comments",
        "About time",
        "Most read",
        "giant marrow",
        "All rights reserved",
    )


def test_meta_tags_only() -> None:
    result = extract_fixture("meta_only.html", "https://capital-daily.example/city/12345")
    assert result == {
        "canonical_url": "https://capital-daily.example/city/metro-extension-opens",
        "headline": "Metro line extension opens to passengers",
        "date": "2020-02-21T14:05:00+03:00",
        "date_raw": "2020-02-21T14:05:00+03:00",
        "date_source": "meta",
        "body": (
            "Three new stations on the eastern branch of the metro opened to passengers on "
            "Friday morning, two years later than first promised.\n\n"
            "The first train left the new terminus at 5:30, carrying a handful of commuters and "
            "a large group of railway enthusiasts.\n\n"
            "City officials said the extension would cut travel times from the eastern "
            "districts to the centre by up to twenty minutes."
        ),
        "authors": ["Irina Volkova"],
        "tags": ["Metro", "Transport", "City Hall"],
        "language": "en",
    }


def test_no_metadata_at_all() -> None:
    url = "http://northfield-gazette.example/news/library-reopens.html"
    result = extract_fixture("no_metadata.html", url)
    assert result["canonical_url"] == url
    assert result["headline"] == "Library reopens after flood repairs"
    assert result["date"] == "2020-02-21T14:05:00"
    assert result["date_raw"] == "21 February 2020, 14:05"
    assert result["date_source"] == "text"
    assert result["authors"] == []
    assert result["tags"] == []
    assert result["language"] is None
    assert paragraphs(result) == [
        "Northfield's central library reopened its doors on Friday, eight months after a burst "
        "water main flooded the ground floor and ruined thousands of books.",
        "Volunteers spent the winter drying, sorting and cataloguing the surviving stock, while "
        "contractors replaced the floors and the wiring.",
        "The children's section has moved upstairs, and the old reading room now hosts a small "
        "cafe run by a local charity.",
    ]
    assert_absent(result, "Read more", "Market traders", "Potholes", "High Street", "Letters")


def test_wordpress_post() -> None:
    result = extract_fixture(
        "wordpress.html", "https://greenfingers.example/2020/02/21/allotment-show/"
    )
    assert result["canonical_url"] == "https://greenfingers.example/2020/02/21/allotment-show/"
    assert result["headline"] == "Five things we learned at the allotment show"
    assert result["date"] == "2020-02-21T14:05:00+00:00"  # not the "updated" nor a comment's
    assert result["date_raw"] == "2020-02-21T14:05:00+00:00"
    assert result["date_source"] == "time-element"
    assert result["authors"] == ["Maggie Thornton"]
    assert result["tags"] == ["Allotments", "Vegetables"]  # not the category, not the tag cloud
    assert result["language"] == "en"
    assert paragraphs(result) == [
        "The annual allotment show filled the village hall last weekend, and as usual it was a "
        "lesson in patience, rivalry and very large onions.",
        "1. Soil matters more than seed",
        "Almost every prize winner we spoke to talked about compost before they talked about "
        "varieties.",
        "2. Nobody agrees about watering",
        "Some growers swear by a deep soak once a week; others water a little every evening and "
        "will not hear a word against it.",
        "Onion class: 1st J. Ward, 2nd P. Singh",
    ]
    assert_absent(
        result,
        "Share this",
        "Twitter",
        "Related",
        "Harvest time",
        "Tagged",
        "About Maggie",
        "thirty years",
        "thoughts on",
        "robbed",
        "Leave a Reply",
        "Recent Posts",
        "WordPress",
    )


def test_page_without_any_date() -> None:
    result = extract_fixture("no_date.html", "https://stadt.example/lokales/radweg-beschlossen")
    assert result["date"] is None
    assert result["date_raw"] is None
    assert result["date_source"] is None
    assert result["headline"] == "Stadtrat beschließt neuen Radweg"
    assert result["language"] == "de"
    assert paragraphs(result) == [
        "Der Stadtrat hat am Donnerstagabend mit großer Mehrheit den Bau eines neuen Radwegs "
        "entlang des Kanals beschlossen.",
        "Die Strecke soll rund drei Kilometer lang werden und die Innenstadt mit dem "
        "Gewerbegebiet im Norden verbinden.",
        "Mit dem Bau soll im Herbst begonnen werden, sofern das Land die beantragten "
        "Fördermittel bewilligt.",
    ]
    assert_absent(result, "Anzeige", "Impressum", "Lokales")


def test_russian_page() -> None:
    result = extract_fixture("russian.html", "https://gorod.example/city/katok")
    assert result["headline"] == "В парке Горького открылся новый каток"
    assert result["date"] == "2020-02-21"
    assert result["date_raw"] == "21 февраля 2020"
    assert result["date_source"] == "text"
    assert result["authors"] == ["Мария Соколова"]
    assert result["tags"] == ["каток", "парк Горького", "зима"]
    assert result["language"] == "ru"
    assert paragraphs(result) == [
        "В пятницу в парке Горького открылся новый крытый каток, рассчитанный на одновременное "
        "катание трёхсот посетителей.",
        "Вход на каток будет бесплатным по будням до полудня, а по выходным стоимость билета "
        "составит двести рублей.",
        "Администрация парка обещает, что каток будет работать до конца марта, если позволит "
        "погода.",
    ]
    assert_absent(result, "Реклама", "Читайте также", "Снегопад", "Самое читаемое", "Теги")


def test_microdata_reads_the_article_scope_holding_the_h1_and_only_its_own_properties() -> None:
    """Related articles marked up first, the page's own article second; a nested Person scope
    keeps its name to itself; an itemprop outside every article scope is not the article's."""
    html = """<html><body>
    <span itemprop="headline">Site-wide name</span>
    <div itemscope itemtype="https://schema.org/NewsArticle">
      <span itemprop="headline">A related story</span>
      <meta itemprop="datePublished" content="2019-01-02">
    </div>
    <article itemscope itemtype="http://schema.org/Article">
      <h1 itemprop="headline">The page's own story</h1>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Ada Writer</span>
        <span itemprop="headline">Not a headline of the article</span>
      </span>
      <time itemprop="datePublished" datetime="2020-03-04">4 March</time>
      <meta itemprop="keywords" content="one, two">
    </article></body></html>"""
    root = parse_html(html)
    assert root is not None
    article = microdata_article(root)
    assert article is not None
    assert article.headline == "The page's own story"
    assert article.date_published == "2020-03-04"
    assert article.authors == ["Ada Writer"]
    assert article.keywords == ["one", "two"]


def test_microdata_without_an_article_scope_reads_page_wide_properties() -> None:
    html = """<html><body><div itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Someone</span></div>
    <h1 itemprop="headline">Loose headline</h1>
    <span itemprop="datePublished">2021-05-06</span></body></html>"""
    root = parse_html(html)
    assert root is not None
    article = microdata_article(root)
    assert article is not None
    assert article.headline == "Loose headline"
    assert article.date_published == "2021-05-06"


def test_microdata_published_beats_modified() -> None:
    result = extract_fixture("microdata_dates.html", "https://petit-journal.example/culture/jazz")
    assert result["headline"] == "Le festival de jazz dévoile sa programmation"
    assert result["date"] == "2020-02-21T14:05:00+01:00"
    assert result["date_raw"] == "2020-02-21T14:05:00+01:00"
    assert result["date_source"] == "microdata"
    assert result["authors"] == ["Claire Dubois"]
    assert result["tags"] == ["jazz", "festival", "musique"]
    assert result["language"] == "fr"
    assert paragraphs(result) == [
        "Le festival de jazz de la ville a dévoilé jeudi soir la programmation de sa vingtième "
        "édition, qui se tiendra du 3 au 12 juillet.",
        "Une trentaine de concerts sont prévus, dont plusieurs en plein air sur la place du "
        "marché et dans les jardins de l'abbaye.",
        "Les billets seront mis en vente à partir du 1er mars sur le site du festival.",
    ]
    assert_absent(result, "Claire Dubois", "mis à jour", "Partager", "Accueil")


def test_modified_date_is_never_taken_as_published() -> None:
    html = """<html><head>
      <meta property="article:modified_time" content="2021-05-05T10:00:00+00:00">
      <script type="application/ld+json">
        {"@type": "NewsArticle", "headline": "Only modified", "dateModified": "2021-05-05"}
      </script></head>
      <body><h1>Only modified</h1><p>Nothing else on this page has a date written on it.</p>
      </body></html>"""
    result = extract_article(html, "https://example.test/2020/02/21/only-modified")
    assert result["date"] == "2020-02-21"
    assert result["date_raw"] == "2020/02/21"
    assert result["date_source"] == "url"


def test_site_selectors_override_automatic_choices() -> None:
    url = "https://harbour.example/ferry"
    automatic = extract_fixture("site_selectors.html", url)
    # the visible h1, confirmed by the <title> (the page names no site to tell them apart)
    assert automatic["headline"] == "Harbour Times"
    assert automatic["date_source"] == "meta"
    assert "Our journalists cover the harbour" in automatic["body"]  # the promo box wins

    selectors = Selectors(
        headline="div.x-title",
        date="xpath://div[@class='x-when']/@data-ts",
        body=".x-story",
    )
    result = extract_fixture("site_selectors.html", url, selectors)
    assert result["headline"] == "Ferry timetable changes from March"
    assert result["date"] == "2020-02-21T14:05:00+00:00"
    assert result["date_raw"] == "2020-02-21T14:05:00+00:00"
    assert result["date_source"] == "site-selector"
    assert paragraphs(result) == [
        "The ferry company announced on Friday that the winter timetable will end early this year.",
        "From March, boats will leave every forty minutes.",
    ]


def test_site_selector_matching_nothing_falls_back() -> None:
    selectors = Selectors(headline="h5.missing", date="span.missing", body="div.missing")
    result = extract_fixture("meta_only.html", "https://capital-daily.example/x", selectors)
    assert result["headline"] == "Metro line extension opens to passengers"
    assert result["date_source"] == "meta"
    assert result["body"].startswith("Three new stations")


LONG_BODY = [
    "The harbour authority confirmed on Tuesday that dredging of the outer channel will begin "
    "next month, after two years of delays caused by a dispute over who should pay.",
    "Fishing crews have complained for years that the silted channel forces them to wait for "
    "high tide before they can land their catch at the quay.",
    "The work is expected to take eleven weeks and will close the channel to leisure craft at "
    "weekends while the dredger is working.",
]


def test_json_ld_article_body_used_when_the_page_shows_a_teaser() -> None:
    html = f"""<html><head><script type="application/ld+json">
      {{"@type": "NewsArticle", "headline": "Dredging to start",
        "articleBody": "{LONG_BODY[0]}\\n\\n{LONG_BODY[1]}\\n\\n{LONG_BODY[2]}"}}
      </script></head><body><h1>Dredging to start</h1>
      <div class="teaser"><p>{LONG_BODY[0]}</p></div>
      <div class="paywall-message"><p>Subscribe to read the full story.</p></div>
      </body></html>"""
    result = extract_article(html, "https://harbour.example/dredging")
    assert paragraphs(result) == LONG_BODY


def test_dom_body_kept_when_json_ld_body_is_the_same_text_without_structure() -> None:
    html = f"""<html><head><script type="application/ld+json">
      {{"@type": "NewsArticle", "headline": "Dredging to start",
        "articleBody": "{LONG_BODY[0]} {LONG_BODY[1]} {LONG_BODY[2]}"}}
      </script></head><body><h1>Dredging to start</h1>
      <div class="story"><p>{LONG_BODY[0]}</p><h2>Delays</h2><p>{LONG_BODY[1]}</p>
      <p>{LONG_BODY[2]}</p></div></body></html>"""
    result = extract_article(html, "https://harbour.example/dredging")
    assert paragraphs(result) == [LONG_BODY[0], "Delays", LONG_BODY[1], LONG_BODY[2]]


def test_headline_from_title_when_there_is_no_h1() -> None:
    html = """<html><head><title>Harbour Times - Ferry fares rise again</title></head>
      <body><div><p>Fares on the island ferry will rise by five percent from April.</p></div>
      </body></html>"""
    assert extract_article(html, "https://x.example/a")["headline"] == "Ferry fares rise again"


def test_br_separated_text_becomes_paragraphs() -> None:
    html = """<html><body><h1>Old style page</h1><div id="txt">
      First paragraph written straight into a div, as some old publishing systems do.<br><br>
      Second paragraph after two line breaks, still inside the same div element.<br>
      Its second line after a single line break.</div></body></html>"""
    assert paragraphs(extract_article(html, "https://x.example/a")) == [
        "First paragraph written straight into a div, as some old publishing systems do.",
        "Second paragraph after two line breaks, still inside the same div element.\n"
        "Its second line after a single line break.",
    ]


@pytest.mark.parametrize(
    ("title", "site_names", "expected"),
    [
        ("Headline here | Site Name", [], "Headline here"),
        ("Site - A much longer headline here", [], "A much longer headline here"),
        ("News | Headline of the story | Site", [], "Headline of the story"),
        ("Brexit: what happens next – The Paper", ["The Paper"], "Brexit: what happens next"),
        ("The Paper | Short", ["The Paper"], "Short"),
        ("Plain headline", ["The Paper"], "Plain headline"),
        ("Crime on screen : The Archive | Since 2005", ["The Archive"], "Crime on screen"),
        ("Crime on screen : new season", ["The Archive"], "Crime on screen : new season"),
    ],
)
def test_strip_site_name(title: str, site_names: list[str], expected: str) -> None:
    assert strip_site_name(title, site_names) == expected


def test_strip_site_name_without_guessing_keeps_unknown_parts() -> None:
    assert strip_site_name("Part one - part two", [], guess=False) == "Part one - part two"


EMPTY = {
    "canonical_url": "https://x.example/a",
    "headline": None,
    "date": None,
    "date_raw": None,
    "date_source": None,
    "body": None,
    "authors": [],
    "tags": [],
    "language": None,
}


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        "\x00\x01\x02\ufffd garbage",
        "<?xml version='1.0' encoding='utf-8'?>",
        "<html>",
        "<html><head></head></html>",
        "<div>" * 20000 + "x" + "</div>" * 20000,
        "\ud800 lone surrogate",
        '<script type="application/ld+json">{"@graph": [' * 3000 + "</script>",
    ],
    ids=["empty", "blank", "garbage", "xml-decl", "open-html", "no-body", "deep", "surrogate",
         "bad-json-ld"],
)  # fmt: skip
def test_hostile_input_gives_the_empty_result(html: str) -> None:
    assert extract_article(html, "https://x.example/a") == EMPTY


def test_deeply_nested_page_is_handled_quickly() -> None:
    html = "<html><body><h1>Deep</h1>" + '<div class="x">' * 20000 + "</div>" * 20000
    started = time.perf_counter()
    result = extract_article(html, "https://x.example/a")
    assert time.perf_counter() - started < 5.0, "a hang guard, not a speed target"
    assert result["headline"] == "Deep"


def big_page() -> str:
    """A ~150 KB page: the WordPress post with a long body and hundreds of comments."""
    html = (FIXTURES / "wordpress.html").read_text(encoding="utf-8")
    comment = (
        '<li class="comment"><article class="comment-body"><footer class="comment-meta"><b>Dave'
        '</b> <time datetime="2020-02-22T10:00:00+00:00">February 22, 2020</time></footer>'
        '<div class="comment-content"><p>Great write-up, although my onions were robbed again '
        "this year by the judges, who clearly prefer leeks. {}</p></div></article></li>"
    )
    comments = "".join(comment.format(i) for i in range(300))
    body = "".join(
        f"<p>Paragraph {i}: the judges walked the benches twice before deciding on the marrow "
        f"class, and then changed their minds about the leeks at the last moment.</p>"
        for i in range(250)
    )
    html = html.replace('<ol class="comment-list">', '<ol class="comment-list">' + comments)
    return html.replace("<h3>1. Soil", body + "<h3>1. Soil")


def test_large_page_with_hundreds_of_comments() -> None:
    html = big_page()
    assert len(html.encode()) > 140_000
    result = extract_article(html, "https://greenfingers.example/2020/02/21/allotment-show/")
    assert result["date"] == "2020-02-21T14:05:00+00:00"
    assert len(paragraphs(result)) == 256


def test_wordpress_time_marked_both_published_and_updated() -> None:
    html = """<html><body><article><h1 class="entry-title">Never edited post</h1>
      <time class="entry-date published updated" datetime="2020-02-21T14:05:00+00:00">
      February 21, 2020</time><div class="entry-content">
      <p>This post was never edited, so WordPress marks its only date as both kinds.</p>
      </div></article></body></html>"""
    result = extract_article(html, "https://blog.example/never-edited/")
    assert result["date"] == "2020-02-21T14:05:00+00:00"
    assert result["date_source"] == "time-element"


def test_lead_paragraph_next_to_the_body_container_is_kept() -> None:
    html = f"""<html><body><div class="page"><h1>Dredging to start</h1>
      <p class="standfirst">Work on the outer channel begins next month after a long dispute
      over money between the harbour authority and the county.</p>
      <div class="story-body"><p>{LONG_BODY[0]}</p><p>{LONG_BODY[1]}</p><p>{LONG_BODY[2]}</p>
      </div></div></body></html>"""
    assert paragraphs(extract_article(html, "https://harbour.example/dredging")) == [
        "Work on the outer channel begins next month after a long dispute over money between "
        "the harbour authority and the county.",
        *LONG_BODY,
    ]


def test_html_escaped_json_ld_strings_are_unescaped() -> None:
    html = """<html><head><script type="application/ld+json">
      {"@type": "Article", "headline": "Mayor&#39;s &amp; council&#8217;s plan",
       "author": {"@type": "Person", "name": "Zo&euml; Adams"}}
      </script></head><body></body></html>"""
    result = extract_article(html, "https://x.example/a")
    assert result["headline"] == "Mayor's & council\u2019s plan"
    assert result["authors"] == ["Zo\u00eb Adams"]


def test_old_table_layout_keeps_only_the_story() -> None:
    result = extract_fixture("table_layout.html", "http://courier.example/story.asp?id=20417")
    assert result["headline"] == "River Ouse breaks its banks at Millford"
    assert result["date"] == "2009-03-03"
    assert paragraphs(result) == [
        "Families in the low-lying streets of Millford spent the night on upper floors after the "
        "River Ouse burst its banks shortly before midnight on Monday.",
        "The Environment Agency said the river had risen by more than a metre in six hours after "
        "three days of heavy rain on the hills above the valley. A severe flood warning remains "
        "in place for the Mill Lane area.",
        "Volunteers from the rowing club used their boats to carry elderly residents to the "
        "village hall, where the parish council had set up beds and a kitchen.",
        '"We have never seen the water come up this fast," said Margaret Hollis, 71, who has '
        "lived on Riverside Terrace for forty years.",
        "The county council said schools in Millford and Upper Barton would stay closed until "
        "Thursday.",
    ]


def test_broken_html_keeps_byline_language_and_tags() -> None:
    """A PHP notice before <html lang> (libxml2 drops the attribute) and an unclosed byline
    <span> that swallows the story."""
    result = extract_fixture(
        "broken_metadata.html", "https://northport.example/news/2011/04/harbour-ferry-returns"
    )
    assert result["headline"] == "Harbour ferry returns after winter repairs"
    assert result["authors"] == ["Owen Pritchard"]
    assert result["tags"] == ["Ferry", "Harbour"]
    assert result["language"] == "en"
    assert result["date"] == "2011-04-12T09:40:00"
    assert paragraphs(result) == [
        "The harbour ferry carried its first passengers of the season on Monday after three "
        "months in dry dock at Carrow.",
        "Engineers replaced both propeller shafts and rebuilt the wheelhouse, which had been "
        "damaged in the January storms.",
        "The operator said the timetable would return to every twenty minutes from the Easter "
        "weekend & stay so until October.",
    ]


def test_byline_leaves_out_a_date_written_inside_it() -> None:
    html = """<html><body><h1>Night shelling</h1><div class="submitted">
      <span class="byline">By Amira Haddad <span class="date">20 February 2020, 18:00</span>
      </span></div><div class="text"><p>Shelling resumed overnight near the town.</p></div>
      </body></html>"""
    assert extract_article(html, "https://x.example/a")["authors"] == ["Amira Haddad"]


@pytest.mark.parametrize(
    "html",
    [
        "Warning: mysql_connect() failed<br>\n<html lang='de-AT'><body><p>Text.</p></body>",
        "<html><head><title>T</title></head>\n<html lang=de><body><p>Text.</p></body>",
        "<html xml:lang='de'><body><p>Text.</p></body></html>",
    ],
    ids=["text-before-html", "second-html-tag", "xml-lang"],
)
def test_language_of_an_html_tag_the_parser_dropped(html: str) -> None:
    assert extract_article(html, "https://x.example/a")["language"] == "de"


def test_link_share_is_measured_per_br_separated_paragraph() -> None:
    html = """<html><body><table><tr><td><b>Quarry reopens</b><br><br>
      The quarry above <a href="/village">Stonebeck</a> reopened on Monday after the council
      approved a new blasting schedule for the spring.<br><br>
      <a href="/print">Print this page</a> | <a href="/send">Send to a friend</a><br><br>
      Lorries will use the new access road instead of the village high street from May.
      </td></tr></table></body></html>"""
    assert paragraphs(extract_article(html, "https://x.example/a")) == [
        "Quarry reopens",
        "The quarry above Stonebeck reopened on Monday after the council approved a new blasting "
        "schedule for the spring.",
        "Lorries will use the new access road instead of the village high street from May.",
    ]


def test_table_of_short_cells_inside_the_text_is_dropped_without_joining_text() -> None:
    html = """<html><body><div class="text">
      Grain prices rose for the third week running, traders at the corn exchange said.
      <table><tr><th>Grain</th><th>Price</th></tr><tr><td>Wheat</td><td>142.50</td></tr>
      <tr><td>Barley</td><td>118.00</td></tr></table>
      Dealers expect prices to fall once the spring harvest in the south comes in.
      </div></body></html>"""
    assert paragraphs(extract_article(html, "https://x.example/a")) == [
        "Grain prices rose for the third week running, traders at the corn exchange said.",
        "Dealers expect prices to fall once the spring harvest in the south comes in.",
    ]


def test_list_ending_the_article_is_not_taken_for_chrome() -> None:
    html = f"""<html><body><h1>Dredging to start</h1><div class="story">
      <p>{LONG_BODY[0]}</p><p>{LONG_BODY[1]}</p><p>What changes for boat owners:</p>
      <ul><li>No moorings in the outer channel</li><li>Slipway open at weekends only</li></ul>
      </div></body></html>"""
    assert paragraphs(extract_article(html, "https://harbour.example/dredging")) == [
        LONG_BODY[0],
        LONG_BODY[1],
        "What changes for boat owners:",
        "No moorings in the outer channel",
        "Slipway open at weekends only",
    ]


def test_list_of_links_with_their_own_teasers_is_dropped() -> None:
    html = f"""<html><body><h1>Dredging to start</h1><div class="story">
      <p>{LONG_BODY[0]}</p><p>{LONG_BODY[1]}</p><p>{LONG_BODY[2]}</p>
      <div><div><h3><a href="/a">Harbour fees to rise in April</a></h3>
      <p>Mooring charges go up by a tenth for visiting yachts.</p></div>
      <div><h3><a href="/b">New pontoon for the lifeboat</a></h3>
      <p>The station's crew will launch faster from the summer.</p></div></div>
      </div></body></html>"""
    assert paragraphs(extract_article(html, "https://harbour.example/dredging")) == LONG_BODY
