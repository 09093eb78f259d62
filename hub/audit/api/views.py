from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.exceptions import PermissionDenied

from hub.accounts.api.tenancy import AccountScopedViewSet
from hub.accounts.roles import Area, role_can_write
from hub.audit.models import AuditEntry
from hub.audit.selectors import AuditEntryFilter, audit_entry_list


class AuditEntryOutputSerializer(serializers.ModelSerializer):
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(allow_null=True), min_length=2, max_length=2),
        help_text="field → [before, after]; before is null for a creation, after null for a deletion.",
    )

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_email",
            "source",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
        ]


@extend_schema(tags=["audit"])
class AuditEntryViewSet(AccountScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The account's audit log, newest first. Owners only (other roles: 403)."""

    area = Area.ACCOUNT
    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntryOutputSerializer
    filterset_class = AuditEntryFilter
    ordering_fields = ["created_at"]
    search_fields: list[str] = []

    def initial(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().initial(request, *args, **kwargs)
        if not getattr(self, "swagger_fake_view", False) and not role_can_write(self.membership.role, Area.ACCOUNT):
            raise PermissionDenied("Only the account's owners read its audit log.")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        return audit_entry_list(account=self.account)
