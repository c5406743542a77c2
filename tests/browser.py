"""Debian's chromium, headless, really run by the tests: the DOM after the page's scripts ran,
and screenshots. `make browser` (part of `make test`) installs it where apt is available."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BROWSER_TIMEOUT = 90
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The page's timers (plotly's drawing) run before the DOM is dumped.
    "--virtual-time-budget=10000",
)


def chromium_path() -> str:
    """The chromium binary; the test is skipped, saying why, where there is none."""
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium not installed: `make browser` installs it (apt-get install chromium)")
    return path


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """One headless chromium with a fresh profile, ended when it is done or times out."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [chromium_path(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=BROWSER_TIMEOUT,
            check=False,
        )


def dump_dom(url: str) -> str:
    """The page's DOM as HTML once it has loaded and its scripts have run."""
    done = run_chromium("--dump-dom", url)
    assert done.returncode == 0 and done.stdout, done.stderr[-2000:]
    return done.stdout


def screenshot(url: str, target: Path, width: int = 1400, height: int = 3000) -> bytes:
    done = run_chromium(f"--screenshot={target}", f"--window-size={width},{height}", url)
    assert done.returncode == 0 and target.exists(), done.stderr[-2000:]
    return target.read_bytes()
