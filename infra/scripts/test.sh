#!/usr/bin/env bash
# The whole test suite on PostgreSQL, with Redis and headless Chromium for the tests that need
# them. Extra arguments go to pytest (e.g. infra/scripts/test.sh -k stock -x).
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/services.sh
ensure_postgres
ensure_redis
ensure_chromium
ensure_gettext

export DJANGO_SETTINGS_MODULE=hub.config.settings.test
# The test settings read these; each test session uses its own database (created and dropped).
export TEST_DATABASE_NAME=${TEST_DATABASE_NAME:-test_hub}

echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> migrations are complete"
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null
echo "==> pytest"
exec .venv/bin/python -m pytest "$@"
