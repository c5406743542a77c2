"""The sources file, when runs are due, and the scheduler process itself."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.commands import EXIT_SHUTDOWN
from crawler.schedule.runner import (
    CronExpressionTrigger,
    crawl_command,
    first_run_time,
    trigger_for,
)
from crawler.schedule.sources import Source, SourcesError, load_sources
from crawler.state.store import STATE_FILE, SqliteStateStore
from tests.crawling import (
    REPO_ROOT,
    TEST_SETTINGS,
    crawler_command,
    feed_only_fetched,
    run_crawler,
)

GOOD_TOML = """
[sources.meridian]
tags = ["http://127.0.0.1:8000/drupal/tags/idlib"]
every = "6h"
max_pages = 2
since = "2020-02-01"
[sources.meridian.settings]
DOWNLOAD_DELAY = 0

[sources.frontline]
tags = ["http://127.0.0.1:8000/wp/tag/idlib/"]
cron = "15 */6 * * 1-5"
out = "data/frontline"
jitter = "0s"
refresh = true
"""


def write(tmp_path: Path, text: str, name: str = "sources.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_sources_file(tmp_path):
    meridian, frontline = load_sources(write(tmp_path, GOOD_TOML))
    assert meridian == Source(
        name="meridian",
        tags=["http://127.0.0.1:8000/drupal/tags/idlib"],
        out=tmp_path.resolve() / "output" / "meridian",
        every=timedelta(hours=6),
        jitter=timedelta(seconds=30),
        max_pages=2,
        since="2020-02-01",
        settings={"DOWNLOAD_DELAY": "0"},
    )
    assert (frontline.cron, frontline.out, frontline.refresh) == (
        "15 */6 * * 1-5",
        tmp_path.resolve() / "data" / "frontline",
        True,
    )
    assert frontline.jitter == timedelta(0)


def test_yaml_reads_like_toml(tmp_path):
    yaml_text = """
