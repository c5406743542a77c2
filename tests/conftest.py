"""Shared fixtures: the demo world and its server on 127.0.0.1."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def world():
    from crawler.demo.world import build_world

    return build_world()


@pytest.fixture(scope="module")
def server(world):
    """A demo server of the module's own, so its request log holds only that module's crawls."""
    from crawler.demo.server import DemoServer

    with DemoServer(world) as running:
        yield running


@pytest.fixture(scope="session")
def archived_crawls(world, tmp_path_factory):
    """Crawls of the WordPress site (gzip, chunked) and the edge site (301, cookies, query
    strings) on a server of their own, shared by every module that checks their WARC files."""
    from crawler.demo.server import DemoServer
    from tests.crawling import crawl

    with DemoServer(world) as running:
        runs = {}
        for key in ("wp", "edge"):
            out = tmp_path_factory.mktemp(key)
            result = crawl(out, running.url(world.sites[key].tag_path))
            assert result.returncode == 0, result.stderr[-3000:]
            runs[key] = result
        yield running, runs


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real, password-protected redis-server on 127.0.0.1 for the whole session; each test
    that needs a clean database takes ``redis_db``."""
    from tests.redis_server import running_redis

    with running_redis(tmp_path_factory.mktemp("redis")) as running:
        yield running


@pytest.fixture
def redis_db(redis_server):
    """The session's Redis, database 0 emptied before the test."""
    redis_server.client().flushall()
    return redis_server
