"""A real scrapyd (the test extra installs it) on 127.0.0.1, and its JSON API.

Started on a free port from a folder of its own: its config file there (eggs, logs and dbs in
that folder, ``items_dir`` empty so our FEEDS stay ours, a short poll interval), a pidfile;
stopped by the PID in its pidfile.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.redis_server import free_port, stop_by_pidfile

STARTUP_POLLS = 200  # x 0.05 s
HTTP_TIMEOUT = 10.0


@dataclass
class Scrapyd:
    port: int
    folder: Path
    pidfile: Path

    @property
    def url(self) -> str:
        """The deploy target's URL, without a trailing slash (scrapyd-client joins paths)."""
        return f"http://127.0.0.1:{self.port}"

    def get(self, endpoint: str, **params: str) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}/{endpoint}{query}", timeout=HTTP_TIMEOUT) as r:
            return json.loads(r.read())

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        """POST form fields; a field may repeat (``setting=K=V`` once per setting)."""
        body = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(f"{self.url}/{endpoint}", body, timeout=HTTP_TIMEOUT) as r:
            return json.loads(r.read())

    def job_log(self, project: str, spider: str, job: str) -> str:
        path = self.folder / "logs" / project / spider / f"{job}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def config_text(port: int, folder: Path) -> str:
    return "\n".join(
        [
            "[scrapyd]",
            "bind_address = 127.0.0.1",
            f"http_port = {port}",
            f"eggs_dir = {folder / 'eggs'}",
            f"logs_dir = {folder / 'logs'}",
            f"dbs_dir = {folder / 'dbs'}",
            "items_dir =",
            "poll_interval = 0.2",
            "max_proc = 4",
            "",
        ]
    )


@contextmanager
def running_scrapyd(folder: Path) -> Iterator[Scrapyd]:
    """scrapyd started in ``folder`` (it reads ``scrapyd.conf`` from its working folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    server = Scrapyd(free_port(), folder, folder / "scrapyd.pid")
    (folder / "scrapyd.conf").write_text(config_text(server.port, folder), encoding="utf-8")
    command = [sys.executable, "-m", "scrapyd", "--pidfile", str(server.pidfile)]
    command += ["--logfile", str(folder / "scrapyd.log")]
    process = subprocess.Popen(
        command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(server, process)
        yield server
    finally:
        stop_by_pidfile(server.pidfile, process)


def wait_until_up(server: Scrapyd, process: subprocess.Popen[bytes]) -> None:
    for _ in range(STARTUP_POLLS):
        if process.poll() is not None:
            log = server.folder / "scrapyd.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"scrapyd exited with {process.returncode}: {tail}")
        if server.pidfile.exists():
            with suppress(OSError, ValueError):
                if server.get("daemonstatus.json").get("status") == "ok":
                    return
        time.sleep(0.05)
    raise RuntimeError(f"scrapyd did not answer on 127.0.0.1:{server.port}")
