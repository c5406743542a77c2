"""The bundled demo news world: four sites on one loopback server, with their ground truth.

``build_world()`` (crawler.demo.world) makes the content and the truth the tests compare a crawl
with; ``DemoServer`` (crawler.demo.server) serves it and records every exchange on the wire.
"""

from crawler.demo.server import DemoServer, ExchangeLog
from crawler.demo.world import ArticleTruth, ListingPageTruth, Site, World, build_world

__all__ = [
    "ArticleTruth",
    "DemoServer",
    "ExchangeLog",
    "ListingPageTruth",
    "Site",
    "World",
    "build_world",
]
