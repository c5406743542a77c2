"""Live progress of a crawl: a status line on a terminal, periodic log lines elsewhere.

``CRAWLER_PROGRESS``:

* ``tty``: three status lines at the bottom of the terminal (stderr), redrawn every
  ``CRAWLER_PROGRESS_REFRESH`` seconds with rich's ``Live`` display; log lines scroll above it.
* ``lines``: one plain log line (logger ``crawler.progress``, INFO) every
  ``CRAWLER_PROGRESS_INTERVAL`` seconds and one at the end: for cron, scrapyd, CI and pipes.
* ``auto`` (default): ``tty`` under ``crawler crawl`` when stderr is a terminal, else ``lines``
  (``scrapy crawl`` writes its log straight to stderr, which a status line would garble).
* ``off``: nothing.

Everything shown is read from Scrapy's stats on a looping call, so the crawl itself pays only
for one signal handler per response (the current tag) and one stats counter per listing page.
"""

from __future__ import annotations

import atexit
import logging
import sys
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import create_looping_call

from crawler.extensions.console import PROGRESS_LOGGER, installed_console

logger = logging.getLogger(PROGRESS_LOGGER)

MODES = ("auto", "tty", "lines", "off")
RATE_WINDOW = 5.0  # seconds of samples behind the pages/s figure on a terminal


def parse_progress_mode(value: Any) -> str:
    """CRAWLER_PROGRESS as given, checked (ValueError names the choices)."""
    mode = str(value).strip().lower()
    if mode not in MODES:
        raise ValueError(f"expected one of {', '.join(MODES)}, got {value!r}")
    return mode


def resolve_mode(mode: str) -> str:
    """``auto`` made concrete (see module)."""
    if mode != "auto":
        return mode
    return "tty" if installed_console() is not None and sys.stderr.isatty() else "lines"


@dataclass(frozen=True)
class Snapshot:
    """The figures of one progress report, read from the stats."""

    listing_walked: int
    listing_known: int
    articles_queued: int
    articles_fetched: int
    items_written: int
    responses: int
    errors: dict[str, int]

    @classmethod
    def of(cls, stats: dict[str, Any]) -> Snapshot:
        return cls(
            listing_walked=stats.get("listing/pages", 0),
            listing_known=stats.get("listing/requested", 0),
            articles_queued=stats.get("articles/requested", 0),
            articles_fetched=stats.get("articles/fetched", 0),
            items_written=stats.get("item_scraped_count", 0) - stats.get("disk/items_unwritten", 0),
            responses=stats.get("response_received_count", 0),
            errors={k[9:]: v for k, v in sorted(stats.items()) if k.startswith("failures/")},
        )


def elapsed_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def progress_lines(snap: Snapshot, rate: float, elapsed: float, tag: str | None) -> list[str]:
    """The status as three short lines: time, speed and tag; the counts; errors by reason."""
    errors = ", ".join(f"{reason} {n}" for reason, n in snap.errors.items()) or "none"
    return [
        f"{elapsed_text(elapsed)} · {rate:.1f} pages/s · tag {tag or '-'}",
        f"listing {snap.listing_walked}/{snap.listing_known} pages · articles "
        f"{snap.articles_queued} queued, {snap.articles_fetched} fetched, "
        f"{snap.items_written} written",
        f"errors: {errors}",
    ]


class PageRate:
    """Responses per second over the last ``window`` seconds of samples, counted from
    ``start`` (0 responses then) until a window has passed: a crawl shorter than one
    interval still gets its rate."""

    def __init__(self, window: float, start: float) -> None:
        self.window = window
        self.samples: deque[tuple[float, int]] = deque([(start, 0)])

    def add(self, now: float, responses: int) -> float:
        self.samples.append((now, responses))
        while len(self.samples) > 2 and now - self.samples[1][0] >= self.window:
            self.samples.popleft()
        then, before = self.samples[0]
        return (responses - before) / (now - then) if now > then else 0.0


class CrawlProgress:
    """The extension (see module)."""

    def __init__(self, crawler: Crawler, mode: str, interval: float) -> None:
        self.crawler = crawler
        self.mode = mode
        self.interval = interval
        self.tag: str | None = None
        self.started = time.monotonic()
        self.rate = PageRate(RATE_WINDOW if mode == "tty" else interval, self.started)
        self.task: Any = None
        self.live: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        settings = crawler.settings
        mode = resolve_mode(parse_progress_mode(settings.get("CRAWLER_PROGRESS", "auto")))
        if mode == "off":
            raise NotConfigured  # (no message: Scrapy would log one as a warning)
        key = "CRAWLER_PROGRESS_REFRESH" if mode == "tty" else "CRAWLER_PROGRESS_INTERVAL"
        interval = settings.getfloat(key)
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, mode, interval)

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if self.mode == "tty":
            self.start_live()
        self.task = create_looping_call(self.report)
        self.task.start(self.interval, now=self.mode == "tty")

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        if request.meta.get("page_kind") == "listing":
            self.tag = request.cb_kwargs.get("tag_url", self.tag)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.report()
        self.stop_live()

    def current_lines(self) -> list[str]:
        snap = Snapshot.of(self.crawler.stats.get_stats())
        now = time.monotonic()
        rate = self.rate.add(now, snap.responses)
        return progress_lines(snap, rate, now - self.started, self.tag)

    def report(self) -> None:
        lines = self.current_lines()
        if self.live is not None:
            from rich.text import Text

            self.live.update(Text("\n".join(lines), no_wrap=True, overflow="ellipsis"))
            self.live.refresh()
        elif self.mode == "lines":
            logger.info("progress: %s", " · ".join(lines))

    def start_live(self) -> None:
        """rich's Live display on stderr; the console handler prints log lines through it."""
        from rich.console import Console
        from rich.live import Live

        console = Console(stderr=True)
        self.live = Live(
            console=console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=True,
        )
        self.live.start()
        # A forced stop (a second Ctrl-C) skips spider_closed: still give the cursor back.
        atexit.register(self.stop_live)
        handler = installed_console()
        if handler is not None:
            handler.live_console = console

    def stop_live(self) -> None:
        if self.live is None:
            return
        handler = installed_console()
        if handler is not None:
            handler.live_console = None
        self.live.stop()
        self.live = None
