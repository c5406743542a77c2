"""``crawler worker``: a long-running process crawling the tag URLs it takes from Redis.

Each tag is one ``python -m crawler.cli crawl TAG`` child process: Scrapy's reactor runs once
per process, so every crawl gets a fresh one, and a crawl that goes wrong cannot take the worker
down. The child runs in a session of its own, so a Ctrl-C in the terminal reaches only the
worker. Its output goes to ``console.log`` in its run folder (Scrapy's log to ``crawl.log`` beside
it), ``<out>/<worker name>-<UTC time>-<id>``;
its WARC files start with a prefix naming the worker, so files from many workers never clash.

On SIGTERM or SIGINT the worker takes no new tag. A running crawl gets one SIGTERM (Scrapy
finishes the requests in flight, closes its files and writes its summary) and up to
``stop_timeout`` seconds before it is killed; a second signal kills it at once. Its tag then
goes back to the head of the queue: the next worker crawls it again, and the state store makes
that crawl skip the articles this one wrote.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.distributed.tag_queue import POP_TIMEOUT, TagQueue

logger = logging.getLogger("crawler.worker")

CRAWL_LOG = "crawl.log"  # Scrapy's log, written by the child itself
CONSOLE_LOG = "console.log"  # what the child prints
DEFAULT_STOP_TIMEOUT = 120.0  # seconds a crawl may take to finish after SIGTERM
WAIT_STEP = 0.5  # seconds between looks at a running crawl
MAX_NAME_LENGTH = 100  # the run id (name + 24 characters) must stay a valid folder name


class WorkerError(Exception):
    """The worker cannot go on (one line; exit status 1)."""


def default_worker_name() -> str:
    """``<host>-<pid>``: unique among the workers of a machine and across machines."""
    host = socket.gethostname().split(".")[0] or "worker"
    return f"{safe_name(host)}-{os.getpid()}"


def safe_name(text: str) -> str:
    """``text`` with every character a file name part may not hold replaced by '-'."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "-", text).lstrip("._-")
    return cleaned[:MAX_NAME_LENGTH] or "worker"


@dataclass
class WorkerOptions:
    """What every crawl of this worker gets: its output folder and its ``crawler crawl`` options
    (--site, --max-pages, -s ...), the WARC prefix naming the worker and the shared Redis."""

    name: str
    out: Path
    redis_url: str
    warc_prefix: str
    crawl_options: list[str] = field(default_factory=list)
    allow_insecure_redis: bool = False
    burst: bool = False
    stop_timeout: float = DEFAULT_STOP_TIMEOUT


def crawl_command(
    options: WorkerOptions, tag: str, run_id: str, python: str = sys.executable
) -> list[str]:
    """The child crawl of one tag. The Redis URL goes in its environment (crawl_environment),
    not on its command line, where every user of the machine could read the password; the
    crawl shares its frontier and state with every process crawling the same tag."""
    command = [python, "-m", "crawler.cli", "crawl", tag, "--out", str(options.out)]
    command += ["--run-id", run_id, *options.crawl_options]
    command += ["-s", f"WARC_PREFIX={options.warc_prefix}"]
    if options.allow_insecure_redis:
        command += ["-s", "CRAWLER_ALLOW_INSECURE_REDIS=True"]
    return command


def crawl_environment(options: WorkerOptions) -> dict[str, str]:
    """The child crawl's environment: this one, plus the Redis URL (``crawler crawl`` reads
    it as REDIS_URL)."""
    from crawler.commands.crawl import REDIS_URL_VARIABLE

    return {**os.environ, REDIS_URL_VARIABLE: options.redis_url}


