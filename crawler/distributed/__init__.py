"""One crawl shared by many processes: the Redis connection, its URL and its checks (issue 16)."""
