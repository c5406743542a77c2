"""``crawler crawl --notify CMD``: when a monitor failed, run CMD (a mail or webhook script)
with the summary's path as its last argument. It gets ``CRAWLER_NOTIFY_TIMEOUT`` seconds; a
failure to notify is reported on one line and does not change the crawl's exit status."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

from crawler.commands import CommandError


def notify_command(text: str) -> list[str]:
    """CMD split as a shell would, its program found; else a one-line CommandError."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise CommandError(f"--notify {text!r}: {exc}") from None
    if not words:
        raise CommandError("--notify: empty command")
    if shutil.which(words[0]) is None:
        raise CommandError(f"--notify {text!r}: {words[0]} is not an executable program")
    return words


def run_notify(words: list[str], summary_path: Path, timeout: float) -> str | None:
    """Run the command; why it failed (one line), or None when it exited 0."""
    command = [*words, str(summary_path)]
    try:
        done = subprocess.run(command, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"--notify {shlex.join(words)}: still running after {timeout:g} s; stopped"
    except OSError as exc:
        return f"--notify {shlex.join(words)}: could not run it ({exc.strerror or exc})"
    if done.returncode != 0:
        return f"--notify {shlex.join(words)}: exit status {done.returncode}"
    return None
