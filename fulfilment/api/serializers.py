from decimal import Decimal

from rest_framework import serializers

from channels.models import ChannelAccount
from fulfilment.models import (
    Order,
    OrderEvent,
    OrderLine,
    OrderVersion,
    RoutingDecision,
    RoutingRule,
    Shipment,
    ShipmentLine,
    TrackingPush,
)
from fulfilment.money_text import money_text
from fulfilment.services.money import ORDER_AMOUNTS
from hub.accounts.api.tenancy import AccountPrimaryKeyRelatedField
from hub.inventory.models import Warehouse

ORDER_FIELDS = [
    "id",
    "source",
    "family",
    "channel_account",
    "marketplace_id",
    "external_id",
    "status",
    "marketplace_status",
    "fulfilled_by",
    "purchased_at",
    "order_date",
    "marketplace_updated_at",
    "version",
    "buyer_name",
    "ship_country",
    "currency",
    "items_total",
    "shipping_total",
    "tax_total",
    "discount_total",
    "total",
    "fees_total",
    "fee_source",
    "refunds_total",
    "fulfilment_cost",
    "base_currency",
    "base_items_total",
    "base_total",
    "base_fees_total",
    "base_refunds_total",
    "base_fulfilment_cost",
    "rate",
    "rate_date",
    "rate_source",
    "money_state",
    "money_reason",
    "hold_reason",
    "hold_detail",
    "reservation_state",
    "network",
    "warehouse",
    "warehouse_code",
    "tracking_pushed",
]


class CurrencyDecimals:
    """Money fields shown with their currency's decimals: `money_fields` maps a field to the
    attribute (on the object, or a callable) that names its currency."""

    money_fields: dict = {}

    def to_representation(self, instance):  # type: ignore[no-untyped-def]
        data = super().to_representation(instance)  # type: ignore[misc]
        for name, currency in self.money_fields.items():
            if name in data and data[name] is not None:
                code = currency(instance) if callable(currency) else getattr(instance, currency)
                data[name] = money_text(Decimal(data[name]), code or "")
        return data


ORDER_MONEY = {
    **dict.fromkeys(ORDER_AMOUNTS, "currency"),
    **{f"base_{name}": "base_currency" for name in ORDER_AMOUNTS},
}


class OrderSerializer(CurrencyDecimals, serializers.ModelSerializer):
    money_fields = ORDER_MONEY
    warehouse_code = serializers.CharField(source="warehouse.code", default=None, read_only=True)
    tracking_pushed = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Order
        fields = ORDER_FIELDS
        read_only_fields = ORDER_FIELDS


class OrderLineSerializer(CurrencyDecimals, serializers.ModelSerializer):
    money_fields = {
        "unit_price": lambda line: line.order.currency,
        "line_total": lambda line: line.order.currency,
        "fee": lambda line: line.order.currency,
        "base_line_total": lambda line: line.order.base_currency,
        "base_fee": lambda line: line.order.base_currency,
    }

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "external_id",
            "sku",
            "variant",
            "title",
            "quantity",
            "quantity_shipped",
            "unit_price",
            "line_total",
            "fee",
            "base_line_total",
            "base_fee",
            "reserved_quantity",
            "reservation_state",
            "reserved_warehouse",
        ]
        read_only_fields = fields


class OrderVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderVersion
        fields = ["version", "marketplace_updated_at", "status", "marketplace_status", "changes", "created_at"]


class OrderEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderEvent
        fields = ["kind", "message", "data", "created_at"]


class RoutingDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoutingDecision
        fields = ["id", "rule", "rule_name", "network", "warehouse", "summary", "trace", "created_at"]


class ShipmentLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="order_line.sku", read_only=True)

    class Meta:
        model = ShipmentLine
        fields = ["order_line", "sku", "quantity"]


class ShipmentSerializer(CurrencyDecimals, serializers.ModelSerializer):
    money_fields = {"fee": "fee_currency"}
    lines = ShipmentLineSerializer(many=True, read_only=True)
    order_external_id = serializers.CharField(source="order.external_id", read_only=True)
    warehouse_code = serializers.CharField(source="warehouse.code", read_only=True)

    class Meta:
        model = Shipment
        fields = [
            "id",
            "order",
            "order_external_id",
            "number",
            "network",
            "warehouse",
            "warehouse_code",
            "status",
            "seller_fulfillment_order_id",
            "marketplace_status",
            "carrier",
            "tracking_number",
            "shipped_at",
            "fee",
            "fee_currency",
            "failure",
            "lines",
        ]
        read_only_fields = fields


class TrackingPushSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackingPush
        fields = ["id", "order", "shipment", "state", "attempts", "next_attempt_at", "last_error", "accepted_at"]
        read_only_fields = fields


class OrderDetailSerializer(OrderSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    versions = OrderVersionSerializer(many=True, read_only=True)
    events = OrderEventSerializer(many=True, read_only=True)
    routing_decisions = RoutingDecisionSerializer(many=True, read_only=True)
    shipments = ShipmentSerializer(many=True, read_only=True)
    tracking_pushes = TrackingPushSerializer(many=True, read_only=True)
    ship_to = serializers.JSONField(read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [
            *ORDER_FIELDS,
            "ship_to",
            "note",
            "lines",
            "versions",
            "events",
            "routing_decisions",
            "shipments",
            "tracking_pushes",
        ]
        read_only_fields = fields


class ManualLineSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=80)
    quantity = serializers.IntegerField(min_value=1, max_value=100000)
    unit_price = serializers.DecimalField(max_digits=17, decimal_places=3, min_value=Decimal(0))
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AddressSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    state_or_region = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    country_code = serializers.RegexField(r"^[A-Z]{2}$", error_messages={"invalid": "Use an ISO 3166-1 code."})
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ManualOrderInputSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    currency = serializers.RegexField(r"^[A-Z]{3}$")
    ship_to = AddressSerializer()
    lines = ManualLineSerializer(many=True, allow_empty=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ManualOrderUpdateSerializer(serializers.Serializer):
    ship_to = AddressSerializer(required=False)
    lines = ManualLineSerializer(many=True, allow_empty=False, required=False)


class PullInputSerializer(serializers.Serializer):
    channel_account = AccountPrimaryKeyRelatedField(model=ChannelAccount, required=False, allow_null=True)
    since = serializers.DateTimeField(required=False, allow_null=True)


class RoutingRuleSerializer(serializers.ModelSerializer):
    warehouse = AccountPrimaryKeyRelatedField(model=Warehouse, required=False, allow_null=True)
    families = serializers.ListField(
        child=serializers.ChoiceField(choices=["amazon", "aliexpress", "wish", "manual"]), required=False
    )
    marketplace_ids = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    countries = serializers.ListField(child=serializers.RegexField(r"^[A-Z]{2}$"), required=False)

    class Meta:
        model = RoutingRule
        fields = [
            "id",
            "name",
            "position",
            "is_active",
            "families",
            "marketplace_ids",
            "countries",
            "warehouse",
            "prefer_cheapest",
            "allow_split",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        prefer = attrs.get("prefer_cheapest", getattr(self.instance, "prefer_cheapest", False))
        warehouse = attrs.get("warehouse", getattr(self.instance, "warehouse", None))
        if not prefer and warehouse is None:
            raise serializers.ValidationError({"warehouse": ["Name a warehouse, or choose the cheapest."]})
        return attrs


class ShipInputSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=80)
    tracking_number = serializers.CharField(max_length=80)
    shipped_at = serializers.DateTimeField(required=False, allow_null=True)


class TrackingCsvInputSerializer(serializers.Serializer):
    file = serializers.FileField()
