"""Page bytes decoded without an HTTP header: BOM, <meta> charset, then detection."""

from __future__ import annotations

import json

import pytest

from crawler.extract import decode_html

PAGE = "<html><head>{meta}<title>News</title></head><body><p>{text}</p></body></html>"
GERMAN = "Die Straßenbahn fährt über die Brücke, während Fußgänger größere Umwege gehen müssen."


def page(meta: str = "", text: str = GERMAN) -> str:
    return PAGE.format(meta=meta, text=text)


def test_utf8_bom_wins_over_a_wrong_meta_charset() -> None:
    html = page('<meta charset="windows-1251">')
    assert decode_html(b"\xef\xbb\xbf" + html.encode("utf-8")) == html


def test_meta_charset_is_followed() -> None:
    html = page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    assert decode_html(html.encode("cp1252")) == html


def test_http_header_wins_over_meta() -> None:
    html = page('<meta charset="utf-8">')
    assert decode_html(html.encode("cp1252"), "text/html; charset=windows-1252") == html


def test_undeclared_utf8_is_read_as_utf8() -> None:
    html = page()
    assert decode_html(html.encode("utf-8")) == html


def test_undeclared_single_byte_text_is_detected() -> None:
    russian = (
        "Правительство объявило о новых мерах поддержки малого бизнеса в регионах страны. " * 3
    )
    html = page(text=russian)
    assert decode_html(html.encode("cp1251")) == html


def test_declared_utf8_that_is_not_utf8_is_detected() -> None:
    html = page('<meta charset="utf-8">', text=GERMAN * 3)
    assert "Straßenbahn" in decode_html(html.encode("cp1252"))


@pytest.mark.parametrize(
    "body", [b"", b"\xff\xfe\x00", b"\x80\x81\x82<html>\xc3", bytes(range(256))]
)
def test_bad_bytes_never_raise(body: bytes) -> None:
    assert isinstance(decode_html(body), str)


def test_extract_command_decodes_an_undeclared_legacy_page(tmp_path, capsys) -> None:
    from crawler.cli import main

    headline = "Правительство объявило о новых мерах поддержки бизнеса"
    html = f"<html><body><h1>{headline}</h1><p>{headline}. {headline}.</p></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp1251"))
    assert main(["extract", str(path), "--url", "https://news.example/a/1"]) == 0
    assert json.loads(capsys.readouterr().out)["headline"] == headline
