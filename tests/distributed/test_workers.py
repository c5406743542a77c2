"""``crawler worker`` and ``crawler enqueue`` against a real redis-server and the demo world:
every queued tag crawled once, each worker's own run folders, one dataset from all of them;
a stopped worker returns its tag; ``crawler schedule --redis`` queues due tags; bad Redis input
is one line and exit status 2."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.distributed.tag_queue import redis_version_problem
from tests.crawling import (
    KILL_SETTINGS,
    REPO_ROOT,
    TEST_SETTINGS,
    crawler_command,
    feed_only_fetched,
    run_crawler,
)
from tests.distributed.frontier import distributed_test_settings
from tests.redis_server import free_port

SITES = ("drupal", "wp", "table")
QUEUE = "crawler:tags"
POLLS = 300  # x 0.1 s: how long a test waits for a process to reach a point


def settings_arguments(settings: tuple[str, ...]) -> list[str]:
    return [arg for setting in distributed_test_settings(settings) for arg in ("-s", setting)]


def start_worker(redis_url: str, out: Path, name: str, *extra: str) -> subprocess.Popen[str]:
    """The worker, its log (stderr) to ``<out>.log``."""
    command = crawler_command(
        "worker", "--redis", redis_url, "--out", str(out), "--name", name, *extra
    )
    with log_path(out).open("w") as log:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, text=True
        )


def log_path(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_name(out.name + ".log")


def finish(process: subprocess.Popen[str], out: Path, timeout: float = 120) -> tuple[int, str]:
    """The worker's exit status and log; killed (and the test failed) if it outlives timeout."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    return process.returncode, log_path(out).read_text(encoding="utf-8")


def logged(out: Path, text: str) -> bool:
    return text in log_path(out).read_text(encoding="utf-8")


def summaries(out: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/summary.json"))]


def wait_for(condition, what: str) -> None:
    for _ in range(POLLS):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


def test_two_workers_crawl_every_queued_tag_once(tmp_path, world, server, redis_db):
    urls = [server.url(world.sites[key].tag_path) for key in SITES]
    done = run_crawler("enqueue", "--redis", redis_db.url, *urls, urls[0])
    assert done.returncode == 0, done.stderr
    assert f"queued {len(urls)} tag URL(s); {len(urls)} waiting in {QUEUE}" in done.stdout
    again = run_crawler("enqueue", "--redis", redis_db.url, urls[1])
    assert "queued 0 tag URL(s) (1 waiting already)" in again.stdout
    assert [u.decode() for u in redis_db.client().lrange(QUEUE, 0, -1)] == urls

    settings = settings_arguments(TEST_SETTINGS)
    outs = {name: tmp_path / name for name in ("w1", "w2")}
    workers = {
        name: start_worker(redis_db.url, out, name, "--burst", "--max-pages", "1", *settings)
        for name, out in outs.items()
    }
    for name, process in workers.items():
        status, stderr = finish(process, outs[name])
        assert status == 0, f"{name}: {stderr[-3000:]}"
    assert redis_db.client().llen(QUEUE) == 0

    crawled: Counter[str] = Counter()
    for name, out in outs.items():
        runs = summaries(out)
        assert runs, f"worker {name} crawled nothing"
        for summary in runs:
            crawled.update(summary["start_urls"])
        run_dirs = [p for p in out.iterdir() if p.is_dir()]
        assert all(p.name.startswith(f"{name}-") for p in run_dirs)
        warcs = list(out.glob("*/warc/*.warc.gz"))
        assert warcs and all(p.name.startswith(f"crawler-{name}-") for p in warcs)
    assert crawled == Counter(urls)

    target = tmp_path / "dataset.jsonl"
    done = run_crawler("dataset", *map(str, outs.values()), "-o", str(target))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    expected = [server.url(path) for key in SITES for path in first_page_articles(world, key)]
    assert Counter(row["url"] for row in rows) == Counter(expected)


def first_page_articles(world, key: str) -> list[str]:
    """The articles a crawl with --max-pages 1 fetches: page 1's and those only the feed has."""
    site = world.sites[key]
    walked = site.listing_pages[0].article_paths
    return [*walked, *(a.path for a in feed_only_fetched(site, walked, walk_cut=True))]


def test_a_stopped_worker_returns_its_tag_to_the_queue(tmp_path, world, server, redis_db):
    """SIGTERM: the crawl finishes cleanly (its summary written), its tag goes back."""
    url = server.url(world.sites["drupal"].tag_path)
    redis_db.client().rpush(QUEUE, url)
    out = tmp_path / "out"
    worker = start_worker(redis_db.url, out, "slow", *settings_arguments(KILL_SETTINGS))
    try:
        wait_for(lambda: list(out.glob("*/warc/*.warc.gz.open")), "the crawl writing its WARC")
    finally:
        worker.send_signal(signal.SIGTERM)
        status, stderr = finish(worker, out, timeout=60)
    assert status == 0, stderr[-3000:]
    assert "returned it to the head of the queue" in stderr
    assert [u.decode() for u in redis_db.client().lrange(QUEUE, 0, -1)] == [url]
    (summary,) = summaries(out)
    assert summary["start_urls"] == [url]
    assert "Killing" not in stderr


@contextmanager
def silent_server() -> Iterator[tuple[int, list[socket.socket]]]:
    """A port that accepts connections and never answers: a crawl of it cannot finish."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    accepted: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            with suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        done.set()
        thread.join(timeout=5)
        for conn in [*accepted, listener]:
            conn.close()


def test_a_second_signal_kills_the_crawl(tmp_path, redis_db):
    """The crawl's one request never gets an answer, so only a kill ends it; its tag goes back."""
    out = tmp_path / "out"
    with silent_server() as (port, accepted):
        url = f"http://127.0.0.1:{port}/tags/x"
        redis_db.client().rpush(QUEUE, url)
        settings = settings_arguments((*TEST_SETTINGS, "DOWNLOAD_TIMEOUT=120"))
        worker = start_worker(redis_db.url, out, "stuck", *settings)
        try:
            wait_for(lambda: accepted, "the crawl's first request")
            worker.send_signal(signal.SIGTERM)
            # once the first is handled: two pending SIGTERMs would merge into one
            wait_for(lambda: logged(out, "Asking the crawl"), "the crawl asked to finish")
        finally:
            worker.send_signal(signal.SIGTERM)
            status, stderr = finish(worker, out, timeout=60)
    assert status == 0, stderr[-3000:]
    assert "Killing the crawl" in stderr
    assert "returned it to the head of the queue" in stderr
    assert [u.decode() for u in redis_db.client().lrange(QUEUE, 0, -1)] == [url]
    assert not summaries(out)


def test_an_idle_worker_stops_at_once_and_one_that_loses_redis_says_so(tmp_path):
    """On a Redis of its own, which the test stops under the second worker."""
    from tests.redis_server import running_redis

    with running_redis(tmp_path / "redis") as redis:
        idle = start_worker(redis.url, tmp_path / "idle", "idle")
        orphan = start_worker(redis.url, tmp_path / "orphan", "orphan")
        for out in (tmp_path / "idle", tmp_path / "orphan"):
            wait_for(lambda out=out: logged(out, "taking tag URLs"), f"{out.name} waiting")
        idle.send_signal(signal.SIGTERM)
        status, stderr = finish(idle, tmp_path / "idle", timeout=30)
        assert status == 0, stderr
        assert "Worker idle stopped after 0 crawl(s)" in stderr
    status, stderr = finish(orphan, tmp_path / "orphan", timeout=30)
    assert status == 1, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith(f"crawler: lost Redis at redis://:***@127.0.0.1:{redis.port}/0: ")
    assert redis.password not in stderr


def test_schedule_with_redis_queues_the_due_tags(tmp_path, redis_db):
    tags = ["http://127.0.0.1:9/a/tags/x", "http://127.0.0.1:9/b/tags/y"]
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.news]\ntags = {json.dumps(tags)}\nevery = "1h"\njitter = "0s"\nmax_pages = 2\n',
        encoding="utf-8",
    )
    client = redis_db.client()
    scheduler = subprocess.Popen(
        crawler_command("schedule", str(sources), "--redis", redis_db.url),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: client.llen(QUEUE) == len(tags), "the source's tags in the queue")
    finally:
        scheduler.send_signal(signal.SIGTERM)
        _, stderr = scheduler.communicate(timeout=30)
    status = scheduler.returncode
    assert status == 0, stderr
    assert [u.decode() for u in client.lrange(QUEUE, 0, -1)] == tags
    assert client.hget(f"{QUEUE}:queued-at", "news")
    assert "Source news: max_pages not sent with its tags" in stderr
    assert not list(tmp_path.glob("output*"))  # queued, not crawled


