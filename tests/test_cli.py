"""The `crawler` command and `scrapy crawl tagpages`: options, bad input, exit status."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from tests.crawling import (
    REPO_ROOT,
    TEST_SETTINGS,
    CrawlResult,
    crawl,
    feed_only_fetched,
    run_crawler,
)


def free_closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "ftp://127.0.0.1/x"], "crawler: not an http(s) URL: 'ftp://127.0.0.1/x'"),
        (["crawl", "127.0.0.1/tags/x"], "crawler: not an http(s) URL: '127.0.0.1/tags/x'"),
        (["crawl", "http://127.0.0.1/", "--max-pages", "0"], "max_pages must be 1 or more"),
        (["crawl", "http://127.0.0.1/", "-s", "NOEQUALS"], "-s 'NOEQUALS': expected KEY=VALUE"),
        (["crawl", "http://127.0.0.1/", "--site", "/nonexistent/site.toml"], "cannot read"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message):
    done = run_crawler(*args)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert message in done.stderr


def test_bad_site_file_names_the_key(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('[selectors]\nentries = "div.x"\nnext = "a.next"\n', encoding="utf-8")
    done = run_crawler("crawl", "http://127.0.0.1/", "--site", str(site))
    assert done.returncode == 2
    assert f"crawler: {site}: selectors.next: unknown key" in done.stderr


def test_unwritable_output_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    done = run_crawler("crawl", "http://127.0.0.1/", "--out", str(blocker / "sub"))
    assert done.returncode == 2
    assert f"crawler: output dir {blocker / 'sub'}: not writable" in done.stderr


def test_unreachable_tag_page_exits_1(tmp_path):
    url = f"http://127.0.0.1:{free_closed_port()}/tags/idlib"
    result = crawl(tmp_path, url, extra=("-s", "RETRY_TIMES=0"))
    assert result.returncode == 1
    assert "no listing page could be fetched" in result.stderr
    assert result.summary["failures"] == {"connection_refused": 1}


def test_max_pages_limits_the_listing(tmp_path, server, world):
    site = world.sites["drupal"]
    server.clear_log()
    own = ("--allow-unknown-setting", "-s", "MY_MIDDLEWARE_ENABLED=1")  # the user's own setting
    result = crawl(tmp_path, server.url(site.tag_path), extra=("--max-pages", "2", *own))
    assert result.returncode == 0, result.stderr[-2000:]
    listing_paths = [page.path for page in site.listing_pages]
    requested = [e.path for e in server.log if e.path in listing_paths]
    assert requested == listing_paths[:2]
    assert result.summary["listing_stopped"] == {"max_pages": 1}
    tag_url = server.url(site.tag_path)
    walk = {"tag_url": tag_url, "pages": 2, "stopped": "max_pages"}
    assert result.summary["listing_walks"] == [walk]
    assert f"tag {tag_url}: 2 pages, stopped: max_pages" in result.stdout
    walked = [path for page in site.listing_pages[:2] for path in page.article_paths]
    from_feed = feed_only_fetched(site, walked, walk_cut=True)
    assert from_feed == site.feed_only_articles  # the feed lists it among page 1's entries
    expected = sorted(server.url(path) for path in [*walked, *(a.path for a in from_feed)])
    assert sorted(item["url"] for item in result.items) == expected


def test_items_rotate_into_numbered_files(tmp_path, server, world):
    site = world.sites["drupal"]
    result = crawl(tmp_path, server.url(site.tag_path), extra=("-s", "CRAWLER_ITEMS_PER_FILE=10"))
    assert result.returncode == 0
    names = sorted(p.name for p in result.run_dir.glob("items*.jsonl"))
    assert names == ["items-0001.jsonl", "items-0002.jsonl", "items-0003.jsonl"]
    counts = [len(p.read_text().splitlines()) for p in sorted(result.run_dir.glob("items*"))]
    assert counts == [10, 10, len(site.articles) - 20]


def test_several_tag_urls_in_one_run(tmp_path, server, world):
    drupal, wp = world.sites["drupal"], world.sites["wp"]
    result = crawl(tmp_path, server.url(drupal.tag_path), server.url(wp.tag_path))
    assert result.returncode == 0
    expected = len(drupal.articles) + len(wp.articles)
    assert len(result.items) == expected
    assert result.summary["counts"]["listing_pages"] == 6


def test_site_file_overrides_the_automatic_choice(tmp_path, server, world):
    """Selectors that pick the "Most read" sidebar, which automatic detection ignores."""
    site = world.sites["drupal"]
    site_file = tmp_path / "drupal.yaml"
    site_file.write_text(
        "selectors:\n"
        "  entries: '#block-views-most-read-block li'\n"
        "  article_link: a\n"
        "  next_page: //li[@class='pager-next']/a\n",
        encoding="utf-8",
    )
    server.clear_log()
    result = crawl(tmp_path / "out", server.url(site.tag_path), extra=("--site", str(site_file)))
    assert result.returncode == 0, result.stderr[-2000:]
    urls = sorted(item["url"] for item in result.items)
    # The tag's feed lists three of the listing's articles ahead of the one "Most read" entry it
    # lists too: the crawl fetches them as entries its walk missed.
    from_feed = [a.path for a in feed_only_fetched(site, site.most_read_paths, walk_cut=True)]
    assert len(from_feed) == 3
    assert urls == sorted(server.url(path) for path in [*site.most_read_paths, *from_feed])
    # Page 2 repeats the same sidebar: no new entries, so the pager is not followed further.
    assert result.summary["counts"]["listing_pages"] == 2
    assert result.summary["listing_stopped"] == {"no_new_entries": 1}
    # a site file chose the entries: no page was uncertain
    assert result.summary["listing_uncertain_pages"] == []


def test_a_site_selector_that_matches_nothing_is_a_warning_and_its_own_stop_reason(
    tmp_path, server, world
):
    site_file = tmp_path / "site.toml"
    site_file.write_text('[selectors]\nentries = "div.no-such-entry"\n', encoding="utf-8")
    tag_url = server.url(world.sites["wp"].tag_path)
    result = crawl(tmp_path / "out", tag_url, extra=("--site", str(site_file)))
    assert result.returncode == 0, result.stderr[-2000:]
    summary = result.summary
    assert summary["counts"]["items_written"] == 0
    assert summary["listing_stopped"] == {"entries_selector_matched_nothing": 1}
    (warning,) = summary["warnings"]
    assert tag_url in warning and "'div.no-such-entry' matched nothing" in warning
    assert f"  warning: {warning}" in result.stdout
    assert warning in result.stderr  # logged as it happens


def test_scrapy_crawl_runs_the_same_spider(tmp_path, server, world):
    site = world.sites["table"]
    settings = [arg for setting in TEST_SETTINGS for arg in ("-s", setting)]
    done = subprocess.run(
        [
            sys.executable, "-m", "scrapy", "crawl", "tagpages",
            "-a", f"url={server.url(site.tag_path)}", "-a", "max_pages=1",
            "-s", f"CRAWLER_OUTPUT_DIR={tmp_path}", *settings,
            "--allow-unknown-setting", "-s", "MY_MIDDLEWARE_ENABLED=1",
        ],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = CrawlResult(done.returncode, done.stdout, done.stderr, tmp_path)
    assert len(result.items) == len(site.listing_pages[0].article_paths)
    assert result.run_dir.name.startswith("tagpages-")
    assert len(result.warc_files) == 1
    summary = json.loads((result.run_dir / "summary.json").read_text())
    assert summary["counts"]["items_written"] == len(result.items)


def test_extract_command_prints_fields(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(
        "<html lang='ru'><head><meta charset='windows-1251'><title>Заголовок | Сайт</title></head>"
        "<body><article><h1>Заголовок статьи</h1><p>Первый абзац текста статьи, достаточно"
        " длинный для извлечения.</p><p>Второй абзац текста статьи.</p></article></body></html>"
        .encode("windows-1251")
    )  # fmt: skip
    done = run_crawler("extract", str(page), "--url", "http://127.0.0.1/a/1")
    assert done.returncode == 0, done.stderr
    fields = json.loads(done.stdout)
    assert fields["headline"] == "Заголовок статьи"
    assert fields["language"] == "ru"
    assert fields["body"].startswith("Первый абзац")
