"""Items files that killed crawls left open are closed by the next crawl in the same folder."""

from __future__ import annotations

import fcntl
from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.state.store import STATE_FILE, SqliteStateStore
from crawler.storage.leftovers import LeftoverItemsRepair, sighting_from_item

LINES = b'{"url": "http://127.0.0.1/a/1"}\n{"url": "http://127.0.0.1/a/2"}\n'


def repair(out: Path) -> LeftoverItemsRepair:
    crawler = get_crawler(settings_dict={"CRAWLER_RUN_DIR": str(out / "current")})
    crawler.stats.open_spider()
    extension = LeftoverItemsRepair.from_crawler(crawler)
    extension.spider_opened()
    return extension


def leftover(out: Path, run: str, data: bytes = LINES + b'{"url": "http://12') -> Path:
    path = out / run / "items.jsonl.open"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return path


def test_a_killed_runs_items_file_is_trimmed_and_closed(tmp_path: Path) -> None:
    path = leftover(tmp_path, "killed")
    extension = repair(tmp_path)
    assert not path.exists()
    assert (tmp_path / "killed" / "items.jsonl").read_bytes() == LINES
    assert extension.crawler.stats.get_value("items/leftovers_repaired") == 1


def test_a_file_a_running_crawl_holds_is_left_alone(tmp_path: Path) -> None:
    path = leftover(tmp_path, "running")
    with path.open("ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        repair(tmp_path)
        assert path.exists()
    assert not (tmp_path / "running" / "items.jsonl").exists()


def test_the_current_runs_own_file_is_left_alone(tmp_path: Path) -> None:
    path = leftover(tmp_path, "current")
    repair(tmp_path)
    assert path.exists()


def test_items_of_a_killed_run_the_state_lacks_are_recorded(tmp_path: Path) -> None:
    """A kill between writing a line and recording the article: the next run records it."""
    store = SqliteStateStore(tmp_path / STATE_FILE)
    store.record_article(sighting_from_item({"url": "http://127.0.0.1/a/1"}, Path("old/x")))
    leftover(tmp_path, "killed", LINES + b'{"url": "http://127.0.0.1/a/3"}')
    extension = repair(tmp_path)
    assert extension.crawler.stats.get_value("items/leftovers_reconciled") == 1
    recorded = {a.url: a for a in store.articles()}
    store.close()
    assert set(recorded) == {"http://127.0.0.1/a/1", "http://127.0.0.1/a/2"}
    assert recorded["http://127.0.0.1/a/2"].items_file == "items.jsonl"
    assert recorded["http://127.0.0.1/a/2"].run_id == "killed"


def test_warc_repair_closes_items_and_pages_files_as_the_next_crawl_would(tmp_path: Path) -> None:
    from tests.crawling import run_crawler

    store = SqliteStateStore(tmp_path / STATE_FILE)
    store.record_article(sighting_from_item({"url": "http://127.0.0.1/a/1"}, Path("old/x")))
    store.close()
    items = leftover(tmp_path, "killed")
    pages = items.with_name("pages.jsonl.open")
    pages.write_bytes(b'{"format": "json-pages-1.0"}\n{"url": "http://127.0.0.1/a/1"}\n{"url')
    done = run_crawler("warc", "repair", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.rglob("*.open")) == [], done.stdout
    assert (tmp_path / "killed" / "items.jsonl").read_bytes() == LINES
    assert (tmp_path / "killed" / "pages.jsonl").read_bytes().count(b"\n") == 2
    assert "1 articles recorded in the state" in done.stdout
    store = SqliteStateStore(tmp_path / STATE_FILE)
    assert {a.url for a in store.articles()} == {"http://127.0.0.1/a/1", "http://127.0.0.1/a/2"}
    store.close()


def test_a_pages_file_waits_for_its_runs_open_warc_file(tmp_path: Path) -> None:
    from crawler.storage.leftovers import close_leftover_lines_files

    warc = tmp_path / "run" / "warc" / "x.warc.gz.open"
    warc.parent.mkdir(parents=True)
    warc.write_bytes(b"")
    (tmp_path / "run" / "pages.jsonl.open").write_bytes(b"{}\n")
    (result,) = close_leftover_lines_files([tmp_path])
    assert result.closed is None and result.skipped == "a WARC file of its run is still open"
    assert (tmp_path / "run" / "pages.jsonl.open").exists()
