"""The Redis URL: parsing, the password masked in every message, and one-line connection
errors against a real redis-server and a port that is not Redis."""

from __future__ import annotations

import socket
import threading

import pytest

from crawler.distributed.redis_url import (
    RedisConfigError,
    check_secure,
    mask_url,
    open_redis,
    parse_redis_url,
)
from tests.redis_server import free_port


def test_parts_of_a_full_url() -> None:
    target = parse_redis_url("redis://:s3cret@10.0.0.5:6380/3")
    assert (target.host, target.port, target.db, target.password) == ("10.0.0.5", 6380, 3, "s3cret")
    assert target.masked == "redis://:***@10.0.0.5:6380/3"
    assert target.url == "redis://:s3cret@10.0.0.5:6380/3"


def test_defaults_port_and_database() -> None:
    target = parse_redis_url("redis://localhost")
    assert (target.port, target.db, target.password) == (6379, 0, None)


@pytest.mark.parametrize(
    "url",
    ["http://:pw@host:6379/0", "redis://:pw@host:notaport/0", "redis://:pw@host:6379/zero", "x"],
)
def test_malformed_urls_are_refused_without_the_password(url: str) -> None:
    with pytest.raises(RedisConfigError, match="malformed") as caught:
        parse_redis_url(url)
    assert ":pw@" not in str(caught.value)


def test_mask_url_hides_only_the_password() -> None:
    assert mask_url("redis://user:hunter2@h:1/0") == "redis://user:***@h:1/0"
    assert mask_url("redis://h:1/0") == "redis://h:1/0"


def test_no_password_off_loopback_is_refused_unless_allowed() -> None:
    remote = parse_redis_url("redis://192.0.2.7:6379/0")
    with pytest.raises(RedisConfigError, match="--allow-insecure-redis"):
        check_secure(remote)
    check_secure(remote, allow_insecure=True)
    check_secure(parse_redis_url("redis://127.0.0.1:6379/0"))
    check_secure(parse_redis_url("redis://:pw@192.0.2.7:6379/0"))


def test_connects_to_the_real_server(redis_server) -> None:
    client = open_redis(redis_server.url)
    assert client.ping() is True


def test_wrong_password_is_one_line_without_it(redis_server) -> None:
    url = f"redis://:not-the-password@127.0.0.1:{redis_server.port}/0"
    with pytest.raises(RedisConfigError, match="refused the password") as caught:
        open_redis(url)
    assert "not-the-password" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_password_is_asked_for(redis_server) -> None:
    with pytest.raises(RedisConfigError, match="asks for a password"):
        open_redis(f"redis://127.0.0.1:{redis_server.port}/0")


def test_unreachable_redis_names_the_masked_url() -> None:
    port = free_port()
    with pytest.raises(RedisConfigError, match="cannot reach Redis") as caught:
        open_redis(f"redis://:topsecret@127.0.0.1:{port}/0")
    assert f"redis://:***@127.0.0.1:{port}/0" in str(caught.value)
    assert "topsecret" not in str(caught.value)


def test_a_port_that_is_not_redis() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def answer_http() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer_http, daemon=True)
    thread.start()
    try:
        with pytest.raises(RedisConfigError) as caught:
            open_redis(f"redis://:topsecret@127.0.0.1:{port}/0")
    finally:
        listener.close()
        thread.join(timeout=5)
    assert "topsecret" not in str(caught.value)
    assert f"127.0.0.1:{port}" in str(caught.value)
