"""``crawler crawl -s REDIS_URL=...``: crawls in different output folders share their state and
digest index through a real redis-server, and the password is written nowhere."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from crawler.archive.dedup import INDEX_FILE_NAME
from crawler.distributed.frontier_name import default_frontier_name
from crawler.state.store import STATE_FILE
from tests.crawling import CrawlResult, crawl, demo_feed_paths, read_warc_records
from tests.test_incremental import IDENTICAL, refreshed_urls, revisit_records


def response_ids(result: CrawlResult) -> dict[str, str]:
    """WARC-Record-ID -> target URI of every response record of a crawl."""
    found = {}
    for path in result.warc_files:
        for record in read_warc_records(path):
            if record["type"] == "response":
                headers = record["headers"]
                found[headers.get_header("WARC-Record-ID")] = headers.get_header("WARC-Target-URI")
    return found


def files_holding(folder: Path, secret: str) -> list[Path]:
    """Files under ``folder`` whose bytes (gzip members read as they are stored) hold ``secret``;
    WARC files are checked record by record, decompressed."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.endswith(".warc.gz"):
            records = read_warc_records(path)
            text = b"".join(bytes(str(r["headers"]), "utf-8") + r["body"] for r in records)
        else:
            text = path.read_bytes()
        if secret.encode() in text:
            found.append(path)
    return found


def test_a_crawl_in_a_fresh_folder_takes_state_and_digests_from_redis(
    tmp_path, server, world, redis_db
):
    site = world.sites["drupal"]
    url = server.url(site.tag_path)
    # A worker of a shared crawl waits CRAWLER_FRONTIER_IDLE_CLOSE (10 s) for others' requests.
    shared = ("-s", f"REDIS_URL={redis_db.url}", "-s", "CRAWLER_FRONTIER_IDLE_CLOSE=0.5")
    first = crawl(tmp_path / "first", url, extra=shared)
    assert first.returncode == 0, first.stderr[-3000:]
    assert len(first.items) == len(site.articles)
    for name in (STATE_FILE, INDEX_FILE_NAME):
        assert not (tmp_path / "first" / name).exists()
    frontier = default_frontier_name([url])
    client = redis_db.client()
    assert client.hlen(f"crawler:{frontier}:state:articles") == len(site.articles)
    assert client.hlen(f"crawler:{frontier}:digests") > len(site.articles)
    assert client.hlen(f"crawler:{frontier}:state:runs") == 1  # the run history is shared too

    server.clear_log()
    second = crawl(tmp_path / "second", url, extra=shared)
    assert second.returncode == 0, second.stderr[-3000:]
    assert Counter(e.path for e in server.log) == Counter(
        ["/robots.txt", site.tag_path, *demo_feed_paths(site)]
    )
    assert second.items == []
    archived_first = response_ids(first)
    revisits = revisit_records(second.run_dir)
    assert len(revisits) == len(server.log)  # robots.txt, the listing page, the feed
    for target, profile, refers_to in revisits:
        assert (profile, archived_first[refers_to]) == (IDENTICAL, target)

    refresh = crawl(tmp_path / "refresh", url, extra=(*shared, "--refresh"))
    assert refresh.returncode == 0, refresh.stderr[-3000:]
    assert refresh.items == []
    originals = {item["url"]: item["warc_record_id"] for item in first.items}
    refreshed = [r for r in revisit_records(refresh.run_dir) if r[0] in originals]
    assert sorted(r[0] for r in refreshed) == refreshed_urls(server, site)
    for target, _profile, refers_to in refreshed:
        assert refers_to == originals[target]
    assert refresh.summary["incremental"]["refresh_unchanged"] == len(refreshed)

    for result in (first, second, refresh):
        assert redis_db.password not in result.stdout + result.stderr
    assert files_holding(tmp_path, redis_db.password) == []


def test_a_wrong_password_is_one_line_with_the_password_masked(tmp_path, redis_db):
    wrong = redis_db.url.replace(redis_db.password, "not-the-password")
    result = crawl(tmp_path, "http://127.0.0.1:9/tags/x", extra=("-s", f"REDIS_URL={wrong}"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"crawler: Redis at redis://:***@127.0.0.1:{redis_db.port}/0 refused the password"
        " (wrong password or user)"
    )
    assert not list(tmp_path.iterdir())
