# Plan Portal — the two commands a newcomer needs:
#   make run    set everything up and serve the portal on http://127.0.0.1:8000
#   make test   install what the tests need and run the whole suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

# The make targets are for development: DEBUG on unless the environment says otherwise.
# Settings default to DEBUG off, so a production server never gets it by a forgotten variable.
export DEBUG ?= true

.PHONY: run test setup venv deps dev-deps assets messages db lint test-sqlite test-postgres browser bench bench-http clean

run: setup db
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: deps assets messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(VENV)/bin/python

deps: venv
	$(PIP) install --quiet -r requirements.txt

dev-deps: venv
	$(PIP) install --quiet -r requirements-dev.txt

# ECharts comes from npm, pinned in package-lock.json, and is served by the portal itself.
assets:
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error && $(PY) scripts/copy_assets.py; fi

# Translations are compiled from locale/*/zh_Hans/LC_MESSAGES/django.po (needs gettext's msgfmt).
messages: venv
	@command -v msgfmt >/dev/null || scripts/apt_install.sh gettext
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

db:
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py setup_roles -v0
	$(PY) manage.py load_plan

# The same checks pre-commit runs before each commit (.pre-commit-config.yaml).
lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

browser:
	@scripts/apt_install.sh chromium fonts-noto-cjk

test: dev-deps assets messages browser lint test-sqlite test-postgres

# pytest-xdist: one worker per core (each builds its own test database with the plan loaded;
# PostgreSQL's are suffixed _gw0, _gw1, …). loadgroup keeps a module that shares a
# module-scoped fixture on one worker (tests/conftest.py marks them). PYTEST_WORKERS=0 runs
# the suite in one process.
PYTEST_WORKERS ?= logical
PYTEST_XDIST    = -n $(PYTEST_WORKERS) --dist loadgroup

test-sqlite:
	$(PY) manage.py collectstatic --noinput -v0
	env -u DATABASE_URL CONN_MAX_AGE=0 $(VENV)/bin/pytest $(PYTEST_XDIST)

test-postgres:
	CONN_MAX_AGE=0 scripts/with_postgres.sh $(VENV)/bin/pytest $(PYTEST_XDIST)

bench: deps
	$(PY) bench/run.py

# The HTTP benchmark of issue 12 (bench/http.py): the portal beside Datasette and a raw floor,
# on SQLite then PostgreSQL, written to docs/benchmarks.md. 30-40 minutes on 2 cores;
# BENCH_ARGS=--quick for a short trial on small data, BENCH_ARGS=--reuse to keep built data.
bench-http: deps
	rm -f bench/.data/results-*.json
	$(PY) bench/http.py --database sqlite $(BENCH_ARGS)
	scripts/with_postgres.sh $(PY) bench/http.py --database postgres $(BENCH_ARGS)
	$(PY) bench/http.py --write-report

clean:
	rm -rf $(VENV) node_modules staticfiles static/vendor
