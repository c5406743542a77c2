"""``crawler demo`` twice: the same URLs, so the second run is incremental; and every crawl is in
the run history that ``crawler runs`` reads from the default output folder."""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

from tests.crawling import crawler_command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``crawler`` command run from ``folder`` (its default output folder is there)."""
    return subprocess.run(
        crawler_command(*args), cwd=folder, capture_output=True, text=True, timeout=180
    )


def summaries(out: Path) -> list[dict]:
    paths = sorted(out.glob("*/summary.json"))
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def test_a_second_demo_is_incremental_and_both_runs_are_recorded(tmp_path: Path) -> None:
    port = str(free_port())
    for _ in range(2):
        done = run_in(tmp_path, "demo", "--port", port)
        assert done.returncode == 0, done.stderr[-3000:]
    first, second = summaries(tmp_path / "output")
    assert first["start_urls"] == second["start_urls"]
    assert first["counts"]["items_written"] > 0
    assert second["counts"]["items_written"] == second["counts"]["articles_fetched"] == 0
    assert second["counts"]["listing_pages"] >= 1

    table = run_in(tmp_path, "runs")
    assert table.returncode == 0, table.stderr
    rows = [line.split() for line in table.stdout.splitlines()[1:]]
    source = f"127.0.0.1:{port}/drupal/tags/idlib"
    written = str(first["counts"]["items_written"])
    assert [row[:1] + row[3:4] + row[6:7] for row in rows] == [
        [source, "0", written],
        [source, "0", "0"],
    ]


def test_a_taken_port_gives_another_one_and_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_in(tmp_path, "demo", "--port", str(port), "--out", "out")
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"port {port} is taken" in done.stderr
    (summary,) = summaries(tmp_path / "out")
    assert f":{port}/" not in summary["start_urls"][0]
