"""Tag-page crawler: listing pages -> articles -> JSON Lines + WARC."""

__version__ = "0.1.0"
SOFTWARE = f"tagcrawler/{__version__}"
