import django_filters

from hub.core.api.filters import IsoDateTimeFilter
from hub.inventory.models import MovementReason, StockLevel, StockMovement


class StockLevelFilter(django_filters.FilterSet):
    # Plain ids, not model choices: a choice filter checks the id against every account's rows, so
    # another account's id (empty page) and an unused one (400) would answer differently.
    variant = django_filters.NumberFilter()
    warehouse = django_filters.NumberFilter()
    sku = django_filters.CharFilter(field_name="variant__sku", lookup_expr="iexact")
    warehouse_code = django_filters.CharFilter(field_name="warehouse__code")
    available_below = django_filters.NumberFilter(field_name="available_units", lookup_expr="lt")

    class Meta:
        model = StockLevel
        fields = ["variant", "warehouse", "sku", "warehouse_code", "available_below"]


class StockMovementFilter(django_filters.FilterSet):
    variant = django_filters.NumberFilter()
    warehouse = django_filters.NumberFilter()
    sku = django_filters.CharFilter(field_name="variant__sku", lookup_expr="iexact")
    reason = django_filters.MultipleChoiceFilter(choices=MovementReason.choices)
    created_after = IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = StockMovement
        fields = ["variant", "warehouse", "sku", "reason", "reference", "created_after", "created_before"]
