"""WARC archiving of every HTTP exchange (see middleware.WarcArchiveMiddleware).

Nothing is imported here: ``crawler reextract`` and its worker processes import a few modules of
this package, and the writer would bring cdxj-indexer (a tenth of a second) with it.
"""
