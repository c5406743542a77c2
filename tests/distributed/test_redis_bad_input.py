"""A Redis that cannot serve the crawl stops ``crawler crawl --redis`` (and ``scrapy crawl
-s REDIS_URL=...``) before anything is fetched: one line naming it, password masked, exit 2.
Without REDIS_URL a crawl imports nothing of Redis."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from crawler.cli import main
from tests.crawling import REPO_ROOT
from tests.redis_server import free_port

PASSWORD = "pa55-word-never-shown"


def crawl_with_redis(tmp_path, capsys, url: str, *extra: str) -> str:
    status = main(
        ["crawl", "http://127.0.0.1:9/tags/a", "--out", str(tmp_path), "--redis", url, *extra]
    )
    err = capsys.readouterr().err
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert PASSWORD not in err
    assert list(tmp_path.iterdir()) == []  # nothing crawled, no run folder
    return err


def test_unreachable_redis_names_the_masked_url(tmp_path, capsys) -> None:
    port = free_port()
    err = crawl_with_redis(tmp_path, capsys, f"redis://:{PASSWORD}@127.0.0.1:{port}/0")
    assert f"cannot reach Redis at redis://:***@127.0.0.1:{port}/0" in err


def test_wrong_password(tmp_path, capsys, redis_server) -> None:
    url = f"redis://:{PASSWORD}@127.0.0.1:{redis_server.port}/0"
    assert "refused the password" in crawl_with_redis(tmp_path, capsys, url)


def test_a_port_that_is_not_redis(tmp_path, capsys, server) -> None:
    port = server.url("/").split(":")[2].split("/")[0]
    err = crawl_with_redis(tmp_path, capsys, f"redis://:{PASSWORD}@127.0.0.1:{port}/0")
    assert f"127.0.0.1:{port}" in err and "Redis" in err


@pytest.mark.parametrize(
    ("url", "why"),
    [
        (f"redis://:{PASSWORD}@127.0.0.1:notaport/0", "malformed"),
        (f"http://:{PASSWORD}@127.0.0.1:6379/0", "malformed"),
        (f"redis://:{PASSWORD}@127.0.0.1:6379/zero", "malformed"),
        ("redis://192.0.2.7:6379/0", "--allow-insecure-redis"),
    ],
)
def test_malformed_or_insecure_urls(tmp_path, capsys, url: str, why: str) -> None:
    assert why in crawl_with_redis(tmp_path, capsys, url)


def test_a_frontier_name_that_cannot_name_keys(tmp_path, capsys, redis_server) -> None:
    err = crawl_with_redis(tmp_path, capsys, redis_server.url, "--frontier", "a b")
    assert "frontier name 'a b'" in err


def test_scrapy_crawl_gives_the_same_one_line(tmp_path) -> None:
    port = free_port()
    done = subprocess.run(
        [
            sys.executable, "-m", "scrapy", "crawl", "tagpages", "-a", "url=http://127.0.0.1:9/t",
            "-s", f"REDIS_URL=redis://:{PASSWORD}@127.0.0.1:{port}/0",
            "-s", f"CRAWLER_OUTPUT_DIR={tmp_path}", "-s", "LOG_LEVEL=WARNING",
        ],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith(
        f"scrapy crawl: cannot reach Redis at redis://:***@127.0.0.1:{port}/0"
    )
    assert PASSWORD not in done.stdout + done.stderr


def test_scrapy_crawl_takes_the_redis_url_from_the_environment(tmp_path) -> None:
    """CRAWLER_REDIS_URL is REDIS_URL's default: a password kept off the command line (the
    way to give it to scrapyd's jobs)."""
    port = free_port()
    url = f"redis://:{PASSWORD}@127.0.0.1:{port}/0"
    done = subprocess.run(
        [
            sys.executable, "-m", "scrapy", "crawl", "tagpages", "-a", "url=http://127.0.0.1:9/t",
            "-s", f"CRAWLER_OUTPUT_DIR={tmp_path}", "-s", "LOG_LEVEL=WARNING",
        ],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "CRAWLER_REDIS_URL": url},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert f"cannot reach Redis at redis://:***@127.0.0.1:{port}/0" in done.stderr
    assert PASSWORD not in done.stdout + done.stderr


def test_a_crawl_without_redis_imports_no_redis(tmp_path) -> None:
    """Build a crawl's spider and components as Scrapy does, without REDIS_URL."""
    code = (
        "import sys\n"
        "from scrapy.crawler import CrawlerProcess\n"
        "from scrapy.settings import Settings\n"
        "s = Settings(); s.setmodule('crawler.settings', priority='project')\n"
        "s.set('CRAWLER_OUTPUT_DIR', sys.argv[1])\n"
        "p = CrawlerProcess(s, install_root_handler=False)\n"
        "c = p.create_crawler('tagpages')\n"
        "c.spider = c._create_spider(url='http://127.0.0.1:9/t')\n"
        "c._apply_settings()\n"
        "c.engine = c._create_engine()\n"
        "assert 'tagpages' == c.spider.name\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('redis', 'scrapy_redis')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_redis_password_is_masked_in_every_log_record(caplog) -> None:
    from crawler.distributed.configure import hide_in_logs

    hide_in_logs("only-in-this-test-9f2")
    with caplog.at_level(logging.INFO):
        logging.getLogger("anything").info(
            "settings %s", {"REDIS_URL": "redis://:only-in-this-test-9f2@h:1/0"}
        )
    assert "redis://:***@h:1/0" in caplog.text and "only-in-this-test-9f2" not in caplog.text
