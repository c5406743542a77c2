"""Kill a crawl of the demo world with SIGKILL at random moments, then let it finish, and check.

    .venv/bin/python bench/kill_crawl.py [--kills 20] [--seed N]

Each attempt starts ``crawler crawl`` on the demo server's Drupal tag into one output folder and
SIGKILLs its process group after a random 0.5-3 s (attempts that finish first are counted as
such); a last run goes to the end. Then it prints: articles lost and duplicated across all items
files, ``.open`` files left, what ``crawler warc validate`` finds wrong in the WARC files, and
whether the state store agrees with the items. tests/test_kill_crawl.py is the same as a test.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.demo.server import DemoServer  # noqa: E402
from crawler.demo.world import build_world  # noqa: E402
from tests.crawling import (  # noqa: E402
    KILL_SETTINGS,
    KILL_WINDOW,
    REPO_ROOT,
    crawler_command,
    item_counts,
    kill_after,
    state_urls,
    warc_faults,
)


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
        command = crawler_command(
            "crawl", server.url(site.tag_path), "--out", str(out),
            *(arg for setting in KILL_SETTINGS for arg in ("-s", setting)),
        )  # fmt: skip
        killed = sum(kill_after(command, rng.uniform(*KILL_WINDOW)) for _ in range(args.kills))
        final = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        counts = item_counts(out)
        expected = {server.url(a.path) for a in site.articles}
        report = {
            "attempts": args.kills,
            "killed": killed,
            "final_exit": final.returncode,
            "articles": len(expected),
            "lost": sorted(expected - set(counts)),
            "duplicated": {url: n for url, n in counts.items() if n > 1},
            "open_files_left": [str(p.relative_to(out)) for p in out.rglob("*.open")],
            "warc_faults": warc_faults(out).splitlines(),
            "state_agrees_with_items": state_urls(out) == set(counts),
        }
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
