"""Listing records: the desired state of every (variant, channel account, marketplace) and what the
marketplace last acknowledged, plus the rules that produce the desired state (price rules, category
and attribute mappings) and the publish jobs that reconcile the two.

The desired payload is built by `listings.services.build` (pure builders over catalog + content +
price + quantity); its hashes sit in indexed columns next to the acknowledged ones, so a plan is a
comparison of columns, not a rebuild of the world.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels.types import Family
from hub.core.models import TimeStampedModel

FAMILY_CHOICES = [(family.value, family.value.title()) for family in Family]


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    DELISTED = "delisted", _("Delisted")
    ERROR = "error", _("Error")


class ListingSettings(TimeStampedModel):
    """Per seller account: when prices follow a rate move, and when Amazon gets a bulk feed instead
    of single calls. How old a rate may be is the account's currency.RatePolicy (one setting for
    listings and orders)."""

    account = models.OneToOneField("accounts.SellerAccount", on_delete=models.CASCADE, related_name="listing_settings")
    reprice_threshold_pct = models.DecimalField(
        max_digits=6, decimal_places=3, default=Decimal("1"), help_text="Re-price when a rate moves more than this."
    )
    feed_threshold = models.PositiveIntegerField(
        default=settings.LISTINGS_AMAZON_FEED_THRESHOLD,
        help_text="Amazon: above this many listings per marketplace in one job, a JSON_LISTINGS_FEED is used.",
    )

    # Watermarks of the periodic work (quantity sync, promotion starts and ends).
    quantity_synced_at = models.DateTimeField(null=True, blank=True)
    promotions_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "listing settings"

    def __str__(self) -> str:
        return f"listing settings of {self.account_id}"


class FulfilmentChannel(models.TextChoices):
    MERCHANT = "mfn", "Merchant fulfilled"
    AMAZON = "afn", "Fulfilled by Amazon (no quantity from the hub)"


class PriceRule(TimeStampedModel):
    """Price and quantity terms for one channel account, on one marketplace (or all of them when
    marketplace_id is empty). Amounts are in the seller's base currency."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="price_rules")
    channel_account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    marketplace_id = models.CharField(max_length=40, blank=True)
    markup_pct = models.DecimalField(max_digits=7, decimal_places=3, default=Decimal("0"))
    fixed_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal("0"))
    min_margin_pct = models.DecimalField(
        max_digits=7, decimal_places=3, default=Decimal("0"), help_text="Floor: cost + fees + this margin."
    )
    safety_buffer = models.PositiveIntegerField(default=0)
    quantity_cap = models.PositiveIntegerField(null=True, blank=True)
    fulfilment_channel = models.CharField(
        max_length=3, choices=FulfilmentChannel.choices, default=FulfilmentChannel.MERCHANT
    )
    # FBA stock of this region may serve the marketplace through Multi-Channel Fulfilment.
    mcf_fba_region = models.CharField(max_length=2, blank=True)

    class Meta:
        ordering = ["channel_account", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(fields=["channel_account", "marketplace_id"], name="price_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"price rule {self.channel_account_id}/{self.marketplace_id or '*'}"


class CategoryMapping(TimeStampedModel):
    """A hub category → the marketplace's product type (Amazon) or category id (AliExpress, Wish),
    with fixed attribute values every listing of that category carries (`constants`)."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=FAMILY_CHOICES)
    marketplace_id = models.CharField(max_length=40, blank=True, help_text="Empty: every marketplace of the family.")
    target = models.CharField(max_length=120, help_text="Amazon product type, or the marketplace's category id.")
    variation_theme = models.CharField(max_length=120, blank=True)
    constants = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["category", "family", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "family", "marketplace_id"], name="category_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category_id} → {self.family}:{self.target}"


class AttributeMapping(TimeStampedModel):
    """A hub attribute → the marketplace's attribute, with a value map ("rose_gold" → "Rose Gold")."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=FAMILY_CHOICES)
    product_type = models.CharField(max_length=120, blank=True, help_text="Empty: every product type / category.")
    attribute = models.ForeignKey("catalog.Attribute", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=120)
    value_map = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["family", "product_type", "attribute"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "family", "product_type", "attribute"], name="attribute_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attribute_id} → {self.family}:{self.target}"


class ProductTypeCache(models.Model):
    """Amazon product type requirements per (product type, marketplace, locale), from the Product
    Type Definitions API through the adapter."""

    product_type = models.CharField(max_length=120)
    marketplace_id = models.CharField(max_length=40)
    locale = models.CharField(max_length=20, default="DEFAULT")
    version = models.CharField(max_length=80, blank=True)
    required_attributes = models.JSONField(default=list)
    attributes = models.JSONField(default=list, help_text="Every attribute name the schema knows.")
    schema = models.JSONField(default=dict)
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_type", "marketplace_id", "locale"], name="product_type_cache_key")
        ]

    def __str__(self) -> str:
        return f"{self.product_type} {self.marketplace_id} {self.locale}"


class PushState(models.Model):
    """What both listing records share: desired vs acknowledged state and current issues."""

    status = models.CharField(max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    external_id = models.CharField(max_length=80, blank=True, db_index=True)
    enabled = models.BooleanField(default=True, help_text="False: the seller wants it delisted (下架).")
    desired_payload = models.JSONField(default=dict, blank=True)
    desired_hash = models.CharField(max_length=64, blank=True)
    desired_content_hash = models.CharField(max_length=64, blank=True)
    acked_payload = models.JSONField(null=True, blank=True)
    acked_hash = models.CharField(max_length=64, blank=True)
    acked_content_hash = models.CharField(max_length=64, blank=True)
    acked_at = models.DateTimeField(null=True, blank=True)
    # [{"code", "message", "attribute", "severity", "source": "preflight" | "marketplace", "blocking"}]
    issues = models.JSONField(default=list, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    last_pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def blocking_issues(self) -> list[dict]:
        return [issue for issue in self.issues or [] if issue.get("blocking")]


class ProductInputs(models.Model):
    """How often what a product's listings are built from has changed (listings.services.build_inputs):
    bumped by every write to the product, its variants, values, images and texts. No database
    constraint: a mark written while the product is being deleted must not fail the delete."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, primary_key=True, db_constraint=False, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "product inputs"

    def __str__(self) -> str:
        return f"{self.product_id} v{self.version}"


class ListingParent(PushState, TimeStampedModel):
    """One product on one marketplace: the Amazon parent SKU of a variation family, or the
    AliExpress / Wish product that carries all of its variants (its product id is `external_id`)."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="listing_parents")
    channel_account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=FAMILY_CHOICES)
    marketplace_id = models.CharField(max_length=40)
    sku = models.CharField(max_length=80)
    # What the desired state was built from (listings.services.build_inputs): the product's input
    # version and the digest of the marketplace-wide inputs. Either moving means "build again".
    built_version = models.PositiveBigIntegerField(default=0)
    inputs_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["sku", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "channel_account", "marketplace_id"], name="listing_parent_unique"
            ),
        ]
        indexes = [models.Index(fields=["channel_account", "marketplace_id", "inputs_digest"], name="parent_inputs")]

    def __str__(self) -> str:
        return f"{self.sku}@{self.marketplace_id}"


