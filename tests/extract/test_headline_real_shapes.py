"""Headlines shaped like ones met on real sites nobody here built (issue 15), each in a small
fixture with text of our own. Each failed before the rule it covers."""

from __future__ import annotations

from pathlib import Path

from crawler.extract import extract_article

FIXTURES = Path(__file__).parent.parent / "fixtures" / "article" / "real"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_listing_headline_is_found_among_the_parts_of_the_title() -> None:
    """The only h1 stands in the theme's header (chrome) and the <title> is "Headline – Site",
    the site name the longer part: the part the listing named is the headline."""
    url = "https://vecinos.example/huerto-de-la-escuela/"
    html = read("title-area-in-header.html")
    fields = extract_article(html, url, listing_headline="Huerto de la Escuela")
    assert fields["headline"] == "Huerto de la Escuela"


def test_a_listing_headline_holding_the_title_separator_keeps_both_parts() -> None:
    url = "https://vecinos.example/huerto-escolar/"
    headline = "Huerto Escolar y Red Verde – Semillas para todos: abre el huerto de la escuela"
    html = read("title-area-in-header-dashed.html")
    assert extract_article(html, url, listing_headline=headline)["headline"] == headline
    cut = "Huerto Escolar y Red Verde – Semillas para…"
    assert extract_article(html, url, listing_headline=cut)["headline"] == headline


def test_a_title_stating_the_listing_headline_outranks_a_heading_spaced_otherwise() -> None:
    """The post's own Markdown '# title' (one space more) is the only heading outside the
    banner; og:title says word for word what the listing said: that is the headline."""
    url = "https://notes.example/2021/03/14/night-reading/"
    html = read("banner-title-and-markdown-h1.html")
    fields = extract_article(html, url, listing_headline="夜读 笔记三则")
    assert fields["headline"] == "夜读 笔记三则"
    assert fields["date"].startswith("2021-03-14")


def test_a_line_break_in_the_headline_is_a_space_even_where_the_titles_have_none() -> None:
    """The listing's text and <title> run the two lines of the h1 together ('Glacjologiczne,3-4'):
    the h1 still differs from them only by its <br>, and reads with a space."""
    url = "https://lodowiec.example/aktualnosci/jesienne-seminarium/"
    html = read("headline-with-line-break.html")
    listed = "Jesienne Seminarium Glacjologiczne,3-4 października 2019"
    fields = extract_article(html, url, listing_headline=listed)
    assert fields["headline"] == "Jesienne Seminarium Glacjologiczne, 3-4 października 2019"


def test_a_heading_spelt_as_listed_beats_a_banner_printing_the_raw_markdown_title() -> None:
    """The theme prints the title raw in a banner <h1> ("*Hope and Joy*") and rendered in the
    article's <h2>; the listing card shows the rendered one."""
    html = (
        "<html><head><title>Parcel campaign *Hope and Joy* | Parish help</title></head><body>"
        "<section class='page-title'><h1>Parcel campaign *Hope and Joy*</h1></section>"
        "<article class='single-blog-item'><div class='blog-item-content'><h2>Parcel campaign"
        " <em>Hope and Joy</em></h2><p>This winter we packed two hundred parcels with food and"
        " toys for families in the villages across the border.</p></div></article></body></html>"
    )
    fields = extract_article(
        html,
        "https://parish.example/blog/parcels/",
        listing_headline="Parcel campaign Hope and Joy",
    )
    assert fields["headline"] == "Parcel campaign Hope and Joy"


def test_a_title_that_is_only_the_site_name_gives_way_to_the_h1() -> None:
    """A Bootstrap 'topbar' theme prints only the site name in <title> and in its brand link
    (a.brand in div.topbar, no <header>/<nav>); the post's h1 stands in div.article, no
    <article>/<main>: the site name is no headline, the h1 is."""
    url = "https://pyrecife.example/encontro-marco-19.html"
    fields = extract_article(read("title-is-the-site-name.html"), url)
    assert fields["headline"] == "Palestras do encontro de março no laboratório da universidade"


