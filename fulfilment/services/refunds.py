"""Marketplace money after the sale: actual fees and refunds (Amazon's financial events through
the adapter; Wish and AliExpress refunds from their order status). Refunds convert at the refund
date's rate; a refunded merchant-fulfilled unit is restocked by the account's rule."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from channels.registry import adapter_for
from channels.types import OrderFinances
from currency.exceptions import ConversionError
from currency.money import Money, RoundingPurpose
from currency.selectors import max_rate_age_days
from currency.services import currency_convert
from currency.table import RateTable
from fulfilment.models import FeeSource, FulfilmentSettings, Order, OrderEvent, Refund, RestockRule
from fulfilment.services.money import order_money_convert
from hub.inventory.models import MovementReason
from hub.inventory.services import stock_apply
from hub.inventory.types import StockChange


def _day(order: Order, moment):  # type: ignore[no-untyped-def]
    try:
        zone = zoneinfo.ZoneInfo(order.account.timezone or "UTC")
    except zoneinfo.ZoneInfoNotFoundError:
        zone = zoneinfo.ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def order_finances_fetch(*, order_pk: int, adapter=None) -> dict:  # type: ignore[no-untyped-def]
    order = Order.objects.select_related("channel_account", "account").get(pk=order_pk)
    if order.family != "amazon" or order.channel_account_id is None:
        return {"skipped": True}
    adapter = adapter or adapter_for(order.channel_account, wait_seconds=0)
    finances = adapter.order_finances(order_reference=order.external_id, marketplace_id=order.marketplace_id)
    return order_finances_apply(order_pk=order.pk, finances=finances)


@transaction.atomic
def order_finances_apply(*, order_pk: int, finances: OrderFinances) -> dict:
    order = Order.objects.select_for_update(of=("self",)).select_related("account").get(pk=order_pk)
    lines = list(order.lines.all())
    fees = [money for _, money in finances.fees if money.currency == order.currency]
    if fees:
        order.fees_total = sum((money.amount for money in fees), Decimal(0))
        order.fee_source = FeeSource.ACTUAL
        per_unit_total = sum((line.line_total for line in lines), Decimal(0)) or Decimal(1)
        for line in lines:  # the order's actual fee spread over its lines by value
            line.fee = (order.fees_total * line.line_total / per_unit_total).quantize(Decimal("0.001"))
    created = 0
    for refund in finances.refunds:
        created += int(
            _refund_record(
                order, lines, refund.reference, refund.posted_at, refund.amount, refund.fees_returned, refund.lines
            )
        )
    order.refunds_total = sum(order.refunds.values_list("amount", flat=True), Decimal(0))
    order.finances_checked_at = timezone.now()
    order_money_convert(order, lines)
    order.save()
    for line in lines:
        line.save()
    if fees:
        OrderEvent.objects.get_or_create(
            order=order,
            kind="fees_actual",
            defaults={"message": f"Marketplace fees reported: {order.fees_total} {order.currency}"},
        )
    return {"fees": str(order.fees_total), "refunds_new": created}


def _refund_record(order, lines, reference, posted_at, amount: Money, fees_returned, refund_lines) -> bool:  # type: ignore[no-untyped-def]
    if Refund.objects.filter(order=order, reference=reference).exists():
        return False  # replayed events change nothing
    day = _day(order, posted_at)
    refund = Refund(
        order=order,
        reference=reference[:80],
        refunded_at=posted_at,
        refund_date=day,
        currency=amount.currency,
        amount=amount.amount,
        fees_returned=fees_returned.amount if fees_returned else Decimal(0),
        base_currency=order.base_currency,
        lines=[list(line) for line in refund_lines],
    )
    try:
        conversion = currency_convert(
            amount=amount,
            to_currency=order.base_currency,
            on_date=day,
            purpose=RoundingPurpose.ORDER_AMOUNT,
            account=order.account_id,
            table=RateTable.load(
                start=day, end=day, account_id=order.account_id, max_age_days=max_rate_age_days(order.account_id)
            ),
        )
        refund.base_amount, refund.rate = conversion.amount.amount, conversion.rate
        refund.rate_date, refund.rate_source = conversion.rate_date, conversion.source[:60]
    except ConversionError as error:
        refund.money_reason = error.message[:300]
    if order.fulfilled_by == "merchant":
        rule = (
            FulfilmentSettings.objects.filter(account_id=order.account_id)
            .values_list("restock_rule", flat=True)
            .first()
        )
        refund.restock_rule = rule or RestockRule.SELLABLE
        if refund.restock_rule == RestockRule.SELLABLE:
            refund.restocked_units = _restock(order, lines, refund_lines, reference)
    refund.save()
    OrderEvent.objects.create(
        order=order,
        kind="refund",
        message=f"Refund {amount} on {day.isoformat()} ({refund.base_amount or 'unconverted'} {order.base_currency}); "
        f"restock: {refund.get_restock_rule_display() or 'marketplace stock'}"[:500],
    )
    return True


def _restock(order, lines, refund_lines, reference) -> int:  # type: ignore[no-untyped-def]
    by_sku = {line.sku: line for line in lines}
    changes = []
    for sku, units in refund_lines:
        line = by_sku.get(sku)
        shipment_line = (
            line.shipment_lines.select_related("shipment").filter(shipment__status="shipped").first() if line else None
        )
        if line is None or not line.variant_id or shipment_line is None or units <= 0:
            continue
        changes.append(
            StockChange(
                variant_id=line.variant_id,
                warehouse_id=shipment_line.shipment.warehouse_id,
                reason=MovementReason.RETURN,
                on_hand_change=units,
                reference=f"refund {reference} of {order.external_id}",
                idempotency_key=f"fulfilment:refund:{order.pk}:{reference}:{sku}"[:200],
            )
        )
    if changes:
        stock_apply(account=order.account, changes=changes)
    return sum(change.on_hand_change for change in changes)


def order_status_refund(order: Order, lines, *, at) -> None:  # type: ignore[no-untyped-def]
    """A marketplace that only says "refunded" on the order (Wish, AliExpress): the order total
    back to the buyer, once (the caller holds the order row and saves it)."""
    created = _refund_record(
        order,
        lines,
        f"{order.family}-refund",
        at,
        Money(order.total, order.currency),
        None,
        [(line.sku, line.quantity_shipped) for line in lines if line.quantity_shipped],
    )
    if created:
        order.refunds_total = sum(order.refunds.values_list("amount", flat=True), Decimal(0))
