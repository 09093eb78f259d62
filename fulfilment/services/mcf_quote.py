"""What an FBA warehouse would charge for an order, asked before routing: the MCF preview
(getFulfillmentPreview through the adapter, Standard speed) priced in the seller's base currency,
with its delivery estimate — the FBA candidate's cost when a routing rule picks the cheapest."""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils import timezone

from channels.exceptions import ChannelError
from channels.registry import adapter_for
from channels.types import FulfillmentItem, FulfillmentOrderRequest
from currency.exceptions import ConversionError
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert
from hub.catalog.models import Variant
from hub.inventory.models import WarehouseKind


def fba_quotes(*, order, lines, warehouses, rules, adapters: dict | None = None) -> dict[int, dict]:  # type: ignore[no-untyped-def]
    """{FBA warehouse pk: cost entry} when a cheapest-cost rule could decide this order; else {}
    (no call to Amazon for orders no cost rule looks at)."""
    from fulfilment.services.routing import _rule_matches

    fba = [w for w in warehouses if w.kind == WarehouseKind.FBA]
    lines = [line for line in lines if line.variant_id and line.quantity > 0]
    if not fba or not lines or not any(rule.prefer_cheapest and _rule_matches(rule, order)[0] for rule in rules):
        return {}
    return {
        warehouse.pk: mcf_quote(order=order, lines=lines, warehouse=warehouse, adapters=adapters) for warehouse in fba
    }


def mcf_quote(*, order, lines, warehouse, adapters: dict | None = None) -> dict:  # type: ignore[no-untyped-def]
    from fulfilment.services.mcf import mcf_account_for, mcf_destination

    adapters = {} if adapters is None else adapters
    try:
        channel_account, marketplace_id = mcf_account_for(order, warehouse)
    except ChannelError as error:
        return {"cost": None, "cost_source": f"no MCF preview: {error}", "delivery_days": None}
    skus = dict(Variant.objects.filter(pk__in={line.variant_id for line in lines}).values_list("pk", "sku"))
    request = FulfillmentOrderRequest(
        seller_fulfillment_order_id=f"HUB-{order.pk}-quote",
        displayable_order_id=order.external_id[:40],
        displayable_order_date=order.purchased_at,
        displayable_order_comment="Thank you for your order.",
        shipping_speed="Standard",
        destination=mcf_destination(order),
        items=tuple(
            FulfillmentItem(
                sku=skus.get(line.variant_id, line.sku), item_reference=f"quote-{index}", quantity=line.quantity
            )
            for index, line in enumerate(lines, 1)
        ),
        marketplace_id=marketplace_id,
        block_amazon_logistics=order.family != "amazon",
    )
    try:
        adapter = adapters.get(channel_account.pk)
        if adapter is None:
            adapter = adapters[channel_account.pk] = adapter_for(channel_account, wait_seconds=0)
        previews = adapter.fulfillment_preview(request)
    except ChannelError as error:
        return {"cost": None, "cost_source": f"MCF preview failed: {error}"[:200], "delivery_days": None}
    preview = next((p for p in previews if p.shipping_speed == "Standard"), previews[0] if previews else None)
    if preview is None or not preview.is_fulfillable:
        reasons = ", ".join((preview.reasons + preview.unfulfillable_skus) if preview else ()) or "not fulfillable"
        return {"cost": None, "cost_source": f"MCF preview: {reasons}"[:200], "delivery_days": None}
    arrival = preview.latest_arrival or preview.earliest_arrival
    days = max(0, math.ceil((arrival - timezone.now()).total_seconds() / 86400)) if arrival else None
    if not preview.fees:
        return {"cost": None, "cost_source": "MCF preview without fees", "delivery_days": days}
    currency = preview.fees[0][1].currency
    fee = Money(sum((money.amount for _, money in preview.fees), Decimal(0)), currency)
    entry = {"cost_source": f"MCF preview {fee.amount} {currency}", "delivery_days": days}
    if currency == order.base_currency:
        return {**entry, "cost": str(fee.amount), "cost_currency": currency}
    try:
        converted = currency_convert(
            amount=fee,
            to_currency=order.base_currency,
            purpose=RoundingPurpose.REPORT,
            on_date=order.order_date,
            account=order.account_id,
        ).amount
    except ConversionError as error:
        return {
            **entry,
            "cost": None,
            "cost_source": f"MCF preview {fee.amount} {currency} not convertible: {error.message}",
        }
    return {**entry, "cost": str(converted.amount), "cost_currency": converted.currency}