def test_a_title_classed_div_saying_the_listing_headline_beats_a_glued_title() -> None:
    """The post's title is a div.article-title (no h1-h3), the <title> runs the site name on
    with no separator: the listing's headline is said whole by the div, the <title> only
    starts with it."""
    url = "https://amu.example/posts/zai-shu-mei-pai-shang-yong-cronding-shi-bei-fen-zhao-pian.html"
    html = read("title-div-and-glued-site-name.html")
    headline = "在树莓派上用cron和rsync定时备份手机照片到移动硬盘"
    assert extract_article(html, url, listing_headline=headline)["headline"] == headline


def test_character_references_left_in_a_double_escaped_headline_are_decoded() -> None:
    """A static CMS export escapes its titles twice: the h1 and <title> read
    'Li&#231;&#245;es' as text; a reader sees the decoded characters."""
    url = "https://carreira.example/cinco-licoes-da-primeira-entrevista-de-estagio/"
    fields = extract_article(read("double-escaped-headline.html"), url)
    assert fields["headline"] == "Cinco Lições da Primeira Entrevista de Estágio"


def test_an_untitled_post_keeps_the_site_name_title_as_its_last_resort() -> None:
    """An untitled post with no text (an empty h1, <title> the site's name): the site name is
    dropped as a headline only when something else can stand for it."""
    html = read("title-is-the-site-name.html").replace(
        "<h1>Palestras do encontro de março no laboratório da universidade</h1>", "<h1></h1>"
    )
    html = html.split("<div><p>")[0] + "</div></div></div></body></html>"
    fields = extract_article(html, "https://pyrecife.example/encontro-sem-titulo.html")
    assert fields["headline"] == "PyRecife"


def test_a_heading_differing_from_the_listing_only_in_case_is_the_headline() -> None:
    """Octopress prints titles through its title-case filter in the post's header, not in
    the category archive nor in <title>: the archive's spelling and <title> agree, but the
    page shows the title-cased h2, and that is its headline."""
    url = "http://caderno.example/oficina-de-robotica/"
    html = read("title-cased-heading.html")
    listed = "Oficina de robótica: do zero ao primeiro robô"
    fields = extract_article(html, url, listing_headline=listed)
    assert fields["headline"] == "Oficina De Robótica: Do Zero Ao Primeiro Robô"
    assert fields["date"].startswith("2014-05-10")


def test_an_upper_case_heading_keeps_the_listed_spelling() -> None:
    """A heading the template upper-cases ('OFICINA DE ROBÓTICA …') is typography: the
    spelling the listing and <title> agree on stays the headline."""
    url = "http://caderno.example/oficina-de-robotica/"
    listed = "Oficina de robótica: do zero ao primeiro robô"
    html = read("title-cased-heading.html").replace(
        "Oficina De Robótica: Do Zero Ao Primeiro Robô</h2>", listed.upper() + "</h2>"
    )
    assert extract_article(html, url, listing_headline=listed)["headline"] == listed


def test_a_title_element_linking_to_its_own_page_beats_a_title_of_only_the_site_name() -> None:
    """Pelican's ``h4.entry-title > a[rel=bookmark]`` (no h1, no <article> or <main>) beside a
    <title> printing only the site's name: the heading that links to the page itself is the
    post's headline, even without a listing headline to confirm it."""
    url = "https://drizzle.example/umbrella-repair-notes.html"
    html = read("permalink-title-site-name-title.html")
    assert extract_article(html, url)["headline"] == "修雨伞的一点笔记"


def test_the_listing_spelling_wins_over_a_title_with_typewriter_quotes() -> None:
    """A post that shows no heading (WordPress, Mobius): <title>, og:title and JSON-LD say the
    title with typewriter quotes, as WordPress writes them there; where the title is shown
    (the listing, the sidebar's recent posts) WordPress typesets it with curly quotes."""
    url = "http://dekkers.example/index_p_812.html"
    html = read("untitled-shown-title-ascii-quotes.html")
    listed = "Nieuwe bundel: \u2018Zeven wandelingen langs de dijk\u2019"
    assert extract_article(html, url, listing_headline=listed)["headline"] == listed
    plain = "Nieuwe bundel: 'Zeven wandelingen langs de dijk'"
    assert extract_article(html, url)["headline"] == plain
    assert extract_article(html, url, listing_headline=plain)["headline"] == plain
