"""Kill a crawl of the demo world with SIGKILL at random moments, then let it finish, and check.

    .venv/bin/python bench/kill_crawl.py [--kills 20] [--seed N]

Each attempt starts ``crawler crawl`` on the demo server's Drupal tag into one output folder and
SIGKILLs its process group after a random 0.5-5 s (attempts that finish first are counted as
such); a last run goes to the end. Then it prints: articles lost and duplicated across all items
files, ``.open`` files left, run folders whose WARCs fail ``crawler warc validate``, and whether
the state store agrees with the items. Issue 7's crash test, as a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.demo.server import DemoServer  # noqa: E402
from crawler.demo.world import build_world  # noqa: E402
from crawler.state.store import SqliteStateStore  # noqa: E402
from tests.crawling import REPO_ROOT, TEST_SETTINGS, crawler_command, run_crawler  # noqa: E402

SLOW = ("DOWNLOAD_DELAY=0.15", "CONCURRENT_REQUESTS=2")


def kill_at_random(command: list[str], seconds: float) -> bool:
    """Run ``command``; SIGKILL its process group after ``seconds``. True if it was killed."""
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(seconds)
    killed = process.poll() is None
    if killed:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return killed


def item_counts(out: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(out.glob("*/items*.jsonl*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            counts[json.loads(line)["url"]] += 1
    return counts


def invalid_runs(out: Path) -> list[str]:
    runs = [p for p in sorted(out.iterdir()) if p.is_dir() and list(p.glob("warc/*.warc.gz"))]
    return [p.name for p in runs if run_crawler("warc", "validate", str(p)).returncode != 0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    world = build_world()
    with DemoServer(world) as server, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        site = world.sites["drupal"]
        settings = [*[s for s in TEST_SETTINGS if not s.startswith("DOWNLOAD_DELAY")], *SLOW]
        command = crawler_command(
            "crawl", server.url(site.tag_path), "--out", str(out),
            *(arg for setting in settings for arg in ("-s", setting)),
        )  # fmt: skip
        killed = sum(kill_at_random(command, rng.uniform(0.5, 5.0)) for _ in range(args.kills))
        final = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        counts = item_counts(out)
        expected = {server.url(a.path) for a in site.articles}
        store = SqliteStateStore(out / "crawler-state.sqlite")
        seen = {a.final_url for a in store.articles()}
        store.close()
        report = {
            "attempts": args.kills,
            "killed": killed,
            "final_exit": final.returncode,
            "articles": len(expected),
            "lost": sorted(expected - set(counts)),
            "duplicated": {url: n for url, n in counts.items() if n > 1},
            "open_files_left": [str(p.relative_to(out)) for p in out.rglob("*.open")],
            "runs_with_invalid_warc": invalid_runs(out),
            "state_agrees_with_items": seen == set(counts),
        }
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
