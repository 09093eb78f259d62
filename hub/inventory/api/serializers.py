from rest_framework import serializers

from hub.accounts.api.tenancy import AccountPrimaryKeyRelatedField
from hub.catalog.models import Variant
from hub.inventory.models import FbaRegion, MovementReason, StockLevel, StockMovement, Warehouse, WarehouseKind
from hub.inventory.services import MAX_UNITS


class WarehouseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Warehouse
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "fba_region",
            "address_line1",
            "address_line2",
            "city",
            "region",
            "postal_code",
            "country",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class WarehouseInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=120)
    kind = serializers.ChoiceField(choices=WarehouseKind.choices, default=WarehouseKind.OWN)
    fba_region = serializers.ChoiceField(choices=FbaRegion.choices, required=False, allow_blank=True, default="")
    address_line1 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address_line2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    region = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    country = serializers.RegexField(
        r"^(?:[A-Z]{2})?$",  # blank is allowed (FBA); the pattern and its default must agree in the schema
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid": "Use an ISO 3166-1 alpha-2 code such as DE or CN."},
    )
    is_active = serializers.BooleanField(default=True)


class StockLevelSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="variant.sku")
    warehouse_code = serializers.CharField(source="warehouse.code")
    available = serializers.IntegerField()

    class Meta:
        model = StockLevel
        fields = [
            "id",
            "variant",
            "sku",
            "warehouse",
            "warehouse_code",
            "on_hand",
            "reserved",
            "available",
            "updated_at",
        ]


class StockMovementSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="variant.sku")
    warehouse_code = serializers.CharField(source="warehouse.code")
    created_by = serializers.EmailField(source="created_by.email", default=None)

    class Meta:
        model = StockMovement
        fields = [
            "id",
            "variant",
            "sku",
            "warehouse",
            "warehouse_code",
            "on_hand_change",
            "reserved_change",
            "on_hand_after",
            "reserved_after",
            "reason",
            "reference",
            "note",
            "idempotency_key",
            "created_by",
            "created_at",
        ]


class StockAdjustmentInputSerializer(serializers.Serializer):
    """Either `on_hand_change` / `reserved_change` (relative) or `set_on_hand` (a count)."""

    variant = AccountPrimaryKeyRelatedField(model=Variant)
    warehouse = AccountPrimaryKeyRelatedField(model=Warehouse)
    on_hand_change = serializers.IntegerField(required=False, default=0, min_value=-MAX_UNITS, max_value=MAX_UNITS)
    reserved_change = serializers.IntegerField(required=False, default=0, min_value=-MAX_UNITS, max_value=MAX_UNITS)
    set_on_hand = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_UNITS, allow_null=True, default=None
    )
    reason = serializers.ChoiceField(choices=MovementReason.choices, default=MovementReason.ADJUSTMENT)
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    idempotency_key = serializers.CharField(max_length=200, required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["set_on_hand"] is not None and (attrs["on_hand_change"] or attrs["reserved_change"]):
            raise serializers.ValidationError({"set_on_hand": "Give either set_on_hand or the changes, not both."})
        if attrs["set_on_hand"] is None and not attrs["on_hand_change"] and not attrs["reserved_change"]:
            raise serializers.ValidationError({"on_hand_change": "Nothing to change."})
        return attrs


class StockTransferInputSerializer(serializers.Serializer):
    variant = AccountPrimaryKeyRelatedField(model=Variant)
    source = AccountPrimaryKeyRelatedField(model=Warehouse)
    destination = AccountPrimaryKeyRelatedField(model=Warehouse)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_UNITS)
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
