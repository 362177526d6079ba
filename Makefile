# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test venv dev-venv system-deps check clean audit

# uv installs the pinned ranges into the venv (the same resolution as pip, in 22 s instead of 35). --compile-bytecode
# as pip does: without .pyc files (PYTHONDONTWRITEBYTECODE is common) every process compiles its imports anew
UV := $(VENV)/bin/uv
UV_PIN := uv>=0.13,<0.14

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(UV): | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check "$(UV_PIN)"

$(VENV)/.runtime: requirements.txt | $(UV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(UV)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime
dev-venv: $(VENV)/.dev

system-deps:
	bash scripts/install-system-deps.sh

## Set up and run the dashboard at http://localhost:$(PORT) with the ingest loop in the background.
run: venv system-deps
	$(PY) manage.py serve --port $(PORT)

# pytest-xdist workers (each has its own databases and ports): one more than the cores, since part
# of the time a test waits on a subprocess, a server or a browser
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

# compileall: the project's own .pyc files, which PYTHONDONTWRITEBYTECODE=1 (set on this kind of machine)
# otherwise keeps every manage.py and Streamlit process the tests start from writing: each compiled
# its imports anew.
## Lint, format check, type check, then every test (unit, store on SQLite and PostgreSQL, AppTest,
## browser) with branch coverage; the same under CI=true (.ci/run), where a skip is a failure.
test: dev-venv system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m compileall -q -j 0 -x '/(\.venv|artifacts|data)/' .
	$(PY) -m pytest -n $(WORKERS) --cov --cov-report=term

check: venv
	$(PY) manage.py check

## Known vulnerabilities in the pinned dependencies (needs pypi.org's JSON API or OSV; fails if it could not audit).
audit: dev-venv
	$(VENV)/bin/pip-audit --strict --desc -r requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*
