"""Every exchange of real crawls, read back from the WARC, against the bytes the demo server
recorded: request line and headers as received, status line, response headers (in order,
repeated ones kept) and the entity as sent (content-coded, chunk framing removed).

What Scrapy/Twisted do not expose is reconstructed and listed in X-Crawler-Reconstructed (see
crawler/archive/capture.py); those parts are compared as the reconstruction promises.
"""

from __future__ import annotations

from collections import Counter

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo import world as demo
from tests.crawling import CrawlResult, crawl

# Consumed by Twisted: never reach Scrapy, so not in the record (documented reconstruction).
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@pytest.fixture(scope="module")
def crawls(server, world, tmp_path_factory) -> dict[str, CrawlResult]:
    done = {}
    for key in ("wp", "edge"):
        result = crawl(tmp_path_factory.mktemp(key), server.url(world.sites[key].tag_path))
        assert result.returncode == 0, result.stderr[-3000:]
        done[key] = result
    return done


def exchanges(result: CrawlResult) -> list[tuple]:
    """(request record, response record) pairs of a crawl."""
    responses, requests = {}, []
    for path in result.warc_files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                entry = (record.rec_headers, record.http_headers, record.raw_stream.read())
                if record.rec_type == "response":
                    responses[record.rec_headers["WARC-Record-ID"]] = entry
                elif record.rec_type == "request":
                    requests.append(entry)
    return [(req, responses[req[0]["WARC-Concurrent-To"]]) for req in requests]


def lower_pairs(pairs) -> Counter:
    return Counter((name.lower(), value) for name, value in pairs)


def differences(sent, request, response) -> list[str]:
    """How an archived exchange differs from what the server received and sent."""
    (_, req_http, req_body), (resp_warc, resp_http, resp_body) = request, response
    problems = []
    request_line = sent.request_head.split(b"\r\n", 1)[0].decode("latin-1")
    if f"{req_http.protocol} {req_http.statusline}" != request_line:
        problems.append("request line")
    # Every request header exactly as received (their order is reconstructed).
    if lower_pairs(req_http.headers) != lower_pairs(sent.request_headers) or req_body:
        problems.append("request headers")
    status_line = sent.response_head.split(b"\r\n", 1)[0].decode("latin-1")
    if f"{resp_http.protocol} {resp_http.statusline}" != status_line:
        problems.append("status line")
    # Every end-to-end response header with its value, repeated ones kept.
    sent_headers = [(k, v) for k, v in sent.response_headers if k.lower() not in HOP_BY_HOP]
    archived = [
        (k, v)
        for k, v in resp_http.headers
        if k.lower() not in HOP_BY_HOP and k != "X-Orig-Transfer-Encoding"
    ]
    if lower_pairs(archived) != lower_pairs(sent_headers):
        problems.append("response headers")
    # The entity as sent (still gzip when gzipped), chunk framing removed; the record never
    # claims a Transfer-Encoding it does not hold, and says the framing headers are rebuilt.
    if resp_body != sent.response_body:
        problems.append("body")
    if sent.chunked and (
        resp_http.get_header("Transfer-Encoding") is not None
        or "connection-headers" not in resp_warc["X-Crawler-Reconstructed"]
    ):
        problems.append("chunked framing not accounted for")
    if resp_warc["WARC-IP-Address"] != "127.0.0.1":
        problems.append("ip address")
    return problems


@pytest.mark.parametrize("key", ["wp", "edge"])
def test_every_exchange_matches_the_server_bytes(crawls, server, key):
    pairs = exchanges(crawls[key])
    assert len(pairs) > 10
    for request, response in pairs:
        target = request[1].statusline.split(" ")[0]
        candidates = [differences(sent, request, response) for sent in server.requests_for(target)]
        assert [] in candidates, (target, candidates)


def test_the_demo_round_trip_covers_every_case(crawls, server):
    """gzip, chunked, two Set-Cookie, a query string, a 301 hop and robots.txt were archived."""
    seen = {key: exchanges(result) for key, result in crawls.items()}
    targets = {req[1].statusline.split(" ")[0] for pairs in seen.values() for req, _ in pairs}
    assert "/robots.txt" in targets
    assert demo.EDGE_QUERY_PATH in targets
    assert demo.EDGE_REDIRECT_PATH in targets
    assert demo.EDGE_COOKIE_PATH in targets
    responses = [resp for pairs in seen.values() for _, resp in pairs]
    assert any(r[1].get_header("Content-Encoding") == "gzip" for r in responses)
    assert any(e.chunked for e in server.log)
    assert any(r[1].get_statuscode() == "301" for r in responses)
    cookies = [[k for k, _ in r[1].headers if k.lower() == "set-cookie"] for r in responses]
    assert any(len(names) == 2 for names in cookies)
