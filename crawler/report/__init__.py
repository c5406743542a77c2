"""``crawler report``: one self-contained HTML file about the runs of an output folder.

``runs.py`` finds the run folders and reads what they hold, ``quality.py`` and
``archive_stats.py`` turn items, summaries and indexes into the report's figures (``data.py``
puts them together), ``charts.py`` and ``render.py`` write the HTML.
"""
