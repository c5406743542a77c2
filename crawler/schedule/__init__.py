"""Scheduled crawls: the sources file and the long-lived scheduler of ``crawler schedule``."""
