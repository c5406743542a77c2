"""Repeat crawls into one output folder: only what is new is fetched, written and remembered.

Each test has a demo world and server of its own, because it publishes articles into it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoServer
from crawler.demo.world import build_world, fresh_articles
from crawler.state.store import STATE_FILE, SqliteStateStore
from tests.crawling import (
    REPO_ROOT,
    TEST_SETTINGS,
    crawl,
    crawler_command,
    demo_feed_paths,
    feed_only_fetched,
)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def server(world):
    with DemoServer(world) as running:
        yield running


def run(out: Path, url: str, run_id: str, *flags: str) -> dict:
    """One crawl into ``out/run_id``; returns its summary (the crawl must succeed)."""
    result = crawl(out, url, extra=("--run-id", run_id, *flags))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((out / run_id / "summary.json").read_text(encoding="utf-8"))


def items(run_dir: Path) -> list[dict]:
    lines = (run_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def requested_paths(server: DemoServer) -> Counter:
    return Counter(exchange.path for exchange in server.log)


def test_second_run_fetches_only_the_new_articles(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    first = run(tmp_path, url, "first")
    assert first["counts"]["items_written"] == len(site.articles)

    new = fresh_articles(site, 2)
    site.publish(new)
    server.clear_log()
    second = run(tmp_path, url, "second")

    # Page 1 holds the two new articles; page 2 is all seen before, so the crawl stops there.
    pages = site.listing_pages
    assert requested_paths(server) == Counter(
        ["/robots.txt", pages[0].path, pages[1].path, new[0].path, new[1].path]
        + demo_feed_paths(site)
    )
    written = items(tmp_path / "second")
    assert sorted(i["url"] for i in written) == sorted(server.url(a.path) for a in new)
    assert sorted(i["headline"] for i in written) == sorted(a.headline for a in new)
    assert second["listing_stopped"] == {"all_seen_before": 1}
    # Page 1's 8 older entries, page 2's 10, and the one the tag's feed lists besides them.
    walked = [path for page in pages[:2] for path in page.article_paths]
    from_feed = feed_only_fetched(site, walked, walk_cut=True)
    assert from_feed == site.feed_only_articles
    assert second["incremental"]["entries_skipped_seen_before"] == 18 + len(from_feed)
    for item in items(tmp_path / "first") + written:
        assert (item["version"], item["first_seen"]) == (1, item["fetched_at"])
    all_urls = [i["canonical_url"] for d in ("first", "second") for i in items(tmp_path / d)]
    assert len(all_urls) == len(set(all_urls)) == len(site.articles)


def test_nothing_new_fetches_one_listing_page_and_writes_nothing(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    run(tmp_path, url, "first")
    server.clear_log()
    again = run(tmp_path, url, "again")
    assert requested_paths(server) == Counter(
        ["/robots.txt", site.tag_path, *demo_feed_paths(site)]
    )
    assert again["counts"]["items_written"] == 0
    assert items(tmp_path / "again") == []


def test_full_ignores_the_state(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    run(tmp_path, url, "first")
    full = run(tmp_path, url, "full", "--full")
    assert full["counts"]["items_written"] == len(site.articles)
    first_seen = {i["url"]: i["fetched_at"] for i in items(tmp_path / "first")}
    for item in items(tmp_path / "full"):  # fetched again, unchanged: still the first version
        assert (item["version"], item["first_seen"]) == (1, first_seen[item["url"]])


def test_state_remembers_where_each_item_and_record_is(tmp_path, server, world):
    site = world.sites["drupal"]
    run(tmp_path, server.url(site.tag_path), "first")
    store = SqliteStateStore(tmp_path / STATE_FILE)
    try:
        seen = {a.url: a for a in store.articles()}
    finally:
        store.close()
    assert sorted(seen) == sorted(server.url(a.path) for a in site.articles)
    for item in items(tmp_path / "first"):
        article = seen[item["url"]]
        assert (article.run_id, article.items_file) == ("first", "items.jsonl")
        assert article.warc_record_id == item["warc_record_id"]
        assert (article.warc_offset, article.payload_digest) == (
            item["warc_offset"],
            item["payload_digest"],
        )
        assert article.warc_file == f"first/{item['warc_file']}"
        with open(tmp_path / article.warc_file, "rb") as warc:
            warc.seek(article.warc_offset)
            record = next(iter(ArchiveIterator(warc)))
        assert record.rec_headers.get_header("WARC-Record-ID") == article.warc_record_id
        assert record.rec_headers.get_header("WARC-Date") == article.warc_date


def test_state_path_elsewhere(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    state = tmp_path / "state" / "crawl.sqlite"
    run(tmp_path / "a", url, "first", "--state", str(state))
    # Another output folder, the same state: nothing is new.
    again = run(tmp_path / "b", url, "again", "--state", str(state))
    assert again["counts"]["items_written"] == 0
    assert not (tmp_path / "a" / STATE_FILE).exists()


def test_since_stops_at_older_listing_entries(tmp_path, server, world):
    site = world.sites["drupal"]
    first_page = [site.entry(p) for p in site.listing_pages[0].article_paths]
    # A gap of 8 hours or more between two neighbours on page 1: the boundary sits inside it,
    # clear of the listing's dates (local times without an offset) on either side.
    newer, older = next(
        (a, b)
        for a, b in zip(first_page, first_page[1:], strict=False)
        if a.published - b.published >= timedelta(hours=8)
    )
    since = newer.published - timedelta(hours=4)
    expected = [a for a in site.articles if a.published >= since]
    server.clear_log()
    summary = run(tmp_path, server.url(site.tag_path), "since", "--since", since.isoformat())
    assert sorted(i["url"] for i in items(tmp_path / "since")) == sorted(
        server.url(a.path) for a in expected
    )
    assert summary["listing_stopped"] == {"older_than_since": 1}
    assert site.listing_pages[1].path not in requested_paths(server)
    assert older.path not in requested_paths(server)


def test_bad_since_is_a_one_line_error(tmp_path):
    result = crawl(tmp_path, "http://127.0.0.1:9/tags/x", extra=("--since", "last tuesday"))
    assert result.returncode == 2
    assert "since must be a date like 2020-02-20" in result.stderr


def revisit_records(run_dir: Path) -> list:
    """(target URI, profile, refers-to record id) of every revisit record of a run."""
    found = []
    for path in sorted((run_dir / "warc").glob("*.warc.gz")):
        with open(path, "rb") as warc:
            for record in ArchiveIterator(warc):
                if record.rec_type == "revisit":
                    headers = record.rec_headers
                    found.append(
                        (
                            headers.get_header("WARC-Target-URI"),
                            headers.get_header("WARC-Profile"),
                            headers.get_header("WARC-Refers-To"),
                        )
                    )
    return found


IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def refreshed_urls(server: DemoServer, site) -> list[str]:
    """What a --refresh run after a full one fetches again: page 1's entries (the walk stops
    there, all seen before) and those the tag's feed lists among them (one only it lists)."""
    first_page = site.listing_pages[0].article_paths
    from_feed = [a.path for a in feed_only_fetched(site, first_page, walk_cut=True)]
    assert from_feed == [a.path for a in site.feed_only_articles]
    return sorted(server.url(path) for path in [*first_page, *from_feed])


