# Dovetail: `make run` starts the product, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
NPM := npm --no-audit --no-fund --loglevel=error

.PHONY: run test install lint format lock

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM) ci

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && $(NPM) ci

FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/package.json frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)
frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && $(NPM) run build

install: $(VENV)/.installed frontend/dist/index.html

# Sandbox mode: templates' *.example.com URLs are pointed at this server's inbox on import
# (docs/sandbox.md). `SANDBOX_URL= make run` turns it off.
run: export SANDBOX_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_admin
	$(PY) manage.py ensure_sandbox
	exec $(PY) manage.py serve --port $(PORT)

lint: $(VENV)/.installed frontend/node_modules/.package-lock.json
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	cd frontend && $(NPM) run lint && $(NPM) run typecheck

test: install tests/e2e/node_modules/.package-lock.json lint
	cd frontend && $(NPM) test
	$(PY) -m pytest

format: $(VENV)/.installed
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Re-pin requirements*.txt from requirements*.in in clean virtualenvs.
lock:
	rm -rf /tmp/dovetail-lock && $(PYTHON) -m venv /tmp/dovetail-lock
	/tmp/dovetail-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Generated from requirements.in by: make lock. Do not edit by hand."; /tmp/dovetail-lock/bin/pip freeze; } > requirements.txt
	/tmp/dovetail-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Generated from requirements-dev.in by: make lock. Test and lint tools on top of requirements.txt."; \
	  echo "-r requirements.txt"; /tmp/dovetail-lock/bin/pip freeze | grep -vxFf requirements.txt; } > requirements-dev.txt
