"""Crawl speed and memory: our crawler against a bare Scrapy spider and wget, same world, same run.

    .venv/bin/python bench/crawl_bench.py [--articles 3000] [--latency-ms 0,30]
        [--contenders bare,wget,full,nowarc,noextract] [--concurrency 16] [--json FILE]
        [--quick] [--rss-growth] [--profile] [--keep DIR] [--workers N --redis]

Builds the benchmark world (bench/crawl_world.py), serves it on 127.0.0.1 (bench/crawl_server.py,
after a quick check of what it can send), and at each latency runs every contender on the
same three tag URLs, each under ``/usr/bin/time -v`` while the total RSS of its process tree
is sampled from /proc. Then extraction alone over the world's article pages, and ``crawler
reextract`` over the full run's WARCs with 1 and 2 worker processes. Prints one table with
the ratios and the issue's targets, and writes everything as JSON (bench/results/ by default).
``--rss-growth`` instead crawls a 5,000- and a 20,000-article world with the full pipeline
and compares peak RSS. ``--profile`` runs the full pipeline at 0 ms once more under
pyinstrument (the ``bench`` extra) and saves its report next to the JSON. ``--workers N
--redis`` runs each of our contenders as N processes sharing one crawl through a redis-server
started here (bench/workers.py; docs/distributed.md); its wall time includes the keep-alive
(CRAWLER_FRONTIER_IDLE_CLOSE, 1 s here) before the workers exit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

from crawl_world import ACCEPT_REGEX, HOST_TOKEN, tag_urls, write_world  # noqa: E402

PY = sys.executable
TIME = "/usr/bin/time"
WGET = shutil.which("wget") or "/usr/bin/wget"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DEFAULT_CONTENDERS = ("bare", "wget", "full", "nowarc", "noextract")
RSS_SAMPLE_S = 0.2


@dataclass
class Row:
    """One contender at one latency."""

    contender: str
    latency_ms: float
    status: str = "ok"  # "ok", "failed (exit N)", "timeout", "skipped: why"
    listing_pages: int = 0
    articles: int = 0
    items: int | None = None
    not_found: int = 0
    next_page_probes: int = 0  # ours: guessed next listing pages asked for (a 404 ends the walk)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0  # /usr/bin/time -v: the largest single process
    tree_rss_mb: float = 0.0  # sampled: all processes of the contender together
    tree_pss_mb: float = 0.0  # sampled: the tree's proportional set size (shared pages split)
    notes: str = ""
    rss_timeline: list[tuple[float, float]] = field(default_factory=list, repr=False)

    @property
    def pages(self) -> int:
        return self.listing_pages + self.articles

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else 0.0


@dataclass
class Measured:
    returncode: int | None  # None: killed at the timeout
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    tree_rss_mb: float
    tree_pss_mb: float
    log: Path
    timeline: list[tuple[float, float]]  # (seconds, MB): the process tree's RSS as sampled


@dataclass
class Report:
    started: str
    settings: dict
    world: dict = field(default_factory=dict)
    server_capacity: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    extraction: dict = field(default_factory=dict)
    reextract: list[dict] = field(default_factory=list)
    rss_growth: list[dict] = field(default_factory=list)
    profile: str = ""
    targets: list[dict] = field(default_factory=list)

    def row(self, contender: str, latency: float) -> Row | None:
        return next(
            (
                r
                for r in self.rows
                if r.contender == contender and r.latency_ms == latency and r.status == "ok"
            ),
            None,
        )


# --- processes ----------------------------------------------------------------------------------


@dataclass
class TreeSample:
    rss: int  # bytes resident in each process, summed: shared pages count once per process
    pss: int  # bytes of proportional set size, summed: a page shared by n processes counts 1/n
    cpu: dict[int, float]  # pid: CPU seconds (user + sys) used so far


def pss_bytes(pid: int) -> int:
    """The process's proportional set size from /proc/PID/smaps_rollup (0 if unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def descendants_cpu(root: int) -> dict[int, float]:
    """CPU seconds used so far by each descendant of ``root`` (not ``root`` itself), from /proc."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        cpu[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    found: dict[int, float] = {}
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        found[pid] = cpu[pid]
    return found


def tree_sample(root: int) -> TreeSample:
    """Resident and proportional bytes of every descendant of ``root`` (not ``root``,
    /usr/bin/time, itself) together, and the CPU seconds each of them has used so far."""
    used = descendants_cpu(root)
    total = pss = 0
    for pid in used:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
        except (OSError, ValueError, IndexError):
            continue
        pss += pss_bytes(pid)
    return TreeSample(total, pss, used)


def stop_group(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not ended within ``grace`` s."""
    if process.poll() is not None:
        return
    for signum, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def parse_time_v(path: Path) -> dict[str, float]:
    values: dict[str, float] = {}
    names = {
        "User time (seconds)": "user",
        "System time (seconds)": "sys",
        "Maximum resident set size (kbytes)": "maxrss_kb",
    }
    for line in path.read_text(errors="replace").splitlines():
        name, _, value = line.strip().rpartition(": ")
        if name in names:
            values[names[name]] = float(value)
    return values


