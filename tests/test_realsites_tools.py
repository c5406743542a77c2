"""bench/realsites: the builder's robots.txt check and the bench table's failed-crawl reason."""

from __future__ import annotations

import sys

from tests.crawling import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "bench" / "realsites"))

import build  # noqa: E402 - the bench folder is not a package
import run  # noqa: E402

# What a Hugo theme's robots.txt template writes outside production ('hugo server'): the
# deployed build says 'Allow: /'.
DEV_BUILD_ROBOTS = "User-agent: *\nDisallow: /\nSitemap: //localhost:1313/sitemap.xml\n"
OTHER_AGENTS_ROBOTS = (
    "User-agent: HTTrack\nDisallow: /\n\nUser-agent: *\nAllow: /\nDisallow: /legal/\n"
)


def test_a_development_builds_robots_txt_is_a_problem_for_every_start_path():
    problems = build.robots_problems(DEV_BUILD_ROBOTS, ["/posts/", "/categories/science/"])
    assert len(problems) == 2
    assert "/posts/" in problems[0] and "robots.txt" in problems[0]


def test_a_robots_txt_that_forbids_other_agents_or_other_paths_is_no_problem():
    assert build.robots_problems(OTHER_AGENTS_ROBOTS, ["/posts/", "/blog/"]) == []
    assert build.robots_problems("User-agent: *\nAllow: /\n", ["/posts/"]) == []


def test_a_failed_crawl_names_the_crawls_failures():
    reason = run.stop_reason([], "/posts/", "crawl rc=1", {"robots_forbidden": 2})
    assert reason == "crawl failed (crawl rc=1: robots_forbidden 2)"
    assert run.stop_reason([], "/posts/", "crawl rc=1", {}) == "crawl failed (crawl rc=1)"
    assert run.stop_reason([], "/posts/", "crawl rc=0", {}) == "no_listing_page"


def test_an_untitled_posts_truth_has_no_headline_to_score():
    # the score counts every headline that is not None: '' could only ever be a miss, since an
    # item's headline is never empty
    assert build.scored_headline("") is None
    assert build.scored_headline("  ") is None
    assert build.scored_headline(None) is None
    assert build.scored_headline("AGM Matters") == "AGM Matters"
