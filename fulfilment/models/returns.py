"""Refunds and returns recorded from the marketplaces, linked to the order, in the order currency
and in the base currency at the refund date's rate (rate, rate date and source stored)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from currency.models import RateField
from fulfilment.models.orders import Order, OrderPartQuerySet, money_field


class RestockRule(models.TextChoices):
    SELLABLE = "sellable", _("Back to sellable stock")
    DAMAGED = "damaged", _("Kept aside as damaged")
    DISPOSED = "disposed", _("Disposed of")


class Refund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    reference = models.CharField(max_length=80, help_text="The marketplace's id of the refund (or adjustment).")
    refunded_at = models.DateTimeField()
    refund_date = models.DateField(db_index=True, help_text="Refund day in the seller's time zone.")
    currency = models.CharField(max_length=3)
    amount = money_field()
    fees_returned = money_field()
    base_currency = models.CharField(max_length=3)
    base_amount = money_field(null=True, blank=True, default=None)
    rate = RateField(null=True, blank=True)
    rate_date = models.DateField(null=True, blank=True)
    rate_source = models.CharField(max_length=60, blank=True)
    money_reason = models.CharField(max_length=300, blank=True)
    lines = models.JSONField(default=list, blank=True)  # [[sku, units], ...]
    restock_rule = models.CharField(max_length=10, choices=RestockRule.choices, blank=True)
    restocked_units = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrderPartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "refunded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["order", "reference"], name="refund_order_reference_unique")]
