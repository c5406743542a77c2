"""Repairs to raw HTML before lxml parses it (crawler/extract/markup.py)."""

from __future__ import annotations

from crawler.extract.markup import with_sections_closed


def test_a_div_left_open_in_an_article_is_closed_at_its_end_tag() -> None:
    html = "<main><article><div><p>One</article><article><div><p>Two</div></article></main>"
    assert with_sections_closed(html) == (
        "<main><article><div><p>One</div></article><article><div><p>Two</div></article></main>"
    )


def test_well_formed_markup_is_returned_as_it_is() -> None:
    html = "<section><div><!-- </div> --><script>'</div>'</script></div></section>"
    assert with_sections_closed(html) is html


def test_a_stray_section_end_tag_changes_nothing() -> None:
    html = "<div><p>text</article></div>"
    assert with_sections_closed(html) is html


def test_a_teaser_never_ended_is_closed_where_the_next_one_of_its_classes_starts() -> None:
    html = (
        '<main><article class="post excerpt"><div><div><h2>One</h2></div>'
        '<article class="post excerpt"><div><div><h2>Two</h2></div>'
        "</article></article></main>"
    )
    assert with_sections_closed(html) == (
        '<main><article class="post excerpt"><div><div><h2>One</h2></div>'
        '</div></article><article class="post excerpt"><div><div><h2>Two</h2></div>'
        "</div></article></article></main>"
    )


def test_a_section_inside_one_of_other_classes_stays_inside() -> None:
    html = '<article class="post"><div><article class="comment"><p>Hi</p></article></div></article>'
    assert with_sections_closed(html) is html
