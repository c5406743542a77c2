"""``crawler replay``: pywb (from .venv-replay, `make replay-setup`) really started over a demo
crawl's run folder serves an archived article; Ctrl-C (SIGINT) stops it and pywb is gone."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
import urllib.request
from typing import TextIO

from tests.crawling import REPO_ROOT, crawl, crawler_command, run_crawler
from tests.replaytools import free_port, replay_tool

STARTUP_SECONDS = 60
STOP_SECONDS = 60


def output_lines(stream: TextIO) -> queue.Queue:
    """A pipe's lines, read by a thread so neither the test nor the command blocks on it."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def lines_until_serving(lines: queue.Queue) -> list[str]:
    seen: list[str] = []
    while not seen or "press Ctrl-C" not in seen[-1]:
        line = lines.get(timeout=STARTUP_SECONDS)
        assert line is not None, f"crawler replay ended early: {seen}"
        seen.append(line)
    return seen


def remaining_lines(lines: queue.Queue) -> list[str]:
    """The lines up to the end of the pipe (the command has exited), or those read in 10 s."""
    seen: list[str] = []
    with contextlib.suppress(queue.Empty):
        while (line := lines.get(timeout=10)) is not None:
            seen.append(line)
    return seen


def exit_status_after_ctrl_c(process: subprocess.Popen, errors: queue.Queue) -> int:
    """The command's status after SIGINT. If it hangs, SIGABRT makes Python's fault handler
    print every thread's stack, so the failure says where it was stuck."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        process.wait(timeout=30)
        stack = "\n".join(remaining_lines(errors))
        raise AssertionError(
            f"crawler replay still ran {STOP_SECONDS} s after Ctrl-C:\n{stack}"
        ) from None


def killed_if_running(pid: int) -> bool:
    """Kill the process if it still runs (a test never leaves a pywb behind); True if it ran."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return reply.status, reply.read().decode("utf-8", errors="replace")


def test_replay_serves_an_archived_article_until_ctrl_c(server, world, tmp_path):
    replay_tool("wayback")  # a clear failure when `make replay-setup` was not run
    site = world.sites["drupal"]
    done = crawl(tmp_path / "out", server.url(site.tag_path), extra=("--max-pages", "1"))
    assert done.returncode == 0, done.stderr[-3000:]
    port = free_port()
    process = subprocess.Popen(
        crawler_command("replay", str(done.run_dir), "--port", str(port)),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )
    errors = output_lines(process.stderr)
    pywb_pid = 0
    try:
        printed = lines_until_serving(output_lines(process.stdout))
        article = site.article_at(site.listed_articles[0].final_path)
        url = next(u.strip() for u in printed if u.strip().endswith(article.final_path))
        assert url.startswith(f"http://127.0.0.1:{port}/crawl/2")
        status, _ = fetch(url)
        assert status == 200
        timestamp = url.split("/")[4]
        status, body = fetch(url.replace(f"/{timestamp}/", f"/{timestamp}mp_/", 1))
        assert status == 200 and article.headline.replace("'", "&#x27;") in body
        pywb_pid = int(printed[-1].split("pid ")[1].split(")")[0])
        status = exit_status_after_ctrl_c(process, errors)
        assert status == 0, "\n".join(remaining_lines(errors))
        assert not killed_if_running(pywb_pid), f"pywb (pid {pywb_pid}) still ran after Ctrl-C"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        if pywb_pid:
            killed_if_running(pywb_pid)


def test_folder_without_warc_files_is_one_line_exit_2(tmp_path):
    (tmp_path / "run" / "warc").mkdir(parents=True)
    done = run_crawler("replay", str(tmp_path / "run"), "--port", str(free_port()))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"crawler: {tmp_path / 'run'}: no WARC files (looked for warc/*.warc.gz in the run folders)"
    ]
