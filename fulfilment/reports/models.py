"""Pre-aggregated revenue facts: one row per order line, in the seller's base currency.

Order-level amounts (items, shipping, discounts, refunds, marketplace fees, fulfilment cost) are
allocated to the order's lines in proportion to the line totals, rounded to the base currency's
minor unit (the unit the base amounts are converted to), the rounding remainder going to the
order's first line — so the facts of one order add up to that order's amounts exactly, in
Decimal, whatever the grouping, and every sum is already a whole number of minor units.
Amounts are stored as integer thousandths (fields.py): exact sums on SQLite too. `order_count` is 1 on the
order's first line and 0 on the others, so order counts are sums too (no COUNT DISTINCT).

Cancelled orders and orders whose money is not converted have no facts: the selectors count
them apart from the Order table. The facts are rebuilt from the orders by services.py.
"""

from decimal import Decimal

from django.db import models

from fulfilment.reports.fields import MilliAmountField


def _money() -> MilliAmountField:
    return MilliAmountField(default=Decimal(0))


class RevenueAmounts(models.Model):
    """The money every revenue table sums, in the seller's base currency."""

    gross_sales = _money()
    discounts = _money()
    refunds = _money()
    # The marketplace fees given back with refunds (Refund.fees_returned at the refund's rate).
    fees_returned = _money()
    marketplace_fees = _money()
    fulfilment_costs = _money()
    cost_of_goods = _money()

    class Meta:
        abstract = True


class RevenueFact(RevenueAmounts):
    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("fulfilment.Order", on_delete=models.CASCADE, related_name="revenue_facts")
    line = models.OneToOneField(
        "fulfilment.OrderLine", on_delete=models.CASCADE, null=True, blank=True, related_name="revenue_fact"
    )
    order_date = models.DateField()
    family = models.CharField(max_length=20)
    channel_account = models.ForeignKey(
        "channels.ChannelAccount", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    marketplace_id = models.CharField(max_length=40)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    network = models.CharField(max_length=12, blank=True)
    sku = models.CharField(max_length=80, blank=True)
    category = models.ForeignKey("catalog.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    currency = models.CharField(max_length=3, help_text="The seller's base currency.")
    order_count = models.PositiveSmallIntegerField(default=0)
    # 1 on the first line of each (order, sku) and (order, category): orders per SKU or category
    # are sums too.
    sku_order_count = models.PositiveSmallIntegerField(default=0)
    category_order_count = models.PositiveSmallIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)
    # Lines whose variant has no cost (their cost of goods is 0 and the margin overstated).
    lines_without_cost = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["account", "order_date", "family"], name="revenue_fact_account_date"),
            models.Index(fields=["account", "family", "sku", "order_date"], name="revenue_fact_account_sku"),
        ]


class RevenueDaily(RevenueAmounts):
    """The facts summed per day and order-level keys (no SKU, no category): what the channel,
    marketplace, account and period figures read. Rebuilt from the facts for every (account, day)
    the sync touches, so it is exactly the sum of the facts."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    order_date = models.DateField()
    family = models.CharField(max_length=20)
    channel_account = models.ForeignKey(
        "channels.ChannelAccount", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    marketplace_id = models.CharField(max_length=40)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    network = models.CharField(max_length=12, blank=True)
    order_count = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["account", "order_date", "family"], name="revenue_daily_account_date")]


class SkuMonthKeys(RevenueAmounts):
    """What the two per-month SKU tables share: the key and the counts beside the money."""

    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month.")
    family = models.CharField(max_length=20)
    sku = models.CharField(max_length=80, blank=True)
    category = models.ForeignKey("catalog.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    fact_count = models.PositiveIntegerField(default=0)
    sku_order_count = models.PositiveIntegerField(default=0)
    category_order_count = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class RevenueSkuMonthly(SkuMonthKeys):
    """The facts summed per month, channel family, SKU and category: what the SKU and category
    figures without order-level filters read (5,000 SKUs × 3 channels is ~15,000 rows a month
    where the facts have one row per line). Re-summed from the facts for every (account, month,
    family, SKU) the sync touches, so it is exactly the sum of the facts; the days of a range
    that do not cover a whole month are read from the facts."""

    class Meta:
        indexes = [
            models.Index(fields=["account", "month"], name="revenue_sku_month_account"),
            models.Index(fields=["account", "family", "sku"], name="revenue_sku_month_key"),
        ]


class RevenueSkuRunning(SkuMonthKeys):
    """Running totals of RevenueSkuMonthly per (family, SKU, category): the sums from the
    account's first month through `month`, one row per key for every month from its first to the
    account's latest. Any whole-month range is then two rows per key (through the last month
    minus through the month before the first), however long: 2 × 15,000 rows where the month
    sums have 15,000 a month. `fact_count` tells a key with facts in the range from one whose
    facts all lie before it. Rebuilt from the month sums for the keys a rebuild touches."""

    month = models.DateField()  # the sums run through this month

    class Meta:
        indexes = [
            models.Index(fields=["account", "month"], name="revenue_sku_running_month"),
            models.Index(fields=["account", "family", "sku"], name="revenue_sku_running_key"),
        ]


DAILY_KEYS = ("account_id", "order_date", "family", "channel_account_id", "marketplace_id", "warehouse_id", "network")


class RevenueSyncState(models.Model):
    """The watermark of the facts: orders updated after `orders_updated_before` are re-read."""

    key = models.CharField(max_length=20, unique=True, default="orders")
    orders_updated_before = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)


from fulfilment.reports import tasks as _tasks  # noqa: E402, F401  (registers the beat task)
