"""Safety checks that keep a crawl inside what the user asked for."""
