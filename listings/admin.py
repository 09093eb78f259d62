from django.contrib import admin

from hub.accounts.admin_scoping import AccountScopedAdmin
from hub.accounts.roles import Area
from listings.models import (
    AttributeMapping,
    CategoryMapping,
    Listing,
    ListingParent,
    ListingPush,
    ListingSettings,
    PriceRule,
    Promotion,
    PublishJob,
)


class ListingsAdmin(AccountScopedAdmin):
    area = Area.LISTINGS


@admin.register(Listing)
class ListingAdmin(ListingsAdmin):
    list_display = [
        "sku",
        "family",
        "marketplace_id",
        "status",
        "desired_price",
        "currency",
        "desired_quantity",
        "external_id",
        "last_pushed_at",
    ]
    list_filter = ["family", "status", "marketplace_id"]
    search_fields = ["sku", "external_id"]
    readonly_fields = [
        "desired_payload",
        "desired_hash",
        "desired_content_hash",
        "acked_payload",
        "acked_hash",
        "acked_content_hash",
        "acked_at",
        "issues",
        "built_at",
        "last_pushed_at",
    ]
    raw_id_fields = ["variant", "parent", "channel_account", "account", "promotion"]


@admin.register(ListingParent)
class ListingParentAdmin(ListingsAdmin):
    list_display = ["sku", "family", "marketplace_id", "status", "external_id"]
    list_filter = ["family", "status"]
    search_fields = ["sku", "external_id"]
    raw_id_fields = ["product", "channel_account", "account"]


@admin.register(ListingPush)
class ListingPushAdmin(ListingsAdmin):
    list_display = ["created_at", "action", "ok", "listing", "parent", "job"]
    list_filter = ["action", "ok"]
    raw_id_fields = ["listing", "parent", "job", "account"]


@admin.register(PublishJob)
class PublishJobAdmin(ListingsAdmin):
    list_display = ["pk", "status", "total", "done", "failed", "throttle_waits", "created_at", "finished_at"]
    list_filter = ["status"]


@admin.register(PriceRule)
class PriceRuleAdmin(ListingsAdmin):
    list_display = [
        "channel_account",
        "marketplace_id",
        "markup_pct",
        "fixed_amount",
        "min_margin_pct",
        "safety_buffer",
        "fulfilment_channel",
    ]


@admin.register(CategoryMapping)
class CategoryMappingAdmin(ListingsAdmin):
    list_display = ["category", "family", "marketplace_id", "target", "variation_theme"]
    list_filter = ["family"]


@admin.register(AttributeMapping)
class AttributeMappingAdmin(ListingsAdmin):
    list_display = ["attribute", "family", "product_type", "target"]
    list_filter = ["family"]


@admin.register(Promotion)
class PromotionAdmin(ListingsAdmin):
    list_display = ["name", "kind", "value", "starts_at", "ends_at", "is_active"]


@admin.register(ListingSettings)
class ListingSettingsAdmin(ListingsAdmin):
    list_display = ["account", "reprice_threshold_pct", "feed_threshold"]
