# The two commands a new user needs: `make run` and `make test`. Only Python 3.11+ is required.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
# The demo server asks no second factor, so that a new user signs in with the printed logins
# alone; its sign-in page says so. `make run TWO_FACTOR_REQUIRED=true` shows the enrolment.
TWO_FACTOR_REQUIRED ?= false
# The demo shows the app's own "not found" page, not Django's debug page listing every URL
# (`make run DEBUG=true` for tracebacks). Links in emails point to the port served.
DEBUG ?= false
SITE_URL ?= http://127.0.0.1:$(PORT)
# Tests run in parallel, one worker per core, each with its own test database (TEST_WORKERS=0: in this process).
TEST_WORKERS ?= auto
RUN_ENV = TWO_FACTOR_REQUIRED=$(TWO_FACTOR_REQUIRED) DEBUG=$(DEBUG) SITE_URL=$(SITE_URL)

.DEFAULT_GOAL := help
.PHONY: help setup run test lint messages bench surge clean

help:  ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...).")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)  ## Create .venv, install, migrate, load reference and demo data (idempotent)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: setup  ## Set up, then serve http://127.0.0.1:8000 (PORT=...) with the demo logins printed
	$(RUN_ENV) $(PY) manage.py demo_logins --port $(PORT)
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)  ## Lint, then run every test (browser tests need /usr/bin/chromium)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)  ## Lint and check formatting only
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Needs GNU gettext (apt-get install -y gettext). Writes locale/<ll>/LC_MESSAGES/django.po and .mo
# for the seven languages besides English, and the generated names in config/i18n/locale/.
messages: $(STAMP)  ## Extract every message into the catalogues, compile them, print their coverage
	$(PY) -m config.i18n.catalogues messages

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/intake_bench
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet ".[dev,bench]"
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## Benchmark the pages at 100,000 cases on PostgreSQL (DATABASE_URL; see docs/performance.md)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) tests/benchmarks/bench.py $(BENCH_ARGS)

surge: $(BENCH_STAMP)  ## Load-test a surge: 50 caseworkers register 1,500 arrivals (PostgreSQL + Redis)
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) tests/benchmarks/surge.py $(SURGE_ARGS)

clean:  ## Remove the virtualenv and local data
	rm -rf $(VENV) var staticfiles
