"""The Celery application. Tasks live in each app's `tasks.py` and are found by autodiscovery."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.config.settings.local")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Logs carry task and job ids; task metrics and worker heartbeats (hub.core.observability).
import hub.core.observability.celery_signals  # noqa: E402, F401
