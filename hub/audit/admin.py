from django.contrib import admin

from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area
from hub.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(AccountScopedAdmin):
    """Read-only: the log is append-only."""

    area = Area.ACCOUNT
    list_display = ["created_at", "account", "actor_email", "source", "action", "object_type", "object_id"]
    list_filter = ["object_type", "action", "source"]
    search_fields = ["actor_email", "object_id", "object_repr"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    # Owners only, as on the page and in the API: "read" here needs the account area's write access.
    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(account__in=self._account_ids(request, write=True))

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return request.user.is_superuser or (request.user.is_staff and bool(self._account_ids(request, write=True)))

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        if request.user.is_superuser:
            return True
        allowed = self._account_ids(request, write=True)
        return request.user.is_staff and (obj.account_id in allowed if obj else bool(allowed))
