"""Names that come from input (run ids, WARC_PREFIX, source names, host names) stay inside the
output dir."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.archive.writer import sanitise_hostname
from crawler.schedule.sources import SourcesError, load_sources
from crawler.storage.run import OutputDirError, check_run_id, configure_run, new_run_id
from tests.crawling import run_crawler

ESCAPING_NAMES = ["..", ".", "../escape", "a/../../b", "/tmp/abs", "a\\..\\b", "", ".x", "x\x00"]


@pytest.mark.parametrize("run_id", ESCAPING_NAMES)
def test_run_ids_that_could_leave_the_output_dir_are_refused(run_id: str) -> None:
    with pytest.raises(OutputDirError, match="run id"):
        check_run_id(run_id)


def test_generated_and_ordinary_run_ids_are_accepted() -> None:
    for run_id in (new_run_id("tagpages"), "killed", "meridian-2024.03.05_1"):
        assert check_run_id(run_id) == run_id


def test_a_run_id_setting_is_checked_before_any_folder_is_named(tmp_path: Path) -> None:
    settings = Settings({"CRAWLER_OUTPUT_DIR": str(tmp_path), "CRAWLER_RUN_ID": "../escape"})
    with pytest.raises(OutputDirError):
        configure_run(settings, "tagpages")


def test_the_cli_refuses_an_escaping_run_id_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done: subprocess.CompletedProcess[str] = run_crawler(
        "crawl", "http://127.0.0.1:9/tags/x", "--out", str(out), "--run-id", "../escape"
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "run id" in done.stderr
    assert not (tmp_path / "escape").exists()


@pytest.mark.parametrize("prefix", [n for n in ESCAPING_NAMES if n])
def test_a_warc_prefix_that_could_leave_the_warc_dir_is_refused(
    tmp_path: Path, prefix: str
) -> None:
    settings = Settings({"CRAWLER_OUTPUT_DIR": str(tmp_path), "WARC_PREFIX": prefix})
    with pytest.raises(OutputDirError, match="WARC_PREFIX"):
        configure_run(settings, "tagpages")


def test_the_cli_refuses_an_escaping_warc_prefix_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_crawler(
        "crawl", "http://127.0.0.1:9/tags/x", "--out", str(out), "-s", "WARC_PREFIX=../../escape"
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().count("\n") == 0 and "WARC_PREFIX" in done.stderr
    assert not list(tmp_path.rglob("escape*"))


@pytest.mark.parametrize("name", ["..", "../x", "a/b", ".hidden", "-rf"])
def test_source_names_cannot_name_folders_outside(tmp_path: Path, name: str) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources."{name}"]\ntags = ["http://127.0.0.1:9/tags/x"]\nevery = "6h"\n',
        encoding="utf-8",
    )
    with pytest.raises(SourcesError, match="source name"):
        load_sources(sources)


@pytest.mark.parametrize("host", ["../../etc", "a/b", "..", "host\\name", "\x00", ""])
def test_warc_host_part_is_a_plain_name(host: str) -> None:
    name = sanitise_hostname(host)
    assert name and "/" not in name and "\\" not in name  # one component inside the file name
