"""Reading the audit log: one account's entries, newest first, filtered by object type, object,
actor and date range (the page and the API use the same filter)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from hub.accounts.models import SellerAccount
from hub.audit.models import AuditEntry
from hub.audit.registry import AUDITED
from hub.core.api.filters import IsoDateTimeFilter

OBJECT_TYPE_CHOICES = [(label, label) for label in sorted(AUDITED)]


class AuditEntryFilter(django_filters.FilterSet):
    object_type = django_filters.ChoiceFilter(choices=OBJECT_TYPE_CHOICES)
    object_id = django_filters.CharFilter()
    actor = django_filters.NumberFilter(field_name="actor_id")
    action = django_filters.CharFilter()
    source = django_filters.CharFilter()
    created_after = IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuditEntry
        fields = ["object_type", "object_id", "actor", "action", "source", "created_after", "created_before"]


def audit_entry_list(*, account: SellerAccount) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(account=account).select_related("actor")


def audit_actor_choices(*, account: SellerAccount) -> list[tuple[int, str]]:
    """The people who appear in the account's log (for the page's filter)."""
    rows = (
        AuditEntry.objects.filter(account=account, actor__isnull=False)
        .values_list("actor_id", "actor_email")
        .distinct()
        .order_by("actor_email")
    )
    return list(dict(rows).items())
