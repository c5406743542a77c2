"""is_marked_post's quick test must never refuse an element that POST_WORDS would mark."""

from __future__ import annotations

import pytest
from lxml import html

from crawler.extract.class_words import _POST_WORD_PARTS, POST_WORDS, is_marked_post, marked_posts


def test_every_post_word_holds_a_quick_test_part() -> None:
    assert all(any(part in word for part in _POST_WORD_PARTS) for word in POST_WORDS)


@pytest.mark.parametrize(
    "attributes",
    ['class="entry-content"', 'class="articleBody"', 'id="story_body"', 'class="rich-text x"'],
)
def test_post_classes_and_ids_are_marked(attributes: str) -> None:
    root = html.fromstring(f"<html><body><div {attributes}><p>Text.</p></div></body></html>")
    assert [el.tag for el in marked_posts(root)] == ["div"]
    assert is_marked_post(root.find(".//div"))


def test_other_classes_are_not_marked() -> None:
    root = html.fromstring('<html><body><div class="sidebar widget"><p>x</p></div></body></html>')
    assert marked_posts(root) == []
