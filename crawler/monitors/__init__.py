"""Monitors: checks run on every crawl once its summary is written, each a pass or a failure
with a one-line detail, stored in ``summary.json`` under ``"monitors"``.

One module per concern: ``base`` (the Monitor shape and the run it looks at), ``history``
(the source's earlier runs), ``finish``, ``items``, ``coverage``, ``errors``, ``uncertain``,
``reconciliation`` (the checks), ``extension`` (runs them at the end of a crawl, wired by the
``CRAWLER_MONITORS`` setting) and ``notify`` (``crawler crawl --notify``). See docs/monitors.md.
"""
