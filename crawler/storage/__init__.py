"""Where crawl output is written: JSON Lines feeds and the run folder."""
