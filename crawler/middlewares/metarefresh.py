"""Scrapy's MetaRefreshMiddleware, not following a refresh to the page itself.

A copy of a site (``user.github.io``) often carries ``<meta http-equiv="refresh"
content="0;url=http://example.com/archives/2017/index.html">`` on every page: a refresh to the
page's own address on its canonical host, meant to move visitors to the custom domain. Followed,
it comes back to the page already fetched (the same path, or its folder's index file) and the
dupefilter drops it as a redirect loop: the page is lost. A refresh whose target is this page
(same path and query, up to a trailing index file, on this host or on the host the page names
as its own by rel=canonical or og:url) is no redirect; the page is processed as it is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.response import get_meta_refresh

INDEX_FILES = ("index.html", "index.htm")
OWN_ADDRESS = '//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'


class SelfRefreshMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware (METAREFRESH_* settings as usual), which leaves a page
    whose refresh leads to the page itself alone."""

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: object = None
    ) -> Request | Response:
        if isinstance(response, HtmlResponse) and not request.meta.get("dont_redirect"):
            _, target = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if target and refreshes_to_itself(response, target):
                return response
        return super().process_response(request, response)


def refreshes_to_itself(response: HtmlResponse, target: str) -> bool:
    """The refresh target is the response's own page, here or on its canonical host."""
    wanted, here = _page_key(target), _page_key(response.url)
    if wanted[1:] != here[1:]:
        return False
    hosts = {here[0]}
    hosts.update(
        _page_key(response.urljoin(own))[0] for own in response.xpath(OWN_ADDRESS).getall()
    )
    return wanted[0] in hosts


def _page_key(url: str) -> tuple[str, str, str]:
    """Host, path without a trailing index file or slash, and query."""
    parts = urlsplit(url)
    path = parts.path
    for index in INDEX_FILES:
        if path.endswith("/" + index):
            path = path[: -len(index)]
    return parts.netloc.lower(), path.rstrip("/"), parts.query