class Worker:
    """Takes tag URLs from the queue and crawls each in a child process until stopped (or,
    with ``burst``, until the queue is empty)."""

    def __init__(self, queue: TagQueue, options: WorkerOptions, python: str = sys.executable):
        self.queue = queue
        self.options = options
        self.python = python
        self.stopping = threading.Event()
        self.kill_now = threading.Event()
        self.crawls = 0

    def run_until_stopped(self) -> None:
        """Install the signal handlers, then take and crawl tags until asked to stop."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self.on_signal)
        logger.info(
            "Worker %s: taking tag URLs from %s, writing to %s",
            self.options.name,
            self.queue.key,
            self.options.out,
        )
        self.run()
        logger.info("Worker %s stopped after %d crawl(s)", self.options.name, self.crawls)

    def run(self) -> None:
        while not self.stopping.is_set():
            tag = self.queue.pop(POP_TIMEOUT)
            if tag is None:
                if self.options.burst:
                    logger.info("The queue %s is empty: done (--burst)", self.queue.key)
                    return
                continue
            if self.is_crawlable(tag):
                self.crawl(tag)

    def on_signal(self, signum: int, frame: Any) -> None:
        if self.stopping.is_set():
            logger.warning("Got %s again: killing the running crawl", signal.Signals(signum).name)
            self.kill_now.set()
            return
        logger.info("Got %s: stopping", signal.Signals(signum).name)
        self.stopping.set()

    def is_crawlable(self, tag: str) -> bool:
        """Only http(s) URLs are crawled; anything else someone pushed is logged and dropped."""
        from crawler.spiders.arguments import InputError, parse_start_urls

        try:
            parse_start_urls([tag])
        except InputError as exc:
            logger.error("Queue entry dropped: %s", exc)
            return False
        return True

    def crawl(self, tag: str) -> None:
        """One crawl of ``tag`` in a child process; back to the queue if stopped meanwhile."""
        from crawler.schedule.history import summary_counts
        from crawler.storage.run import new_run_id

        run_id = new_run_id(self.options.name)
        run_dir = self.options.out / run_id
        started = time.monotonic()
        try:
            process = self.start_crawl(tag, run_id, run_dir)
        except OSError as exc:  # e.g. a full disk: give the tag to another worker, and stop
            self.put_back(tag)
            raise WorkerError(f"cannot start a crawl in {run_dir}: {exc.strerror or exc}") from None
        logger.info("Crawling %s: pid %d, folder %s", tag, process.pid, run_dir)
        status, interrupted = self.wait(process)
        self.crawls += 1
        logger.info(
            "Crawl of %s ended: exit status %s after %.1fs, %s items written",
            tag,
            status,
            time.monotonic() - started,
            summary_counts(run_dir)["items_written"],
        )
        if interrupted:
            self.put_back(tag)
        elif status != 0:
            logger.error("Crawl of %s failed; its log: %s", tag, run_dir / CRAWL_LOG)

    def start_crawl(self, tag: str, run_id: str, run_dir: Path) -> subprocess.Popen:
        run_dir.mkdir(parents=True, exist_ok=True)
        with open(run_dir / CONSOLE_LOG, "wb") as log:
            return subprocess.Popen(
                crawl_command(self.options, tag, run_id, self.python),
                env=crawl_environment(self.options),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self, process: subprocess.Popen) -> tuple[int, bool]:
        """The child's exit status, and whether a stop request interrupted it. It gets one
        SIGTERM once the worker is stopping, and is killed after stop_timeout or on a second
        signal."""
        deadline: float | None = None
        while True:
            try:
                return process.wait(timeout=WAIT_STEP), deadline is not None
            except subprocess.TimeoutExpired:
                pass
            if self.stopping.is_set() and deadline is None:
                logger.info("Asking the crawl (pid %d) to finish", process.pid)
                process.send_signal(signal.SIGTERM)
                deadline = time.monotonic() + self.options.stop_timeout
            if deadline is not None and (self.kill_now.is_set() or time.monotonic() > deadline):
                logger.warning("Killing the crawl (pid %d)", process.pid)
                os.killpg(process.pid, signal.SIGKILL)
                return process.wait(), True

    def put_back(self, tag: str) -> None:
        if self.queue.put_back(tag):
            logger.info("Did not finish %s: returned it to the head of the queue", tag)
        else:
            logger.info("Did not finish %s, which is queued again already", tag)
