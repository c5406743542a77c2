#!/usr/bin/env python3
"""Real-site benchmark: rebuild the shared dev corpus and our own, crawl every site with no site
file, print per site and in total what the crawler found against the ground truth.

    run.py [--crawler .venv/bin/crawler] [--mirror-root DIR] [--out DIR] [--skip-build] [site ...]

1. ``../shared/realsites-dev/get.sh MIRROR_ROOT`` rebuilds the eight dev sites into
   ``$REALSITES_DIR`` (default ~/.cache/realsites-dev) and their venv (lxml, markdown-it-py, ...).
2. ``build.py`` (with that venv) rebuilds our own sites of ``corpus.toml`` into
   ``$REALSITES_OWN_DIR`` (default ~/.cache/realsites-own). A missing snapshot skips its site
   with one line naming the ``fetch github:OWNER/NAME`` it needs.
3. The kit's ``crawl_and_score.sh`` serves each site on 127.0.0.1 and crawls it with the crawler,
   zero-config, and scores it with the kit's ``score.py``; it is given one folder that links
   both corpora's sites side by side.
4. Per site: listing recall and precision, duplicates, headline exact, date (day), body F1, and per
   listing how far the crawl walked and why it stopped (from the crawl's log and summary.json),
   with the site's split: dev (the shared kit), tune or heldout (ours; see corpus.toml).

Everything is written outside the repository: ``--out`` (default /tmp/realsites-bench) holds the
crawl outputs (per site, as crawl_and_score.sh leaves them), ``table.txt`` and
``bench-summary.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from build import find_kit, git_dir  # noqa: E402 - this folder is not a package

DEV_REPOS = {  # the shared kit's sites and the snapshots get.sh builds them from
    "tedium": "readtedium/tedium",
    "archlinuxtw": "linux-taiwan/arch.linux.org.tw",
    "memopol": "political-memory/blog-memopol",
    "ubuntubudgie": "UbuntuBudgie/Website",
    "f1blog": "mcliment/f1blog-archived",
    "partitopirata": "PartitoPirata/partitopirata.github.io",
    "sandimgetriebe": "sandimgetriebe/html",
    "quoderat": "davidmegginson/quoderat-blog",
}
KIT_PACKAGES = ["lxml", "markdown-it-py", "PyYAML", "python-dateutil"]
METRICS = ("recall", "precision", "duplicates", "headline_exact", "date_day", "body_f1")
LISTING_LINE = re.compile(r"Listing page (\d+) of (\S+): (\d+) entries \((\d+) new\), next: (\S+)")


def env_path(name: str, default: Path) -> Path:
    return Path(os.environ[name]) if os.environ.get(name) else default


# ------------------------------------------------------------------ building


def build_dev(kit: Path, mirror_root: Path, dev_dir: Path) -> None:
    """Rebuild the shared dev corpus; on failure say why in one line and go on with whatever
    an earlier build left."""
    env = {**os.environ, "REALSITES_DIR": str(dev_dir)}
    result = subprocess.run(
        ["bash", str(kit / "get.sh"), str(mirror_root)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["get.sh failed"])[-1]
        print(f"dev corpus not rebuilt: {reason}")


def kit_python(dev_dir: Path, own_dir: Path) -> Path:
    """A Python with the kit's packages: the dev corpus's venv, else one made in own_dir."""
    for venv in (dev_dir / "venv", own_dir / "venv"):
        python = venv / "bin" / "python"
        check = [str(python), "-c", "import lxml, markdown_it, yaml, dateutil"]
        if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
            return python
    venv = own_dir / "venv"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *KIT_PACKAGES], check=True
    )
    return venv / "bin" / "python"


def build_own(
    python: Path, kit: Path, mirror_root: Path, own_dir: Path, sites: list[str]
) -> set[str]:
    """Rebuild our sites; returns those skipped (build.py printed why)."""
    report = own_dir / "build-report.json"
    report.unlink(missing_ok=True)
    subprocess.run(
        [
            str(python),
            str(HERE / "build.py"),
            "--kit",
            str(kit),
            "--mirror-root",
            str(mirror_root),
            "--out",
            str(own_dir),
            "--report",
            str(report),
            *sites,
        ],
        check=False,
    )
    if not report.is_file():
        return set(sites)
    return set(json.loads(report.read_text(encoding="utf-8"))["skipped"])


def dev_without_snapshot(mirror_root: Path) -> set[str]:
    """The dev sites whose snapshot is missing, each said in one line (get.sh stops at the first
    missing one; the others are crawled as an earlier build left them, if it did)."""
    missing = set()
    for name, repo in DEV_REPOS.items():
        if git_dir(mirror_root, repo) is None:
            missing.add(name)
            print(f"{name}: skipped: missing snapshot: fetch github:{repo}")
    return missing


# ------------------------------------------------------------------ crawling


@dataclass
class Site:
    name: str
    split: str
    data: Path
    world: dict[str, Any] = field(default_factory=dict)


def available_sites(
    dev_dir: Path, own_dir: Path, corpus: dict[str, Any], wanted: list[str], skipped: set[str]
) -> list[Site]:
    """The built sites (a world.json present), dev first, restricted to wanted if given."""
    sites = [Site(name, "dev", dev_dir / name) for name in DEV_REPOS]
    for name, cfg in corpus["sites"].items():
        split = "heldout" if cfg.get("heldout") else "tune"
        sites.append(Site(name, split, own_dir / name))
    chosen = []
    for site in sites:
        if (wanted and site.name not in wanted) or site.name in skipped:
            continue
        world = site.data / "world.json"
        if not world.is_file():
            print(f"{site.name}: not built, skipped")
            continue
        site.world = json.loads(world.read_text(encoding="utf-8"))
        chosen.append(site)
    return chosen


def data_view(out: Path, sites: list[Site], python: Path) -> Path:
    """One folder linking every site's data and the kit's venv, for crawl_and_score.sh (it reads
    ``$REALSITES_DIR/<site>`` and ``$REALSITES_DIR/venv``)."""
    view = out / "data"
    shutil.rmtree(view, ignore_errors=True)
    view.mkdir(parents=True)
    for site in sites:
        (view / site.name).symlink_to(site.data.resolve())
    (view / "venv").symlink_to(python.parent.parent.resolve())
    # crawl_and_score.sh checks for the dev kit's first site before anything; only the named
    # sites are crawled, so an empty folder does when the dev corpus could not be built.
    (view / "tedium").mkdir(exist_ok=True)
    return view


def crawl_and_score(kit: Path, crawler: str, view: Path, out: Path, sites: list[Site]) -> None:
    for site in sites:
        shutil.rmtree(out / site.name, ignore_errors=True)  # no state from an earlier run
    env = {**os.environ, "REALSITES_DIR": str(view)}
    subprocess.run(
        ["bash", str(kit / "crawl_and_score.sh"), crawler, str(out), *[s.name for s in sites]],
        env=env,
        check=False,
    )


# ------------------------------------------------------------------ reading the results


def crawl_summary(site_out: Path) -> dict[str, Any]:
    """The crawl's summary.json (the newest run folder), or {}."""
    runs = sorted((site_out / "run").glob("*/summary.json"), key=lambda p: p.stat().st_mtime)
    return json.loads(runs[-1].read_text(encoding="utf-8")) if runs else {}


