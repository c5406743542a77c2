"""Project defaults for `scrapy crawl tagpages` and `crawler crawl`.

Any of these can be overridden with `-s KEY=VALUE` on either command. Polite defaults:
robots.txt obeyed, AutoThrottle on, a User-Agent that names the project (set
CRAWLER_CONTACT_URL so site owners can reach you).
"""

import os

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# `scrapy crawl` with one-line errors for bad spider arguments and settings.
COMMANDS_MODULE = "crawler.scrapy_commands"

# Where runs are written: each run gets its own folder <CRAWLER_OUTPUT_DIR>/<run id>/.
CRAWLER_OUTPUT_DIR = "output"
# Items per JSON Lines file; 0 writes one items.jsonl, N > 0 rotates items-0001.jsonl, ...
CRAWLER_ITEMS_PER_FILE = 0
# A URL where site owners can learn about this crawl; appended to the User-Agent.
CRAWLER_CONTACT_URL = ""

# Politeness.
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# What one callback yields is processed this many at a time. Scrapy's default (100) starts 100
# asyncio tasks for every response, a fifth of the bare spider's CPU; a listing page yields
# about 25 requests, an article one item.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.5

# Robustness.
DOWNLOAD_TIMEOUT = 30
# No news page is 16 MiB of HTML; the cap (also applied after decompression, so gzip bombs stop)
# bounds memory: CONCURRENT_REQUESTS bodies at most, each also held once by the wire capture.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_AFTER_MAX = 60  # seconds; a longer Retry-After is not waited for (no retry)

# No interactive back doors into a crawl process (telnet console, Scrapy 2.19 remote control).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 30.0

# Archive every HTTP exchange as it came off the wire: 950 sits above the HTTP cache (900),
# redirects (600) and decompression (590), so bodies are still content-encoded and each
# redirect hop is seen.
DOWNLOADER_MIDDLEWARES = {
    # Right after Scrapy's OffsiteMiddleware (50), before robots.txt (100): internal addresses
    # (loopback, private, link-local, metadata) only for hosts the user named.
    "crawler.safety.middleware.AddressGuardMiddleware": 60,
    # Scrapy's retries, plus waiting for a 429/503 Retry-After of up to RETRY_AFTER_MAX seconds.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.RetryAfterMiddleware": 550,
    # Scrapy's robots.txt check, applied to every request that waits for the host's robots.txt
    # (Scrapy's own let the third and later ones through unchecked).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robotstxt.SharedRobotsTxtMiddleware": 100,
    # Scrapy's cookies, with the Public Suffix List bundled with tldextract instead of one
    # downloaded from publicsuffix.org: a crawl reaches no host but its targets.
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawler.middlewares.cookies.BundledSuffixListCookiesMiddleware": 700,
    # Scrapy's meta refresh, not followed to the page itself (a site's copy refreshing every
    # page to its address on the canonical host came back as a redirect loop, and was lost).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.metarefresh.SelfRefreshMetaRefreshMiddleware": 580,
    "crawler.archive.middleware.WarcArchiveMiddleware": 950,
    # With REDIS_URL only: a download failed for good acknowledges its lease (docs/distributed.md).
    "crawler.distributed.leases.LeaseAckDownloaderMiddleware": 5,
}
CRAWLER_ADDRESS_GUARD = True
# Hosts besides the start URLs' that may resolve to internal addresses (e.g. an intranet CMS).
CRAWLER_ALLOWED_HOSTS: list[str] = []
# One metadata record per archived page (extraction provenance, listing info, outlinks) and the
# run's pages.jsonl; next to the spider so it sees everything the callbacks yield.
SPIDER_MIDDLEWARES = {
    "crawler.archive.metadata.WarcMetadataMiddleware": 950,
    # With REDIS_URL only: a response's lease is acknowledged once its output is handled.
    "crawler.distributed.leases.LeaseAckSpiderMiddleware": 5,
}
# HTTP/1.1 as Scrapy does it, plus the raw bytes of each exchange for the WARC records.
DOWNLOAD_HANDLERS = {
    "http": "crawler.archive.wire.WireCaptureDownloadHandler",
    "https": "crawler.archive.wire.WireCaptureDownloadHandler",
}
WARC_ENABLED = True
WARC_PREFIX = "crawler"
WARC_MAX_SIZE = 1_000_000_000
WARC_GZIP_LEVEL = 6  # zlib level of each record's gzip member (warcio's own is 9)
# Threads that digest and gzip each exchange's records (zlib and hashlib release the GIL) while
# the event loop goes on downloading; 0 does it in the event loop.
WARC_WRITE_THREADS = 1

