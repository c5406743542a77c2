"""The adapters for private Python and Scrapy APIs (crawler/compat/): against the installed
versions they work, and when an upgrade removes or changes what they reach, these tests fail
with an error naming it (the adapters raise the same error where the crawler uses them)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import SimpleNamespace

import pytest
from scrapy.core.downloader.handlers import http11
from scrapy.downloadermiddlewares import cookies
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from tldextract import TLDExtract
from twisted.web.client import HTTP11ClientProtocol

from crawler.archive.wire import WireCapturing
from crawler.compat import PrivateApiChanged
from crawler.compat.process_pool import kill_workers, worker_processes
from crawler.compat.scrapy_cookies import BundledSuffixList, use_bundled_suffix_list
from crawler.compat.scrapy_http import (
    client_protocol,
    extended_client_protocol,
    factory_building,
    use_client_protocol,
)
from crawler.middlewares.cookies import BundledSuffixListCookiesMiddleware

PYTHON_KILLS_WORKERS = hasattr(ProcessPoolExecutor, "kill_workers")  # Python 3.14+

# --- concurrent.futures.ProcessPoolExecutor._processes ---------------------------------------


@pytest.fixture
def executor():
    running = ProcessPoolExecutor(1)
    yield running
    running.shutdown(wait=True, cancel_futures=True)


@pytest.mark.skipif(PYTHON_KILLS_WORKERS, reason="this Python kills workers with kill_workers")
def test_the_worker_processes_of_a_pool_can_be_read(executor):
    worker_pid = executor.submit(os.getpid).result(timeout=30)
    assert [process.pid for process in worker_processes(executor)] == [worker_pid]


def test_killing_the_workers_breaks_the_task_they_were_running(executor):
    stuck = executor.submit(time.sleep, 60)
    executor.submit(os.getpid)  # queued behind the stuck task
    time.sleep(0.5)
    kill_workers(executor)
    with pytest.raises(BrokenProcessPool):
        stuck.result(timeout=10)


class PoolWithoutProcesses:
    """What an executor would look like to the adapter if Python renamed ``_processes``."""


class PoolWithOtherProcesses:
    _processes = ("not", "a", "dict")


def test_a_pool_without_the_private_processes_is_named_as_the_cause():
    message = (
        "concurrent.futures.ProcessPoolExecutor no longer has _processes: Python changed a "
        "private API that crawler/compat/process_pool.py relies on"
    )
    with pytest.raises(PrivateApiChanged, match=message):
        kill_workers(PoolWithoutProcesses())
    with pytest.raises(PrivateApiChanged, match="has _processes of type tuple, not a dict"):
        kill_workers(PoolWithOtherProcesses())


# --- Scrapy's _LenientHTTP11ClientProtocol and _LenientHTTP11ClientFactory -------------------


class Recorder:
    """A protocol extension like crawler.archive.wire.WireCapturing."""


def test_scrapy_connections_can_speak_an_extended_protocol():
    protocol = extended_client_protocol(Recorder)
    assert protocol.__name__ == "RecorderProtocol"
    assert issubclass(protocol, client_protocol())
    assert issubclass(protocol, HTTP11ClientProtocol)

    def back_to_pool(connection):
        return None

    connection = factory_building(protocol)(back_to_pool, None).buildProtocol(None)
    assert isinstance(connection, Recorder)
    assert connection._quiescentCallback is back_to_pool


# Scrapy's handler needs an installed reactor, which would stay installed in this process.
BUILD_A_WIRE_CAPTURE_CONNECTION = """
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.utils.test import get_crawler
from crawler.archive.wire import WireCaptureDownloadHandler
crawler = get_crawler(settings_dict={"TWISTED_REACTOR_ENABLED": True})
handler = WireCaptureDownloadHandler(crawler)
connection = handler._pool._factory(lambda connection: None, None).buildProtocol(None)
print(" ".join(f"{c.__module__}.{c.__qualname__}" for c in type(connection).__mro__))
"""


def test_the_wire_capture_handler_s_connections_speak_its_protocol():
    built = subprocess.run(
        [sys.executable, "-c", BUILD_A_WIRE_CAPTURE_CONNECTION],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.split()[:3] == [
        "crawler.archive.wire.WireCapturingProtocol",
        "crawler.archive.wire.WireCapturing",
        "scrapy.core.downloader.handlers.http11._LenientHTTP11ClientProtocol",
    ]


def scrapy_handler(factory: type) -> SimpleNamespace:
    """The part of Scrapy's HTTP11DownloadHandler the adapter reaches: its connection pool."""
    return SimpleNamespace(_pool=SimpleNamespace(_factory=factory))


def test_a_missing_scrapy_protocol_is_named_as_the_cause(monkeypatch):
    handler = scrapy_handler(http11._LenientHTTP11ClientFactory)
    monkeypatch.delattr(http11, "_LenientHTTP11ClientProtocol")
    message = (
        "scrapy.core.downloader.handlers.http11 no longer has _LenientHTTP11ClientProtocol: "
        "Scrapy changed a private API that crawler/compat/scrapy_http.py relies on"
    )
    with pytest.raises(PrivateApiChanged, match=message):
        use_client_protocol(handler, WireCapturing)


def test_a_scrapy_protocol_of_another_kind_is_named_as_the_cause(monkeypatch):
    monkeypatch.setattr(http11, "_LenientHTTP11ClientProtocol", object)
    with pytest.raises(PrivateApiChanged, match="_LenientHTTP11ClientProtocol is no longer a"):
        client_protocol()


