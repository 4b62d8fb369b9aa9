# The two commands of the README: `make serve` and `make test`. Each sets up what it needs
# (virtual environment, pinned Python and npm packages, Debian's Chromium for the browser tests)
# and skips what is already set up, so a re-run takes seconds.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMPS := .stamps
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup serve build chromium test check lint format bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMPS)/venv: pyproject.toml constraints.txt scripts/find-python
	@mkdir -p $(STAMPS)
	@if [ ! -x $(PY) ]; then echo "creating $(VENV) with $$(scripts/find-python)"; "$$(scripts/find-python)" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --constraint constraints.txt flit_core
	$(PY) -m pip install --quiet --constraint constraints.txt --no-build-isolation --editable '.[dev]'
	@touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(STAMPS)/venv $(STAMPS)/npm  ## Install the pinned Python and npm packages (once)

build: setup  ## Build the site into site/ (strict: warnings fail; PLAYBOOK_LANGUAGES=en,de: German into site/de/)
	$(BIN)/mkdocs build --strict

serve: setup  ## Build and serve the site at http://127.0.0.1:8000 with live reload (the first language only)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

chromium:  ## Make sure Debian's Chromium is installed (the browser tests drive it)
	@scripts/ensure-chromium

test: setup chromium lint  ## Lint and types, then every test: calculators, rubrics, build, Pyodide in Node, browser
	$(PY) -m pytest

check: setup lint  ## The fast lane: lint, types, and the Python tests without the browser and Pyodide
	PLAYBOOK_TESTS=fast $(PY) -m pytest -m "not browser and not pyodide" -q -n auto --maxprocesses=4 --dist loadgroup

lint: setup  ## Ruff (lint and format), mypy (calculators/, hooks/) and tsc (the browser JavaScript)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node_modules/.bin/tsc -p tsconfig.json

format: setup  ## Format the Python sources
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: setup chromium  ## Measure the performance budgets (figures, not pass/fail)
	$(PY) scripts/bench

clean:  ## Remove the build output and caches (keeps the environments)
	rm -rf site .cache .pytest_cache .hypothesis
