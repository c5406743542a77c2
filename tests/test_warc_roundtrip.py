"""Every exchange of real crawls, read back from the WARC, against the bytes the demo server
recorded: the request head and the response head byte for byte (the download handler keeps the
raw bytes), and the entity as sent (content-coded, chunk framing removed and the
Transfer-Encoding header renamed, the one documented change).
"""

from __future__ import annotations

import io

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeadersParser

from crawler.demo import world as demo
from tests.crawling import CrawlResult


@pytest.fixture(scope="module")
def server(archived_crawls):
    """The server the shared wp and edge crawls ran against (its log holds their bytes)."""
    return archived_crawls[0]


@pytest.fixture(scope="module")
def crawls(archived_crawls) -> dict[str, CrawlResult]:
    return archived_crawls[1]


def exchanges(result: CrawlResult) -> list[tuple]:
    """(request record, response record) pairs of a crawl, each record as its WARC headers, its
    HTTP headers, its HTTP head as stored (not as warcio would write the parsed headers again,
    which would tidy the spacing after each colon) and its entity."""
    responses, requests = {}, []
    parser = StatusAndHeadersParser([], verify=False)
    for path in result.warc_files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, no_record_parse=True):
                head, blank, body = record.raw_stream.read().partition(b"\r\n\r\n")
                head += blank
                entry = (record.rec_headers, parser.parse(io.BytesIO(head)), head, body)
                if record.rec_type == "response":
                    responses[record.rec_headers["WARC-Record-ID"]] = entry
                elif record.rec_type == "request":
                    requests.append(entry)
    return [(req, responses[req[0]["WARC-Concurrent-To"]]) for req in requests]


def differences(sent, request, response) -> list[str]:
    """How an archived exchange differs from what the server received and sent."""
    (_, _, req_head, req_body), (resp_warc, _, resp_head, resp_body) = request, response
    problems = []
    # The request head byte for byte: request line, header order, case and values.
    if req_head != sent.request_head or req_body:
        problems.append("request head")
    # The response head byte for byte, except that a Transfer-Encoding header is renamed
    # because the stored entity is de-chunked.
    expected_head = sent.response_head.replace(
        b"\r\nTransfer-Encoding:", b"\r\nX-Orig-Transfer-Encoding:"
    )
    if resp_head != expected_head:
        problems.append("response head")
    # The entity as sent (still gzip when gzipped), chunk framing removed.
    if resp_body != sent.response_body:
        problems.append("body")
    reconstructed = resp_warc.get_header("X-Crawler-Reconstructed")
    if reconstructed != ("transfer-encoding-renamed" if sent.chunked else None):
        problems.append(f"reconstructed: {reconstructed}")
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


def test_the_demo_round_trip_sees_header_lines_as_real_servers_write_them(crawls, server):
    """Lower-case and odd-case names and odd spacing after the colon went through the crawls,
    so an archive that tidied any of them fails the byte-for-byte check above."""
    heads = b"".join(exchange.response_head for exchange in server.log)
    assert b"\r\nx-powered-by: PHP" in heads
    assert b"\r\nContent-type:text/html" in heads
    assert b"\r\nX-Powered-By:  PHP" in heads
    assert b"\r\nset-cookie:SESS" in heads
