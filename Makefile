# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test venv dev-venv system-deps check clean audit

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime
dev-venv: $(VENV)/.dev

system-deps:
	bash scripts/install-system-deps.sh

## Set up and run the dashboard at http://localhost:$(PORT) with the ingest loop in the background.
run: venv
	$(PY) manage.py serve --port $(PORT)

## Set up and run every test (unit, store on SQLite and PostgreSQL, AppTest, browser).
test: dev-venv system-deps
	$(PY) -m pytest

check: venv
	$(PY) manage.py check

## Known vulnerabilities in the pinned dependencies (needs pypi.org's JSON API or OSV; fails if it could not audit).
audit: dev-venv
	$(VENV)/bin/pip-audit --strict --desc -r requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache
