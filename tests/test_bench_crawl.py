"""bench/crawl_bench.py in --quick mode: a tiny world, the bare spider and our full pipeline.

No timing is asserted (speed belongs to the benchmark itself); this checks that the bench runs
end to end, stops its server, and that both contenders fetched every article of the world.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.crawling import REPO_ROOT


def test_quick_bench_fetches_every_article_with_both_contenders(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "bench/crawl_bench.py", "--quick", "--articles", "45"]
        + ["--json", str(out), "--keep", str(tmp_path / "work")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    rows = {row["contender"]: row for row in report["rows"]}
    assert set(rows) == {"bare", "full"}
    world = report["world"]
    assert world["articles"] == 45
    for row in rows.values():
        assert row["status"] == "ok"
        assert row["listing_pages"] == world["listing_pages"] > 0
        assert row["articles"] == world["articles"]
        # the only unknown URLs asked for are ours guessing a next listing page (a tag of one
        # page and many entries, no pager) that is not there
        assert row["not_found"] == row["next_page_probes"]
        assert row["wall_s"] > 0 and row["peak_rss_mb"] > 0
        # each sample's PSS is at most its RSS (shared pages split), so their peaks are too
        assert 0 < row["tree_pss_mb"] <= row["tree_rss_mb"]
    assert rows["bare"]["next_page_probes"] == 0
    assert rows["full"]["items"] == world["articles"]
    assert "bare" in result.stdout and "full" in result.stdout
    assert report["extraction"]["pages"] > 0
