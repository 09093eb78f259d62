"""Amazon Finances v0 events (listFinancialEventsByOrderId) in canonical form: the fees of the
order's ShipmentEvents and its RefundEvents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from channels.mapping import parse_time
from channels.types import Money, OrderFinances, OrderRefund


def _money(raw: Mapping[str, Any] | None) -> Money | None:
    if not raw or raw.get("CurrencyCode") in (None, ""):
        return None
    # Amazon sends CurrencyAmount as a JSON number; str() keeps the digits it sent.
    return Money(Decimal(str(raw.get("CurrencyAmount", 0))), str(raw["CurrencyCode"]))


def order_finances(
    order_reference: str, shipment_events: Sequence[Mapping[str, Any]], refund_events: Sequence[Mapping[str, Any]]
) -> OrderFinances:
    fees: dict[tuple[str, str], Decimal] = {}
    for event in shipment_events:
        for item in event.get("ShipmentItemList") or []:
            for fee in item.get("ItemFeeList") or []:
                money = _money(fee.get("FeeAmount"))
                if money is not None:
                    key = (str(fee.get("FeeType") or "Fee"), money.currency)
                    fees[key] = fees.get(key, Decimal(0)) - money.amount  # fees come negative
    refunds = []
    for index, event in enumerate(refund_events):
        total: Money | None = None
        returned: Money | None = None
        lines = []
        for item in event.get("ShipmentItemAdjustmentList") or []:
            for charge in item.get("ItemChargeAdjustmentList") or []:
                money = _money(charge.get("ChargeAmount"))
                if money is not None:
                    total = (
                        Money(-money.amount, money.currency)
                        if total is None
                        else total + Money(-money.amount, money.currency)
                    )
            for fee in item.get("ItemFeeAdjustmentList") or []:
                money = _money(fee.get("FeeAmount"))
                if money is not None:
                    returned = money if returned is None else returned + money
            lines.append((str(item.get("SellerSKU") or ""), int(item.get("QuantityShipped") or 0)))
        if total is None:
            continue
        posted = parse_time(event.get("PostedDate"))
        reference = str(
            next((item.get("OrderAdjustmentItemId") for item in event.get("ShipmentItemAdjustmentList") or []), "")
            or f"{order_reference}-refund-{index}"
        )
        refunds.append(
            OrderRefund(reference=reference, posted_at=posted, amount=total, fees_returned=returned, lines=tuple(lines))  # type: ignore[arg-type]
        )
    return OrderFinances(
        order_reference=order_reference,
        fees=tuple((kind, Money(amount, currency)) for (kind, currency), amount in sorted(fees.items())),
        refunds=tuple(refunds),
    )
