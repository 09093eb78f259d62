"""Per-account setup of order handling: pull cursors, fee rules, rate cards and settings."""

from django.core.validators import MinValueValidator
from django.db import models

from fulfilment.models.choices import ShortageRule
from fulfilment.models.orders import money_field


class FulfilmentSettings(models.Model):
    account = models.OneToOneField("accounts.SellerAccount", on_delete=models.CASCADE, related_name="fulfilment")
    shortage_rule = models.CharField(max_length=14, choices=ShortageRule.choices, default=ShortageRule.BACKORDER)
    # What a returned unit becomes (sellable, damaged, disposed) when the marketplace refunds a
    # shipped merchant-fulfilled order with a return.
    restock_rule = models.CharField(max_length=10, default="sellable")

    def __str__(self) -> str:
        return f"fulfilment settings of {self.account_id}"


class PullCursor(models.Model):
    """The watermark of one (channel account, marketplace) order pull: the newest marketplace
    update time seen. Each pull starts `overlap` before it, so a late-committed change is seen."""

    channel_account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    marketplace_id = models.CharField(max_length=40)
    watermark = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_pages = models.PositiveIntegerField(default=0)
    last_orders = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel_account", "marketplace_id"], name="pull_cursor_unique"),
        ]


class FeeRule(models.Model):
    """Estimated marketplace fee when the marketplace does not report it: percent of the order
    total plus a fixed amount per order (in the order currency). The most specific rule wins
    (family + marketplace over family only)."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="fee_rules")
    family = models.CharField(max_length=20)
    marketplace_id = models.CharField(max_length=40, blank=True)
    percent = models.DecimalField(max_digits=6, decimal_places=3, default=0, validators=[MinValueValidator(0)])
    fixed = money_field(validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["family", "marketplace_id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "family", "marketplace_id"], name="fee_rule_unique"),
        ]


class RateCard(models.Model):
    """What shipping one order from one own warehouse costs: a base per order plus a price per
    unit, for one destination country (blank = everywhere else), in `currency`."""

    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.CASCADE, related_name="rate_cards")
    country = models.CharField(max_length=2, blank=True)
    currency = models.CharField(max_length=3)
    base = money_field(validators=[MinValueValidator(0)])
    per_unit = money_field(validators=[MinValueValidator(0)])
    delivery_days = models.PositiveSmallIntegerField(default=7)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["warehouse", "country"], name="rate_card_unique")]


class BinLocation(models.Model):
    """Where a SKU sits in an own warehouse (aisle-shelf-bin); pick lists are sorted by it."""

    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.CASCADE, related_name="bin_locations")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    location = models.CharField(max_length=40)

    class Meta:
        ordering = ["warehouse", "location"]
        constraints = [models.UniqueConstraint(fields=["warehouse", "variant"], name="bin_location_unique")]
