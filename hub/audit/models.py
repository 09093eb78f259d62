from django.conf import settings
from django.db import models

from hub.accounts.models import SellerAccount


class AuditSource(models.TextChoices):
    API = "api", "API"
    ADMIN = "admin", "Admin"
    PAGE = "page", "Page"
    IMPORT = "import", "Import"
    TASK = "task", "Background task"
    COMMAND = "command", "Command line"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"


class AuditEntry(models.Model):
    """Who changed what, when, with the value of each changed field before and after. Append-only.
    Secret fields (credentials) are recorded as "(set)"/"(empty)", never their value."""

    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    # Kept when the user is deleted later.
    actor_email = models.CharField(max_length=254, blank=True)
    source = models.CharField(max_length=10, choices=AuditSource.choices)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, help_text="app_label.model, e.g. catalog.variant")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200, blank=True)
    # {"field": [before, after]}; before is null for a creation, after is null for a deletion.
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "-created_at"]),
            models.Index(fields=["account", "object_type", "object_id"]),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_email or 'system'} {self.action} {self.object_type}:{self.object_id}"