sources:
  meridian:
    tags: [http://127.0.0.1:8000/drupal/tags/idlib]
    every: 90s
"""
    (source,) = load_sources(write(tmp_path, yaml_text, "sources.yaml"))
    assert (source.every, source.jitter) == (timedelta(seconds=90), timedelta(seconds=9))


TAG = 'tags = ["http://127.0.0.1/t"]\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[sources.a]\n" + TAG, "sources.a.every: give exactly one of `every` (an interval) or"),
        ("[sources.a]\n" + TAG + 'every = "1h"\ncron = "* * * * *"\n', "sources.a.every: give"),
        ("[sources.a]\n" + TAG + 'every = "soon"\n', "sources.a.every: not a duration like"),
        ("[sources.a]\n" + TAG + 'cron = "61 * * * *"\n', "sources.a.cron: not a five-field"),
        ("[sources.a]\n" + TAG + 'every = "1h"\nmax_page = 3\n', "sources.a.max_page: unknown key"),
        ("[sources.a]\n" + TAG + 'every = "1h"\nmax_pages = 0\n', "sources.a.max_pages: max_pages"),
        ("[sources.a]\nevery = '1h'\n", "sources.a.tags: missing"),
        ("[sources.a]\ntags = ['ftp://x/']\nevery = '1h'\n", "sources.a.tags: not an http(s) URL"),
        ("[sources.a]\n" + TAG + "every = '1h'\nsince = 'soon'\n", "sources.a.since: since must"),
        ("[sources.a]\n" + TAG + "every = '1h'\nrefresh = 'yes'\n", "sources.a.refresh: expected"),
        ("[sources.a]\n" + TAG + "every = '1h'\nsite = 'none.toml'\n", "sources.a.site: "),
        ("[source.a]\n" + TAG, "source: unknown key"),
        ("sources = 3\n", "sources: expected a table with at least one source"),
        ("[sources.a\n", "not valid TOML"),
    ],
)
def test_bad_sources_files_say_file_key_and_reason(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    text = str(error.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text


def test_bad_sources_file_on_the_command_line(tmp_path):
    path = write(tmp_path, "[sources.a]\n" + TAG + 'every = "often"\n')
    done = run_crawler("schedule", str(path))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"crawler: {path}: sources.a.every: not a duration like 90s, 15m, 6h or 1d: 'often'"
    )


NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def source_with(every: timedelta | None = None, cron: str | None = None) -> Source:
    return Source(name="s", tags=["http://127.0.0.1/t"], out=Path("o"), every=every, cron=cron)


@pytest.mark.parametrize(
    ("every", "cron", "last", "expected"),
    [
        (timedelta(hours=1), None, None, NOW),  # never run: start now
        (timedelta(hours=1), None, NOW - timedelta(minutes=10), NOW + timedelta(minutes=50)),
        (timedelta(hours=1), None, NOW - timedelta(days=3), NOW),  # 72 missed: made up once
        (None, "0 * * * *", None, None),  # never run: wait for the trigger
        (None, "0 * * * *", NOW - timedelta(minutes=10), NOW),  # 12:00 missed
        (None, "30 * * * *", NOW - timedelta(minutes=10), NOW + timedelta(minutes=30)),
        (None, "0 3 * * *", NOW - timedelta(days=5), NOW),
    ],
)
def test_first_run_catches_up_at_most_once(every, cron, last, expected):
    assert first_run_time(source_with(every, cron), last, NOW) == expected


def test_cron_trigger_uses_crontab_weekdays():
    # 2026-11-26 is a Thursday; crontab's day 0 is Sunday (APScheduler 3 would say Monday).
    trigger = CronExpressionTrigger("0 6 * * 0")
    assert trigger.get_next_fire_time(None, NOW) == datetime(2026, 11, 29, 6, 0, tzinfo=UTC)


def first_page_items(site) -> int:
    """How many items a first crawl of one listing page writes: the page's entries and those
    the tag's feed lists among them (one only it lists)."""
    first_page = site.listing_pages[0].article_paths
    return len(first_page) + len(feed_only_fetched(site, first_page, walk_cut=True))


def wait_for_finished_runs(state: Path, count: int, timeout: float) -> list:
    """Poll the state database (bounded) until ``count`` runs have finished."""
    deadline = time.monotonic() + timeout
    runs: list = []
    while time.monotonic() < deadline:
        if state.exists():
            store = SqliteStateStore(state)
            try:
                runs = store.runs("demo")
            finally:
                store.close()
            if sum(r.finished_at is not None for r in runs) >= count:
                return runs
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} runs finished in {timeout}s: {runs}")


def test_scheduler_runs_a_source_repeatedly_never_overlapping_and_stops_on_sigterm(
    tmp_path, server, world
):
    settings = "".join(f'{k} = "{v}"\n' for k, v in (s.split("=", 1) for s in TEST_SETTINGS))
    sources = write(
        tmp_path,
        f"""
[sources.demo]
tags = ["{server.url(world.sites["drupal"].tag_path)}"]
every = "1s"
jitter = "0s"
max_pages = 1
out = "out"
[sources.demo.settings]
{settings}""",
    )
    process = subprocess.Popen(
        crawler_command("schedule", str(sources), "--stop-timeout", "20"),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_finished_runs(tmp_path / "out" / STATE_FILE, 3, timeout=120)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)  # the crawl in flight takes ~1s
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr[-3000:]

    store = SqliteStateStore(tmp_path / "out" / STATE_FILE)
    try:
        runs = store.runs("demo")
    finally:
        store.close()
    assert len(runs) >= 3
    assert all(r.finished_at is not None for r in runs), runs  # a crawl cut short still ends
    for earlier, later in zip(runs, runs[1:], strict=False):
        assert later.started_at >= earlier.finished_at  # never two at once
    first = runs[0]
    written = first_page_items(world.sites["drupal"])
    assert (first.exit_status, first.listing_pages, first.items_written) == (0, 1, written)
    assert all(r.items_written == 0 for r in runs[1:-1])  # nothing new after the first run
    # a run due as SIGTERM came is recorded, then finds the scheduler stopping: never started
    not_started = stderr.count("Run of demo not started: stopping")
    assert not_started <= 1
    assert all(r.exit_status == -signal.SIGTERM for r in runs[len(runs) - not_started :])
    assert stderr.count("Run of demo started") + not_started == len(runs)
    assert stderr.count("Run of demo ended") == len(runs)

    table = run_crawler("runs", "--sources", str(sources))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:4] == ["source", "started", "finished", "exit"]
    assert len(lines) == 1 + len(runs)
    assert lines[1].split()[:1] == ["demo"]
    assert lines[1].split()[3:7] == ["0", "1", str(written), str(written)]


