"""Every bad value in a site file, a sources file or a command's arguments: exit status 2 and
ONE line on stderr naming the file (or the option), the key and the reason; no traceback.

Each case runs the real ``crawler`` command in a subprocess. Files are written into a fresh
folder; ``{d}`` in an argument is that folder.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.crawling import REPO_ROOT, run_crawler

DIR = object()  # a folder where a file is expected
URL = "http://127.0.0.1:9/tags/x"  # never fetched: every case fails before the crawl starts
TAGS = f'tags = ["{URL}"]\n'


@dataclass
class Case:
    id: str
    args: list[str]
    files: dict[str, str | bytes | object] = field(default_factory=dict)
    says: tuple[str, ...] = ()  # each must appear on the line ({d}: the case's folder)


def site(case_id: str, text: str | bytes | object, *says: str, name: str = "site.toml") -> Case:
    """A crawl with a bad site file; the line names the file and ``says``."""
    args = ["crawl", URL, "--out", "{d}/out", "--site", f"{{d}}/{name}"]
    return Case(case_id, args, {name: text}, (name, *says))


def sources(case_id: str, text: str | bytes | object, *says: str, name: str = "s.toml") -> Case:
    """``crawler schedule --check`` of a bad sources file; the line names it and ``says``."""
    return Case(case_id, ["schedule", f"{{d}}/{name}", "--check"], {name: text}, (name, *says))


def source(case_id: str, body: str, *says: str) -> Case:
    """One source ``news`` whose table is ``body``; the line names ``sources.news...``."""
    return sources(case_id, f"[sources.news]\n{body}", *says)


def option(case_id: str, args: list[str], *says: str, files: dict | None = None) -> Case:
    return Case(case_id, args, files or {}, says)


SITE_CASES = [
    site("site-unknown-key", "colour = 1\n", "colour", "unknown key"),
    site("site-unknown-selector", '[selectors]\nteaser = "p"\n', "selectors.teaser", "unknown"),
    site("site-selector-number", "[selectors]\nentries = 3\n", "selectors.entries", "string"),
    site("site-selector-list", '[selectors]\nbody = ["p"]\n', "selectors.body", "string"),
    site("site-selector-empty", '[selectors]\nheadline = " "\n', "selectors.headline"),
    site("site-bad-css", '[selectors]\nentries = "div["\n', "selectors.entries", "invalid"),
    site("site-bad-css-pseudo", '[selectors]\ndate = "a:frobnicate"\n', "selectors.date"),
    site("site-bad-xpath", "[selectors]\nnext_page = \"//li[@x='1'\"\n", "selectors.next_page"),
    site("site-bad-xpath-prefix", '[selectors]\nbody = "xpath:???"\n', "selectors.body"),
    site("site-selectors-not-table", 'selectors = "h1"\n', "selectors", "table"),
    site("site-name-not-string", "name = 3\n", "name", "string"),
    site("site-bad-toml", "[selectors\nentries = 1\n", "not valid TOML"),
    site("site-bad-encoding", b'[selectors]\nentries = "\xff\xfe"\n', "UTF-8"),
    site("site-missing", None, "cannot read"),
    site("site-is-a-folder", DIR, "cannot read"),
    site("site-wrong-suffix", "{}", "must end in", name="site.json"),
    site("site-yaml-list", "- entries\n", "table", name="site.yaml"),
    site("site-yaml-unsafe", "!!python/object/apply:os.system [echo hi]\n", "YAML", name="s.yml"),
    site("site-yaml-nested", "selectors:\n  entries: {a: 1}\n", "selectors.entries", name="s.yml"),
    site("site-yaml-tabs", "selectors:\n\tentries: a\n", "not valid YAML", name="site.yaml"),
    Case(
        "extract-site",
        ["extract", "{d}/page.html", "--site", "{d}/site.toml"],
        {"page.html": "<html></html>", "site.toml": '[selectors]\nentries = "div["\n'},
        ("site.toml", "selectors.entries"),
    ),
]

SOURCES_CASES = [
    sources("sources-empty", "", "sources"),
    sources("sources-unknown-top-key", f"colour = 1\n[sources.news]\n{TAGS}", "colour", "unknown"),
    sources("sources-not-table", 'sources = "news"\n', "sources", "table"),
    sources("sources-no-source", "[sources]\n", "sources", "at least one"),
    sources("sources-bad-name", f'[sources."a/b"]\n{TAGS}every = "1h"\n', "sources.a/b", "name"),
    sources("sources-source-not-table", "[sources]\nnews = 1\n", "sources.news", "table"),
    source("source-unknown-key", f'{TAGS}every = "1h"\ncolour = 1\n', "sources.news.colour"),
    source("source-no-tags", 'every = "1h"\n', "sources.news.tags", "missing"),
    source("source-tags-string", f'tags = "{URL}"\nevery = "1h"\n', "sources.news.tags"),
    source("source-tags-numbers", 'tags = [1, 2]\nevery = "1h"\n', "sources.news.tags"),
    source("source-tags-ftp", 'tags = ["ftp://x/y"]\nevery = "1h"\n', "sources.news.tags", "ftp"),
    source("source-tags-empty", 'tags = []\nevery = "1h"\n', "sources.news.tags"),
    source("source-no-schedule", TAGS, "sources.news.every", "cron"),
    source("source-every-and-cron", f'{TAGS}every = "1h"\ncron = "0 * * * *"\n', "every"),
    source("source-cron-range", f'{TAGS}cron = "61 * * * *"\n', "sources.news.cron"),
    source("source-cron-fields", f'{TAGS}cron = "* * * *"\n', "sources.news.cron"),
    source("source-cron-number", f"{TAGS}cron = 5\n", "sources.news.cron"),
    source("source-cron-words", f'{TAGS}cron = "every monday"\n', "sources.news.cron"),
    source("source-every-word", f'{TAGS}every = "soon"\n', "sources.news.every"),
    source("source-every-zero", f'{TAGS}every = "0s"\n', "sources.news.every"),
    source("source-every-negative", f"{TAGS}every = -5\n", "sources.news.every"),
    source("source-every-bool", f"{TAGS}every = true\n", "sources.news.every"),
    source("source-every-list", f'{TAGS}every = ["1h"]\n', "sources.news.every"),
    source("source-jitter-negative", f'{TAGS}every = "1h"\njitter = -3\n', "sources.news.jitter"),
    source("source-jitter-word", f'{TAGS}every = "1h"\njitter = "x"\n', "sources.news.jitter"),
    source("source-max-pages-neg", f'{TAGS}every = "1h"\nmax_pages = -1\n', "news.max_pages"),
    source("source-max-pages-word", f'{TAGS}every = "1h"\nmax_pages = "a"\n', "news.max_pages"),
    source("source-max-pages-frac", f'{TAGS}every = "1h"\nmax_pages = 1.5\n', "news.max_pages"),
    source("source-max-pages-bool", f'{TAGS}every = "1h"\nmax_pages = true\n', "news.max_pages"),
    source("source-since-word", f'{TAGS}every = "1h"\nsince = "yesterday"\n', "news.since"),
    source("source-refresh-word", f'{TAGS}every = "1h"\nrefresh = "yes"\n', "news.refresh"),
    source("source-out-number", f'{TAGS}every = "1h"\nout = 5\n', "sources.news.out"),
    source("source-out-empty", f'{TAGS}every = "1h"\nout = ""\n', "sources.news.out"),
    source("source-state-list", f'{TAGS}every = "1h"\nstate = []\n', "sources.news.state"),
    source("source-site-missing", f'{TAGS}every = "1h"\nsite = "no.toml"\n', "site", "no.toml"),
    Case(
        "source-site-bad-selector",
        ["schedule", "{d}/s.toml", "--check"],
        {
            "s.toml": f'[sources.news]\n{TAGS}every = "1h"\nsite = "site.toml"\n',
            "site.toml": '[selectors]\nentries = "div["\n',
        },
        ("sources.news.site", "site.toml", "selectors.entries"),
    ),
    source("source-settings-string", f'{TAGS}every = "1h"\nsettings = "x"\n', "news.settings"),
    source(
        "source-setting-list",
        f'{TAGS}every = "1h"\n[sources.news.settings]\nDOWNLOAD_DELAY = [1]\n',
        "sources.news.settings.DOWNLOAD_DELAY",
    ),
    source(
        "source-setting-wrong-type",
        f'{TAGS}every = "1h"\n[sources.news.settings]\nCONCURRENT_REQUESTS = "many"\n',
        "sources.news.settings.CONCURRENT_REQUESTS",
        "many",
    ),
    source(
        "source-setting-negative",
        f'{TAGS}every = "1h"\n[sources.news.settings]\nDOWNLOAD_DELAY = -2\n',
        "sources.news.settings.DOWNLOAD_DELAY",
    ),
    source(
        "source-setting-typo",
        f'{TAGS}every = "1h"\n[sources.news.settings]\nDOWNLOAD_DELAI = 2\n',
        "sources.news.settings.DOWNLOAD_DELAI",
        "unknown setting; did you mean DOWNLOAD_DELAY?",
        "--allow-unknown-setting",
    ),
    sources("sources-bad-toml", "[sources.news\n", "not valid TOML"),
    sources("sources-bad-encoding", b"[sources.n\xe9ws]\n", "UTF-8"),
    sources("sources-missing", None, "cannot read"),
    sources("sources-is-a-folder", DIR, "cannot read"),
    sources("sources-wrong-suffix", "{}", "must end in", name="s.json"),
    sources("sources-yaml-unsafe", "!!python/object/apply:os.system [1]\n", "YAML", name="s.yml"),
    sources("sources-yaml-list", "- news\n", "sources", name="s.yaml"),
]

CRAWL = ["crawl", URL, "--out", "{d}/out"]
OPTION_CASES = [
    option("crawl-ftp-url", ["crawl", "ftp://x/y"], "URL", "ftp://x/y"),
    option("crawl-no-scheme", ["crawl", "news.example/tags/x"], "URL", "news.example/tags/x"),
    option("crawl-no-url", ["crawl"], "URL"),
    option("crawl-unknown-option", [*CRAWL, "--colour", "red"], "--colour"),
    option("crawl-max-pages-word", [*CRAWL, "--max-pages", "all"], "--max-pages", "all"),
    option("crawl-max-pages-zero", [*CRAWL, "--max-pages", "0"], "max_pages", "1 or more"),
    option("crawl-max-pages-negative", [*CRAWL, "--max-pages", "-3"], "max", "-3"),
    option("crawl-since-word", [*CRAWL, "--since", "yesterday"], "since", "yesterday"),
    option("crawl-out-is-a-file", ["crawl", URL, "--out", "{d}/f"], "{d}/f", files={"f": "x"}),
    option("crawl-run-id-escapes", [*CRAWL, "--run-id", "../up"], "run id", "../up"),
    option("crawl-state-is-a-folder", [*CRAWL, "--state", "{d}/st"], "{d}/st", files={"st": DIR}),
    option(
        "crawl-state-not-a-database",
        [*CRAWL, "--state", "{d}/st.sqlite"],
        "{d}/st.sqlite",
        "not a database",
        files={"st.sqlite": "hello " * 1000},
    ),
    option("crawl-setting-no-equals", [*CRAWL, "-s", "DOWNLOAD_DELAY"], "DOWNLOAD_DELAY"),
    option(
        "crawl-setting-typo",
        [*CRAWL, "-s", "CONCURENT_REQUESTS=32"],
        "-s CONCURENT_REQUESTS: unknown setting; did you mean CONCURRENT_REQUESTS?",
    ),
    option(
        "crawl-setting-typo-case",
        [*CRAWL, "-s", "CRAWLER_ITEMS_PER_FIlE=5"],
        "did you mean CRAWLER_ITEMS_PER_FILE?",
        "--allow-unknown-setting",
    ),
    option(
        "crawl-setting-unknown-allowed-still-checked",
        [*CRAWL, "--allow-unknown-setting", "-s", "MY_OWN=1", "-s", "DOWNLOAD_DELAY=soon"],
        "DOWNLOAD_DELAY",
        "soon",
    ),
    option("crawl-setting-int", [*CRAWL, "-s", "CONCURRENT_REQUESTS=lots"], "CONCURRENT_REQ"),
    option("crawl-setting-float", [*CRAWL, "-s", "DOWNLOAD_DELAY=soon"], "DOWNLOAD_DELAY", "soon"),
    option("crawl-setting-negative", [*CRAWL, "-s", "DOWNLOAD_TIMEOUT=-1"], "DOWNLOAD_TIMEOUT"),
    option("crawl-setting-bool", [*CRAWL, "-s", "ROBOTSTXT_OBEY=maybe"], "ROBOTSTXT_OBEY"),
    option("crawl-setting-reserve", [*CRAWL, "-s", "CRAWLER_MIN_FREE_BYTES=-5"], "MIN_FREE_BYTES"),
    option("crawl-setting-prefix", [*CRAWL, "-s", "WARC_PREFIX=../x"], "WARC_PREFIX"),
    option("crawl-setting-since", [*CRAWL, "-s", "CRAWLER_SINCE=soon"], "since", "soon"),
    option("crawl-setting-dict", [*CRAWL, "-s", "ITEM_PIPELINES={"], "ITEM_PIPELINES", "JSON"),
    option("crawl-setting-log-level", [*CRAWL, "-s", "LOG_LEVEL=LOUD"], "LOG_LEVEL", "LOUD"),
    option("crawl-setting-gzip", [*CRAWL, "-s", "WARC_GZIP_LEVEL=10"], "WARC_GZIP_LEVEL", "10"),
    option("crawl-setting-items", [*CRAWL, "-s", "CONCURRENT_ITEMS=0"], "CONCURRENT_ITEMS", "1 or"),
    option("crawl-write-threads", [*CRAWL, "-s", "WARC_WRITE_THREADS=-1"], "WARC_WRITE_THREADS"),
    option("crawl-setting-run-id", [*CRAWL, "-s", "CRAWLER_RUN_ID=a/b"], "CRAWLER_RUN_ID"),
    option("crawl-extract-workers", [*CRAWL, "-s", "CRAWLER_EXTRACT_WORKERS=-2"], "WORKERS", "-2"),
    option(
        "crawl-extract-function",
        [*CRAWL, "-s", "CRAWLER_EXTRACT_FUNCTION=crawler.nowhere.build"],
        "CRAWLER_EXTRACT_FUNCTION",
        "crawler.nowhere.build",
    ),
    option("crawl-extract-timeout", [*CRAWL, "-s", "CRAWLER_EXTRACT_TIMEOUT=soon"], "TIMEOUT"),
    option("reextract-workers", ["reextract", "{d}", "-o", "{d}/i", "--workers", "x"], "--workers"),
    option("extract-missing", ["extract", "{d}/nope.html"], "{d}/nope.html", "cannot read"),
    option("extract-folder", ["extract", "{d}/f"], "{d}/f", "cannot read", files={"f": DIR}),
    option(
        "extract-ftp-url",
        ["extract", "{d}/p.html", "--url", "ftp://x/"],
        "--url",
        "ftp://x/",
        files={"p.html": "<p>x</p>"},
    ),  # fmt: skip
    option("runs-no-state", ["runs", "--state", "{d}/none.sqlite"], "{d}/none.sqlite"),
    option(
        "runs-state-not-a-database",
        ["runs", "--state", "{d}/st.sqlite"],
        "{d}/st.sqlite",
        files={"st.sqlite": "hello " * 1000},
    ),
    option(
        "runs-unknown-source",
        ["runs", "gone", "--sources", "{d}/s.toml"],
        "s.toml",
        "gone",
        files={"s.toml": f'[sources.news]\n{TAGS}every = "1h"\n'},
    ),
    option("runs-two-places", ["runs", "--out", "{d}", "--state", "{d}/x"], "--state"),
    option("dataset-missing-dir", ["dataset", "{d}/none", "-o", "{d}/x.jsonl"], "{d}/none"),
    option(
        "dataset-dir-is-a-file",
        ["dataset", "{d}/f", "-o", "{d}/x.jsonl"],
        "{d}/f",
        files={"f": "x"},
    ),  # fmt: skip
    option("dataset-no-output", ["dataset", "{d}"], "--output"),
    option("dataset-bad-format", ["dataset", "{d}", "-o", "{d}/x", "--format", "csv"], "--format"),
    option("dataset-output-folder", ["dataset", "{d}", "-o", "{d}/o"], "{d}/o", files={"o": DIR}),
    option("warc-validate-missing", ["warc", "validate", "{d}/none.warc.gz"], "{d}/none.warc.gz"),
    option("warc-repair-missing", ["warc", "repair", "{d}/none.warc.gz.open"], "{d}/none"),
    option("warc-no-action", ["warc"], "validate"),
    option("wacz-missing-run", ["wacz", "{d}/none", "-o", "{d}/x.wacz"], "{d}/none"),
    option("wacz-run-is-a-file", ["wacz", "{d}/f", "-o", "{d}/x.wacz"], "{d}/f", files={"f": "x"}),
    option("wacz-no-warc", ["wacz", "{d}/run", "-o", "{d}/x.wacz"], "{d}/run", files={"run": DIR}),
    option(
        "schedule-stop-timeout-word",
        ["schedule", "{d}/s.toml", "--stop-timeout", "x"],
        "--stop-timeout",
    ),  # fmt: skip
    option(
        "schedule-stop-timeout-negative",
        ["schedule", "{d}/s.toml", "--stop-timeout=-5"],
        "--stop-timeout",
        files={"s.toml": "x"},
    ),  # fmt: skip
    option("no-command", [], "command"),
    option("unknown-command", ["crawlx"], "crawlx"),
    option("demo-out-is-a-file", ["demo", "--out", "{d}/f"], "{d}/f", files={"f": "x"}),
]


def make_files(folder: Path, files: dict[str, str | bytes | object]) -> None:
    for name, content in files.items():
        path = folder / name
        if content is DIR:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")


def assert_one_line_error(done: subprocess.CompletedProcess[str], says: list[str]) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert len(lines) == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    for text in says:
        assert text in lines[0], (text, lines[0])


CASES = SITE_CASES + SOURCES_CASES + OPTION_CASES


def run_case(folder: Path, case: Case) -> subprocess.CompletedProcess[str]:
    folder.mkdir()
    make_files(folder, case.files)
    return run_crawler(*[arg.replace("{d}", str(folder)) for arg in case.args], timeout=120)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every case run once, four commands at a time (each is a new Python process)."""
    base = tmp_path_factory.mktemp("bad-input")
    folders = {case.id: base / case.id for case in CASES}
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = pool.map(lambda case: run_case(folders[case.id], case), CASES)
        results = dict(zip([case.id for case in CASES], done, strict=True))
    return {case_id: (folders[case_id], result) for case_id, result in results.items()}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_gives_one_line_naming_file_key_and_reason(outcomes, case: Case) -> None:
    folder, done = outcomes[case.id]
    assert_one_line_error(done, [text.replace("{d}", str(folder)) for text in case.says])