# Scrapy's memory stats, without the attribute shim that made each stats call ~20x slower.
STATS_CLASS = "crawler.extensions.stats.PlainStatsCollector"

# Scrapy's dupe filter with the fingerprints of the requests it let through in a temporary
# SQLite file instead of a set in memory that grows with every request (crawler/dupefilter.py).
DUPEFILTER_CLASS = "crawler.dupefilter.DiskDupeFilter"

ITEM_PIPELINES = {
    "crawler.state.pipelines.ArticleHistoryPipeline": 50,  # first_seen, version
    "crawler.pipelines.ValidateItemPipeline": 100,
    "crawler.pipelines.DeduplicatePipeline": 200,
    "crawler.state.pipelines.SinceFilterPipeline": 300,  # only with CRAWLER_SINCE
    "crawler.storage.diskspace.DiskFullPipeline": 900,  # no item written once the disk is full
}

EXTENSIONS = {
    # With REDIS_URL only: right after the FeedExporter (0), an item written acknowledges its lease.
    "crawler.distributed.leases.ItemLeaseAcks": 1,
    "crawler.extensions.summary.RunSummary": 500,
    "crawler.extensions.dropped.DroppedRequestCounter": 510,  # redirect loops and other drops
    "crawler.storage.leftovers.LeftoverItemsRepair": 520,  # items files of killed runs
    "crawler.storage.diskspace.DiskSpaceGuard": 530,  # stop before the disk is full
    # After the FeedExporter (0): an article counts as seen once its item line is written.
    "crawler.state.extension.ArticleStateRecorder": 600,
    "crawler.extensions.fields.FieldCounter": 610,  # fields present per site, for the summary
    # With REDIS_URL only: keep a worker open while the shared crawl goes on (docs/distributed.md).
    "crawler.distributed.keepalive.FrontierKeepAlive": 650,
    # After RunSummary (500): checks the written summary.json and adds "monitors" to it.
    "crawler.monitors.extension.RunMonitors": 700,
    "crawler.extensions.progress.CrawlProgress": 720,  # live progress (below)
    "crawler.extensions.crawl_log.CrawlLogFile": 730,  # crawl.log under `scrapy crawl` too
}

# Live progress (crawler/extensions/progress.py): "auto" is a status line on a terminal under
# `crawler crawl` and a plain log line every CRAWLER_PROGRESS_INTERVAL seconds elsewhere;
# "tty", "lines" or "off" choose. CRAWLER_PROGRESS_REFRESH: seconds between status redraws.
CRAWLER_PROGRESS = "auto"
CRAWLER_PROGRESS_INTERVAL = 30.0
CRAWLER_PROGRESS_REFRESH = 0.5

# Monitors run after every crawl (docs/monitors.md); a failed one makes `crawler crawl` exit 3.
CRAWLER_MONITORS = [
    "crawler.monitors.finish.FinishReasonMonitor",
    "crawler.monitors.items.ItemCountMonitor",
    "crawler.monitors.coverage.FieldCoverageMonitor",
    "crawler.monitors.errors.ErrorRateMonitor",
    "crawler.monitors.uncertain.UncertainListingsMonitor",
    "crawler.monitors.reconciliation.ReconciliationMonitor",
]
CRAWLER_MONITOR_FINISH_REASONS = ["finished"]
CRAWLER_MONITOR_HISTORY_RUNS = 5  # earlier runs of the same source compared with
CRAWLER_MONITOR_HISTORY_SCAN = 200  # summary files read at most to find them
CRAWLER_MONITOR_ITEMS_DROP_PERCENT = 50.0
CRAWLER_MONITOR_FIELDS = ["headline", "date", "body", "authors", "tags", "language"]
CRAWLER_MONITOR_COVERAGE_DROP_POINTS = 20.0
CRAWLER_MONITOR_COVERAGE_MIN_ITEMS = 5
CRAWLER_MONITOR_MAX_ERROR_PERCENT = 10.0
CRAWLER_MONITOR_MIN_ERRORS = 5  # fewer failed requests never fail the error-rate monitor
CRAWLER_MONITOR_MAX_UNCERTAIN_TAGS = 0
CRAWLER_MONITOR_MAX_UNCERTAIN_PAGES_PERCENT = 50.0
CRAWLER_MONITOR_MIN_UNCERTAIN_PAGES = 3  # fewer uncertain pages never fail on their share
CRAWLER_NOTIFY_TIMEOUT = 60.0  # seconds `crawler crawl --notify CMD` may run
# The exit status of `crawler crawl` when a monitor failed (crawler.commands.EXIT_MONITOR_FAILED);
# 0: the monitors only report.
CRAWLER_MONITOR_FAIL_EXIT = 3

