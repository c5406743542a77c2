"""``crawler replay OUT_OR_RUN_DIR [--port N]``: serve a run's archive with pywb on 127.0.0.1
until Ctrl-C, and print the replay URL of each archived article."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_CRAWL_FAILED, EXIT_OK, CommandError

DEFAULT_PORT = 8090
SHOWN_PAGES = 20
STARTUP_POLLS = 600  # x 0.1 s: pywb takes a few seconds to import on a busy machine
STOP_TIMEOUT = 15  # seconds pywb gets to exit after SIGTERM before it is killed
POLL_SECONDS = 0.2  # how often the serving loop looks at pywb and at a pending Ctrl-C


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay", help="serve a run's WARC files (or a WACZ) with pywb on 127.0.0.1"
    )
    parser.add_argument(
        "path", type=Path, metavar="OUT_OR_RUN_DIR", help="run/output folder or .wacz"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: 8090)")
    parser.set_defaults(run=run)


def check_port_free(port: int) -> None:
    if not 0 < port < 65536:
        raise CommandError(f"--port {port}: expected 1 to 65535")
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise CommandError(
                f"--port {port}: cannot listen on 127.0.0.1 ({exc.strerror})"
            ) from None


def wait_until_listening(process: subprocess.Popen, port: int) -> bool:
    """True once pywb accepts connections; False if it exited or never listened."""
    for _ in range(STARTUP_POLLS):
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to pywb's process group (it runs in its own session), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        signal_group(process, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def wait_for_exit_or_stop_request(process: subprocess.Popen) -> int | None:
    """pywb's exit status, or None once Ctrl-C or SIGTERM asked the command to stop.

    While serving, the signals only set a flag that this loop reads: a KeyboardInterrupt raised
    inside ``Popen.wait`` can leave the Popen's wait lock taken, and stopping pywb then waits
    out every timeout.
    """
    asked: list[int] = []

    def ask_to_stop(signum: int, frame: Any) -> None:
        asked.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, ask_to_stop)
    while not asked:
        status = process.poll()
        if status is not None:
            return status
        time.sleep(POLL_SECONDS)
    return None


def interrupt_on_sigterm() -> None:
    """SIGTERM stops the command as Ctrl-C does (pywb is stopped, the folder removed)."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def print_pages(collection: Any, base_url: str, runs_note: str) -> None:
    from crawler.archive.replay import COLLECTION, replay_url

    print(
        f"Replaying {collection.warc_files} WARC file(s) of {runs_note} at {base_url}/{COLLECTION}/"
    )
    for page in collection.pages[:SHOWN_PAGES]:
        print(f"  {replay_url(base_url, page)}")
    more = len(collection.pages) - SHOWN_PAGES
    if more > 0:
        print(f"  ... and {more} more articles (pages.jsonl)")


def run(args: argparse.Namespace) -> int:
    from crawler.archive.replay import INSTALL_HINT, ReplayError, build_collection, find_wayback

    wayback = find_wayback()
    if wayback is None:
        raise CommandError(f"pywb's `wayback` command is not installed: {INSTALL_HINT}")
    if not args.path.exists():
        raise CommandError(f"{args.path}: no such file or folder")
    check_port_free(args.port)
    interrupt_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="crawler-replay-") as folder:
        root = Path(folder)
        try:
            collection = build_collection(args.path, root)
        except ReplayError as exc:
            raise CommandError(str(exc)) from None
        with (root / "wayback.log").open("wb") as log:
            process = subprocess.Popen(
                [wayback, "-p", str(args.port), "-b", "127.0.0.1"],
                cwd=root,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us only; we stop pywb ourselves
            )
            try:
                return serve(process, collection, args, root / "wayback.log")
            except KeyboardInterrupt:
                print("Stopping pywb.", flush=True)
                return EXIT_OK
            finally:
                stop(process)


def serve(process: subprocess.Popen, collection: Any, args: argparse.Namespace, log: Path) -> int:
    """Wait for pywb, print the URLs, then stay up until Ctrl-C or pywb exits."""
    base_url = f"http://127.0.0.1:{args.port}"
    if not wait_until_listening(process, args.port):
        what = "it exited" if process.poll() is not None else "it does not listen"
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        print(f"crawler: pywb did not start ({what}): {' '.join(tail)}", file=sys.stderr)
        return EXIT_CRAWL_FAILED
    print_pages(collection, base_url, str(args.path))
    print(f"pywb (pid {process.pid}) is serving; press Ctrl-C to stop.", flush=True)
    status = wait_for_exit_or_stop_request(process)
    if status is None:
        print("Stopping pywb.", flush=True)
        return EXIT_OK
    print(f"crawler: pywb exited with status {status}; its log: {log}", file=sys.stderr)
    return EXIT_CRAWL_FAILED
