"""Markup helpers every demo site's renderers use: HTML escaping, links in text, ISO dates."""

from __future__ import annotations

import html
import re
from datetime import datetime


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def link_first(text_html: str, word: str, href: str) -> str:
    """Wrap the first whole-word ``word`` of already escaped text in a link."""
    link = f'<a href="{attr(href)}">{word}</a>'
    return re.sub(rf"\b{re.escape(word)}\b", link, text_html, count=1)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