def test_every_case_has_its_own_name() -> None:
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-a", "url=ftp://x"], "not an http(s) URL: 'ftp://x'"),
        (["-a", f"url={URL}", "-a", "max_pages=all"], "max_pages"),
        (["-a", f"url={URL}", "-a", "site=/nonexistent/site.toml"], "/nonexistent/site.toml"),
        (["-a", f"url={URL}", "-s", "CONCURRENT_REQUESTS=lots"], "-s CONCURRENT_REQUESTS"),
        (["-a", f"url={URL}", "-s", "CRAWLER_RUN_ID=../up"], "../up"),
        (["-a", f"url={URL}", "-s", "CONCURENT_REQUESTS=32"], "did you mean CONCURRENT_REQUESTS?"),
        (["-a", f"url={URL}", "-s", "DOWNLOAD_DELAI=1", "-s", "CONCURRENT_ITEMS=0"], "DELAY?"),
    ],
    ids=["url", "max-pages", "site", "setting", "run-id", "setting-typo", "two-problems"],
)
def test_scrapy_crawl_with_a_bad_argument_gives_one_line(tmp_path: Path, args, says) -> None:
    """At Scrapy's default log level too: the line comes before Scrapy's banner, and alone."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "tagpages", *args,
         "-s", f"CRAWLER_OUTPUT_DIR={tmp_path}"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr[-3000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scrapy crawl: "), done.stderr[-3000:]
    assert says in lines[0]
    assert list(tmp_path.iterdir()) == []  # no crawl started
