"""The words a listing is read by, in the languages of real sites: read-more labels and pager
labels. A label missing here costs whole pages: entries whose titles are short or unlinked are
found only by their read-more link, and a pager label taken for an entry stops the walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract import parse_listing
from crawler.extract.listing.elements import is_read_more
from crawler.extract.listing.entries import _is_pager_label

FIXTURES = Path(__file__).parent.parent / "fixtures" / "listing" / "real"

READ_MORE_LABELS = [
    "Pročitaj više",  # hr, bs
    "Opširnije",
    "Preberi več",  # sl
    "Прочитај више",  # sr
    "Прочети още",  # bg
    "Číst dále",  # cs
    "Čítať ďalej",  # sk
    "Tovább olvasom",  # hu
    "Bővebben",
    "Διαβάστε περισσότερα",  # el
    "Lue lisää »",  # fi
    "Läs mer",  # sv
    "Læs mere",  # da
    "Les mer",  # no
    "Loe edasi",  # et
    "Lasīt vairāk",  # lv
    "Skaityti daugiau",  # lt
    "Читати далі",  # uk
    "Continuar lendo",  # pt
    "Saiba mais",
    "Llegeix més",  # ca
    "Irakurri gehiago",  # eu
    "Ler máis",  # gl
    "Verder lezen",  # nl
    "Continua a leggere →",  # it
    "Czytaj więcej",  # pl
    "Citește mai mult",  # ro
    "Más información",  # es
    "Mas info...",
    "Baca selengkapnya",  # id
    "Đọc thêm",  # vi
    "続きを読む",  # ja
    "阅读更多",  # zh
    "閱讀全文",
    "더 보기",  # ko
    "Keep reading",
]


@pytest.mark.parametrize("label", READ_MORE_LABELS)
def test_read_more_labels_of_many_languages(label: str) -> None:
    assert is_read_more(label)


@pytest.mark.parametrize(
    "headline",
    [
        "Více než tisíc lidí přišlo na náměstí",
        "Tovább drágul a benzin",
        "Więcej pieniędzy na szkoły",
        "Saiba mais sobre o novo calendário escolar",
        "Más información sobre la vacuna llega a los centros",
        "Continua la lotta per i diritti",
    ],
)
def test_a_headline_that_starts_with_a_bare_read_more_word_is_no_read_more(headline: str) -> None:
    assert not is_read_more(headline)


@pytest.mark.parametrize(
    "label",
    [
        "Articoli più vecchi",
        "« Posts mais antigos",
        "Entrades més antigues",
        "Articole mai vechi →",
        "← Предыдущие записи",
        "Попередні записи",
        "Starije objave",
        "Entrades més recents »",
        "Следующие записи →",
        "Posts mais antigos (2 of 3) »",
    ],
)
def test_older_and_newer_posts_labels_of_many_languages_are_pager_labels(label: str) -> None:
    assert _is_pager_label(label)


def test_short_titles_are_found_by_their_localised_read_more_links() -> None:
    """Cards whose titles are one or two words ("Kevätsiivous") and whose only other link to
    the post reads "Lue lisää…": before the Finnish label was known, no entry at all."""
    html = (FIXTURES / "short-titles-localised-read-more.html").read_text(encoding="utf-8")
    site = "https://kylayhdistys.example/"
    listing = parse_listing(html, site + "category/uutiset/")
    assert [e.url for e in listing.entries] == [
        site + "2024/05/12/kevatsiivous/",
        site + "2024/04/03/vuosikokous/",
        site + "2024/02/20/hiihtoladut/",
    ]
    assert [e.headline for e in listing.entries] == [
        "Kevätsiivous",
        "Vuosikokous",
        "Hiihtoladut auki",
    ]