BAD_URLS = {
    "redis://:pw@127.0.0.1:notaport/0": "is malformed",
    "redis://:topsecret@127.0.0.1:{free}/0": "cannot reach Redis",
    "redis://:topsecret@127.0.0.1:{redis}/0": "refused the password",
    "redis://192.0.2.7:6379/0": "--allow-insecure-redis",
}


@pytest.mark.parametrize("command", ["worker", "enqueue", "schedule"])
def test_bad_redis_is_one_line_and_exit_2(tmp_path, redis_server, capsys, command):
    """In-process: the same `crawler` main a shell runs, without a process start per case."""
    sources = tmp_path / "sources.toml"
    sources.write_text('[sources.a]\ntags = ["http://127.0.0.1:9/t"]\nevery = "1h"\n')
    given = {
        "worker": ["worker", "--out", str(tmp_path / "out")],
        "enqueue": ["enqueue", "http://127.0.0.1:9/t"],
        "schedule": ["schedule", str(sources)],
    }[command]
    for template, reason in BAD_URLS.items():
        url = template.format(free=free_port(), redis=redis_server.port)
        assert main([*given, "--redis", url]) == 2, url
        stderr = capsys.readouterr().err
        assert stderr.count("\n") == 1 and reason in stderr, stderr
        assert "topsecret" not in stderr


def test_a_redis_without_lpos_is_refused_by_version():
    assert "needs Redis 6.0.6 or later" in redis_version_problem("6.0.5")
    assert "this one is 5.0.14" in redis_version_problem("5.0.14")
    assert redis_version_problem("6.0.6") is None
    assert redis_version_problem("7.2.4") is None


def test_the_child_crawl_gets_the_redis_password_in_its_environment_not_its_arguments(
    tmp_path, server, world, redis_db
):
    from crawler.distributed.worker import WorkerOptions, crawl_command, crawl_environment

    options = WorkerOptions(name="w1", out=tmp_path, redis_url=redis_db.url, warc_prefix="w1")
    url = server.url(world.sites["drupal"].tag_path)
    command = crawl_command(options, url, "run-1")
    assert redis_db.password not in " ".join(command)
    environment = crawl_environment(options)
    result = subprocess.run(
        [*command, "--max-pages", "1", "-s", "CRAWLER_FRONTIER_IDLE_CLOSE=0.5"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(next(tmp_path.glob("run-1/summary.json")).read_text())
    assert summary["frontier"]["redis"] == redis_db.url.replace(redis_db.password, "***")
