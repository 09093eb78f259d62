# Crossborder Hub. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install run test test-fast bench lint format migrations-check messages demo clean audit-deps

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 20

install: ## create .venv and install the pinned dependencies (idempotent)
	@infra/scripts/bootstrap.sh

run: install ## run the hub: web, Celery worker and beat, marketplace sandboxes, demo seller (Ctrl-C stops all)
	@infra/scripts/run.sh

test: install ## install/start PostgreSQL, Redis and Chromium as needed, then run the whole suite on PostgreSQL
	@infra/scripts/test.sh

test-fast: install ## the suite without browser and multi-process integration tests (needs `make test` services)
	@infra/scripts/test.sh -m "not browser and not integration"

bench: install ## run every benchmark against PostgreSQL; prints a table and writes bench-results.json
	@infra/scripts/bench.sh

lint: install ## ruff check, ruff format --check, makemigrations --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=hub.config.settings.test $(PY) manage.py makemigrations --check --dry-run

audit-deps: install ## pip-audit the pinned dependencies (fails on a known vulnerability; warns when the service is unreachable)
	$(PY) infra/scripts/dependency_audit.py

format: install ## apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install ## fail when a model change has no migration
	DJANGO_SETTINGS_MODULE=hub.config.settings.test $(PY) manage.py makemigrations --check --dry-run

messages: install ## extract and compile the interface translations (English, Simplified Chinese)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --add-location=file $(foreach d,.venv var media staticfiles tests infra node_modules,--ignore=$(d))
	$(PY) manage.py compilemessages

demo: install ## (re)load the demo seller into the local database
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

clean: ## remove the local database, broker folders and media (keeps .venv)
	rm -rf var media staticfiles
