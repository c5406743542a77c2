"""What ``crawler crawl`` shows on the console; Scrapy's full log goes to the run's crawl.log.

The console gets warnings and errors on one line each, without tracebacks, each kind once
(later ones of the same kind are only counted; crawl.log has every one), and the progress lines
of ``crawler.extensions.progress``. With ``-v`` (or ``--log-level``) it gets Scrapy's full log
instead, at LOG_LEVEL, tracebacks included. While the live status line is up, lines are printed
through its rich console, above the status line.
"""

from __future__ import annotations

import copy
import logging
import sys
from typing import Any
from urllib.parse import urlsplit

PROGRESS_LOGGER = "crawler.progress"

# Scrapy's line for each download that failed after its retries: the spider's errback reports
# the same failure with its reason, so the console leaves these to crawl.log.
HIDDEN_LOGGERS = frozenset({"scrapy.downloadermiddlewares.retry"})
ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


class ConsoleHandler(logging.Handler):
    """Root handler for the console (see module). ``repeats`` counts the lines not shown
    because one of their kind already was."""

    def __init__(self, verbose: bool, quiet: bool, log_format: str, date_format: str) -> None:
        super().__init__(logging.ERROR if quiet else logging.NOTSET)
        self.verbose = verbose
        self.kinds_shown: set[tuple[Any, ...]] = set()
        self.repeats = 0
        self.live_console: Any = None  # a rich Console while the status line is up
        self.setFormatter(logging.Formatter(log_format, date_format))

    def filter(self, record: logging.LogRecord) -> bool:
        if self.verbose:
            return super().filter(record)
        if record.name == PROGRESS_LOGGER:
            return self.level <= logging.INFO
        if record.levelno < logging.WARNING or record.name in HIDDEN_LOGGERS:
            return False
        if record.name == ROBOTS_LOGGER and self.level > logging.WARNING:
            return False  # shown as a warning (see one_line): not with --quiet
        kind = record_kind(record)
        if kind in self.kinds_shown:
            self.repeats += 1
            return False
        self.kinds_shown.add(kind)
        return True

    def format(self, record: logging.LogRecord) -> str:
        if self.verbose:
            return super().format(record)
        return super().format(one_line(record))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            if self.live_console is not None:
                from rich.text import Text

                self.live_console.print(Text(line), soft_wrap=True, highlight=False)
            else:
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
        except Exception:
            self.handleError(record)


def one_line(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of ``record`` with the first line of its message and no traceback; Scrapy's
    robots.txt error said as a warning of what happens (see robots_line)."""
    line = copy.copy(record)
    if record.name == ROBOTS_LOGGER:  # Scrapy says ERROR, but the crawl goes on
        text = robots_line(record)
        line.levelname, line.levelno = "WARNING", logging.WARNING
    else:
        text = record.getMessage()
    line.msg, line.args = text.split("\n", 1)[0], None
    line.exc_info = line.exc_text = line.stack_info = None
    return line


def record_kind(record: logging.LogRecord) -> tuple[Any, ...]:
    """Which lines count as the same kind: the same message template from the same logger,
    and the same failure reason where the line names one (``extra={"failure": reason}``)."""
    if record.name == ROBOTS_LOGGER:
        return (record.name, robots_failure(record))
    return (record.name, str(record.msg), getattr(record, "failure", None))


def robots_failure(record: logging.LogRecord) -> str:
    """The reason of Scrapy's "Error downloading" robots.txt line (its args hold the error)."""
    from crawler.spiders.errors import exception_reason

    args = record.args if isinstance(record.args, dict) else {}
    exc = args.get("f_exception")
    return exception_reason(exc) if isinstance(exc, BaseException) else "error"


def robots_line(record: logging.LogRecord) -> str:
    """Scrapy's robots.txt error (a traceback, and the URL of the page that asked for it) said
    as what happens: which robots.txt, why, and that the site is crawled as if it allowed all."""
    args = record.args if isinstance(record.args, dict) else {}
    request = args.get("request")
    if request is None:
        return record.getMessage()
    parts = urlsplit(request.url)
    return (
        f"Could not fetch {parts.scheme}://{parts.netloc}/robots.txt: {robots_failure(record)}; "
        "crawling as if it allowed everything"
    )


_installed: ConsoleHandler | None = None


def install_console(settings: Any, verbose: bool, quiet: bool) -> ConsoleHandler:
    """Put the console handler on the root logger (once per process) and return it."""
    global _installed
    if _installed is not None:
        logging.root.removeHandler(_installed)
    log_format, date_format = settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT")
    _installed = ConsoleHandler(verbose, quiet, log_format, date_format)
    if verbose:
        _installed.setLevel(settings.get("LOG_LEVEL"))
    logging.root.addHandler(_installed)
    return _installed


def installed_console() -> ConsoleHandler | None:
    """The handler ``crawler crawl`` installed; None under ``scrapy crawl``."""
    return _installed
