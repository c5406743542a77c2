"""Downloader middlewares that adjust Scrapy's own behaviour (settings in crawler/settings.py)."""
