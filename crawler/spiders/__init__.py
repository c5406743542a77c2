"""Spiders: crawl logic only (what to request next, when to stop)."""
