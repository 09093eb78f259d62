#!/usr/bin/env bash
# Every benchmark against PostgreSQL (and Redis where one needs it). Prints a table and writes
# bench-results.json; exits non-zero when a figure misses its target.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/services.sh
ensure_postgres
ensure_redis
export DJANGO_SETTINGS_MODULE=hub.config.settings.test
exec .venv/bin/python -m infra.bench "$@"
