"""The Public Suffix List behind Scrapy's CookiesMiddleware, from tldextract's bundled snapshot.

Before it stores a cookie whose Domain is a public suffix (``co.uk``, ``github.io``) the
middleware asks the private ``_split_domain`` of ``scrapy.downloadermiddlewares.cookies``, a
``tldextract.TLDExtract`` built with tldextract's defaults: on its first use in a process without
a cached copy it downloads the list from publicsuffix.org (then raw.githubusercontent.com),
logs a traceback for each when offline, falls back to the snapshot bundled with tldextract and
caches the result under ``~/.cache/python-tldextract``. A crawl must not reach any host but its
targets, so :func:`use_bundled_suffix_list` puts in its place a splitter that reads the bundled
snapshot only and caches nothing on disk. This module alone reaches ``_split_domain``; it works
with Scrapy 2.13 - 2.19 and tldextract 5.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares import cookies
from tldextract import TLDExtract

from crawler.compat import PrivateApiChanged

COOKIES = "scrapy.downloadermiddlewares.cookies"
SPLITTER = "_split_domain"
READER = "_is_public_domain"


class BundledSuffixList(TLDExtract):
    """A TLDExtract that reads tldextract's bundled snapshot of the list: no download, no cache."""

    def __init__(self, like: TLDExtract) -> None:
        super().__init__(
            cache_dir=None,
            suffix_list_urls=(),
            fallback_to_snapshot=True,
            include_psl_private_domains=like.include_psl_private_domains,
            extra_suffixes=like.extra_suffixes,
        )


def use_bundled_suffix_list() -> None:
    """Make Scrapy's CookiesMiddleware tell public suffixes by the bundled snapshot (idempotent)."""
    current = scrapy_splitter()
    if not isinstance(current, BundledSuffixList):
        setattr(cookies, SPLITTER, BundledSuffixList(like=current))


def scrapy_splitter() -> TLDExtract:
    """The TLDExtract Scrapy's cookie handling splits domains with, checked to be the one used."""
    found = getattr(cookies, SPLITTER, None)
    if found is None:
        raise scrapy_changed(f"{COOKIES} no longer has {SPLITTER}")
    if not isinstance(found, TLDExtract):
        raise scrapy_changed(f"{COOKIES}.{SPLITTER} is no longer a tldextract.TLDExtract")
    if SPLITTER not in global_names_read_by(getattr(cookies, READER, None)):
        raise scrapy_changed(f"{COOKIES}.{READER} no longer reads {SPLITTER}")
    return found


def global_names_read_by(function: object) -> tuple[str, ...]:
    """The global (and attribute) names a Python function's code reads, its ``co_names``."""
    code = getattr(function, "__code__", None)
    return code.co_names if code is not None else ()


def scrapy_changed(what: str) -> PrivateApiChanged:
    return PrivateApiChanged(
        f"{what}: Scrapy changed a private API that crawler/compat/scrapy_cookies.py relies on "
        "(it works with Scrapy 2.13 - 2.19); set DOWNLOADER_MIDDLEWARES back to Scrapy's "
        "CookiesMiddleware to crawl with it, which may download the Public Suffix List"
    )
