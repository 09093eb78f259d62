"""FBA Multi-Channel Fulfillment for orders routed to an FBA warehouse (AliExpress, Wish and
Amazon MFN orders): preview, create with our own deterministic id (HUB-<order>-<shipment>, so
a retried create can never make a second fulfilment order), follow to shipped, cancel in time."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from channels.exceptions import NotFoundError, OutcomeUnknownError, RejectedError
from channels.marketplaces import amazon_marketplace_get
from channels.models import ChannelAccount
from channels.registry import adapter_for
from channels.types import Address, FulfillmentItem, FulfillmentOrderRequest
from fulfilment.models import Order, OrderEvent, Shipment, ShipmentStatus
from fulfilment.services.reservation import order_release, shipment_stock_out

SHIPPED = {"COMPLETE", "COMPLETE_PARTIALLED", "SHIPPED"}
FAILED = {"INVALID", "UNFULFILLABLE"}
CANCELLED = {"CANCELLED"}


def mcf_channel_account(shipment: Shipment) -> tuple[ChannelAccount, str]:
    """The Amazon connection and marketplace that serve this FBA warehouse's region."""
    return mcf_account_for(shipment.order, shipment.warehouse)


def mcf_account_for(order: Order, warehouse) -> tuple[ChannelAccount, str]:  # type: ignore[no-untyped-def]
    region = warehouse.fba_region
    accounts = ChannelAccount.objects.filter(account_id=order.account_id, family="amazon").order_by("pk")
    if order.family == "amazon" and order.channel_account_id:
        accounts = accounts.filter(pk=order.channel_account_id) | accounts
    for channel_account in accounts:
        for marketplace_id in channel_account.marketplaces or []:
            market = amazon_marketplace_get(marketplace_id)
            if market is not None and market.region == region:
                if order.family == "amazon" and order.marketplace_id == marketplace_id:
                    return channel_account, marketplace_id
        for marketplace_id in channel_account.marketplaces or []:
            market = amazon_marketplace_get(marketplace_id)
            if market is not None and market.region == region:
                return channel_account, marketplace_id
    raise RejectedError(f"No Amazon connection serves the FBA region {region}.")


def mcf_destination(order: Order) -> Address:
    """The order's ship-to address as MCF wants it (the buyer's name when the address has none)."""
    ship_to = order.ship_to or {}
    return Address(
        name=ship_to.get("name") or order.buyer_name or "Customer",
        line1=ship_to.get("line1") or "",
        line2=ship_to.get("line2") or "",
        line3=ship_to.get("line3") or "",
        city=ship_to.get("city") or "",
        state_or_region=ship_to.get("state_or_region") or "",
        postal_code=ship_to.get("postal_code") or "",
        country_code=ship_to.get("country_code") or order.ship_country,
        phone=ship_to.get("phone") or "",
    )


def mcf_order_request(shipment: Shipment, marketplace_id: str) -> FulfillmentOrderRequest:
    order = shipment.order
    destination = mcf_destination(order)
    items = tuple(
        FulfillmentItem(
            sku=item.order_line.variant.sku if item.order_line.variant_id else item.order_line.sku,
            item_reference=f"{shipment.seller_fulfillment_order_id}-{item.order_line_id}",
            quantity=item.quantity,
        )
        for item in shipment.lines.select_related("order_line__variant").order_by("pk")
    )
    return FulfillmentOrderRequest(
        seller_fulfillment_order_id=shipment.seller_fulfillment_order_id,
        displayable_order_id=order.external_id[:40],
        displayable_order_date=order.purchased_at,
        displayable_order_comment="Thank you for your order.",
        shipping_speed="Standard",
        destination=destination,
        items=items,
        marketplace_id=marketplace_id,
        block_amazon_logistics=order.family != "amazon",
    )


def _fail(shipment: Shipment, reason: str) -> str:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=shipment.order_id)
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.status != ShipmentStatus.PLANNED:
            return shipment.status
        shipment.status, shipment.failure = ShipmentStatus.FAILED, reason[:500]
        shipment.save(update_fields=["status", "failure", "updated_at"])
        lines = [item.order_line for item in shipment.lines.select_related("order_line")]
        order_release(order, lines, why=f"MCF failed: {reason}")
        order.reservation_state = "unfulfillable"
        order.save()
        for line in lines:
            line.save()
        OrderEvent.objects.create(order=order, kind="mcf_failed", message=f"MCF failed: {reason}"[:500])
    return ShipmentStatus.FAILED


