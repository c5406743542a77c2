"""pywb and wacz, installed in .venv-replay by `make replay-setup`, really run by the tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.crawling import REPO_ROOT

REPLAY_VENV = Path(os.environ.get("CRAWLER_REPLAY_VENV", REPO_ROOT / ".venv-replay"))
COLLECTION = "archive"
STARTUP_POLLS = 300  # x 0.1 s
TOOL_TIMEOUT = 300


def replay_tool(name: str) -> str:
    """Path of a console script of the replay virtualenv; a clear failure when it is missing."""
    path = REPLAY_VENV / "bin" / name
    assert path.exists(), f"{path} missing: run `make replay-setup` (make test does)"
    return str(path)


def run_tool(name: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [replay_tool(name), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Replayed:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Pywb:
    """A running pywb ``wayback`` serving one collection on 127.0.0.1."""

    base_url: str

    def fetch(self, timestamp: str, url: str) -> Replayed:
        """The archived response in identity mode (``id_``): original headers, no rewriting."""
        address = f"{self.base_url}/{COLLECTION}/{timestamp}id_/{url}"
        try:
            with urllib.request.urlopen(address, timeout=30) as reply:
                return Replayed(reply.status, dict(reply.headers.items()), reply.read())
        except urllib.error.HTTPError as error:
            return Replayed(error.code, dict(error.headers.items()), error.read())


def make_collection(root: Path, warc_files: list[Path], cdxj_files: list[Path]) -> None:
    """``wb-manager init``, then the WARCs and the crawl's own CDXJ indexes copied in: pywb
    finds the records through our indexes only."""
    done = run_tool("wb-manager", "init", COLLECTION, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    collection = root / "collections" / COLLECTION
    for path in warc_files:
        shutil.copy(path, collection / "archive" / path.name)
    for path in cdxj_files:
        shutil.copy(path, collection / "indexes" / path.name)


def wait_until_listening(process: subprocess.Popen, port: int) -> None:
    for _ in range(STARTUP_POLLS):
        assert process.poll() is None, "pywb exited while starting"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"pywb did not listen on port {port}")


@contextmanager
def running_pywb(root: Path, warc_files: list[Path], cdxj_files: list[Path]) -> Iterator[Pywb]:
    """pywb with the given WARCs and indexes in one collection, stopped (by its pid) after."""
    make_collection(root, warc_files, cdxj_files)
    port = free_port()
    log = (root / "wayback.log").open("wb")
    process = subprocess.Popen(
        [replay_tool("wayback"), "-p", str(port), "-b", "127.0.0.1"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_listening(process, port)
        yield Pywb(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        log.close()