# Article extraction is CPU work: it runs in CRAWLER_EXTRACT_WORKERS worker processes so the
# crawl's event loop keeps downloading and archiving meanwhile (crawler/spiders/extraction.py).
# "auto" is one fewer than the CPUs, at least 1, at most 4: the crawl process itself keeps about
# one CPU busy (HTTP, WARC gzip, feeds), so on 2 cores one worker and the crawl each get one, and
# more than 4 rarely pays off at the concurrency a polite crawl of a few sites reaches. 0
# extracts in the crawl process. CRAWLER_EXTRACT_TIMEOUT bounds one page (seconds; 0: none).
# CRAWLER_EXTRACT_ENABLED=False fetches and archives the articles without extracting them.
CRAWLER_EXTRACT_ENABLED = True
CRAWLER_EXTRACT_WORKERS = "auto"
CRAWLER_EXTRACT_TIMEOUT = 60
CRAWLER_EXTRACT_FUNCTION = "crawler.spiders.articles.build_article_item"

# Below this many free bytes in the output folder the crawl stops (reason disk_full), keeping
# room to finish what is in flight and close its files; 0 turns the check off. "auto": 2% of
# the file system's size, at most 64 MiB (a 1 GB volume keeps 20 MiB free, a 100 GB disk
# 64 MiB). Should the disk fill anyway, the crawl stops the same way, nothing half-written.
CRAWLER_MIN_FREE_BYTES = "auto"

# Shared on Redis (crawler/distributed, docs/distributed.md): a non-empty REDIS_URL
# (redis://[:password@]host:port/db) puts the request queue and duplicate filter (scrapy-redis),
# the state and the archive's digest index in Redis under crawler:{CRAWLER_FRONTIER}: (empty: a
# hash of the sorted start URLs), so processes of one crawl share them.
# CRAWLER_ALLOW_INSECURE_REDIS allows a Redis with no password on an address other than loopback.
# A worker closes once nothing was queued or leased anywhere for CRAWLER_FRONTIER_IDLE_CLOSE
# seconds; a request it took stays leased for CRAWLER_LEASE_TIMEOUT seconds unless renewed (it is,
# while the worker lives), then goes back to the queue. Its default is the environment variable
# CRAWLER_REDIS_URL: a password kept off the command line, where `ps` shows it to every user
# (`crawler worker` gives it to its crawls so; give it to scrapyd so).
REDIS_URL = os.environ.get("CRAWLER_REDIS_URL", "")
CRAWLER_FRONTIER = ""
CRAWLER_ALLOW_INSECURE_REDIS = False
CRAWLER_FRONTIER_IDLE_CLOSE = 10.0
CRAWLER_LEASE_TIMEOUT = 30.0

# Incremental crawls (see crawler/state/incremental.py): what earlier runs saw is kept in
# CRAWLER_STATE_PATH (default: crawler-state.sqlite in CRAWLER_OUTPUT_DIR). CRAWLER_FULL
# ignores it, CRAWLER_SINCE (a date) skips older entries, CRAWLER_REFRESH re-fetches seen
# articles with conditional requests.
CRAWLER_STATE_ENABLED = True
CRAWLER_STATE_PATH = ""
CRAWLER_STATE_BACKEND = "crawler.state.store.SqliteStateStore"
CRAWLER_FULL = False
CRAWLER_SINCE = ""
CRAWLER_REFRESH = False

# The tag's RSS/Atom feed, when its first listing page links it, is read once the listing walks
# are over: entries the listing detection missed are fetched too (crawler/spiders/feeds.py).
# A feed over CRAWLER_FEED_MAXSIZE bytes is refused while it downloads.
CRAWLER_READ_FEEDS = True
CRAWLER_FEED_MAXSIZE = 4 * 1024 * 1024

# Items go out through Scrapy's feed exports; the file storage writes `*.open` and renames
# it when the file is complete.
FEED_STORAGES = {
    "": "crawler.storage.feeds.AtomicFileFeedStorage",
    "file": "crawler.storage.feeds.AtomicFileFeedStorage",
}
FEED_EXPORT_ENCODING = "utf-8"
