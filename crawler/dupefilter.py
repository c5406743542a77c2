"""Scrapy's request dupe filter with its fingerprints on disk.

Scrapy's ``RFPDupeFilter`` keeps the fingerprint of every request it let through in a set in
memory (about 90 bytes each), so a crawl's memory grows with every page it schedules. This
filter is the same class with that set replaced by a :class:`crawler.urlset.DiskKeySet`:
the same requests are filtered, counted (``dupefilter/filtered``) and logged, ``JOBDIR``'s
``requests.seen`` is read and written as Scrapy does, and memory stays bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.dupefilters import RFPDupeFilter

from crawler.urlset import DiskKeySet

if TYPE_CHECKING:
    from scrapy.utils.request import RequestFingerprinterProtocol


class DiskDupeFilter(RFPDupeFilter):
    """``DUPEFILTER_CLASS``: RFPDupeFilter whose seen fingerprints are kept on disk."""

    def __init__(
        self,
        path: str | None = None,
        debug: bool = False,
        *,
        fingerprinter: RequestFingerprinterProtocol | None = None,
    ) -> None:
        super().__init__(path, debug, fingerprinter=fingerprinter)
        # RFPDupeFilter.request_seen only asks `in` and `add` of this set (and its __init__
        # `update`s it from JOBDIR's file, which has been read by now).
        self._fingerprints = DiskKeySet(self._fingerprints)  # type: ignore[assignment]

    def close(self, reason: str) -> None:
        super().close(reason)
        self._fingerprints.close()
