from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"
    verbose_name = "Hub core"

    def ready(self) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        # kombu's filesystem transport expects its folders to exist; web, worker and beat all
        # load the apps, so creating them here means a fresh clone needs no setup step.
        if str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
            for folder in settings.CELERY_BROKER_TRANSPORT_OPTIONS.values():
                if isinstance(folder, str):
                    Path(folder).mkdir(parents=True, exist_ok=True)
