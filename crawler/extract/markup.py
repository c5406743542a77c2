"""Repairs to raw HTML before lxml parses it, where libxml2 reads markup otherwise than browsers.

libxml2 (2.14) stops at the first ``</html>``: a template that closes the document early
(``</head></html></html><body>...``, Hexo's Ayer theme on every page) loses its whole body,
while browsers ignore the stray end tags. Such end tags, and ``</body>``, are dropped when
markup follows them; libxml2 closes both at the end of the input anyway.
"""

from __future__ import annotations

import re

HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)
END_TAGS = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
MARKUP = re.compile(r"<[a-zA-Z!]")


def without_early_end_tags(html: str) -> str:
    """``html`` without its ``</html>``/``</body>`` end tags when markup follows the first
    ``</html>``; any other page is returned as it is."""
    first = HTML_END.search(html)
    if first is None or MARKUP.search(html, first.end()) is None:
        return html
    return END_TAGS.sub("", html)