def run_measured(cmd: list[str], work: Path, name: str, timeout: float) -> Measured:
    """Run ``cmd`` under /usr/bin/time -v in its own process group, sampling its tree's RSS."""
    time_file, log = work / f"{name}.time", work / f"{name}.log"
    timeline: list[tuple[float, float]] = []
    pss_peak = [0.0]
    cpu_seen: dict[int, float] = {}
    done = threading.Event()
    with open(log, "wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [TIME, "-v", "-o", str(time_file), *cmd],
            cwd=work,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def sample() -> None:
            while not done.wait(RSS_SAMPLE_S):
                tree = tree_sample(process.pid)
                cpu_seen.update(tree.cpu)
                pss_peak[0] = max(pss_peak[0], tree.pss / 2**20)
                rss = tree.rss / 2**20
                timeline.append((round(time.monotonic() - started, 1), round(rss, 1)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            returncode: int | None = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            wall = time.monotonic() - started
            done.set()
            stop_group(process)
            sampler.join()
    values = parse_time_v(time_file) if time_file.exists() else {}
    return Measured(
        returncode=returncode,
        wall_s=wall,
        # /usr/bin/time counts only the children their parents waited for; worker processes
        # a pool leaves unreaped are in the tree's sampled CPU (which misses the last 0.2 s).
        cpu_s=max(values.get("user", 0.0) + values.get("sys", 0.0), sum(cpu_seen.values())),
        peak_rss_mb=values.get("maxrss_kb", 0.0) / 1024,
        tree_rss_mb=max((mb for _, mb in timeline), default=0.0),
        tree_pss_mb=pss_peak[0],
        log=log,
        timeline=timeline[:: max(1, len(timeline) // 200)],
    )


@contextmanager
def bench_server(world_dir: Path, work: Path) -> Iterator[str]:
    """The world's server on a free loopback port, stopped (process group) on the way out."""
    log = open(work / "server.log", "wb")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [PY, str(BENCH / "crawl_server.py"), str(world_dir)],
        stdout=subprocess.PIPE,
        stderr=log,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        ready = threading.Event()
        port: list[int] = []

        def read_port() -> None:
            line = process.stdout.readline().decode()
            if line.startswith("PORT "):
                port.append(int(line.split()[1]))
            ready.set()

        threading.Thread(target=read_port, daemon=True).start()
        if not ready.wait(120) or not port:
            raise RuntimeError(f"the bench server did not start; see {work / 'server.log'}")
        yield f"http://127.0.0.1:{port[0]}"
    finally:
        stop_group(process, grace=5)
        log.close()


def control(base_url: str, action: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/__bench/{action}", timeout=10) as response:
        return json.loads(response.read())


# --- contenders ---------------------------------------------------------------------------------


# Our default (crawler/settings.py), given to the bare spider too: Scrapy's own 100 costs it
# about a third of its CPU (100 asyncio tasks per response), so leaving it would slow the ceiling.
CONCURRENT_ITEMS = 8


def scrapy_settings(concurrency: int) -> list[str]:
    """The same for the bare spider and ours: no throttling, same concurrency, robots obeyed."""
    return [
        "AUTOTHROTTLE_ENABLED=False",
        "DOWNLOAD_DELAY=0",
        f"CONCURRENT_REQUESTS={concurrency}",
        f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        f"CONCURRENT_ITEMS={CONCURRENT_ITEMS}",
        "ROBOTSTXT_OBEY=True",
        "LOG_LEVEL=INFO",
        "TELNETCONSOLE_ENABLED=False",
    ]


def dash_s(settings: list[str]) -> list[str]:
    return [arg for setting in settings for arg in ("-s", setting)]


def has_setting(name: str) -> bool:
    """Whether the installed crawler knows setting ``name`` (crawler/settings.py defines it)."""
    from crawler import settings

    return hasattr(settings, name)


def reextract_has_workers() -> bool:
    help_text = subprocess.run(
        [PY, "-m", "crawler.cli", "reextract", "--help"], capture_output=True, text=True, cwd=REPO
    ).stdout
    return "--workers" in help_text


@dataclass(frozen=True)
class Contender:
    name: str
    what: str
    extra: tuple[str, ...] = ()  # -s settings for ours
    needs: str | None = None  # a setting the crawler must know, else the contender is skipped


OURS = {
    "full": Contender("full", "our crawler: extraction, JSON Lines, WARC"),
    "nowarc": Contender("nowarc", "ours, WARC off", ("WARC_ENABLED=False",)),
    "noextract": Contender(
        "noextract",
        "ours, extraction off",
        ("CRAWLER_EXTRACT_ENABLED=False",),
        needs="CRAWLER_EXTRACT_ENABLED",
    ),
    "full-w2": Contender(
        "full-w2",
        "ours full, extraction in 2 worker processes",
        ("CRAWLER_EXTRACT_WORKERS=2",),
        needs="CRAWLER_EXTRACT_WORKERS",
    ),
}
OTHERS = {"bare": "bare Scrapy spider (bench/bare_spider.py)", "wget": "wget --recursive --warc"}


# With --redis: each contender run a frontier of its own; the workers exit 1 s after the end.
SHARED_SETTINGS = ["CRAWLER_FRONTIER_IDLE_CLOSE=1"]


@dataclass(frozen=True)
class Shared:
    """--workers N --redis: the Redis every run of ours is shared through."""

    redis_url: str
    workers: int

    def commands_processed(self) -> int:
        import redis

        client = redis.Redis.from_url(self.redis_url)
        try:
            return int(client.info("stats")["total_commands_processed"])
        finally:
            client.close()


def contender_command(
    name: str, urls: list[str], out: Path, concurrency: int, shared: Shared | None = None
) -> list[str]:
    if name == "bare":
        settings = dash_s(scrapy_settings(concurrency))
        return [PY, str(BENCH / "bare_spider.py"), *urls, *settings, "--stats", str(out / "stats")]
    if name == "wget":
        return [
            WGET,
            "--recursive",
            "--level=3",
            "--no-verbose",
            "--no-host-directories",
            "--delete-after",
            f"--accept-regex={ACCEPT_REGEX}",
            f"--warc-file={out / 'wget'}",
            f"--directory-prefix={out / 'files'}",
            *urls,
        ]
    contender = OURS[name]
    settings = [
        *scrapy_settings(concurrency),
        "CRAWLER_CONTACT_URL=http://127.0.0.1/crawl-bench",
        # The bench world's tag pages link a feed it does not serve, and the bare spider reads
        # none: both walk the same pages (an older crawler ignores the unknown setting).
        "CRAWLER_READ_FEEDS=False",
        *contender.extra,
    ]
    command = [PY, "-m", "crawler.cli", "crawl", *urls, "--out", str(out), *dash_s(settings)]
    if shared is None:
        return command
    frontier = f"bench-{out.name}".replace(".", "-")
    shared_args = ["--redis", shared.redis_url, "--frontier", frontier, *dash_s(SHARED_SETTINGS)]
    return [PY, str(BENCH / "workers.py"), str(shared.workers), "--", *command, *shared_args]


def next_page_probe_count(out: Path) -> int:
    """The next listing pages our crawler guessed and asked for (summary.json's
    next_page_probes): a probe that finds no page is one of the server's not_found."""
    total = 0
    for path in out.glob("*/summary.json"):
        probes = json.loads(path.read_text(encoding="utf-8")).get("next_page_probes") or {}
        total += sum(probes.values())
    return total


def item_count(out: Path) -> int:
    return sum(
        sum(1 for _ in path.open("rb")) for path in out.glob("*/items*.jsonl*") if path.is_file()
    )


def run_contender(
    name: str,
    latency: float,
    base_url: str,
    work: Path,
    concurrency: int,
    timeout: float,
    shared: Shared | None = None,
) -> Row:
    row = Row(name, latency)
    if shared is not None and name in OURS:
        row.notes = f"{shared.workers} workers sharing one crawl through Redis"
    needs = OURS[name].needs if name in OURS else None
    if needs and not has_setting(needs):
        row.status = f"skipped: this crawler has no {needs} setting yet"
        return row
    label = f"{name}-{latency:g}ms"
    out = work / label
    out.mkdir()
    control(base_url, "reset")
    cmd = contender_command(name, tag_urls(base_url), out, concurrency, shared)
    commands_before = shared.commands_processed() if shared and name in OURS else 0
    measured = run_measured(cmd, work, label, timeout)
    served = control(base_url, "stats")
    if shared is not None and name in OURS:
        commands = shared.commands_processed() - commands_before
        pages = served.get("listing", 0) + served.get("article", 0)
        row.notes += f"; {commands / max(pages, 1):.1f} Redis commands a page"
    row.listing_pages = served.get("listing", 0)
    row.articles = served.get("article", 0)
    row.not_found = served.get("not_found", 0)
    row.wall_s = measured.wall_s
    row.cpu_s = measured.cpu_s
    row.peak_rss_mb = measured.peak_rss_mb
    row.tree_rss_mb = measured.tree_rss_mb
    row.tree_pss_mb = measured.tree_pss_mb
    row.rss_timeline = measured.timeline
    if name in OURS:
        row.items = item_count(out)
        row.next_page_probes = next_page_probe_count(out)
    if measured.returncode is None:
        row.status = "timeout"
    elif measured.returncode != 0 and not (name == "wget" and measured.returncode == 8):
        row.status = f"failed (exit {measured.returncode}, see {measured.log})"
    elif name == "wget" and measured.returncode == 8:
        row.notes = "wget exit 8: some responses were errors"
    return row


# --- extraction ---------------------------------------------------------------------------------


def world_articles(world_dir: Path, base_url: str, limit: int) -> list[tuple[str, str]]:
    """(url, html) of up to ``limit`` article pages of the world, spread over its layouts."""
    index = json.loads((world_dir / "index.json").read_text())["pages"]
    targets = [t for t, entry in index.items() if entry[5] == "article"]
    step = max(1, len(targets) // limit) if limit else 1
    chosen = targets[::step][:limit] if limit else targets
    pages = []
    with open(world_dir / "pages.bin", "rb") as blob:
        for target in chosen:
            offset, length = index[target][:2]
            blob.seek(offset)
            html = blob.read(length).decode("utf-8").replace(HOST_TOKEN, base_url)
            pages.append((base_url + target, html))
    return pages


def extraction_alone(world_dir: Path, limit: int) -> dict:
    """Pages/s of crawler.extract.extract_article over the world's article pages, in-process."""
    from crawler.extract import extract_article

    pages = world_articles(world_dir, "http://127.0.0.1:8080", limit)
    started = time.perf_counter()
    cpu = time.process_time()
    for url, html in pages:
        extract_article(html, url)
    wall = time.perf_counter() - started
    return {
        "pages": len(pages),
        "wall_s": round(wall, 2),
        "pages_per_s": round(len(pages) / wall, 1),
        "cpu_ms_per_page": round(1000 * (time.process_time() - cpu) / len(pages), 2),
    }


def reextract_runs(run_out: Path, work: Path, timeout: float) -> list[dict]:
    """``crawler reextract`` over one crawl's WARCs, with 1 and 2 workers when it has --workers."""
    runs = [p for p in run_out.iterdir() if p.is_dir()]
    if len(runs) != 1:
        return [{"status": f"skipped: no single run folder in {run_out}"}]
    workers_known = reextract_has_workers()
    results = []
    for workers in (1, 2):
        if not workers_known and workers > 1:
            results.append(
                {"workers": workers, "status": "skipped: crawler reextract has no --workers yet"}
            )
            continue
        output = work / f"reextract-w{workers}.jsonl"
        cmd = [PY, "-m", "crawler.cli", "reextract", str(runs[0]), "-o", str(output)]
        if workers_known:
            cmd += ["--workers", str(workers)]
        measured = run_measured(cmd, work, f"reextract-w{workers}", timeout)
        items = sum(1 for _ in output.open("rb")) if output.exists() else 0
        results.append(
            {
                "workers": workers,
                "status": "ok" if measured.returncode == 0 else f"exit {measured.returncode}",
                "items": items,
                "wall_s": round(measured.wall_s, 2),
                "items_per_s": round(items / measured.wall_s, 1) if measured.wall_s else 0,
                "cpu_s": round(measured.cpu_s, 2),
                "peak_rss_mb": round(measured.peak_rss_mb, 1),
                "tree_rss_mb": round(measured.tree_rss_mb, 1),
                "tree_pss_mb": round(measured.tree_pss_mb, 1),
            }
        )
    return results


# --- the runs -----------------------------------------------------------------------------------


def server_capacity(base_url: str, world_dir: Path, seconds: float) -> dict:
    index = json.loads((world_dir / "index.json").read_text())["pages"]
    targets = [t for t, entry in index.items() if entry[5] == "article"][:200]
    result = subprocess.run(
        [PY, str(BENCH / "crawl_server.py"), "--load", base_url]
        + ["--targets", ",".join(targets), "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    return json.loads(result.stdout) if result.returncode == 0 else {"error": result.stderr[-500:]}


def crawl_runs(args: argparse.Namespace, report: Report, work: Path) -> None:
    world_dir = work / "world"
    log(f"building a world of {args.articles} articles in {world_dir}")
    report.world = write_world(world_dir, args.articles, args.seed)
    log(f"world: {json.dumps(report.world)}")
    with bench_server(world_dir, work) as base_url, shared_redis(args, work) as shared:
        if not args.quick:
            report.server_capacity = server_capacity(base_url, world_dir, 3.0)
            log(f"server capacity: {report.server_capacity}")
        for latency in args.latencies:
            control(base_url, f"latency?ms={latency:g}")
            for name in args.contenders:
                log(f"{name} at {latency:g} ms ...")
                row = run_contender(
                    name, latency, base_url, work, args.concurrency, args.timeout, shared
                )
                report.rows.append(row)
                log(
                    f"  {row.status}: {row.pages} pages, {row.wall_s:.1f} s, "
                    f"{row.pages_per_s:.0f} pages/s"
                )
        if args.profile:
            control(base_url, "latency?ms=0")
            report.profile = profile_ours(base_url, work, args)
    report.extraction = extraction_alone(world_dir, args.extraction_pages)
    log(f"extraction alone: {report.extraction}")
    full_out = work / f"full-{args.latencies[0]:g}ms"
    if not args.quick and full_out.exists():
        report.reextract = reextract_runs(full_out, work, args.timeout)
        log(f"reextract: {report.reextract}")


@contextmanager
def shared_redis(args: argparse.Namespace, work: Path) -> Iterator[Shared | None]:
    """With --redis: a password-protected redis-server on a free loopback port for the runs."""
    if not args.redis:
        yield None
        return
    from tests.redis_server import running_redis

    with running_redis(work / "redis") as redis:
        yield Shared(redis.url, args.workers)


def profile_ours(base_url: str, work: Path, args: argparse.Namespace) -> str:
    """The full pipeline at 0 ms under pyinstrument; the report's path (or why there is none)."""
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return "skipped: pyinstrument is not installed (pip install -e '.[bench]')"
    out = work / "profile-run"
    out.mkdir()
    report_path = args.json_path.with_suffix(".profile.txt")
    crawl = contender_command("full", tag_urls(base_url), out, args.concurrency)
    cmd = [PY, "-m", "pyinstrument", "-r", "text", "-o", str(report_path), "-m", *crawl[2:]]
    log("profiling the full pipeline at 0 ms (pyinstrument) ...")
    measured = run_measured(cmd, work, "profile", args.timeout * 2)
    return str(report_path) if measured.returncode == 0 else f"failed, see {measured.log}"


def rss_growth_runs(args: argparse.Namespace, report: Report, work: Path) -> None:
    """Peak RSS of the full pipeline at 0 ms in a 5,000- and a 20,000-article world."""
    for articles in args.growth_sizes:
        world_dir = work / f"world-{articles}"
        log(f"building a world of {articles} articles")
        world = write_world(world_dir, articles, args.seed)
        with bench_server(world_dir, work) as base_url:
            log(f"full at 0 ms, {articles} articles ...")
            row = run_contender("full", 0.0, base_url, work, args.concurrency, args.timeout)
        shutil.move(str(work / "full-0ms"), str(work / f"full-0ms-{articles}"))
        report.rss_growth.append(
            {"articles": world["articles"], "world": world, **asdict(row), "pages": row.pages}
        )
        log(
            f"  {row.status}: peak RSS {row.peak_rss_mb:.0f} MB, tree RSS "
            f"{row.tree_rss_mb:.0f} MB, tree PSS {row.tree_pss_mb:.0f} MB"
        )


# --- the table ----------------------------------------------------------------------------------


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def table(report: Report) -> str:
    head = (
        f"{'contender':<10} {'lat':>5} {'pages':>6} {'arts':>6} {'items':>6} {'wall s':>7} "
        f"{'pages/s':>8} {'cpu ms/pg':>9} {'RSS MB':>7} {'tree MB':>7} {'PSS MB':>7} "
        f"{'vs bare':>8} {'vs wget':>8} {'RSS/bare':>8}"
    )
    lines = [head, "-" * len(head)]
    for row in report.rows:
        if row.status != "ok":
            lines.append(f"{row.contender:<10} {row.latency_ms:>4g}ms  {row.status}")
            continue
        bare = report.row("bare", row.latency_ms)
        wget = report.row("wget", row.latency_ms)
        items = "-" if row.items is None else str(row.items)
        lines.append(
            f"{row.contender:<10} {row.latency_ms:>4g}ms {row.pages:>6} {row.articles:>6} "
            f"{items:>6} {row.wall_s:>7.1f} {row.pages_per_s:>8.1f} {row.cpu_ms_per_page:>9.2f} "
            f"{row.peak_rss_mb:>7.0f} {row.tree_rss_mb:>7.0f} {row.tree_pss_mb:>7.0f} "
            f"{ratio(row.pages_per_s, bare.pages_per_s if bare else 0):>8} "
            f"{ratio(row.pages_per_s, wget.pages_per_s if wget else 0):>8} "
            f"{ratio(row.peak_rss_mb, bare.peak_rss_mb if bare else 0):>8}"
            + (f"  {row.notes}" if row.notes else "")
        )
    return "\n".join(lines)


def check(name: str, value: float | None, target: float, op: str = ">=") -> dict:
    if value is None:
        return {"target": name, "value": None, "met": None}
    met = value >= target if op == ">=" else value < target if op == "<" else value <= target
    return {"target": name, "value": round(value, 3), "met": met}


def targets(report: Report) -> list[dict]:
    """The issue's targets, from what this run measured (None where it was not measured)."""

    def rate(contender: str, latency: float) -> float | None:
        row = report.row(contender, latency)
        return row.pages_per_s if row else None

    def over(a: float | None, b: float | None) -> float | None:
        return a / b if a and b else None

    results = [
        check("full / bare pages/s at 0 ms >= 0.5", over(rate("full", 0), rate("bare", 0)), 0.5),
        check("full / bare pages/s at 30 ms >= 0.9", over(rate("full", 30), rate("bare", 30)), 0.9),
        check("full / wget pages/s at 30 ms >= 10", over(rate("full", 30), rate("wget", 30)), 10),
    ]
    for latency in sorted({r.latency_ms for r in report.rows}):
        full, bare = report.row("full", latency), report.row("bare", latency)
        if full and bare:
            name = f"full / bare peak RSS at {latency:g} ms <= 2 (largest process)"
            results.append(check(name, full.peak_rss_mb / bare.peak_rss_mb, 2, "<="))
            name = f"full / bare total RSS of the process tree at {latency:g} ms <= 2"
            results.append(check(name, full.tree_rss_mb / bare.tree_rss_mb, 2, "<="))
            if full.tree_pss_mb and bare.tree_pss_mb:
                name = f"full / bare total PSS of the process tree at {latency:g} ms <= 2"
                results.append(check(name, full.tree_pss_mb / bare.tree_pss_mb, 2, "<="))
    if len(report.rss_growth) == 2:
        small, large = report.rss_growth
        for key, label in (
            ("peak_rss_mb", "largest process"),
            ("tree_rss_mb", "process tree, RSS"),
            ("tree_pss_mb", "process tree, PSS"),
        ):
            growth = large[key] / small[key] - 1 if small[key] else None
            name = f"peak RSS growth {small['articles']} -> {large['articles']} articles < 10%"
            results.append(check(f"{name} ({label})", growth, 0.10, "<"))
    ok = [r for r in report.reextract if r.get("status") == "ok"]
    if len(ok) == 2:
        results.append(
            check(
                "reextract 2 workers / 1 worker >= 1.7",
                ok[1]["items_per_s"] / ok[0]["items_per_s"],
                1.7,
            )
        )
    return results


def print_report(report: Report) -> None:
    print()
    if report.world:
        world = report.world
        print(
            f"World: {world['articles']} articles, {world['listing_pages']} listing pages "
            f"({world['per_page']} entries each) over {', '.join(world['layouts'])}; "
            f"page KB {world['page_kb']}"
        )
    if report.server_capacity:
        print(f"Server capacity (asyncio client, same machine): {report.server_capacity}")
    print(f"Settings: {report.settings}")
    if report.rows:
        print()
        print(table(report))
    if report.extraction:
        print(f"\nExtraction alone (extract_article, one process): {report.extraction}")
    for entry in report.reextract:
        print(f"crawler reextract: {entry}")
    for entry in report.rss_growth:
        print(
            f"RSS growth run: {entry['articles']} articles, {entry['status']}, "
            f"{entry['pages']} pages in {entry['wall_s']:.1f} s, peak RSS "
            f"{entry['peak_rss_mb']:.0f} MB (largest process), {entry['tree_rss_mb']:.0f} MB "
            f"(tree RSS), {entry['tree_pss_mb']:.0f} MB (tree PSS)"
        )
    if report.profile:
        print(f"Profile: {report.profile}")
    print("\nTargets:")
    for result in report.targets:
        mark = {True: "met", False: "NOT met", None: "not measured"}[result["met"]]
        print(f"  {result['target']}: {result['value']} ({mark})")


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="default 3000 (--quick: 60)")
    parser.add_argument("--latency-ms", default=None, help="comma-separated (default 0,30)")
    default_contenders = ",".join(DEFAULT_CONTENDERS)
    parser.add_argument("--contenders", default=None, help=f"default {default_contenders}")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--extraction-pages", type=int, default=None, help="default 600")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per contender run")
    parser.add_argument("--json", dest="json_path", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep")
    parser.add_argument("--quick", action="store_true", help="smoke run: 60 articles, 0 ms")
    parser.add_argument("--rss-growth", action="store_true", help="5,000 vs 20,000 articles")
    parser.add_argument("--growth-sizes", default="5000,20000", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help="pyinstrument on ours at 0 ms")
    parser.add_argument("--workers", type=int, default=1, help="with --redis: processes per run")
    parser.add_argument("--redis", action="store_true", help="ours shared through Redis")
    args = parser.parse_args(argv)
    if args.workers > 1 and not args.redis:
        parser.error("--workers N needs --redis")
    args.articles = args.articles or (60 if args.quick else 3000)
    latency = args.latency_ms or ("0" if args.quick else "0,30")
    args.latencies = [float(v) for v in latency.split(",")]
    contenders = args.contenders or ("bare,full" if args.quick else ",".join(DEFAULT_CONTENDERS))
    args.contenders = contenders.split(",")
    unknown = set(args.contenders) - set(OURS) - set(OTHERS)
    if unknown:
        parser.error(f"unknown contenders: {', '.join(sorted(unknown))}")
    if args.extraction_pages is None:
        args.extraction_pages = 20 if args.quick else 600
    args.growth_sizes = [int(v) for v in args.growth_sizes.split(",")]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    args.json_path = args.json_path or BENCH / "results" / f"crawl-{stamp}.json"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = {
        "articles": args.articles,
        "latencies_ms": args.latencies,
        "contenders": args.contenders,
        "scrapy": scrapy_settings(args.concurrency),
        "cpus": os.cpu_count(),
        "quick": args.quick,
        "workers": args.workers if args.redis else 1,
        "redis": args.redis,
    }
    report = Report(started=datetime.now(UTC).isoformat(timespec="seconds"), settings=settings)
    work = args.keep or Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    runner: Callable[[argparse.Namespace, Report, Path], None]
    runner = rss_growth_runs if args.rss_growth else crawl_runs
    try:
        runner(args, report, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    report.targets = targets(report)
    args.json_path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(report)
    for row, raw in zip(report.rows, data["rows"], strict=True):
        raw.update(pages=row.pages, pages_per_s=row.pages_per_s)
        raw.update(cpu_ms_per_page=row.cpu_ms_per_page)
    args.json_path.write_text(json.dumps(data, indent=1))
    print_report(report)
    print(f"\nJSON: {args.json_path}")
    return 0 if all(r.status == "ok" or r.status.startswith("skipped") for r in report.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
