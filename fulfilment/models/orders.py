"""Orders as the hub keeps them: one row per (channel account, marketplace order id), its lines,
the versions it went through and a timeline of what the hub did with it.

Money is explicit per order and per line, in the order's currency and in the seller's base
currency (converted at the order date's rate; rate, rate date and source stored next to it), so
the revenue reports read columns, not JSON. `order_date` (the purchase day in the seller's time
zone) is indexed for them.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from currency.models import RateField
from fulfilment.models.choices import (
    FeeSource,
    FulfilledBy,
    HoldReason,
    MoneyState,
    Network,
    OrderSource,
    OrderStatus,
    ReservationState,
)


def money_field(**kwargs) -> models.DecimalField:
    kwargs.setdefault("max_digits", 20)
    kwargs.setdefault("decimal_places", 3)
    kwargs.setdefault("default", 0)
    return models.DecimalField(**kwargs)


def base_money_field(**kwargs) -> models.DecimalField:
    # Null while the money is unconverted: never a 1:1 stand-in.
    return money_field(null=True, blank=True, default=None, **kwargs)


class OrderQuerySet(models.QuerySet):
    """`update()` and `bulk_update()` move `updated_at` too (unless the caller sets it): the
    revenue reports re-read orders by `updated_at` (fulfilment/reports/services.py), and Django's
    auto_now is only applied by `save()`."""

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):  # type: ignore[no-untyped-def]
        if "updated_at" not in fields:
            now = timezone.now()
            for obj in objs:
                obj.updated_at = now
            fields = [*fields, "updated_at"]
        return super().bulk_update(objs, fields, batch_size=batch_size)


class OrderPartQuerySet(models.QuerySet):
    """Lines and refunds: changing them in bulk marks their orders changed (see OrderQuerySet)."""

    def _touch_orders(self, order_ids) -> None:  # type: ignore[no-untyped-def]
        Order.objects.filter(pk__in=order_ids).update(updated_at=timezone.now())

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        self._touch_orders(list(self.values_list("order_id", flat=True).distinct().order_by()))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):  # type: ignore[no-untyped-def]
        objs = list(objs)
        self._touch_orders({obj.order_id for obj in objs})
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):  # type: ignore[no-untyped-def]
        self._touch_orders(list(self.values_list("order_id", flat=True).distinct().order_by()))
        return super().delete()


class Order(models.Model):
    account = models.ForeignKey("accounts.SellerAccount", on_delete=models.CASCADE, related_name="orders")
    # Null for manual orders (wholesale, phone); those are unique per account and order id.
    channel_account = models.ForeignKey(
        "channels.ChannelAccount", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    source = models.CharField(max_length=12, choices=OrderSource.choices, default=OrderSource.MARKETPLACE)
    family = models.CharField(max_length=20, help_text="amazon, aliexpress, wish or manual.")
    marketplace_id = models.CharField(max_length=40)
    external_id = models.CharField(max_length=80, help_text="The marketplace's order id.")
    status = models.CharField(max_length=20, choices=OrderStatus.choices, db_index=True)
    marketplace_status = models.CharField(max_length=60, blank=True)
    fulfilled_by = models.CharField(max_length=12, choices=FulfilledBy.choices, default=FulfilledBy.MERCHANT)
    purchased_at = models.DateTimeField()
    order_date = models.DateField(help_text="Purchase day in the seller's time zone.")
    marketplace_updated_at = models.DateTimeField(help_text="The marketplace's last-update time of what we hold.")
    version = models.PositiveIntegerField(default=1)
    buyer_name = models.CharField(max_length=200, blank=True)
    ship_to = models.JSONField(default=dict, blank=True)
    ship_country = models.CharField(max_length=2, blank=True)
    note = models.CharField(max_length=500, blank=True)

    # money in the order currency
    currency = models.CharField(max_length=3)
    items_total = money_field()
    shipping_total = money_field()
    tax_total = money_field()
    discount_total = money_field()
    total = money_field()
    fees_total = money_field()
    fee_source = models.CharField(max_length=10, choices=FeeSource.choices, default=FeeSource.NONE)
    refunds_total = money_field()
    fulfilment_cost = money_field(help_text="MCF fee or own-warehouse rate card cost, in the order currency.")
    # the same in the seller's base currency
    base_currency = models.CharField(max_length=3)
    base_items_total = base_money_field()
    base_shipping_total = base_money_field()
    base_tax_total = base_money_field()
    base_discount_total = base_money_field()
    base_total = base_money_field()
    base_fees_total = base_money_field()
    base_refunds_total = base_money_field()
    base_fulfilment_cost = base_money_field()
    rate = RateField(null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    rate_source = models.CharField(max_length=60, blank=True)
    money_state = models.CharField(max_length=12, choices=MoneyState.choices, default=MoneyState.NO_AMOUNT)
    money_reason = models.CharField(max_length=300, blank=True)

    finances_checked_at = models.DateTimeField(null=True, blank=True)
    hold_reason = models.CharField(max_length=20, choices=HoldReason.choices, blank=True, db_index=True)
    hold_detail = models.CharField(max_length=500, blank=True)
    reservation_state = models.CharField(
        max_length=14, choices=ReservationState.choices, default=ReservationState.NONE, db_index=True
    )
    network = models.CharField(max_length=12, choices=Network.choices, blank=True)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-purchased_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel_account", "external_id"],
                condition=Q(channel_account__isnull=False),
                name="order_channel_account_external_unique",
            ),
            models.UniqueConstraint(
                fields=["account", "external_id"],
                condition=Q(channel_account__isnull=True),
                name="order_manual_external_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "order_date"], name="order_account_date"),
            models.Index(fields=["account", "family", "marketplace_id", "order_date"], name="order_marketplace_date"),
            models.Index(fields=["account", "status"], name="order_account_status"),
            # the revenue reports count these apart (fulfilment/reports/selectors.py)
            models.Index(
                fields=["account", "order_date"],
                condition=~Q(money_state=MoneyState.CONVERTED) | Q(base_total__isnull=True),
                name="order_unconverted_date",
            ),
            models.Index(
                fields=["account", "order_date"], condition=Q(status=OrderStatus.CANCELLED), name="order_cancelled_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.external_id}"

    @property
    def rate_display(self) -> str:
        from currency.types import decimal_plain

        return str(decimal_plain(self.rate)) if self.rate is not None else ""


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    external_id = models.CharField(max_length=80)
    sku = models.CharField(max_length=80)
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=500, blank=True)
    quantity = models.PositiveIntegerField()
    quantity_shipped = models.PositiveIntegerField(default=0)
    unit_price = money_field()
    line_total = money_field()
    tax = money_field()
    shipping = money_field()
    discount = money_field()
    fee = money_field()
    base_line_total = base_money_field()
    base_fee = base_money_field()
    reserved_quantity = models.PositiveIntegerField(default=0)
    reservation_state = models.CharField(max_length=14, choices=ReservationState.choices, default=ReservationState.NONE)
    reserved_warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Counts this line's stock ledger movements: each one's idempotency key is unique and stable.
    ledger_seq = models.PositiveIntegerField(default=0)

    objects = OrderPartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "external_id"], name="order_line_external_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} × {self.quantity}"


class OrderVersion(models.Model):
    """What the marketplace said an order was, each time it changed (append-only)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    marketplace_updated_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=OrderStatus.choices)
    marketplace_status = models.CharField(max_length=60, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "version"]
        constraints = [models.UniqueConstraint(fields=["order", "version"], name="order_version_unique")]


class OrderEvent(models.Model):
    """The order's timeline: what the hub did (reserved, routed, shipped, pushed, held...)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=500)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "created_at", "pk"]
