"""A listing page that links no next page although it has one (a pager a script renders, or a
theme without pager): the spider probes the usual next URL once and follows it only when it is
a real continuation; a probe that finds nothing (404) ends the walk as usual and is no failure
of the crawl."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.crawling import CrawlResult, crawl

PER_PAGE = 6


def _listing(tag: str, posts: list[str]) -> str:
    """A VuePress-blog-like page: the posts, no pager and no link back in the markup."""
    items = "".join(
        f'<article class="ui-post"><header><a class="ui-post-title" href="/posts/{slug}/">'
        f'Notes on {slug.replace("-", " ")}</a></header><div class="ui-post-summary">'
        f"What the plot taught us about {slug.replace('-', ' ')} this year.</div></article>"
        for slug in posts
    )
    return (
        f"<!DOCTYPE html><html><head><title>{tag} | Plot diary</title></head><body>"
        '<div id="app" data-server-rendered="true"><header><a href="/">Plot diary</a></header>'
        f'<main><div class="ui-posts">{items}</div></main></div></body></html>'
    )


def _article(slug: str, day: int) -> str:
    words = slug.replace("-", " ")
    text = " ".join(
        f"The {words} bed was dug again on day {n}, and the soil was still wet from the rain."
        for n in range(1, 12)
    )
    return (
        f"<!DOCTYPE html><html><head><title>Notes on {words} | Plot diary</title></head><body>"
        f'<main><article><h1>Notes on {words}</h1><time datetime="2021-03-{day:02d}">'
        f"March {day}, 2021</time><p>{text}</p><p>{text}</p></article></main></body></html>"
    )


def _write(root: Path, path: str, html: str) -> None:
    folder = root / path.strip("/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(html, encoding="utf-8")


def _write_file(root: Path, path: str, html: str) -> None:
    (root / path.strip("/")).write_text(html, encoding="utf-8")


def _site(root: Path) -> dict[str, list[str]]:
    """Tag "beans" has 14 posts on three pages (/page/2/, /page/3/ linked nowhere); tag
    "peas" has 6, one page; so has "herbs"; "radishes" has 14 on three pages numbered as
    EmpireCMS numbers them (index_2.html, index_3.html), linked nowhere either."""
    tags = {
        "beans": [f"bean-row-{n}" for n in range(1, 15)],
        "peas": [f"pea-{n}" for n in range(6)],
    }
    for tag, posts in tags.items():
        for page, start in enumerate(range(0, len(posts), PER_PAGE), start=1):
            path = f"/tag/{tag}/" + (f"page/{page}/" if page > 1 else "")
            _write(root, path, _listing(tag, posts[start : start + PER_PAGE]))
        for day, slug in enumerate(posts, start=1):
            _write(root, f"/posts/{slug}/", _article(slug, day))
    # tag "herbs": one page, and its usual page 2 shows page 1 again (a server that ignores
    # the page number)
    tags["herbs"] = [f"herb-{n}" for n in range(6)]
    _write(root, "/tag/herbs/", _listing("herbs", tags["herbs"]))
    _write(root, "/tag/herbs/page/2/", _listing("herbs", tags["herbs"]))
    for day, slug in enumerate(tags["herbs"], start=1):
        _write(root, f"/posts/{slug}/", _article(slug, day))
    tags["radishes"] = [f"radish-bed-{n}" for n in range(1, 15)]
    _write(root, "/tag/radishes/", _listing("radishes", tags["radishes"][:PER_PAGE]))
    for page, start in ((2, PER_PAGE), (3, 2 * PER_PAGE)):
        chunk = tags["radishes"][start : start + PER_PAGE]
        _write_file(root, f"/tag/radishes/index_{page}.html", _listing("radishes", chunk))
    for day, slug in enumerate(tags["radishes"], start=1):
        _write(root, f"/posts/{slug}/", _article(slug, day))
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return tags


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict[str, list[str]]]]:
    root = tmp_path_factory.mktemp("plot")
    tags = _site(root)
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tags
    server.shutdown()


@pytest.fixture(scope="module")
def probed(served, tmp_path_factory) -> CrawlResult:
    base, _ = served
    tag_urls = [f"{base}/tag/{tag}/" for tag in ("beans", "peas", "herbs", "radishes")]
    result = crawl(tmp_path_factory.mktemp("probe"), *tag_urls)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_the_pages_no_page_links_are_walked_to_the_end(probed, served) -> None:
    base, tags = served
    got = sorted(item["url"] for item in probed.items)
    assert got == sorted(f"{base}/posts/{slug}/" for posts in tags.values() for slug in posts)
    walks = {walk["tag_url"]: walk for walk in probed.summary["listing_walks"]}
    assert walks[f"{base}/tag/beans/"]["pages"] == 3
    assert walks[f"{base}/tag/peas/"]["pages"] == 1
    assert walks[f"{base}/tag/herbs/"]["pages"] == 1
    assert walks[f"{base}/tag/radishes/"]["pages"] == 3
    assert {walk["stopped"] for walk in walks.values()} == {"no_next_page"}


def test_a_probe_that_finds_nothing_is_counted_but_is_no_failure(probed) -> None:
    summary = probed.summary
    # beans: page 2 and 3 found; page 3 is short (the last), so no page 4 is probed;
    # peas: its page 2 is a 404 at page/2/ and at index_2.html; herbs: its page 2 repeats
    # page 1 (read, not taken); radishes: page/2/ is a 404, index_2.html and index_3.html
    # continue
    assert summary["next_page_probes"] == {
        "continued": 4,
        "failed/http_404": 3,
        "rejected/no_new_entries": 1,
    }
    assert summary["failures"] == {}
    assert summary["http_errors"] == {}
    printed = "next pages probed: continued: 4, failed/http_404: 3, rejected/no_new_entries: 1"
    assert printed in probed.stdout + probed.stderr


def test_only_the_page_whose_probe_found_no_continuation_stays_uncertain(probed, served) -> None:
    """herbs' page 2 repeats page 1: whether herbs has more pages is unknown. beans' probed
    page 3 is shorter than its first page: it is the last, as on a walk of linked pages, and
    only its two entries are noted."""
    base, _ = served
    uncertain = probed.summary["listing_uncertain_pages"]
    reasons = {note["listing_url"]: note["reasons"] for note in uncertain}
    assert reasons == {
        f"{base}/tag/herbs/": ["no-next-guessed"],
        f"{base}/tag/beans/page/3/": ["few-entries"],
        f"{base}/tag/radishes/index_3.html": ["few-entries"],
    }


def test_every_monitor_passes_and_the_probes_are_archived(probed, served) -> None:
    """The probes' exchanges (the 404 too) are in the WARC files, and the reconciliation of
    responses with what became of them counts the probed pages."""
    base, _ = served
    failed = [m for m in probed.summary["monitors"] if not m["passed"]]
    assert failed == []
    text = b"".join(gzip.decompress(path.read_bytes()) for path in probed.warc_files)
    probes = ("/tag/beans/page/2/", "/tag/beans/page/3/", "/tag/peas/page/2/")
    for page in (*probes, "/tag/peas/index_2.html", "/tag/radishes/index_3.html"):
        assert f"WARC-Target-URI: {base}{page}".encode() in text
