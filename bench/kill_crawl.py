"""Kill a crawl of the demo world with SIGKILL at random moments, then let it finish, and check.

    .venv/bin/python bench/kill_crawl.py [--kills 20] [--seed N] [--workers 2 --redis]

Each attempt starts ``crawler crawl`` on the demo server's Drupal tag into one output folder and
SIGKILLs its process group after a random 0.5-3 s (attempts that finish first are counted as
such); a last run goes to the end. Then it prints: articles lost and duplicated across all items
files, ``.open`` files left, what ``crawler warc validate`` finds wrong in the WARC files, and
whether the state store agrees with the items. tests/test_kill_crawl.py is the same as a test.

With ``--workers N --redis`` the crawl is shared through a real redis-server (started here,
password-protected, on a free loopback port): N - 1 workers run to the end while one more is
SIGKILLed ``--kills`` times at random moments and restarted, then runs to the end as well; the
same figures are printed (tests/test_distributed_kill.py is the bounded test).
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
    REDIS_KILL_SETTINGS,
    REPO_ROOT,
    crawler_command,
    item_counts,
    kill_after,
    kill_one_worker_repeatedly,
    shared_state_urls,
    state_urls,
    warc_faults,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="with --redis: processes at once")
    parser.add_argument("--redis", action="store_true", help="share the crawl through Redis")
    parser.add_argument(
        "--delay",
        type=float,
        default=1.0,
        help="with --redis: DOWNLOAD_DELAY of each worker, so kills land within the first run",
    )
    args = parser.parse_args()
    if args.workers > 1 and not args.redis:
        parser.error("--workers N needs --redis")
    rng = random.Random(args.seed)
    world = build_world()
    with DemoServer(world) as server, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        site = world.sites["drupal"]
        command = crawler_command(
            "crawl", server.url(site.tag_path), "--out", str(out),
            *(arg for setting in KILL_SETTINGS for arg in ("-s", setting)),
        )  # fmt: skip
        if args.redis:
            report = shared_crawl_killed(args, rng, server, site, Path(tmp))
        else:
            killed = sum(kill_after(command, rng.uniform(*KILL_WINDOW)) for _ in range(args.kills))
            final = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
            report = {"attempts": args.kills, "killed": killed, "final_exit": final.returncode}
        report.update(outcome(server, site, out, shared_state=report.pop("state", None)))
        if args.redis:
            report.update(lease_figures(out))
        print(json.dumps(report, indent=2))


def shared_crawl_killed(
    args: argparse.Namespace, rng: random.Random, server, site, tmp: Path
) -> dict:
    """One worker SIGKILLed and restarted while the others crawl through one Redis."""
    from tests.redis_server import running_redis

    with running_redis(tmp / "redis") as redis:
        command = crawler_command(
            "crawl", server.url(site.tag_path), "--out", str(tmp / "out"), "--redis", redis.url,
            *(arg for setting in REDIS_KILL_SETTINGS for arg in ("-s", setting)),
            "-s", f"DOWNLOAD_DELAY={args.delay}",
        )  # fmt: skip
        run = kill_one_worker_repeatedly(
            command, tmp / "out", args.kills, rng, survivors=args.workers - 1
        )
        state = shared_state_urls(redis, server.url(site.tag_path))
    return {
        "workers": args.workers,
        "download_delay": args.delay,
        "attempts": args.kills,
        "killed": run.killed,
        "survivors_exit": run.survivors_exit,
        "final_exit": run.final_exit,
        "state": state,
    }


def lease_figures(out: Path) -> dict:
    """From the finished runs' summaries: leases of killed workers that came back to the queue,
    and how many runs (killed ones have no summary) wrote items."""
    summaries = [json.loads(p.read_text()) for p in out.glob("*/summary.json")]
    frontier = [s.get("frontier", {}) for s in summaries]
    return {
        "runs_with_items": sum(1 for p in out.glob("*/items*.jsonl*") if p.stat().st_size),
        "run_folders": sum(1 for p in out.iterdir() if p.is_dir()),
        "items_by_killed_workers": sum(
            len(p.read_text().splitlines()) for p in out.glob("killed-*/items*.jsonl*")
        ),
        "expired_leases_requeued": sum(f.get("leases_expired_requeued", 0) for f in frontier),
        "frontier_runs": sorted({f.get("run") for f in frontier}),
    }


def outcome(server, site, out: Path, shared_state: set[str] | None = None) -> dict:
    """Articles lost and duplicated over every items file, files left open, WARC faults, and
    whether the state (the output folder's, or the shared one on Redis) agrees."""
    counts = item_counts(out)
    expected = {server.url(a.path) for a in site.articles}
    return {
        "articles": len(expected),
        "lost": sorted(expected - set(counts)),
        "duplicated": {url: n for url, n in counts.items() if n > 1},
        "open_files_left": [str(p.relative_to(out)) for p in out.rglob("*.open")],
        "warc_faults": warc_faults(out).splitlines(),
        "state_agrees_with_items": (state_urls(out) if shared_state is None else shared_state)
        == set(counts),
    }


if __name__ == "__main__":
    main()