def mcf_request(*, shipment_pk: int, adapter=None) -> str:  # type: ignore[no-untyped-def]
    shipment = Shipment.objects.select_related("order", "warehouse").get(pk=shipment_pk)
    if shipment.status != ShipmentStatus.PLANNED:
        return shipment.status
    channel_account, marketplace_id = mcf_channel_account(shipment)
    adapter = adapter or adapter_for(channel_account, wait_seconds=0)
    request = mcf_order_request(shipment, marketplace_id)
    try:
        previews = adapter.fulfillment_preview(request)
    except RejectedError as error:
        return _fail(shipment, f"preview refused: {error.message}")
    preview = next(
        (p for p in previews if p.shipping_speed == request.shipping_speed), previews[0] if previews else None
    )
    if preview is None or not preview.is_fulfillable:
        reasons = ", ".join((preview.reasons + preview.unfulfillable_skus) if preview else ()) or "not fulfillable"
        return _fail(shipment, f"preview: {reasons}")
    fee = sum((money.amount for _, money in preview.fees), Decimal(0))
    fee_currency = preview.fees[0][1].currency if preview.fees else ""
    try:
        adapter.fulfillment_order_create(request)
    except (OutcomeUnknownError, RejectedError) as error:
        # A create whose answer was lost, or "already exists" after one: ask Amazon by our id.
        try:
            adapter.fulfillment_order_get(seller_fulfillment_order_id=shipment.seller_fulfillment_order_id)
        except NotFoundError:
            if isinstance(error, RejectedError):
                return _fail(shipment, error.message)
            raise error from None
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.status == ShipmentStatus.PLANNED:
            shipment.status = ShipmentStatus.REQUESTED
            shipment.fee, shipment.fee_currency = fee, fee_currency
            shipment.save(update_fields=["status", "fee", "fee_currency", "updated_at"])
            order = Order.objects.select_for_update().get(pk=shipment.order_id)
            if fee_currency == order.currency:
                order.fulfilment_cost = order.fulfilment_cost + fee
                from fulfilment.services.money import order_money_convert

                lines = list(order.lines.all())
                order_money_convert(order, lines)
                order.save()
                for line in lines:
                    line.save()
            OrderEvent.objects.create(
                order=shipment.order,
                kind="mcf_requested",
                message=(
                    f"MCF order {shipment.seller_fulfillment_order_id} created at {marketplace_id}; "
                    f"fee {fee} {fee_currency}"
                ),
                data={"preview": {"fees": [[name, str(m.amount), m.currency] for name, m in preview.fees]}},
            )
    return ShipmentStatus.REQUESTED


def mcf_follow(*, shipment_pk: int, adapter=None) -> str:  # type: ignore[no-untyped-def]
    from fulfilment.services.tracking import tracking_push_create

    shipment = Shipment.objects.select_related("order", "warehouse").get(pk=shipment_pk)
    if shipment.status != ShipmentStatus.REQUESTED:
        return shipment.status
    channel_account, _ = mcf_channel_account(shipment)
    adapter = adapter or adapter_for(channel_account, wait_seconds=0)
    state = adapter.fulfillment_order_get(seller_fulfillment_order_id=shipment.seller_fulfillment_order_id)
    status = state.status.upper()
    packages = [package for item in state.shipments for package in item.packages if package.tracking_number]
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=shipment.order_id)
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.status != ShipmentStatus.REQUESTED:
            return shipment.status
        shipment.marketplace_status = status[:40]
        if packages and (status in SHIPPED or any(s.status.upper() == "SHIPPED" for s in state.shipments)):
            shipment.status = ShipmentStatus.SHIPPED
            shipment.carrier, shipment.tracking_number = packages[0].carrier[:80], packages[0].tracking_number[:80]
            shipment.shipped_at = next((s.shipped_at for s in state.shipments if s.shipped_at), None) or timezone.now()
            shipment.save()
            shipment_stock_out(shipment)
            OrderEvent.objects.create(
                order=shipment.order,
                kind="shipped",
                message=f"FBA shipped {shipment.carrier} {shipment.tracking_number}",
            )
            tracking_push_create(shipment)
        elif status in CANCELLED:
            shipment.status = ShipmentStatus.CANCELLED
            shipment.save()
        else:
            shipment.save(update_fields=["marketplace_status", "updated_at"])
    return shipment.status


def mcf_cancel(*, shipment_pk: int, adapter=None) -> str:  # type: ignore[no-untyped-def]
    shipment = Shipment.objects.select_related("order", "warehouse").get(pk=shipment_pk)
    if shipment.status not in (ShipmentStatus.REQUESTED, ShipmentStatus.PLANNED):
        return shipment.status
    channel_account, _ = mcf_channel_account(shipment)
    adapter = adapter or adapter_for(channel_account, wait_seconds=0)
    try:
        adapter.fulfillment_order_cancel(seller_fulfillment_order_id=shipment.seller_fulfillment_order_id)
    except RejectedError as error:
        OrderEvent.objects.create(order=shipment.order, kind="mcf_cancel_refused", message=error.message[:500])
        return shipment.status
    except NotFoundError:
        pass
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        shipment.status = ShipmentStatus.CANCELLED
        shipment.save(update_fields=["status", "updated_at"])
        OrderEvent.objects.create(
            order=shipment.order,
            kind="mcf_cancelled",
            message=f"MCF order {shipment.seller_fulfillment_order_id} cancelled.",
        )
    return ShipmentStatus.CANCELLED
