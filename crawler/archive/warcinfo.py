"""The warcinfo record opening each WARC file: who crawled, with what software, and how.

The crawling machine is named by its host name only, not by an address: finding one would mean
resolving our own name, a DNS query on a machine whose name is not in /etc/hosts. Each response,
revisit and request record carries WARC-IP-Address, the address of the server that answered.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

from scrapy.settings import BaseSettings

from crawler import SOFTWARE

CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
CRAWL_SHAPING_SETTINGS = (
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "RANDOMIZE_DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOAD_TIMEOUT",
    "DEPTH_LIMIT",
    "CLOSESPIDER_PAGECOUNT",
    "CLOSESPIDER_ITEMCOUNT",
    "COOKIES_ENABLED",
    "REDIRECT_ENABLED",
    "RETRY_ENABLED",
    "RETRY_TIMES",
    "HTTPCACHE_ENABLED",
)


def software_components() -> str:
    """Versions of the libraries that shape what ends up in the archive."""
    parts = []
    for package in ("Scrapy", "Twisted", "warcio"):
        try:
            parts.append(f"{package}/{version(package)}")
        except PackageNotFoundError:
            continue
    parts.append(f"Python/{sys.version.split()[0]}")
    return " ".join(parts)


def build_warcinfo(settings: BaseSettings, run_id: str, hostname: str) -> dict[str, str]:
    """warcinfo fields: who crawled, how (robots policy, user agent, politeness settings)."""
    info = {
        "software": SOFTWARE,
        "software-components": software_components(),
        "format": "WARC File Format 1.1",
        "conformsTo": CONFORMS_TO,
        "hostname": hostname,
        "isPartOf": run_id,
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": str(settings.get("USER_AGENT") or ""),
    }
    for name in CRAWL_SHAPING_SETTINGS:
        value = settings.get(name)
        if value is not None:
            info[name] = str(value)
    if settings.get("REDIS_URL"):  # a crawl shared through Redis: where, never its password
        from crawler.distributed.redis_url import mask_url

        info["REDIS_URL"] = mask_url(str(settings.get("REDIS_URL")))
        info["CRAWLER_FRONTIER"] = str(settings.get("CRAWLER_FRONTIER") or "")
    return info
