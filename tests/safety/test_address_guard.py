"""The address guard: internal addresses only for hosts the user named, refused unconnected."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.safety.addresses import literal_address, refusal_reason
from crawler.safety.middleware import AddressGuardMiddleware, AddressRefused
from crawler.spiders.errors import failure_reason


class NamedSpider(Spider):
    name = "named"
    tag_urls = ["http://127.0.0.1:8080/tags/idlib"]


def guard(**settings) -> AddressGuardMiddleware:
    crawler = get_crawler(NamedSpider, settings)
    crawler.spider = NamedSpider()
    crawler.stats.open_spider()
    return AddressGuardMiddleware.from_crawler(crawler)


def check(middleware: AddressGuardMiddleware, url: str) -> None:
    asyncio.run(middleware.process_request(Request(url)))


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.1.1", "link_local"),
        ("fe80::1", "link_local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("93.184.215.14", None),
        ("2a00:1450:4001:80b::200e", None),
    ],
)
def test_refusal_reasons(address: str, reason: str | None) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == reason


def test_literal_addresses_are_read_with_or_without_brackets() -> None:
    assert literal_address("[::1]") == ipaddress.ip_address("::1")
    assert literal_address("news.example") is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.2:8080/a",
        "http://10.0.0.7/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/a",
        "http://[fd00:ec2::254]/",
    ],
)
def test_internal_literal_addresses_are_refused_without_resolving(url, monkeypatch) -> None:
    middleware = guard()

    async def no_lookup(host: str):
        raise AssertionError(f"looked up {host}")

    monkeypatch.setattr(middleware, "resolve", no_lookup)
    with pytest.raises(AddressRefused):
        check(middleware, url)
    assert middleware.crawler.stats.get_value("address_guard/refused") == 1


def test_the_start_urls_host_is_allowed() -> None:
    middleware = guard()
    check(middleware, "http://127.0.0.1:8080/articles/1")
    check(middleware, "http://127.0.0.1:9999/other-port")
    assert middleware.crawler.stats.get_value("address_guard/refused") is None


def test_hosts_named_in_settings_are_allowed() -> None:
    check(guard(CRAWLER_ALLOWED_HOSTS=["10.0.0.7"]), "http://10.0.0.7/intranet")


def test_a_name_resolving_to_an_internal_address_is_refused(monkeypatch) -> None:
    middleware = guard()

    async def resolve(host: str):
        return ipaddress.ip_address({"intranet.news.example": "10.9.8.7"}.get(host, "8.8.8.8"))

    monkeypatch.setattr(middleware, "resolve", resolve)
    with pytest.raises(AddressRefused):
        check(middleware, "http://intranet.news.example/")
    check(middleware, "http://news.example/")
    stats = middleware.crawler.stats
    assert stats.get_value("address_guard/refused/private") == 1


def test_an_unresolvable_name_is_left_to_the_downloader(monkeypatch) -> None:
    middleware = guard()

    async def resolve(host: str):
        return None

    monkeypatch.setattr(middleware, "resolve", resolve)
    check(middleware, "http://no-such-host.invalid/")


def test_a_refusal_is_a_failure_reason_of_its_own() -> None:
    from twisted.python.failure import Failure

    assert failure_reason(Failure(AddressRefused("x"))) == "address_refused"


def test_the_guard_can_be_switched_off() -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        guard(CRAWLER_ADDRESS_GUARD=False)
