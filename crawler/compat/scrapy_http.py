"""The connections of Scrapy's HTTP/1.1 download handler, extended with a protocol of our own.

:mod:`crawler.archive.wire` keeps the raw bytes of each exchange by putting its methods in front
of the protocol the handler's connections speak. Scrapy has no public hook for that protocol:
the handler's connection pool (``handler._pool``, Twisted's ``HTTPConnectionPool``) builds its
connections with the private ``_LenientHTTP11ClientFactory``, whose ``buildProtocol`` makes a
private ``_LenientHTTP11ClientProtocol`` (which parses malformed header lines leniently) from
Twisted's private ``_quiescentCallback``. This module alone reaches them; it works with Scrapy
2.13 - 2.19. When one of them is gone or changed it raises :class:`PrivateApiChanged` naming it:
set DOWNLOAD_HANDLERS back to Scrapy's and the WARC middleware reconstructs the bytes instead.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers import http11
from twisted.internet.protocol import Factory
from twisted.web.client import HTTP11ClientProtocol

from crawler.compat import PrivateApiChanged

HTTP11 = "scrapy.core.downloader.handlers.http11"
PROTOCOL = "_LenientHTTP11ClientProtocol"
FACTORY = "_LenientHTTP11ClientFactory"


def use_client_protocol(handler: http11.HTTP11DownloadHandler, mixin: type) -> None:
    """Make the handler's new connections speak Scrapy's client protocol with ``mixin``'s
    methods in front of it (they call ``super()``)."""
    pool = getattr(handler, "_pool", None)
    if pool is None or not hasattr(pool, "_factory"):
        raise scrapy_changed("HTTP11DownloadHandler no longer has _pool._factory")
    if pool._factory is not client_factory():
        raise scrapy_changed(
            f"HTTP11DownloadHandler's connection pool no longer builds connections with {FACTORY}"
        )
    pool._factory = factory_building(extended_client_protocol(mixin))


def extended_client_protocol(mixin: type) -> type[HTTP11ClientProtocol]:
    """Scrapy's client protocol with ``mixin`` in front, named ``<mixin>Protocol``."""
    bases = (mixin, client_protocol())
    return type(f"{mixin.__name__}Protocol", bases, {"__module__": mixin.__module__})


def factory_building(protocol: type[HTTP11ClientProtocol]) -> type[Factory]:
    """Scrapy's client factory, building ``protocol`` connections instead of its own."""

    class ClientFactory(client_factory()):  # type: ignore[misc]
        def buildProtocol(self, addr: Any) -> HTTP11ClientProtocol:  # noqa: N802 (Twisted's)
            return protocol(quiescent_callback(self))

    ClientFactory.__name__ = ClientFactory.__qualname__ = f"{protocol.__name__}Factory"
    return ClientFactory


def client_protocol() -> type[HTTP11ClientProtocol]:
    """Scrapy's HTTP/1.1 client protocol class."""
    return scrapy_class(PROTOCOL, HTTP11ClientProtocol)


def client_factory() -> type[Factory]:
    """Scrapy's factory of HTTP/1.1 client connections."""
    return scrapy_class(FACTORY, Factory)


def scrapy_class(name: str, base: type) -> type:
    found = getattr(http11, name, None)
    if found is None:
        raise scrapy_changed(f"{HTTP11} no longer has {name}")
    if not (isinstance(found, type) and issubclass(found, base)):
        raise scrapy_changed(
            f"{HTTP11}.{name} is no longer a subclass of {base.__module__}.{base.__qualname__}"
        )
    return found


def quiescent_callback(factory: Factory) -> Any:
    """What a connection calls to go back to its pool, kept by the factory for its connections."""
    callback = getattr(factory, "_quiescentCallback", None)
    if callback is None:
        raise PrivateApiChanged(
            "twisted.web.client._HTTP11ClientFactory no longer has _quiescentCallback: Twisted "
            "changed a private API that crawler/compat/scrapy_http.py relies on"
        )
    return callback


def scrapy_changed(what: str) -> PrivateApiChanged:
    return PrivateApiChanged(
        f"{what}: Scrapy changed a private API that crawler/compat/scrapy_http.py relies on "
        "(it works with Scrapy 2.13 - 2.19); set DOWNLOAD_HANDLERS back to Scrapy's to crawl "
        "without the wire capture"
    )
