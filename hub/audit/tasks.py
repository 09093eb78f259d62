from celery import shared_task
from django.conf import settings

from hub.audit.services import audit_prune


@shared_task(name="hub.audit.tasks.audit_prune_task")
def audit_prune_task() -> int:
    """Delete entries older than AUDIT_RETENTION_DAYS (0: keep everything)."""
    return audit_prune(older_than_days=settings.AUDIT_RETENTION_DAYS)
