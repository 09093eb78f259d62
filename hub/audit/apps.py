from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hub.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from hub.audit import recorders

        recorders.connect()
