from rest_framework import serializers

from channels.models import ChannelAccount
from hub.accounts.api.tenancy import AccountPrimaryKeyRelatedField
from hub.catalog.models import Attribute, Category
from listings.models import (
    AttributeMapping,
    CategoryMapping,
    FulfilmentChannel,
    Listing,
    ListingPush,
    PriceRule,
    Promotion,
    PromotionKind,
    PublishItem,
)
from listings.selectors import listing_status_row


class SelectionSerializer(serializers.Serializer):
    channel_accounts = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    marketplaces = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    products = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    skus = serializers.ListField(child=serializers.CharField(max_length=80), required=False, default=list)
    categories = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class PlanRequestSerializer(SelectionSerializer):
    build = serializers.BooleanField(
        default=True, help_text="Refresh the desired state first (of the listings whose inputs changed)."
    )
    rebuild = serializers.BooleanField(
        default=False, help_text="With build: refresh every listing of the selection, changed or not."
    )
    entries = serializers.BooleanField(default=True, help_text="Include one entry per listing.")
    diffs = serializers.BooleanField(default=False, help_text="Name the changed fields of each entry.")
    check_live = serializers.BooleanField(
        default=False, help_text="Also read the live listings (up to 200) and report drift since the last push."
    )


class IssueSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    attribute = serializers.CharField(allow_blank=True)
    severity = serializers.CharField()
    source = serializers.CharField()
    blocking = serializers.BooleanField()


class PlanEntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    pk = serializers.IntegerField()
    sku = serializers.CharField()
    family = serializers.CharField()
    channel_account = serializers.IntegerField()
    marketplace_id = serializers.CharField()
    action = serializers.CharField()
    status = serializers.CharField()
    calls = serializers.FloatField()
    fields = serializers.ListField(child=serializers.CharField())
    blocking = IssueSerializer(many=True)


class PlanSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    blocked = serializers.IntegerField()
    calls = serializers.IntegerField()
    feeds = serializers.ListField(child=serializers.CharField())
    entries = PlanEntrySerializer(many=True, required=False)
    drift = serializers.ListField(child=serializers.DictField(), required=False)


class ListingOutputSerializer(serializers.ModelSerializer):
    row = serializers.SerializerMethodField()

    class Meta:
        model = Listing
        fields = ["id", "row"]

    def get_row(self, obj: Listing) -> dict:
        return listing_status_row(obj)

    def to_representation(self, instance):
        return listing_status_row(instance)


class ListingPushSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListingPush
        fields = ["id", "action", "ok", "payload_hash", "submission_id", "message", "issues", "job", "created_at"]


class JobProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    failed = serializers.IntegerField()
    remaining = serializers.IntegerField()
    throttle_waits = serializers.IntegerField()
    cancel_requested = serializers.BooleanField()
    summary = serializers.DictField()
    selection = serializers.DictField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    elapsed_seconds = serializers.FloatField(allow_null=True)
    eta_seconds = serializers.FloatField(allow_null=True)


class PublishItemSerializer(serializers.ModelSerializer):
    sku = serializers.SerializerMethodField()
    # Plain text in the schema: the channels app documents the family enum, the plan the actions.
    family = serializers.CharField(read_only=True)
    action = serializers.CharField(read_only=True, help_text="create, replace, patch_price, patch_quantity, ...")
    state = serializers.CharField(read_only=True, help_text="pending, sending, done, failed, skipped")

    class Meta:
        model = PublishItem
        fields = ["id", "family", "marketplace_id", "action", "state", "message", "issues", "sku", "listing", "parent"]

    def get_sku(self, obj: PublishItem) -> str:
        row = obj.listing or obj.parent
        return row.sku if row else ""


class PriceRuleSerializer(serializers.ModelSerializer):
    channel_account = AccountPrimaryKeyRelatedField(model=ChannelAccount)
    fulfilment_channel = serializers.ChoiceField(choices=FulfilmentChannel.choices, default=FulfilmentChannel.MERCHANT)

    class Meta:
        model = PriceRule
        fields = [
            "id",
            "channel_account",
            "marketplace_id",
            "markup_pct",
            "fixed_amount",
            "min_margin_pct",
            "safety_buffer",
            "quantity_cap",
            "fulfilment_channel",
            "mcf_fba_region",
        ]
        read_only_fields = ["id"]
        validators: list = []


FAMILY_HELP = "amazon, aliexpress or wish (a family the account has a channel account of)"


class CategoryMappingSerializer(serializers.ModelSerializer):
    category = AccountPrimaryKeyRelatedField(model=Category)
    family = serializers.CharField(max_length=20, help_text=FAMILY_HELP)

    class Meta:
        model = CategoryMapping
        fields = ["id", "category", "family", "marketplace_id", "target", "variation_theme", "constants"]
        read_only_fields = ["id"]
        validators: list = []


class AttributeMappingSerializer(serializers.ModelSerializer):
    attribute = AccountPrimaryKeyRelatedField(model=Attribute)
    family = serializers.CharField(max_length=20, help_text=FAMILY_HELP)

    class Meta:
        model = AttributeMapping
        fields = ["id", "attribute", "family", "product_type", "target", "value_map"]
        read_only_fields = ["id"]
        validators: list = []


class PromotionSerializer(serializers.ModelSerializer):
    category = AccountPrimaryKeyRelatedField(model=Category, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=PromotionKind.choices)

    class Meta:
        model = Promotion
        fields = [
            "id",
            "name",
            "kind",
            "value",
            "starts_at",
            "ends_at",
            "skus",
            "category",
            "marketplaces",
            "is_active",
        ]
        read_only_fields = ["id", "is_active"]
        validators: list = []
