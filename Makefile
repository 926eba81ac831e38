# IWW Zelfscan — `make run` serves the app with demo data, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 on PATH (pyenv reads .python-version, which asks for 3.13).
PYTHON_BIN := $(shell for p in python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$p; break; fi; done)

.PHONY: help install run demo test test-fast fuzz lint format bench loadtest messages clean check-python

help:
	@echo "make run    – install, migrate, load demo data and serve on http://$(HOST):$(PORT) (with a task worker)"
	@echo "make test   – install test tools (and Debian's Chromium when possible) and run all tests"
	@echo "make lint   – ruff check and format check, and mypy type check"
	@echo "make fuzz   – the property and fuzz tests with random examples, ten times longer"
	@echo "make bench  – benchmarks (figures and ratios)"
	@echo "make loadtest – 200 respondents at once on gunicorn + PostgreSQL, with a killed worker and a database restart"
	@echo "make demo   – (re)load reference and demo data without serving"

check-python:
	@if [ -z "$(PYTHON_BIN)" ]; then \
		echo "Geen Python 3.12 of nieuwer gevonden (nodig: 3.13, zie .python-version)."; \
		echo "No Python >= 3.12 found. Install Python 3.13 (e.g. 'pyenv install 3.13') and try again."; \
		exit 1; fi

$(VENV)/.installed: pyproject.toml | check-python
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then rm -rf $(VENV); fi
	@[ -x $(PY) ] || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --url http://$(HOST):$(PORT)/

# Reports are made off the request, as in production: a db_worker runs beside the server and
# takes the queued tasks from the database. Ctrl-C (or any exit of the server) stops both; a
# background job of a non-interactive shell ignores SIGINT, so the trap sends it SIGTERM.
run: demo
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	TASK_BACKEND=database $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	TASK_BACKEND=database $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	@./scripts/ensure-test-packages
	$(PY) -m pytest $(PYTEST_ARGS)

# CI draws the same examples every run (the "ci" profile in tests/conftest.py); this searches
# randomly with ten times as many examples and says how to keep what it finds.
fuzz: install
	@./scripts/ensure-test-packages
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_fuzz.py tests/evaluation/rules/test_scoring.py \
		tests/evaluation/rules/test_disclosure.py tests/evaluation/privacy/test_adversary.py -p no:cacheprovider --hypothesis-show-statistics $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -ne 0 ]; then \
		echo; \
		echo "A failure above shows its 'Falsifying example' and a @reproduce_failure(...) line."; \
		echo "Reproduce it by adding that line above the failing test, or the example as"; \
		echo "@example(...); keep the @example in the test once the bug is fixed."; \
	fi; \
	exit $$status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	TASK_BACKEND=database $(PY) -m benchmarks   # background work queued as in production

loadtest: install
	$(PY) scripts/loadtest.py

messages: install
	$(PY) manage.py makemessages --locale en --ignore '.venv/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
