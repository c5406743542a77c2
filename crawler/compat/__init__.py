"""Adapters for the private APIs of Python and Scrapy that the crawler relies on, one module each.

Everything private is reached through these modules only, and each checks what it reaches: when
an upgrade removes or changes it, the adapter raises :class:`PrivateApiChanged` naming what
changed, and ``tests/test_compat.py`` fails with the same message.
"""

from __future__ import annotations


class PrivateApiChanged(RuntimeError):
    """A private API an adapter in :mod:`crawler.compat` relies on is gone or changed."""
