"""Pre-aggregated revenue facts: one row per order line, in the seller's base currency.

Order-level amounts (items, shipping, discounts, refunds, marketplace fees, fulfilment cost) are
allocated to the order's lines in proportion to the line totals, rounded to the money's three
decimals, the rounding remainder going to the order's first line — so the facts of one order add
up to that order's amounts exactly, in Decimal, whatever the grouping. `order_count` is 1 on the
order's first line and 0 on the others, so order counts are sums too (no COUNT DISTINCT).

Cancelled orders and orders whose money is not converted have no facts: the selectors count
them apart from the Order table. The facts are rebuilt from the orders by services.py.
"""

from django.db import models


def _money() -> models.DecimalField:
    return models.DecimalField(max_digits=20, decimal_places=3, default=0)


class RevenueFact(models.Model):
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
    gross_sales = _money()
    discounts = _money()
    refunds = _money()
    marketplace_fees = _money()
    fulfilment_costs = _money()
    cost_of_goods = _money()
    # Lines whose variant has no cost (their cost of goods is 0 and the margin overstated).
    lines_without_cost = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["account", "order_date", "family"], name="revenue_fact_account_date"),
            models.Index(fields=["account", "family", "sku", "order_date"], name="revenue_fact_account_sku"),
        ]


class RevenueDaily(models.Model):
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
    gross_sales = _money()
    discounts = _money()
    refunds = _money()
    marketplace_fees = _money()
    fulfilment_costs = _money()
    cost_of_goods = _money()

    class Meta:
        indexes = [models.Index(fields=["account", "order_date", "family"], name="revenue_daily_account_date")]


DAILY_KEYS = ("account_id", "order_date", "family", "channel_account_id", "marketplace_id", "warehouse_id", "network")


class RevenueSyncState(models.Model):
    """The watermark of the facts: orders updated after `orders_updated_before` are re-read."""

    key = models.CharField(max_length=20, unique=True, default="orders")
    orders_updated_before = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)


from fulfilment.reports import tasks as _tasks  # noqa: E402, F401  (registers the beat task)
