"""``redis://[:password@]host:port/db``: parsed, checked, masked for display, and connected.

Every message that shows a Redis URL shows :func:`masked`, never the password. A URL with no
password on an address other than loopback is refused unless the user allows it: scrapy-redis
queues and shared state on an open Redis can be read and changed by anyone who reaches it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

SCHEMES = ("redis", "rediss")
DEFAULT_PORT = 6379
CONNECT_TIMEOUT = 5.0
MASK = "***"


class RedisConfigError(Exception):
    """A Redis URL that is malformed, insecure, unreachable or refuses us (one line)."""


@dataclass(frozen=True)
class RedisTarget:
    scheme: str
    host: str
    port: int
    db: int
    username: str | None
    password: str | None

    @property
    def url(self) -> str:
        """The full URL, password included: for connecting, never for display."""
        return self._render(self.password)

    @property
    def masked(self) -> str:
        """The URL with its password replaced by ``***``: for logs, errors and summaries."""
        return self._render(MASK if self.password else None)

    def _render(self, password: str | None) -> str:
        auth = ""
        if self.username or password:
            auth = f"{self.username or ''}{':' + password if password else ''}@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{auth}{host}:{self.port}/{self.db}"

    @property
    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_redis_url(text: str) -> RedisTarget:
    """The parts of a Redis URL; :class:`RedisConfigError` naming what is wrong."""
    shown = mask_url(text)
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError as exc:
        raise RedisConfigError(f"Redis URL {shown!r} is malformed: {exc}") from None
    if parts.scheme not in SCHEMES:
        raise RedisConfigError(
            f"Redis URL {shown!r} is malformed: expected redis://[:password@]host:port/db"
        )
    if not parts.hostname:
        raise RedisConfigError(f"Redis URL {shown!r} is malformed: it names no host")
    db_text = parts.path.strip("/") or "0"
    if not db_text.isdigit():
        raise RedisConfigError(
            f"Redis URL {shown!r} is malformed: the database {db_text!r} is not a number"
        )
    return RedisTarget(
        scheme=parts.scheme,
        host=parts.hostname,
        port=port or DEFAULT_PORT,
        db=int(db_text),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def mask_url(text: str) -> str:
    """``text`` with the password of any ``user:password@`` part replaced by ``***``; safe on
    text that does not parse."""
    scheme, sep, rest = text.partition("://")
    if not sep or "@" not in rest.split("/", 1)[0]:
        return text
    auth, _, tail = rest.partition("@")
    user, colon, _ = auth.partition(":")
    if not colon:
        return text
    return f"{scheme}://{user}:{MASK}@{tail}"


def check_secure(target: RedisTarget, allow_insecure: bool = False) -> None:
    """Refuse a Redis with no password on an address other than loopback."""
    if target.password or target.is_loopback or allow_insecure:
        return
    raise RedisConfigError(
        f"Redis URL {target.masked!r} has no password and {target.host} is not a loopback "
        "address: anyone who reaches it could change the crawl; give a password "
        "(redis://:PASSWORD@host:port/db) or --allow-insecure-redis"
    )


def connect(target: RedisTarget) -> Any:
    """A connected ``redis.Redis`` client, checked with PING; one-line errors otherwise."""
    import redis

    client = redis.Redis.from_url(
        target.url,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=CONNECT_TIMEOUT,
    )
    try:
        client.ping()
    except redis.AuthenticationError:
        if not target.password:
            raise RedisConfigError(
                f"Redis at {target.masked} asks for a password; give redis://:PASSWORD@host..."
            ) from None
        raise RedisConfigError(
            f"Redis at {target.masked} refused the password (wrong password or user)"
        ) from None
    except redis.ResponseError as exc:
        raise RedisConfigError(
            f"Redis at {target.masked} answered: {_reason(exc, target)}"
        ) from None
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise RedisConfigError(
            f"cannot reach Redis at {target.masked}: {_reason(exc, target)}"
        ) from None
    except redis.RedisError as exc:
        raise RedisConfigError(
            f"Redis at {target.masked} did not answer as Redis: {_reason(exc, target)}"
        ) from None
    return client


def _reason(exc: Exception, target: RedisTarget) -> str:
    text = str(exc) or type(exc).__name__
    if target.password:
        text = text.replace(target.password, MASK)
    return mask_url(text)


def open_redis(url: str, allow_insecure: bool = False) -> Any:
    """Parse, check and connect in one call: the client of ``--redis URL``."""
    target = parse_redis_url(url)
    check_secure(target, allow_insecure)
    return connect(target)
