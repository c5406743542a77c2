"""Running real crawls in a subprocess and reading what they wrote."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Loopback only, no politeness delays: the tests' own server is the only target.
TEST_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    "LOG_LEVEL=INFO",
    "CRAWLER_CONTACT_URL=http://127.0.0.1/tests",
    # Monitors run and write their results, but a failed one leaves the exit status 0: the
    # demo's edge cases and the fault tests fail some on purpose (tests/test_monitors.py
    # checks the exit status they give).
    "CRAWLER_MONITOR_FAIL_EXIT=0",
)

# Slow enough that kills at random moments of KILL_WINDOW seconds land all over the demo crawl
# (tests/test_kill_crawl.py and bench/kill_crawl.py).
KILL_SETTINGS = (
    *(s for s in TEST_SETTINGS if not s.startswith("DOWNLOAD_DELAY")),
    "DOWNLOAD_DELAY=0.5",
    "CONCURRENT_REQUESTS=2",
)
KILL_WINDOW = (0.5, 3.0)


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    out_dir: Path

    @property
    def run_dir(self) -> Path:
        runs = [p for p in self.out_dir.iterdir() if p.is_dir()]
        assert len(runs) == 1, f"expected one run folder in {self.out_dir}, found {runs}"
        return runs[0]

    @property
    def items(self) -> list[dict]:
        lines: list[str] = []
        for path in sorted(self.run_dir.glob("items*.jsonl")):
            lines.extend(path.read_text(encoding="utf-8").splitlines())
        return [json.loads(line) for line in lines]

    @property
    def summary(self) -> dict:
        return json.loads((self.run_dir / "summary.json").read_text(encoding="utf-8"))

    @property
    def warc_files(self) -> list[Path]:
        return sorted((self.run_dir / "warc").glob("*.warc.gz"))


def demo_feed_paths(site) -> list[str]:
    """The tag feed a demo site's tag page links (Drupal's "RSS" link), if any: a crawl reads
    it once its walk is over (crawler/spiders/feeds.py)."""
    return [site.feed_path] if site.feed_path else []


def feed_only_fetched(site, walked: Collection[str], walk_cut: bool) -> list:
    """The articles of a demo site's tag feed that a crawl fetches although its walk did not
    find them (``walked``: the entry paths the walk found), by the rule of
    crawler/spiders/feeds.py: every one the walk lacks, except, when the walk stopped before the
    last listing page (``walk_cut``), those after the last feed entry it found."""
    feed = site.feed_articles()
    found = [i for i, article in enumerate(feed) if article.path in walked]
    end = max(found, default=len(feed)) if walk_cut else len(feed)
    return [article for article in feed[:end] if article.path not in walked]


def crawler_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def run_crawler(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawler_command(*args),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def crawl(out_dir: Path, *urls: str, extra: tuple[str, ...] = ()) -> CrawlResult:
    """Run ``crawler crawl`` in a subprocess (Scrapy's reactor runs once per process)."""
    settings = [arg for setting in TEST_SETTINGS for arg in ("-s", setting)]
    done = run_crawler("crawl", *urls, "--out", str(out_dir), *settings, *extra)
    return CrawlResult(done.returncode, done.stdout, done.stderr, out_dir)


def expected_date(article) -> str | None:
    """The ISO 8601 date the crawler should give for a demo-world article."""
    if article.published is None:
        return None
    if article.date_only:
        return article.published.date().isoformat()
    return article.published.isoformat()


def expected_fields(article) -> dict:
    """The item fields the demo world's ground truth says an article page shows."""
    return {
        "headline": article.headline,
        "date": expected_date(article),
        "body": "\n\n".join(article.body_paragraphs),
        "authors": article.authors,
        "tags": article.tags,
        "language": article.language,
    }


def read_warc_records(path: Path) -> list[dict]:
    """Every record of a WARC file: type, WARC headers, HTTP headers and the raw body bytes."""
    from warcio.archiveiterator import ArchiveIterator

    records = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            records.append(
                {
                    "type": record.rec_type,
                    "headers": record.rec_headers,
                    "http": record.http_headers,
                    "body": record.raw_stream.read(),
                }
            )
    return records


def kill_after(command: list[str], seconds: float) -> bool:
    """Run ``command``; SIGKILL its whole process group after ``seconds``. True if killed."""
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        return True
    return False


def item_counts(out_dir: Path) -> Counter[str]:
    """How many item lines each article URL has across every run's items files."""
    counts: Counter[str] = Counter()
    for path in sorted(out_dir.glob("*/items*.jsonl*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            counts[json.loads(line)["url"]] += 1
    return counts


def warc_faults(out_dir: Path) -> str:
    """What ``crawler warc validate`` finds wrong in the output folder's WARC files ("" if none)."""
    done = run_crawler("warc", "validate", str(out_dir))
    return "" if done.returncode == 0 else (done.stdout + done.stderr).strip()


def state_urls(out_dir: Path) -> set[str]:
    """The final URLs of the articles the output folder's state store remembers."""
    from crawler.state.store import STATE_FILE, SqliteStateStore

    store = SqliteStateStore(out_dir / STATE_FILE)
    try:
        return {a.final_url for a in store.articles() if a.final_url}
    finally:
        store.close()


# A crawl shared through Redis by worker processes (tests/test_distributed_kill.py,
# bench/kill_crawl.py --workers 2 --redis): short keep-alive and leases, so a killed worker's
# requests come back within seconds.
REDIS_KILL_SETTINGS = (
    *KILL_SETTINGS,
    "CRAWLER_FRONTIER_IDLE_CLOSE=1.5",
    "CRAWLER_LEASE_TIMEOUT=2",
)


# A worker is killed this long (seconds, at random) after its run folder appears: it is
# crawling by then, so the kill lands on requests in flight rather than on Python starting up.
CRAWLING_KILL_WINDOW = (0.1, 2.0)
START_POLLS = 1200  # x 0.05 s


@dataclass
class WorkersKilled:
    killed: int
    survivors_exit: list[int]
    final_exit: int
    final_stderr: str


def kill_while_crawling(command: list[str], run_dir: Path, seconds: float) -> bool:
    """Run ``command`` (whose run folder is ``run_dir``); SIGKILL its process group ``seconds``
    after that folder appears. True if it was killed, False if it ended first."""
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    for _ in range(START_POLLS):
        if run_dir.exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        return True
    return False


def kill_one_worker_repeatedly(
    command: list[str], out_dir: Path, kills: int, rng, survivors: int = 1
) -> WorkersKilled:
    """``survivors`` workers run ``command`` to the end while one more is started and SIGKILLed
    ``kills`` times at a random moment of its crawl (run folders ``killed-N``); then a last one
    runs to the end too."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    running = [
        subprocess.Popen(command, cwd=REPO_ROOT, start_new_session=True, **quiet)
        for _ in range(survivors)
    ]
    try:
        killed = sum(
            kill_while_crawling(
                [*command, "--run-id", f"killed-{n}"],
                out_dir / f"killed-{n}",
                rng.uniform(*CRAWLING_KILL_WINDOW),
            )
            for n in range(1, kills + 1)
        )
        final = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
        exits = [process.wait(timeout=180) for process in running]
    finally:
        for process in running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return WorkersKilled(killed, exits, final.returncode, final.stderr)


def shared_state_urls(redis_server, tag_url: str) -> set[str]:
    """The final URLs of the articles a shared crawl's state on Redis remembers (the crawl of
    ``tag_url`` alone, its frontier named by default)."""
    from crawler.distributed.frontier_name import default_frontier_name
    from crawler.state.redis_store import RedisStateStore

    store = RedisStateStore(redis_server.client(), default_frontier_name([tag_url]))
    try:
        return {a.final_url for a in store.articles() if a.final_url}
    finally:
        store.close()
