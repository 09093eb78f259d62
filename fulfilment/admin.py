"""Admin for fulfilment: routing rules, fee rules, rate cards and bin locations are edited here
(validated like the API); orders, shipments and pushes are read-only (they change through the
services only)."""

from django import forms
from django.contrib import admin

from fulfilment.models import (
    BinLocation,
    FeeRule,
    FulfilmentSettings,
    Order,
    OrderLine,
    RateCard,
    RoutingRule,
    Shipment,
    TrackingPush,
)
from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = "__all__"

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        warehouse, account = data.get("warehouse"), data.get("account")
        if warehouse is not None and account is not None and warehouse.account_id != account.pk:
            self.add_error("warehouse", "This warehouse belongs to another account.")
        if warehouse is None and not data.get("prefer_cheapest"):
            self.add_error("warehouse", "Name a warehouse, or choose the cheapest.")
        return data


@admin.register(RoutingRule)
class RoutingRuleAdmin(AccountScopedAdmin):
    area = Area.SHIPMENTS
    form = RoutingRuleForm
    list_display = ["position", "name", "warehouse", "prefer_cheapest", "allow_split", "is_active", "account"]
    list_display_links = ["name"]
    ordering = ["account", "position", "pk"]


@admin.register(FeeRule)
class FeeRuleAdmin(AccountScopedAdmin):
    area = Area.ORDERS
    list_display = ["family", "marketplace_id", "percent", "fixed", "account"]


@admin.register(FulfilmentSettings)
class FulfilmentSettingsAdmin(AccountScopedAdmin):
    area = Area.ORDERS
    list_display = ["account", "shortage_rule"]


@admin.register(RateCard)
class RateCardAdmin(AccountScopedAdmin):
    area = Area.SHIPMENTS
    account_lookup = "warehouse__account"
    list_display = ["warehouse", "country", "base", "per_unit", "currency", "delivery_days"]


@admin.register(BinLocation)
class BinLocationAdmin(AccountScopedAdmin):
    area = Area.SHIPMENTS
    account_lookup = "warehouse__account"
    list_display = ["warehouse", "location", "variant"]
    search_fields = ["location", "variant__sku"]


class ReadOnlyAdmin(AccountScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["sku", "variant", "quantity", "quantity_shipped", "unit_price", "reserved_quantity", "reservation_state"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    area = Area.ORDERS
    list_display = [
        "external_id",
        "family",
        "marketplace_id",
        "status",
        "total",
        "currency",
        "base_total",
        "reservation_state",
        "network",
        "order_date",
    ]
    list_filter = ["family", "status", "reservation_state", "network", "money_state", "hold_reason"]
    search_fields = ["external_id", "lines__sku"]
    inlines = [OrderLineInline]


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    area = Area.SHIPMENTS
    account_lookup = "order__account"
    list_display = ["order", "number", "network", "warehouse", "status", "carrier", "tracking_number"]
    list_filter = ["network", "status"]


@admin.register(TrackingPush)
class TrackingPushAdmin(ReadOnlyAdmin):
    area = Area.SHIPMENTS
    account_lookup = "order__account"
    list_display = ["order", "shipment", "state", "attempts", "last_error", "accepted_at"]
    list_filter = ["state"]