class Listing(PushState, TimeStampedModel):
    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="listings")
    parent = models.ForeignKey(ListingParent, on_delete=models.CASCADE, related_name="children")
    channel_account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20, choices=FAMILY_CHOICES)
    marketplace_id = models.CharField(max_length=40)
    sku = models.CharField(max_length=80)
    currency = models.CharField(max_length=3, blank=True)
    desired_price = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    desired_quantity = models.IntegerField(null=True, blank=True)
    acked_price = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    acked_quantity = models.IntegerField(null=True, blank=True)
    # The rate the desired price was converted at (shown next to the price) and its FX input.
    rate = models.DecimalField(max_digits=28, decimal_places=12, null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    # The regular price before any promotion, and the promotion that set the desired price.
    regular_price = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    promotion = models.ForeignKey("Promotion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["sku", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel_account", "marketplace_id"], name="listing_unique"),
        ]
        indexes = [
            models.Index(fields=["account", "channel_account", "marketplace_id"], name="listing_scope"),
            models.Index(fields=["account", "sku"], name="listing_sku"),
            # Plans read exactly these columns.
            models.Index(
                fields=["account", "desired_hash", "acked_hash"],
                name="listing_dirty",
            ),
            models.Index(
                fields=["channel_account", "marketplace_id", "sku"],
                name="listing_external_lookup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku}@{self.marketplace_id}"


class PushAction(models.TextChoices):
    CREATE = "create", _("Create")
    REPLACE = "replace", _("Replace")
    PATCH_PRICE = "patch_price", _("Patch price")
    PATCH_QUANTITY = "patch_quantity", _("Patch quantity")
    PATCH_OFFER = "patch_offer", _("Patch price and quantity")
    DELIST = "delist", _("Delist")
    RECONCILE = "reconcile", _("Read live state")
    NOTHING = "nothing", _("Nothing")


class ListingPush(models.Model):
    """Every call made for a listing (history survives delist and relist)."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, null=True, blank=True, related_name="pushes")
    parent = models.ForeignKey(ListingParent, on_delete=models.CASCADE, null=True, blank=True, related_name="pushes")
    job = models.ForeignKey("PublishJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="pushes")
    action = models.CharField(max_length=20, choices=PushAction.choices)
    ok = models.BooleanField(default=False)
    payload_hash = models.CharField(max_length=64, blank=True)
    submission_id = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True)
    issues = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {'ok' if self.ok else 'failed'}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class PublishJob(TimeStampedModel):
    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    selection = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="Counts per action at planning time.")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    throttle_waits = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"publish job {self.pk} ({self.status})"

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.done - self.failed)


class ItemState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sent, answer not recorded yet")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class PublishItem(models.Model):
    """One unit of work of a job: a listing or a parent, and the action the plan chose."""

    job = models.ForeignKey(PublishJob, on_delete=models.CASCADE, related_name="items")
    family = models.CharField(max_length=20, choices=FAMILY_CHOICES)
    channel_account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    marketplace_id = models.CharField(max_length=40)
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    parent = models.ForeignKey(ListingParent, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20, choices=PushAction.choices)
    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    desired_hash = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    issues = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["job", "state"], name="publish_item_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(listing__isnull=False) | Q(parent__isnull=False), name="publish_item_has_target"
            )
        ]


class PromotionKind(models.TextChoices):
    PERCENT = "percent", "Percentage off"
    FIXED = "fixed", "Amount off (base currency)"


class Promotion(TimeStampedModel):
    """限时折扣: a limited-time discount for a set of SKUs or a category on chosen marketplaces."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=PromotionKind.choices)
    value = models.DecimalField(max_digits=20, decimal_places=3)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    skus = models.JSONField(default=list, blank=True)
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # [{"channel_account": pk, "marketplace_id": "..."}]; empty: every listing of the SKUs.
    marketplaces = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="promotion_order")]

    def __str__(self) -> str:
        return self.name