def listing_walks(site_out: Path) -> dict[str, list[tuple[int, int, int, str]]]:
    """{start path: [(page, entries, new entries, next url), ...]} from the crawl log."""
    walks: dict[str, list[tuple[int, int, int, str]]] = {}
    # Scrapy's log is in the run folder; older crawlers logged to the console (site_out).
    logs = sorted((site_out / "run").glob("*/crawl.log"), key=lambda p: p.stat().st_mtime)
    log = logs[-1] if logs else site_out / "crawl.log"
    if not log.is_file():
        return walks
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        m = LISTING_LINE.search(line)
        if m:
            start = unquote(urlsplit(m.group(2)).path)
            walks.setdefault(start, []).append(
                (int(m.group(1)), int(m.group(3)), int(m.group(4)), m.group(5))
            )
    return walks


def stop_reason(
    walk: list[tuple[int, int, int, str]],
    start_url: str,
    crawl_rc: str,
    failures: dict[str, int] | None = None,
) -> str:
    """Why the walk of one listing ended, read from its last logged page with the crawler's own
    reasons (no_next_page, no_new_entries, page_seen_before), or how the crawl ended (with the
    failures its summary.json counts, such as robots_forbidden)."""
    if not walk:
        if "rc=0" in crawl_rc:
            return "no_listing_page"
        counted = ", ".join(f"{reason} {n}" for reason, n in (failures or {}).items())
        return f"crawl failed ({crawl_rc}: {counted})" if counted else f"crawl failed ({crawl_rc})"
    walk = sorted(walk)
    _page, _entries, new, next_url = walk[-1]
    followed = {unquote(urlsplit(u).path) for u in [start_url] + [w[3] for w in walk[:-1]]}
    if next_url == "None":
        return "no_next_page"
    if new == 0:
        return "no_new_entries"
    if unquote(urlsplit(next_url).path) in followed:
        return "page_seen_before"
    if "rc=124" in crawl_rc:
        return "timeout"
    return "next_not_followed"


