"""A crawl reaches no host but its targets: a crawl of the demo's edge site on 127.0.0.1, whose
cookies make Scrapy's CookiesMiddleware look up the Public Suffix List, runs with
``tests/outbound_guard`` refusing and recording any other name lookup or connection."""

from __future__ import annotations

import os
from pathlib import Path

from crawler.demo.world import EDGE_COOKIE_PATH
from tests.crawling import crawl

GUARD = Path(__file__).resolve().parent / "outbound_guard"


def guarded_environment(monkeypatch, log: Path, tldextract_cache: Path) -> None:
    """Crawls started from this test get the guard; tldextract gets an empty cache of its own,
    so a copy of the list cached by an earlier run cannot hide a download."""
    paths = [str(GUARD), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.setenv("OUTBOUND_GUARD_LOG", str(log))
    monkeypatch.setenv("TLDEXTRACT_CACHE", str(tldextract_cache))


def test_a_crawl_that_gets_cookies_reaches_no_other_host(world, server, tmp_path, monkeypatch):
    log = tmp_path / "outbound.log"
    tldextract_cache = tmp_path / "tldextract"
    guarded_environment(monkeypatch, log, tldextract_cache)

    result = crawl(tmp_path / "out", server.url(world.sites["edge"].tag_path))

    assert result.returncode == 0, result.stderr[-3000:]
    guarded = log.read_text(encoding="utf-8")
    assert guarded.startswith("watching"), "the guard was not loaded"
    assert any(e.response_values("Set-Cookie") for e in server.requests_for(EDGE_COOKIE_PATH))
    blocked = [line for line in guarded.splitlines() if line.startswith("blocked")]
    assert blocked == [], guarded
    assert "Public Suffix List" not in result.stderr
    assert "Public Suffix List" not in (result.run_dir / "crawl.log").read_text(encoding="utf-8")
    assert not tldextract_cache.exists()
