"""Items files that killed crawls left open are closed by the next crawl in the same folder."""

from __future__ import annotations

import fcntl
from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.storage.leftovers import LeftoverItemsRepair

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
