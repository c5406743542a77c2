# make demo: set up .venv, crawl the bundled demo news site, print where the output is.
# make test: set up .venv and run the whole test suite (it starts its own servers on 127.0.0.1).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint format clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0] + " (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: setup
	$(VENV)/bin/crawler demo

test: setup lint
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check crawler tests
	$(VENV)/bin/ruff format --check crawler tests

format: setup
	$(VENV)/bin/ruff check --fix crawler tests
	$(VENV)/bin/ruff format crawler tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