def test_refresh_of_unchanged_articles_writes_revisits_and_no_items(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    run(tmp_path, url, "first")
    originals = {i["url"]: i["warc_record_id"] for i in items(tmp_path / "first")}
    summary = run(tmp_path, url, "refresh", "--refresh")
    assert items(tmp_path / "refresh") == []
    # Listing pages and robots.txt may be revisits too (the archive deduplicates by digest).
    revisits = [r for r in revisit_records(tmp_path / "refresh") if r[0] in originals]
    assert sorted(r[0] for r in revisits) == refreshed_urls(server, site)
    for target, profile, refers_to in revisits:
        assert (profile, refers_to) == (IDENTICAL, originals[target])
    assert summary["incremental"]["refresh_unchanged"] == len(revisits)


def test_refresh_sends_validators_and_archives_304_as_revisit(tmp_path, world):
    site = world.sites["drupal"]
    with DemoServer(world, conditional=True) as server:
        url = server.url(site.tag_path)
        run(tmp_path, url, "first")
        originals = {i["url"]: i["warc_record_id"] for i in items(tmp_path / "first")}
        server.clear_log()
        summary = run(tmp_path, url, "refresh", "--refresh")
        refreshed = [urlsplit(url).path for url in refreshed_urls(server, site)]
        article_exchanges = [e for e in server.log if e.path in refreshed]
    assert len(article_exchanges) == len(refreshed) == 11
    for exchange in article_exchanges:
        sent = dict(exchange.request_headers)
        assert sent["If-None-Match"].startswith('"')
        assert exchange.status == 304
    assert items(tmp_path / "refresh") == []
    # Listing pages and robots.txt may be revisits too (the archive deduplicates by digest).
    revisits = [r for r in revisit_records(tmp_path / "refresh") if r[0] in originals]
    assert sorted(r[0] for r in revisits) == refreshed_urls(server, site)
    for target, profile, refers_to in revisits:
        assert (profile, refers_to) == (NOT_MODIFIED, originals[target])
    assert summary["incremental"]["refresh_not_modified"] == len(refreshed)


def test_refresh_of_a_changed_article_writes_a_new_version(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    run(tmp_path, url, "first")
    changed = site.entry(site.listing_pages[0].article_paths[2])
    changed.body_paragraphs = [
        *changed.body_paragraphs,
        "Correction: an earlier version misnamed the town.",
    ]
    run(tmp_path, url, "refresh", "--refresh")
    written = items(tmp_path / "refresh")
    assert [i["url"] for i in written] == [server.url(changed.path)]
    assert written[0]["body"].endswith("Correction: an earlier version misnamed the town.")
    store = SqliteStateStore(tmp_path / STATE_FILE)
    try:
        article = store.seen_article(server.url(changed.path))
    finally:
        store.close()
    assert article is not None
    assert (article.versions, article.run_id) == (2, "refresh")
    assert article.warc_record_id == written[0]["warc_record_id"]
    assert article.first_seen < article.last_seen
    first_capture = next(i for i in items(tmp_path / "first") if i["url"] == written[0]["url"])
    assert (written[0]["version"], written[0]["first_seen"]) == (2, first_capture["fetched_at"])
    assert article.first_seen == first_capture["fetched_at"]


def test_refresh_after_a_full_rerun_refers_to_the_first_capture(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    run(tmp_path, url, "first")
    originals = {i["url"]: i["warc_record_id"] for i in items(tmp_path / "first")}
    run(tmp_path, url, "full", "--full")  # same payloads again: the archive stores revisits
    run(tmp_path, url, "refresh", "--refresh")
    revisits = [r for r in revisit_records(tmp_path / "refresh") if r[0] in originals]
    assert sorted(r[0] for r in revisits) == refreshed_urls(server, site)
    for target, _profile, refers_to in revisits:
        assert refers_to == originals[target]
    store = SqliteStateStore(tmp_path / STATE_FILE)
    try:
        articles = store.articles()
    finally:
        store.close()
    assert {a.versions for a in articles} == {1}  # seen three times, never changed
    assert {a.run_id for a in articles} == {"full"}  # the latest item is the --full run's


def test_a_killed_run_loses_nothing(tmp_path, server, world):
    """Killed mid-crawl: every article the state calls seen has its line in the items file,
    and the next run fetches the rest, so together they hold every article once."""
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    settings = [a for s in TEST_SETTINGS if not s.startswith("DOWNLOAD_DELAY") for a in ("-s", s)]
    command = crawler_command(
        "crawl", url, "--out", str(tmp_path), "--run-id", "killed", *settings,
        "-s", "DOWNLOAD_DELAY=0.2",
    )  # fmt: skip
    partial = tmp_path / "killed" / "items.jsonl.open"
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while not partial.exists() or partial.read_text(encoding="utf-8").count("\n") < 5:
            assert time.monotonic() < deadline and process.poll() is None, "no items written"
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
    written = [json.loads(line)["url"] for line in partial.read_text(encoding="utf-8").splitlines()]
    store = SqliteStateStore(tmp_path / STATE_FILE)
    try:
        seen = [a.final_url for a in store.articles()]
    finally:
        store.close()
    assert set(seen) <= set(written)
    assert len(written) - len(seen) <= 1  # at most the line being recorded when it died
    assert len(written) < len(site.articles)

    run(tmp_path, url, "next")
    after = [i["url"] for i in items(tmp_path / "next")]
    assert sorted(set(written) | set(after)) == sorted(server.url(a.path) for a in site.articles)
    assert not set(seen) & set(after)


def scrapy_crawl(out: Path, url: str, run_id: str, *settings: str) -> dict:
    """``scrapy crawl tagpages`` with the crawler's settings given as -s; returns the summary."""
    args = [arg for setting in (*TEST_SETTINGS, *settings) for arg in ("-s", setting)]
    done = subprocess.run(
        [
            sys.executable, "-m", "scrapy", "crawl", "tagpages", "-a", f"url={url}",
            "-s", f"CRAWLER_OUTPUT_DIR={out}", "-s", f"CRAWLER_RUN_ID={run_id}", *args,
        ],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / run_id / "summary.json").read_text(encoding="utf-8"))


def test_scrapy_crawl_is_incremental_too(tmp_path, server, world):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    assert scrapy_crawl(tmp_path, url, "first")["counts"]["items_written"] == len(site.articles)
    again = scrapy_crawl(tmp_path, url, "again")
    assert again["counts"]["items_written"] == 0
    assert again["listing_stopped"] == {"all_seen_before": 1}
    refresh = scrapy_crawl(tmp_path, url, "refresh", "CRAWLER_REFRESH=True")
    assert refresh["incremental"]["refresh_unchanged"] == len(refreshed_urls(server, site))
    full = scrapy_crawl(tmp_path, url, "full", "CRAWLER_FULL=True")
    assert full["counts"]["items_written"] == len(site.articles)


def test_unusable_state_database_is_a_one_line_error(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = crawl(tmp_path / "out", "http://127.0.0.1:9/tags/x", extra=("--state", str(folder)))
    assert result.returncode == 2
    expected = f"crawler: state database {folder}: unable to open database file"
    assert result.stderr.strip() == expected


def test_since_stops_at_an_article_older_than_since_when_the_listing_has_no_dates(
    tmp_path, server, world
):
    site = world.sites["drupal"]
    for article in site.articles:
        article.listing_date_text = None  # the listing shows no dates; the articles do
    first_page = [site.entry(p) for p in site.listing_pages[0].article_paths]
    since = first_page[3].published
    summary = run(
        tmp_path, server.url(site.tag_path), "since", "--since", since.isoformat(),
        # One request at a time: page 1's articles come back before page 2 (whose request
        # waits behind them: the listing gives no dates, so theirs may end the walk).
        "-s", "CONCURRENT_REQUESTS=1",
    )  # fmt: skip
    assert sorted(i["url"] for i in items(tmp_path / "since")) == sorted(
        server.url(a.path) for a in first_page[:4]
    )
    assert summary["dropped"] == {"older_than_since": 6}
    assert summary["listing_stopped"] == {"older_than_since": 1}
    requested = requested_paths(server)
    assert site.listing_pages[2].path not in requested
    assert not set(site.listing_pages[1].article_paths) & set(requested)
