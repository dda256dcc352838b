# Quadrant: `make demo` serves the demo organisation; `make test` runs the whole suite.
# Both install what they need first (a virtualenv from the lockfile, the npm front end).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock pyproject.toml | sha1sum | cut -c1-12)
FRONTEND := quadrant/static/vendor/.built
PYTEST_WORKERS ?= 2

.PHONY: demo test fuzz screenshots bench lint setup frontend chromium clean lock

setup: $(STAMP) $(FRONTEND)

$(STAMP): requirements/dev.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(FRONTEND): node_modules/.package-lock.json scripts/build-frontend.mjs frontend/nhsuk.scss
	npm run --silent build
	@touch $@

frontend: $(FRONTEND)

## demo: install, migrate an SQLite database under var/, seed the demo trust, serve on :8000
demo: setup
	QUADRANT_ENV=demo $(VENV)/bin/quadrant demo --port 8000

## chromium: Debian's Chromium for the browser tests (installed with apt when we are root)
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "!!!!! Could not install chromium: the browser tests will be SKIPPED (FAIL with CI=true) !!!!!"; \
	else \
		echo "!!!!! /usr/bin/chromium is missing and apt is not usable: browser tests will be SKIPPED (FAIL with CI=true) !!!!!"; \
	fi
	@if [ "$${CI:-}" = true ] && [ ! -x /usr/bin/chromium ]; then \
		echo "CI=true and no Chromium: stopping before the tests (they would fail)."; exit 1; fi

## test: the whole suite, on SQLite or on the database QUADRANT_DATABASE_URL names
test: setup chromium
	QUADRANT_ENV=test $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile -q

## fuzz: schemathesis over every API operation as admin and as staff, 200 cases an operation
## and persona (the suite runs 25): no 5xx, no answer that breaks the schema
## screenshots: the browser journeys, saving their pictures of the key pages to docs/screenshots
screenshots: setup chromium
	QUADRANT_ENV=test QUADRANT_SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(PY) -m pytest -q \
		-m browser

fuzz: setup
	QUADRANT_ENV=test QUADRANT_FUZZ_EXAMPLES=$${QUADRANT_FUZZ_EXAMPLES:-200} $(PY) -m pytest \
		-n $(PYTEST_WORKERS) --dist loadfile -q tests/security/test_api_fuzz.py \
		tests/security/test_api_fuzz_staff.py

## bench: the benchmarks (figures for the README table)
bench: setup
	QUADRANT_ENV=test $(PY) bench/run.py

## lint: ruff, bandit (medium and high), mypy over all of quadrant, the import-linter layer
## contracts, Django's checks, migrations up to date
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r quadrant -c pyproject.toml --severity-level medium
	QUADRANT_ENV=test $(VENV)/bin/mypy
	QUADRANT_ENV=test $(VENV)/bin/lint-imports
	QUADRANT_ENV=test $(PY) manage.py check
	QUADRANT_ENV=test $(PY) manage.py makemigrations --check --dry-run

## lock: re-resolve the Python lockfiles after changing pyproject.toml
lock:
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev -o requirements/dev.lock --python-version 3.11 -q
	$(VENV)/bin/uv pip compile pyproject.toml -o requirements/prod.lock --python-version 3.11 -q

clean:
	rm -rf $(VENV) node_modules quadrant/static/vendor var
