"""The project deployed to a real scrapyd with scrapyd-deploy, two `tagpages` jobs scheduled
through its HTTP API with REDIS_URL, run against the demo world."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from tests.crawling import REPO_ROOT, TEST_SETTINGS
from tests.distributed.frontier import distributed_test_settings
from tests.scrapyd_server import running_scrapyd

PROJECT = "crawler"
VERSION = "1"
JOBS = ("job1", "job2")
SITE = "wp"  # lists all its articles on its listing pages (no feed-only ones)
JOB_POLLS = 600  # x 0.1 s
PROJECT_FILES = ("pyproject.toml", "scrapy.cfg", "README.md")


def copy_project(target: Path) -> Path:
    """The files scrapyd-deploy builds the egg from, so the build (its generated setup.py,
    build/, *.egg-info) happens outside the repository."""
    shutil.copytree(
        REPO_ROOT / "crawler", target / "crawler", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in PROJECT_FILES:
        shutil.copy2(REPO_ROOT / name, target / name)
    return target


def deploy(project_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    """scrapyd-deploy to a target named `test` added to the copy's scrapy.cfg (the [deploy]
    section's project name still applies)."""
    with (project_dir / "scrapy.cfg").open("a", encoding="utf-8") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {url}\n")
    deployer = Path(sys.executable).parent / "scrapyd-deploy"
    return subprocess.run(
        [str(deployer), "test", "--version", VERSION],
        cwd=project_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_items(out: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(out.glob("*/items*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def scrapyd_jobs(tmp_path_factory, world, server, redis_server):
    """Deploy, schedule two jobs of the same tag's first page (one crawl once shared through
    Redis), wait
    until both finished; yields (scrapyd, deploy result, job ids, their output folders)."""
    redis_server.client().flushall()
    folder = tmp_path_factory.mktemp("scrapyd")
    tag = server.url(world.sites[SITE].tag_path)
    with running_scrapyd(folder / "server") as scrapyd:
        deployed = deploy(copy_project(folder / "project"), scrapyd.url)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        outs = {name: folder / "out" / name for name in JOBS}
        jobs = {}
        for name, out in outs.items():
            fields = [("project", PROJECT), ("spider", "tagpages"), ("url", tag)]
            fields.append(("max_pages", "1"))  # a spider argument, as -a max_pages=1
            settings = (
                *distributed_test_settings(TEST_SETTINGS),
                f"REDIS_URL={redis_server.url}",
                f"CRAWLER_OUTPUT_DIR={out}",
            )
            fields += [("setting", setting) for setting in settings]
            answer = scrapyd.post("schedule.json", fields)
            assert answer["status"] == "ok", answer
            jobs[name] = answer["jobid"]
        finished = wait_for_jobs(scrapyd, set(jobs.values()))
        yield scrapyd, jobs, finished, outs


def wait_for_jobs(scrapyd, job_ids: set[str]) -> dict[str, dict]:
    for _ in range(JOB_POLLS):
        listed = scrapyd.get("listjobs.json", project=PROJECT)
        finished = {job["id"]: job for job in listed["finished"] if job["id"] in job_ids}
        if set(finished) == job_ids:
            return finished
        time.sleep(0.1)
    raise AssertionError(f"scrapyd jobs not finished: {listed}")


def test_the_deployed_egg_holds_the_package_data(scrapyd_jobs):
    scrapyd, *_ = scrapyd_jobs
    (egg,) = (scrapyd.folder / "eggs" / PROJECT).glob(f"{VERSION}*.egg")
    names = set(zipfile.ZipFile(egg).namelist())
    assert "crawler/schema/article.schema.json" in names
    demo_data = {p.name for p in (REPO_ROOT / "crawler" / "demo").glob("*.txt")}
    assert demo_data and {f"crawler/demo/{n}" for n in demo_data} <= names
    entry_points = zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode()
    assert "[scrapy]" in entry_points and "settings = crawler.settings" in entry_points


def test_both_jobs_finish_and_together_deliver_every_article(scrapyd_jobs, world, server):
    """Each job finishes and writes its summary. Which job fetches what is not fixed: with
    REDIS_URL they share the state on Redis (a job skips the articles the other wrote before it
    read the listing) and, with the shared frontier, one queue (a job that starts late may find
    nothing left)."""
    scrapyd, jobs, finished, outs = scrapyd_jobs
    listing_pages = 0
    for name, job in jobs.items():
        log = scrapyd.job_log(PROJECT, "tagpages", job)
        summaries = [json.loads(p.read_text()) for p in outs[name].glob("*/summary.json")]
        assert len(summaries) == 1, f"{name}: {log[-3000:]}"
        assert "Traceback" not in log, log[-3000:]
        listing_pages += summaries[0]["counts"]["listing_pages"]
    assert listing_pages >= 1
    urls = Counter(item["url"] for out in outs.values() for item in read_items(out))
    assert set(urls) == first_page_articles(world, server)


def first_page_articles(world, server) -> set[str]:
    site = world.sites[SITE]
    return {server.url(site.entry(path).final_path) for path in site.listing_pages[0].article_paths}


def test_two_jobs_share_one_crawl(scrapyd_jobs, world, server):
    _, _, _, outs = scrapyd_jobs
    urls = Counter(item["url"] for out in outs.values() for item in read_items(out))
    assert urls == Counter(first_page_articles(world, server))  # each exactly once