def toml_settings(**overrides: str) -> str:
    """The tests' crawl settings as TOML lines, ``overrides`` replacing any of them."""
    settings = dict(s.split("=", 1) for s in TEST_SETTINGS) | overrides
    return "".join(f'{key} = "{value}"\n' for key, value in settings.items())


def items_written_so_far(out: Path) -> int:
    """Lines in the items file a running crawl is writing (0 before it has one)."""
    return sum(p.read_text(encoding="utf-8").count("\n") for p in out.glob("*/items.jsonl.open"))


def test_sigterm_lets_a_running_crawl_finish_and_flush(tmp_path, server, world):
    settings = toml_settings(DOWNLOAD_DELAY="0.3")
    sources = write(
        tmp_path,
        f"""
[sources.demo]
tags = ["{server.url(world.sites["drupal"].tag_path)}"]
every = "1h"
out = "out"
[sources.demo.settings]
{settings}""",
    )
    state = tmp_path / "out" / STATE_FILE
    process = subprocess.Popen(
        crawler_command("schedule", str(sources)),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while items_written_so_far(tmp_path / "out") < 2:
            assert time.monotonic() < deadline, "the crawl never started writing items"
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr[-3000:]
    store = SqliteStateStore(state)
    try:
        (run,) = store.runs("demo")
        seen = store.articles()
    finally:
        store.close()
    assert run.exit_status == EXIT_SHUTDOWN and run.finished_at is not None  # not a whole run
    table = run_crawler("runs", "--sources", str(sources))
    assert table.stdout.splitlines()[1].split()[3:5] == [str(EXIT_SHUTDOWN), "shutdown"]
    run_dir = Path(run.run_dir)
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["finish_reason"] == "shutdown"
    lines = (run_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < len(world.sites["drupal"].articles)  # cut short, closed cleanly
    assert run.items_written == len(lines)
    # Seen means written: exactly the articles whose lines are in the file.
    assert sorted(a.final_url for a in seen) == sorted(json.loads(line)["url"] for line in lines)


def wait_for_text(path: Path, text: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll (bounded) until ``path`` exists and holds ``text``."""
    deadline = time.monotonic() + timeout
    while not (path.exists() and text in path.read_text(encoding="utf-8", errors="replace")):
        assert time.monotonic() < deadline, f"no {text!r} in {path} after {timeout}s"
        assert process.poll() is None, process.communicate()[1][-3000:]
        time.sleep(0.1)


def test_a_second_ctrl_c_kills_the_running_crawl_at_once(tmp_path):
    """The crawl's only server accepts connections and never answers: after the first Ctrl-C
    the crawl waits for its request (DOWNLOAD_TIMEOUT, and --stop-timeout 600); the second
    kills it and the scheduler ends, the run recorded as killed."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/tags/x"
        settings = toml_settings(DOWNLOAD_TIMEOUT="600")
        sources = write(
            tmp_path,
            f'[sources.demo]\ntags = ["{url}"]\nevery = "1h"\nout = "out"\n'
            f"[sources.demo.settings]\n{settings}",
        )
        process = subprocess.Popen(
            crawler_command("schedule", str(sources), "--stop-timeout", "600"),
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        waiting: socket.socket | None = None
        try:
            crawl_logs = tmp_path / "out"
            wait_for_text_in_any(crawl_logs, "Spider opened", process, timeout=60)
            silent.settimeout(60)
            waiting = silent.accept()[0]  # the crawl's first request is in flight, unanswered
            process.send_signal(signal.SIGINT)
            wait_for_text_in_any(crawl_logs, "shutting down gracefully", process, timeout=30)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=30)  # not the 600 s the crawl would wait
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
            if waiting is not None:
                waiting.close()
    assert process.returncode == 0, stderr[-3000:]
    assert "killing the running crawls now" in stderr
    store = SqliteStateStore(tmp_path / "out" / STATE_FILE)
    try:
        (run,) = store.runs("demo")
    finally:
        store.close()
    assert run.exit_status == -signal.SIGKILL and run.finished_at is not None
    table = run_crawler("runs", "--sources", str(sources))
    assert table.stdout.splitlines()[1].split()[3:5] == ["-9", "SIGKILL"]


def wait_for_text_in_any(out: Path, text: str, process: subprocess.Popen, timeout: float) -> None:
    """Until the crawl.log of the (one) run folder in ``out`` holds ``text`` (bounded)."""
    deadline = time.monotonic() + timeout
    while not (logs := list(out.glob("*/crawl.log"))):
        assert time.monotonic() < deadline, f"no crawl.log in {out} after {timeout}s"
        assert process.poll() is None, process.communicate()[1][-3000:]
        time.sleep(0.1)
    wait_for_text(logs[0], text, process, deadline - time.monotonic())


def test_a_crawl_run_by_hand_or_cron_is_recorded_with_source(tmp_path, server, world):
    url = server.url(world.sites["drupal"].tag_path)
    settings = [arg for setting in TEST_SETTINGS for arg in ("-s", setting)]
    out = tmp_path / "out"
    for _ in range(2):
        args = ("--out", str(out), "--max-pages", "1", "--source", "cron-job", *settings)
        done = run_crawler("crawl", url, *args)
        assert done.returncode == 0, done.stderr[-3000:]
    table = run_crawler("runs", "cron-job", "--out", str(out))
    assert table.returncode == 0, table.stderr
    rows = [line.split() for line in table.stdout.splitlines()[1:]]
    written = str(first_page_items(world.sites["drupal"]))
    assert [row[:1] + row[3:7] for row in rows] == [
        ["cron-job", "0", "1", written, written],
        ["cron-job", "0", "1", "0", "0"],  # the second run: nothing new
    ]
    assert run_crawler("runs", "other", "--out", str(out)).stdout.splitlines()[1:] == [
        "(no runs recorded)"
    ]


def test_a_setting_of_ones_own_passes_only_with_allow_unknown_setting(tmp_path):
    path = write(tmp_path, GOOD_TOML.replace("DOWNLOAD_DELAY = 0", "MY_PIPELINE_LIMIT = 3"))
    with pytest.raises(SourcesError, match="settings.MY_PIPELINE_LIMIT: unknown setting"):
        load_sources(path)
    meridian, _ = load_sources(path, allow_unknown_settings=True)
    command = crawl_command(meridian, "run-1")
    assert command[-3:] == ["-s", "MY_PIPELINE_LIMIT=3", "--allow-unknown-setting"]


def test_an_interval_counts_from_the_first_run():
    source = replace(source_with(every=timedelta(hours=1)), jitter=timedelta(0))
    first = NOW + timedelta(minutes=50)  # the last run was 10 minutes ago
    trigger = trigger_for(source, first)
    assert trigger.get_next_fire_time(None, NOW) == first
    assert trigger.get_next_fire_time(first, first) == first + timedelta(hours=1)


def test_check_prints_the_sources_and_exits(tmp_path):
    path = write(tmp_path, GOOD_TOML)
    done = run_crawler("schedule", str(path), "--check")
    assert done.returncode == 0, done.stderr
    host, base = "http://127.0.0.1:8000", tmp_path.resolve()
    assert done.stdout.splitlines() == [
        f"meridian: every 6:00:00: {host}/drupal/tags/idlib -> {base}/output/meridian",
        f"frontline: cron 15 */6 * * 1-5: {host}/wp/tag/idlib/ -> {base}/data/frontline",
    ]
