# make demo: set up .venv, crawl the bundled demo news site, print where the output is.
# make test: set up .venv and run the whole test suite (it starts its own servers on 127.0.0.1).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REPLAY_VENV := .venv-replay
REPLAY_STAMP := $(REPLAY_VENV)/.installed

.PHONY: setup replay-setup browser demo test lint format clean bench-extraction bench-crawl bench-realsites

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0] + " (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# pywb and wacz, run by the replay tests, in a virtualenv of their own (see the requirements file).
replay-setup: $(REPLAY_STAMP)

$(REPLAY_STAMP): requirements-replay.txt
	@test -x $(REPLAY_VENV)/bin/python || $(PYTHON) -m venv $(REPLAY_VENV)
	$(REPLAY_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(REPLAY_VENV)/bin/python -m pip install --quiet -r requirements-replay.txt
	@touch $(REPLAY_STAMP)

# Debian's chromium, which the report's test renders it in (tests/test_report.py): installed with
# apt where apt is and we are root; elsewhere a line says so and that test is skipped, saying why.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "make browser: no chromium and no apt-get as root: tests/test_report.py will be skipped"; fi

demo: setup
	$(VENV)/bin/crawler demo

test: setup replay-setup browser lint
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check crawler tests bench
	$(VENV)/bin/ruff format --check crawler tests bench

format: setup
	$(VENV)/bin/ruff check --fix crawler tests bench
	$(VENV)/bin/ruff format crawler tests bench

# Our extractor against trafilatura on ../shared/data/article-bench (BENCH_DATA=... to override).
bench-extraction: setup
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/extraction.py $(if $(BENCH_DATA),--data $(BENCH_DATA))

# Crawl speed and memory: ours against a bare Scrapy spider and wget on a local world (docs/benchmarks.md).
# BENCH_ARGS="--articles 5000 --latency-ms 0,30" or "--rss-growth" to change what it runs.
bench-crawl: setup
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/crawl_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(REPLAY_VENV) build *.egg-info .pytest_cache .ruff_cache
	rm -rf setup.py eggs dbs logs twistd.pid  # scrapyd-deploy's setup.py, a local scrapyd's files

# Real-site benchmark (issue 15): rebuilds the shared dev corpus and ours (bench/realsites/corpus.toml)
# from the snapshots in MIRROR_ROOT, crawls every site on 127.0.0.1 with no site file, prints the table.
# Data: ~/.cache/realsites-dev and ~/.cache/realsites-own; outputs: REALSITES_OUT. REALSITES_ARGS="site ..."
MIRROR_ROOT ?= /work/.mirror
REALSITES_OUT ?= /tmp/realsites-bench
bench-realsites: setup
	MIRROR_ROOT=$(MIRROR_ROOT) $(PY) bench/realsites/run.py --out $(REALSITES_OUT) $(REALSITES_ARGS)
