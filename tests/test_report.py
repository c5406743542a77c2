"""`crawler report` over two real demo crawls, rendered by a real headless chromium: the page
is one offline file, its charts are drawn, the numbers it shows are summary.json's, and every
article links to its replay at the WARC-Date of the record it was extracted from."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest
from lxml import html
from warcio.archiveiterator import ArchiveIterator

from crawler.cli import main
from tests.browser import dump_dom, screenshot
from tests.crawling import crawl, run_crawler

SITES = ("drupal", "wp", "edge")  # edge: failures, an uncertain listing page
REPLAY_BASE = "http://127.0.0.1:18090/crawl"
CHARTS = ("chart-runs", "chart-per-day", "chart-tags", "chart-failures")


def crawl_once(out_dir: Path, urls: list[str], *extra: str) -> Path:
    before = {p for p in out_dir.iterdir() if p.is_dir()} if out_dir.exists() else set()
    result = crawl(out_dir, *urls, extra=extra)
    assert result.returncode == 0, result.stderr[-3000:]
    (run_dir,) = {p for p in out_dir.iterdir() if p.is_dir()} - before
    return run_dir


@pytest.fixture(scope="module")
def crawled(server, world, tmp_path_factory):
    """Two runs into one output folder; the second fetches everything again (revisits)."""
    out_dir = tmp_path_factory.mktemp("report-out")
    urls = [server.url(world.sites[key].tag_path) for key in SITES]
    first = crawl_once(out_dir, urls)
    second = crawl_once(out_dir, urls, "-s", "CRAWLER_FULL=True")
    return out_dir, [first, second]


@pytest.fixture(scope="module")
def report(crawled, tmp_path_factory) -> Path:
    out_dir, _ = crawled
    target = tmp_path_factory.mktemp("report") / "report.html"
    done = run_crawler("report", str(out_dir), "-o", str(target), "--replay-base", REPLAY_BASE)
    assert done.returncode == 0, done.stderr[-3000:]
    assert str(target) in done.stdout
    return target


@pytest.fixture(scope="module")
def dom(report):
    return html.fromstring(dump_dom(report.as_uri()))


def summary(run_dir: Path) -> dict:
    return json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))


def items(run_dir: Path) -> list[dict]:
    lines = (run_dir / "items.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def shown(dom, key: str, run: str | None = None) -> str:
    """The text of the one element showing ``key`` (of run ``run``)."""
    where = f"[@data-key='{key}']" + (f"[@data-run='{run}']" if run else "")
    (element,) = dom.xpath(f"//*{where}")
    return element.text_content().strip()


def test_report_is_one_file_with_nothing_to_fetch(report):
    page = html.fromstring(report.read_bytes())
    assert page.xpath("//script[not(@src)]"), "plotly.js and the page script are inlined"
    assert not page.xpath("//script[@src] | //link[@href] | //img[@src] | //iframe")


def test_screenshot_is_taken(report, tmp_path):
    png = screenshot(report.as_uri(), tmp_path / "report.png", width=1400, height=3000)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert (width, height) == (1400, 3000)
    assert len(png) > 50_000, "a blank page compresses to a few kilobytes"


def test_charts_are_drawn(dom):
    for chart in CHARTS:
        assert dom.xpath(f"//div[@id='{chart}']//div[contains(@class, 'plot-container')]"), chart
        svg = f"//div[@id='{chart}']//*[local-name()='svg'][contains(@class, 'main-svg')]"
        assert dom.xpath(svg), f"{chart}: plotly drew no svg"
    bars = dom.xpath("//div[@id='chart-per-day']//*[local-name()='path'][contains(@style, 'fill')]")
    assert bars, "the articles-per-day chart has bars"


def test_numbers_shown_are_the_summaries(dom, crawled):
    _, run_dirs = crawled
    summaries = [summary(run_dir) for run_dir in run_dirs]
    for s in summaries:
        run_id = s["run_id"]
        for key in ("listing_pages", "articles_fetched", "items_written"):
            assert shown(dom, key, run_id) == str(s["counts"][key]), (run_id, key)
        assert shown(dom, "failures", run_id) == str(sum(s["failures"].values()))
        assert shown(dom, "http_errors", run_id) == str(sum(s["http_errors"].values()))
        assert shown(dom, "warc_records", run_id) == str(s["warc"]["records"])
    assert shown(dom, "total_runs") == "2"
    total_items = sum(s["counts"]["items_written"] for s in summaries)
    assert total_items > 0
    assert shown(dom, "total_items_written") == str(total_items)
    assert shown(dom, "total_failures") == str(sum(sum(s["failures"].values()) for s in summaries))
    for reason in {r for s in summaries for r in s["failures"]}:
        count = sum(s["failures"].get(reason, 0) for s in summaries)
        assert shown(dom, f"failures_{reason}") == str(count)


def test_warc_section_counts_files_bytes_and_dedup_savings(dom, crawled):
    _, (first, second) = crawled
    for run_dir in (first, second):
        run_id = summary(run_dir)["run_id"]
        files = sorted((run_dir / "warc").glob("*.warc.gz"))
        assert shown(dom, "warc_files", run_id) == str(len(files))
        (cell,) = dom.xpath(f"//*[@data-key='warc_bytes'][@data-run='{run_id}']")
        assert int(cell.get("data-value")) == sum(path.stat().st_size for path in files)
    second_id = summary(second)["run_id"]
    assert int(shown(dom, "warc_revisits", second_id)) > 0, "the second run stored revisits"
    (saved,) = dom.xpath(f"//*[@data-key='warc_saved_bytes'][@data-run='{second_id}']")
    assert int(saved.get("data-value")) > 0


def warc_date_of(run_dir: Path, item: dict) -> str:
    """The WARC-Date of the record the item says it came from, read from the WARC file."""
    with (run_dir / item["warc_file"]).open("rb") as stream:
        stream.seek(item["warc_offset"])
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Record-ID") == item["warc_record_id"]
        return record.rec_headers.get_header("WARC-Date")


def test_every_article_links_to_its_replay(dom, crawled):
    _, run_dirs = crawled
    latest = {}
    for run_dir in run_dirs:
        for item in items(run_dir):
            latest[item["canonical_url"]] = (run_dir, item)
    rows = dom.xpath("//table[@id='articles-table']/tbody/tr")
    assert len(rows) == len(latest) > 20
    assert shown(dom, "total_articles") == str(len(latest))
    links = {row.xpath("td[1]/a/@href")[0]: row.xpath("td[5]/a/@href") for row in rows}
    for run_dir, item in latest.values():
        stamp = "".join(c for c in warc_date_of(run_dir, item) if c.isdigit())[:14]
        assert links[item["url"]] == [f"{REPLAY_BASE}/{stamp}/{item['url']}"]


def test_search_box_filters_the_articles(report, crawled):
    _, run_dirs = crawled
    headlines = {i["canonical_url"]: i["headline"] for d in run_dirs for i in items(d)}
    word = "kremlin"
    expected = sum(1 for h in headlines.values() if word in h.lower())
    assert 0 < expected < len(headlines)
    filtered = html.fromstring(dump_dom(report.as_uri() + f"#q={word}"))
    rows = filtered.xpath("//table[@id='articles-table']/tbody/tr")
    assert len(rows) == expected
    assert all(word in row.xpath("td[1]")[0].text_content().lower() for row in rows)


def report_in_process(path: Path, *args: str) -> tuple[int, Path]:
    target = path.parent / "in-process-report.html"
    return main(["report", str(path), "-o", str(target), *args]), target


def test_monitors_in_a_summary_are_shown(crawled, tmp_path):
    _, (first, _) = crawled
    run_dir = tmp_path / first.name
    shutil.copytree(first, run_dir)
    data = summary(run_dir)
    data["monitors"] = [
        {"name": "finish_reason", "passed": True, "detail": "finished"},
        {"name": "field_coverage", "passed": False, "detail": "date 10% (was 100%)"},
    ]
    (run_dir / "summary.json").write_text(json.dumps(data), encoding="utf-8")
    status, target = report_in_process(run_dir)
    assert status == 0
    page = html.fromstring(target.read_bytes())
    rows = page.xpath("//table[@id='monitors-table']/tbody/tr")
    assert [r.xpath("td[2]")[0].text for r in rows] == ["finish_reason", "field_coverage"]
    assert [r.xpath("td[3]")[0].text for r in rows] == ["passed", "FAILED"]
    assert shown(page, "monitors_failed", data["run_id"]) == "1"


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


def test_folder_without_runs_is_one_line_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "not-a-run").mkdir()
    status, _ = report_in_process(tmp_path / "empty")
    assert status == 2
    assert "no run folders" in one_line_error(capsys)


def test_corrupt_summary_is_one_line_exit_2(crawled, tmp_path, capsys):
    _, (first, _) = crawled
    run_dir = tmp_path / "out" / first.name
    shutil.copytree(first, run_dir)
    (run_dir / "summary.json").write_text('{"counts": {', encoding="utf-8")
    status, _ = report_in_process(tmp_path / "out")
    assert status == 2
    err = one_line_error(capsys)
    assert "summary.json" in err and "not valid JSON" in err


def test_unwritable_output_is_one_line_exit_2(crawled, tmp_path, capsys):
    out_dir, _ = crawled
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    status = main(["report", str(out_dir), "-o", str(blocker / "report.html")])
    assert status == 2
    assert "cannot write the report" in one_line_error(capsys)
    assert not list(tmp_path.glob("**/*.open"))


def test_since_after_every_run_is_one_line_exit_2(crawled, tmp_path, capsys):
    out_dir, _ = crawled
    status = main(["report", str(out_dir), "-o", str(tmp_path / "r.html"), "--since", "2999-01-01"])
    assert status == 2
    assert "no run started since" in one_line_error(capsys)


def test_a_field_whose_coverage_dropped_is_flagged(crawled, tmp_path):
    """The second run's items lose their dates and bodies (a template change): flagged."""
    out_dir, (_, second) = crawled
    copy = tmp_path / "out"
    shutil.copytree(out_dir, copy)
    changed = [{**item, "date": None, "body": None} for item in items(copy / second.name)]
    lines = "".join(json.dumps(item) + "\n" for item in changed)
    (copy / second.name / "items.jsonl").write_text(lines, encoding="utf-8")
    status, target = report_in_process(copy)
    assert status == 0
    page = html.fromstring(target.read_bytes())
    flagged = {
        cell.get("data-key")[len("coverage_") :]
        for cell in page.xpath("//table[@id='coverage-table']//td[contains(@class, 'bad')]")
    }
    assert flagged == {"date", "body"}
    assert shown(page, "dates_missing") == str(len({i["canonical_url"] for i in changed}))


def test_since_keeps_the_runs_started_then_or_later(crawled, tmp_path):
    out_dir, (_, second) = crawled
    started = summary(second)["started_at"]
    status = main(["report", str(out_dir), "-o", str(tmp_path / "r.html"), "--since", started])
    assert status == 0
    page = html.fromstring((tmp_path / "r.html").read_bytes())
    assert shown(page, "total_runs") == "1"
    assert page.xpath(f"//*[@data-key='items_written'][@data-run='{summary(second)['run_id']}']")