def listing_report(site: Site, site_out: Path) -> list[dict[str, Any]]:
    walks = listing_walks(site_out)
    failures = crawl_summary(site_out).get("failures", {})
    rc_file = site_out / "crawl.rc"
    crawl_rc = rc_file.read_text().strip() if rc_file.is_file() else "not run"
    report = []
    for start in site.world.get("start_paths", []):
        walk = walks.get(unquote(start), [])
        report.append(
            {
                "start_path": start,
                "pages_walked": len(walk),
                "pages_truth": len(site.world.get("listing_pages", {}).get(start, [])),
                "entries_seen": sum(w[1] for w in walk),
                "stop": stop_reason(walk, start, crawl_rc, failures),
            }
        )
    return report


def site_result(site: Site, out: Path) -> dict[str, Any]:
    site_out = out / site.name
    score_file = site_out / "score.json"
    try:
        score = json.loads(score_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        score = {"error": "no score"}
    summary = crawl_summary(site_out)
    return {
        "site": site.name,
        "split": site.split,
        "score": score,
        "listings": listing_report(site, site_out),
        "listing_stopped": summary.get("listing_stopped", {}),
        "listing_uncertain": summary.get("listing_uncertain", {}),
        "finish_reason": summary.get("finish_reason"),
        "counts": summary.get("counts", {}),
        "dropped": summary.get("dropped", {}),
        "truth_problems": len(site.world.get("problems", [])),
    }


def totals(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Micro totals: recall and precision over all articles; headline, date and body averaged
    over the found articles (each site's figure weighted by its found count)."""
    scored = [r["score"] for r in results if "truth" in r["score"]]
    truth = sum(s["truth"] for s in scored)
    found = sum(s["found"] for s in scored)
    false_pos = sum(s["false_pos"] for s in scored)

    def weighted(key: str) -> float | None:
        pairs = [(s[key], s["found"]) for s in scored if s.get(key) is not None and s["found"]]
        weight = sum(n for _v, n in pairs)
        return round(sum(v * n for v, n in pairs) / weight, 4) if weight else None

    return {
        "sites": len(scored),
        "truth": truth,
        "found": found,
        "recall": round(found / truth, 4) if truth else None,
        "precision": round(found / (found + false_pos), 4) if found + false_pos else None,
        "duplicates": sum(s.get("duplicates", 0) for s in scored),
        "headline_exact": weighted("headline_exact"),
        "date_day": weighted("date_day"),
        "body_f1": weighted("body_f1"),
    }


# ------------------------------------------------------------------ the table


def fmt(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def stops_text(result: dict[str, Any]) -> str:
    parts = [
        f"{unquote(x['start_path'])} {x['pages_walked']}/{x['pages_truth']}p {x['stop']}"
        for x in result["listings"]
    ]
    if result["listing_uncertain"]:
        parts.append(
            "uncertain: " + ", ".join(f"{k}={v}" for k, v in result["listing_uncertain"].items())
        )
    return "; ".join(parts)


def table(results: list[dict[str, Any]], groups: dict[str, dict[str, Any]]) -> str:
    widths = [15, 7, 5, 5, 6, 9, 4, 8, 8, 7]
    names = ["site", "split", "truth", "found", "recall", "precision", "dups", "headline"]
    names += ["date_day", "body_f1"]
    header = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    lines = [header + "  listings (walked/truth pages, stop)"]
    for r in results:
        s = r["score"]
        cells = [
            r["site"],
            r["split"],
            s.get("truth"),
            s.get("found"),
            *[s.get(m) for m in METRICS],
        ]
        line = "  ".join(fmt(c).ljust(w) for c, w in zip(cells, widths, strict=True))
        lines.append(line + "  " + (stops_text(r) if "error" not in s else s["error"]))
    lines.append("")
    for name, t in groups.items():
        cells = [
            f"TOTAL {name}",
            f"{t['sites']} s",
            t["truth"],
            t["found"],
            *[t[m] for m in METRICS],
        ]
        lines.append("  ".join(fmt(c).ljust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*", help="only these sites (default: all)")
    parser.add_argument("--crawler", default=str(REPO / ".venv" / "bin" / "crawler"))
    parser.add_argument(
        "--mirror-root", type=Path, default=env_path("MIRROR_ROOT", Path("/work/.mirror"))
    )
    parser.add_argument("--out", type=Path, default=Path("/tmp/realsites-bench"))
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus.toml")
    parser.add_argument("--kit", type=Path, default=None, help="the shared dev kit's folder")
    parser.add_argument("--skip-build", action="store_true", help="crawl the corpora as built")
    parser.add_argument(
        "--skip-crawl", action="store_true", help="only print the table of the crawls in --out"
    )
    args = parser.parse_args(argv)
    kit = (args.kit or find_kit()).resolve()
    dev_dir = env_path("REALSITES_DIR", Path.home() / ".cache" / "realsites-dev")
    own_dir = env_path("REALSITES_OWN_DIR", Path.home() / ".cache" / "realsites-own")
    corpus = tomllib.loads(args.corpus.read_text(encoding="utf-8"))
    own_dir.mkdir(parents=True, exist_ok=True)
    if args.skip_crawl:
        args.skip_build = True
    skipped: set[str] = set()
    if not args.skip_build:
        build_dev(kit, args.mirror_root, dev_dir)
        skipped |= dev_without_snapshot(args.mirror_root)
    python = kit_python(dev_dir, own_dir)
    if not args.skip_build:
        own_wanted = [s for s in args.sites if s in corpus["sites"]]
        if own_wanted or not args.sites:
            skipped |= build_own(python, kit, args.mirror_root, own_dir, own_wanted)
    sites = available_sites(dev_dir, own_dir, corpus, args.sites, skipped)
    if not sites:
        print("no site to crawl")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out.resolve()
    if not args.skip_crawl:
        view = data_view(out, sites, python)
        crawl_and_score(kit, args.crawler, view, out, sites)
    results = [site_result(site, out) for site in sites]
    groups = {"all": totals(results)}
    for split in ("dev", "tune", "heldout"):
        chosen = [r for r in results if r["split"] == split]
        if chosen:
            groups[split] = totals(chosen)
    text = table(results, groups)
    print()
    print(text)
    (out / "table.txt").write_text(text + "\n", encoding="utf-8")
    summary = {"sites": results, "totals": groups, "crawler": args.crawler}
    (out / "bench-summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"\nsummary: {out / 'bench-summary.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
