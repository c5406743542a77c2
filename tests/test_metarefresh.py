"""The meta refresh middleware: a refresh to the page itself is not followed."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.middlewares.metarefresh import SelfRefreshMetaRefreshMiddleware

PAGE = "http://127.0.0.1:8000/archives/2017/"


def _respond(url: str, head: str) -> tuple[Request, HtmlResponse]:
    body = f"<html><head>{head}</head><body><a href='/p/1/'>Post</a></body></html>"
    request = Request(url)
    return request, HtmlResponse(url, body=body.encode(), encoding="utf-8", request=request)


def _middleware() -> SelfRefreshMetaRefreshMiddleware:
    return SelfRefreshMetaRefreshMiddleware.from_crawler(get_crawler())


@pytest.mark.parametrize(
    "head",
    [
        # its folder's index file on this host
        '<meta http-equiv="refresh" content="0;url=/archives/2017/index.html">',
        # the same path on the host the page names as its own
        '<meta http-equiv="refresh" content="0;url=http://notes.example/archives/2017/index.html">'
        '<meta property="og:url" content="http://notes.example/archives/2017/index.html">',
    ],
)
def test_a_refresh_to_the_page_itself_is_not_followed(head: str) -> None:
    request, response = _respond(PAGE, head)
    assert _middleware().process_response(request, response) is response


@pytest.mark.parametrize(
    "head",
    [
        '<meta http-equiv="refresh" content="0;url=/archives/2018/">',
        # the same path on a host the page does not name as its own: the site moved
        '<meta http-equiv="refresh" content="0;url=http://moved.example/archives/2017/">',
    ],
)
def test_a_refresh_to_another_page_is_followed(head: str) -> None:
    request, response = _respond(PAGE, head)
    redirected = _middleware().process_response(request, response)
    assert isinstance(redirected, Request)
    assert redirected.url != PAGE
