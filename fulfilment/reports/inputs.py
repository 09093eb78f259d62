"""One parser of the revenue query for the API and the dashboard: dates, group_by, filters.
Bad input → field errors (the API answers 400 with them; the page shows them and its defaults)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rest_framework import serializers

from fulfilment.reports.selectors import GROUPS, RevenueFilters, RevenueQuery

CHANNELS = ("amazon", "aliexpress", "wish", "manual")
NETWORKS = {"own": "own", "fba": "fba", "marketplace": "marketplace", "none": ""}
MAX_DAYS = 3 * 366
MAX_ID = 2**63 - 1
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)


def seller_today(account):  # type: ignore[no-untyped-def]
    try:
        zone = ZoneInfo(account.timezone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.now(zone).date()


class GroupByField(serializers.Field):
    """`group_by=channel,month` or repeated `group_by=channel&group_by=month`."""

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        values = data if isinstance(data, list) else [data]
        names = [name.strip() for value in values for name in str(value).split(",") if name.strip()]
        unknown = [name for name in names if name not in GROUPS]
        if unknown:
            raise serializers.ValidationError(
                f"Unknown grouping: {', '.join(unknown)}. Choose from {', '.join(GROUPS)}."
            )
        if len(set(names)) != len(names):
            raise serializers.ValidationError("A grouping is named twice.")
        return tuple(names)

    def to_representation(self, value):  # type: ignore[no-untyped-def]
        return list(value)


class RevenueQueryInput(serializers.Serializer):
    date_from = serializers.DateField(
        required=False, help_text="First order day (seller's time zone); default 29 days before date_to."
    )
    date_to = serializers.DateField(
        required=False, help_text="Last order day, included; default today in the seller's time zone."
    )
    group_by = GroupByField(required=False, help_text=f"Comma-separated, combinable: {', '.join(GROUPS)}.")
    channel = serializers.ChoiceField(choices=CHANNELS, required=False)
    channel_account = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    marketplace = serializers.CharField(required=False, max_length=40)
    sku = serializers.CharField(required=False, max_length=80)
    category = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A category id; its sub-categories count too."
    )
    warehouse = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    network = serializers.ChoiceField(
        choices=list(NETWORKS), required=False, help_text="Fulfilment network; none = not routed."
    )
    top = serializers.IntegerField(
        required=False, min_value=1, max_value=50, help_text="Also answer the top and bottom N SKUs per channel."
    )

    def __init__(self, *args, account=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.account = account

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        if hasattr(data, "getlist"):
            plain = {key: data.get(key) for key in data}
            if "group_by" in data:
                plain["group_by"] = data.getlist("group_by")
            data = plain
        return super().to_internal_value(data)

    def _owned(self, model, pk, field):  # type: ignore[no-untyped-def]
        if not model.objects.filter(account=self.account, pk=pk).exists():
            raise serializers.ValidationError({field: [f"No {field.replace('_', ' ')} with id {pk} in this account."]})

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        from channels.models import ChannelAccount
        from hub.catalog.models import Category
        from hub.inventory.models import Warehouse

        date_to = attrs.get("date_to") or seller_today(self.account)
        date_from = attrs.get("date_from") or date_to - timedelta(days=29)
        outside = {
            field: [f"Between {EARLIEST} and {LATEST}."]
            for field, value in (("date_from", date_from), ("date_to", date_to))
            if not EARLIEST <= value <= LATEST
        }
        if outside:
            raise serializers.ValidationError(outside)
        if date_from > date_to:
            raise serializers.ValidationError({"date_from": ["date_from is after date_to."]})
        if (date_to - date_from).days + 1 > MAX_DAYS:
            raise serializers.ValidationError({"date_from": [f"At most {MAX_DAYS} days at once."]})
        attrs["date_from"], attrs["date_to"] = date_from, date_to
        for field, model in (("channel_account", ChannelAccount), ("category", Category), ("warehouse", Warehouse)):
            if field in attrs:
                self._owned(model, attrs[field], field)
        return attrs

    def query(self) -> RevenueQuery:
        data = self.validated_data
        network = data.get("network")
        filters = RevenueFilters(
            channel=data.get("channel", ""),
            channel_account=data.get("channel_account"),
            marketplace=data.get("marketplace", ""),
            sku=data.get("sku", ""),
            category=data.get("category"),
            warehouse=data.get("warehouse"),
            network=NETWORKS[network] if network is not None else None,
        )
        return RevenueQuery(
            account_id=self.account.pk,
            date_from=data["date_from"],
            date_to=data["date_to"],
            group_by=data.get("group_by", ()),
            filters=filters,
            currency=self.account.base_currency,
        )