def test_a_handler_whose_pool_builds_other_connections_is_named_as_the_cause():
    other = type("OtherFactory", (http11._LenientHTTP11ClientFactory,), {})
    with pytest.raises(PrivateApiChanged, match="no longer builds connections with _Lenient"):
        use_client_protocol(scrapy_handler(other), WireCapturing)
    with pytest.raises(PrivateApiChanged, match="no longer has _pool._factory"):
        use_client_protocol(SimpleNamespace(), WireCapturing)


def test_a_handler_s_pool_gets_a_factory_of_the_extended_protocol():
    handler = scrapy_handler(http11._LenientHTTP11ClientFactory)
    use_client_protocol(handler, Recorder)
    connection = handler._pool._factory(lambda connection: None, None).buildProtocol(None)
    assert isinstance(connection, Recorder)
    assert isinstance(connection, http11._LenientHTTP11ClientProtocol)


# --- Scrapy's scrapy.downloadermiddlewares.cookies._split_domain -----------------------------


@pytest.fixture
def scrapy_splitter(monkeypatch, tmp_path) -> TLDExtract:
    """Scrapy's splitter as Scrapy builds it, with an empty cache: on first use it downloads the
    Public Suffix List. The module's own is put back after the test."""
    splitter = TLDExtract(include_psl_private_domains=True, cache_dir=str(tmp_path))
    monkeypatch.setattr(cookies, "_split_domain", splitter)
    return splitter


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network use: {args}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_scrapy_cookies_tell_public_suffixes_by_the_bundled_list(scrapy_splitter, no_network):
    use_bundled_suffix_list()
    assert isinstance(cookies._split_domain, BundledSuffixList)
    assert cookies._is_public_domain("co.uk")
    assert cookies._is_public_domain("github.io")  # one of the list's private domains
    assert not cookies._is_public_domain("news.example.co.uk")
    assert not cookies._is_public_domain("127.0.0.1")


def test_the_bundled_list_is_put_in_place_once(scrapy_splitter):
    use_bundled_suffix_list()
    bundled = cookies._split_domain
    use_bundled_suffix_list()
    assert cookies._split_domain is bundled
    assert bundled.include_psl_private_domains is scrapy_splitter.include_psl_private_domains


def test_the_cookies_middleware_puts_the_bundled_list_in_place(scrapy_splitter):
    with pytest.raises(NotConfigured):
        BundledSuffixListCookiesMiddleware.from_crawler(
            get_crawler(settings_dict={"COOKIES_ENABLED": False})
        )
    assert cookies._split_domain is scrapy_splitter
    BundledSuffixListCookiesMiddleware.from_crawler(get_crawler())
    assert isinstance(cookies._split_domain, BundledSuffixList)


def test_a_missing_scrapy_splitter_is_named_as_the_cause(monkeypatch, scrapy_splitter):
    monkeypatch.delattr(cookies, "_split_domain")
    message = (
        "scrapy.downloadermiddlewares.cookies no longer has _split_domain: Scrapy changed a "
        "private API that crawler/compat/scrapy_cookies.py relies on"
    )
    with pytest.raises(PrivateApiChanged, match=message):
        use_bundled_suffix_list()


def test_a_scrapy_splitter_of_another_kind_is_named_as_the_cause(monkeypatch, scrapy_splitter):
    monkeypatch.setattr(cookies, "_split_domain", lambda domain: None)
    with pytest.raises(PrivateApiChanged, match="_split_domain is no longer a tldextract.TLDEx"):
        use_bundled_suffix_list()


def test_a_scrapy_cookie_check_that_splits_otherwise_is_named_as_the_cause(
    monkeypatch, scrapy_splitter
):
    monkeypatch.setattr(cookies, "_is_public_domain", lambda domain: False)
    with pytest.raises(PrivateApiChanged, match="_is_public_domain no longer reads _split_domain"):
        use_bundled_suffix_list()
    monkeypatch.delattr(cookies, "_is_public_domain")
    with pytest.raises(PrivateApiChanged, match="_is_public_domain no longer reads _split_domain"):
        use_bundled_suffix_list()
    assert cookies._split_domain is scrapy_splitter


# --- Scrapy's RobotsTxtMiddleware._parsers ---------------------------------------------------


def test_a_pending_robots_txt_is_found_in_scrapy_s_middleware():
    from scrapy.utils.test import get_crawler
    from twisted.internet.defer import Deferred

    from crawler.compat.scrapy_robotstxt import pending_robots_txt
    from crawler.middlewares.robotstxt import SharedRobotsTxtMiddleware

    middleware = SharedRobotsTxtMiddleware(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True}))
    assert pending_robots_txt(middleware, "news.example") is None
    pending = Deferred()
    middleware._parsers["news.example"] = pending
    assert pending_robots_txt(middleware, "news.example") is pending


def test_a_changed_robots_txt_middleware_is_named():
    from scrapy.utils.test import get_crawler

    from crawler.compat.scrapy_robotstxt import pending_robots_txt
    from crawler.middlewares.robotstxt import SharedRobotsTxtMiddleware

    middleware = SharedRobotsTxtMiddleware(get_crawler(settings_dict={"ROBOTSTXT_OBEY": True}))
    del middleware._parsers
    with pytest.raises(PrivateApiChanged, match="_parsers"):
        pending_robots_txt(middleware, "news.example")
