"""The one path every order takes into the hub (pulled, notified, or entered by hand).

`order_ingest` upserts by (channel account, marketplace order id) under a row lock, in one
transaction with everything that follows from it: the version history, line matching, money in
both currencies, the reservation and the routing decision. An answer whose marketplace update
time is not newer than what is stored changes nothing, so replayed pages, duplicated or
out-of-order notifications are harmless.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from channels.marketplaces import amazon_marketplace_get
from channels.statuses import canonical_order_status
from channels.types import Order as CanonicalOrder
from fulfilment.models import (
    CLOSED_STATUSES_VALUES,
    FulfilledBy,
    HoldReason,
    MoneyState,
    Network,
    Order,
    OrderEvent,
    OrderLine,
    OrderSource,
    OrderStatus,
    OrderVersion,
    ReservationState,
)
from fulfilment.services import money
from fulfilment.services.matching import variants_for_skus
from fulfilment.services.reservation import order_release, order_reserve
from hub.accounts.models import SellerAccount
from hub.core.jsonable import jsonable

SNAPSHOT_FIELDS = ("status", "marketplace_status", "total", "currency", "ship_country", "buyer_name", "lines")


@dataclass(frozen=True)
class IngestResult:
    order: Order
    created: bool
    changed: bool


def _snapshot(canonical: CanonicalOrder, status: str) -> dict:
    data = jsonable(asdict(canonical))
    data["canonical_status"] = status
    return data


def _changes(old: dict, new: dict) -> dict:
    keys = ("canonical_status", "status", "total", "ship_to", "lines", "fulfilled_by")
    return {key: {"from": old.get(key), "to": new.get(key)} for key in keys if old.get(key) != new.get(key)}


def _order_day(account: SellerAccount, canonical: CanonicalOrder):  # type: ignore[no-untyped-def]
    try:
        zone = zoneinfo.ZoneInfo(account.timezone or "UTC")
    except zoneinfo.ZoneInfoNotFoundError:
        zone = zoneinfo.ZoneInfo("UTC")
    return canonical.purchased_at.astimezone(zone).date()


def _lock_or_create(*, account, channel_account, source, family, canonical) -> tuple[Order, bool]:  # type: ignore[no-untyped-def]
    lookup = (
        {"channel_account": channel_account}
        if channel_account is not None
        else {"account": account, "channel_account__isnull": True}
    )
    existing = Order.objects.select_for_update().filter(external_id=canonical.external_reference, **lookup).first()
    if existing is not None:
        return existing, False
    order = Order(
        account=account,
        channel_account=channel_account,
        source=source,
        family=family,
        marketplace_id=canonical.marketplace_id,
        external_id=canonical.external_reference,
        purchased_at=canonical.purchased_at,
        order_date=_order_day(account, canonical),
        marketplace_updated_at=canonical.updated_at,
        currency="",
        base_currency=account.base_currency,
        status=OrderStatus.PENDING,
        version=0,
    )
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        # Another worker inserted it first; its transaction has committed: lock that row.
        return Order.objects.select_for_update().get(external_id=canonical.external_reference, **lookup), False
    return order, True


def _currency(canonical: CanonicalOrder, account: SellerAccount, family: str) -> str:
    if canonical.total is not None:
        return canonical.total.currency
    for line in canonical.lines:
        if line.unit_price is not None:
            return line.unit_price.currency
    if canonical.paid is not None:
        return canonical.paid.currency
    if family == "amazon":  # a Pending Amazon order has no prices yet: the marketplace's currency
        market = amazon_marketplace_get(canonical.marketplace_id)
        if market is not None:
            return market.currency
    return account.base_currency


def _has_amounts(canonical: CanonicalOrder) -> bool:
    return canonical.total is not None or any(line.unit_price is not None for line in canonical.lines)


def order_ingest(
    *,
    account: SellerAccount,
    canonical: CanonicalOrder,
    channel_account=None,  # type: ignore[no-untyped-def]
    family: str | None = None,
    source: str = OrderSource.MARKETPLACE,
    note: str = "",
    context=None,  # type: ignore[no-untyped-def]
) -> IngestResult:
    family = family or (channel_account.family if channel_account is not None else "manual")
    with transaction.atomic():
        order, created = _lock_or_create(
            account=account, channel_account=channel_account, source=source, family=family, canonical=canonical
        )
        if not created and canonical.updated_at <= order.marketplace_updated_at:
            return IngestResult(order, False, False)
        status = canonical.status if family == "manual" else canonical_order_status(family, canonical)
        if status == OrderStatus.CANCELLED and not created and family in ("wish", "aliexpress"):
            # Wish's REFUNDED and AliExpress's FINISH mean "cancelled" only for an order that never
            # shipped; the marketplace's answer may not say it shipped, the hub knows it did.
            if order.lines.filter(quantity_shipped__gt=0).exists():
                status = OrderStatus.REFUNDED if family == "wish" else OrderStatus.DELIVERED
        snapshot = _snapshot(canonical, status)
        previous = order.versions.order_by("-version").values_list("snapshot", flat=True).first() or {}
        changes = _changes(previous, snapshot) if previous else {}
        old_status = order.status
        order.version += 1
        order.status = status
        order.marketplace_status = canonical.status[:60]
        order.marketplace_updated_at = canonical.updated_at
        order.fulfilled_by = (
            FulfilledBy.MARKETPLACE if canonical.fulfilled_by == "marketplace" else FulfilledBy.MERCHANT
        )
        if canonical.ship_to is not None:
            order.ship_to = jsonable(asdict(canonical.ship_to))
            order.ship_country = (canonical.ship_to.country_code or "")[:2].upper()
        if canonical.buyer_name:
            order.buyer_name = canonical.buyer_name[:200]
        if note:
            order.note = note[:500]
        order.currency = _currency(canonical, account, family)

        lines = _lines_upsert(order, canonical, created=created)
        matched = variants_for_skus(
            account_id=account.pk,
            channel_account=channel_account,
            marketplace_id=order.marketplace_id,
            skus=[line.sku for line in lines],
        )
        unknown = sorted({line.sku or "(no SKU)" for line in lines if line.sku not in matched})
        for line in lines:
            line.variant_id = matched.get(line.sku)

        order.items_total = sum((line.line_total for line in lines), Decimal(0))
        order.tax_total = sum((line.tax for line in lines), Decimal(0))
        order.shipping_total = sum((line.shipping for line in lines), Decimal(0))
        order.total = canonical.total.amount if canonical.total is not None else order.items_total
        money.order_fees_estimate(
            order, lines, context.fee(order.family, order.marketplace_id) if context is not None else None
        )
        if _has_amounts(canonical):
            money.order_money_convert(order, lines, table=context.table(order.order_date) if context else None)
        else:
            order.money_state, order.money_reason = MoneyState.NO_AMOUNT, "The marketplace reports no amounts yet."

        was_held = order.hold_reason
        if unknown:
            order.hold_reason = HoldReason.UNKNOWN_SKU
            order.hold_detail = f"Unknown SKU: {', '.join(unknown)}"[:500]
        else:
            order.hold_reason = HoldReason.NONE
            order.hold_detail = ""

        _stock_follow(order, lines, old_status=old_status, created=created, context=context)
        order.save()
        for line in lines:
            line.save()
        OrderVersion.objects.create(
            order=order,
            version=order.version,
            marketplace_updated_at=canonical.updated_at,
            status=status,
            marketplace_status=order.marketplace_status,
            changes=changes,
            snapshot=snapshot,
        )
        if created:
            OrderEvent.objects.create(order=order, kind="received", message=f"Order received ({status}).")
        elif changes:
            OrderEvent.objects.create(
                order=order,
                kind="updated",
                message=f"Marketplace update: {', '.join(sorted(changes))}.",
                data=changes,
            )
        if order.hold_reason and order.hold_reason != was_held:
            OrderEvent.objects.create(order=order, kind="held", message=order.hold_detail)
        if order.money_state == "unconverted":
            OrderEvent.objects.get_or_create(order=order, kind="unconverted", defaults={"message": order.money_reason})
        if status == OrderStatus.REFUNDED and old_status != OrderStatus.REFUNDED and family != "amazon":
            # Wish and AliExpress say "refunded" on the order: the whole order, on the update's day.
            from fulfilment.services.refunds import order_status_refund

            order_status_refund(order, lines, at=canonical.updated_at)
        if channel_account is not None or source == OrderSource.MANUAL:
            transaction.on_commit(lambda pk=order.pk: _after_commit(pk))
        if family == "amazon" and status != old_status and status in SETTLED:
            transaction.on_commit(lambda pk=order.pk: _finances_after_commit(pk))
    return IngestResult(order, created, True)


SETTLED = {OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.REFUNDED}


def _finances_after_commit(order_pk: int) -> None:
    from fulfilment.tasks import order_finances_task

    order_finances_task.delay(order_pk)


def _after_commit(order_pk: int) -> None:
    from fulfilment.services.dispatch import order_dispatch_queue

    order_dispatch_queue(order_pk)


def _lines_upsert(order: Order, canonical: CanonicalOrder, *, created: bool) -> list[OrderLine]:
    existing = {} if created else {line.external_id: line for line in order.lines.all()}
    lines = []
    for index, raw in enumerate(canonical.lines):
        reference = raw.external_reference or f"{index + 1}"
        line = existing.pop(reference, None) or OrderLine(order=order, external_id=reference)
        old = (line.quantity, line.sku) if line.pk else None
        line.sku = raw.sku[:80]
        line.title = raw.title[:500]
        line._reserved_variant_id = line.variant_id  # type: ignore[attr-defined]
        line.quantity = max(0, raw.quantity)
        line.quantity_shipped = max(line.quantity_shipped, raw.quantity_shipped)
        line.unit_price = raw.unit_price.amount if raw.unit_price is not None else Decimal(0)
        line.line_total = line.unit_price * line.quantity
        line._quantity_changed = old is not None and old != (line.quantity, line.sku)  # type: ignore[attr-defined]
        if line.pk is None:
            line.save()
        lines.append(line)
    for gone in existing.values():  # a line the marketplace no longer lists: nothing to ship
        gone._reserved_variant_id = gone.variant_id  # type: ignore[attr-defined]
        gone.quantity = 0
        gone._quantity_changed = True  # type: ignore[attr-defined]
        lines.append(gone)
    return lines


def _stock_follow(order: Order, lines: list[OrderLine], *, old_status: str, created: bool, context=None) -> None:  # type: ignore[no-untyped-def]
    """Reservation follows the order: reserve when it becomes shippable, release when it is
    cancelled (or its lines change) before shipping, consume when the marketplace shipped it."""
    closed = order.status in CLOSED_STATUSES_VALUES
    if order.fulfilled_by == FulfilledBy.MARKETPLACE:
        order.reservation_state = ReservationState.MARKETPLACE
        order.network = Network.MARKETPLACE
        if created:
            OrderEvent.objects.create(order=order, kind="afn", message="Fulfilled by Amazon: recorded, not routed.")
        return
    if order.reservation_state == ReservationState.RESERVED:
        if closed:
            order_release(order, lines, why=f"Order {order.status} before shipping.")
            _cancel_requested_shipments(order)
            return
        if (
            any(getattr(line, "_quantity_changed", False) for line in lines)
            and not order.shipments.filter(status__in=["requested", "shipped"]).exists()
        ):
            order_release(order, lines, why="Lines changed; reserving again.")
            order.reservation_state = ReservationState.NONE
    if closed or order.hold_reason:
        return
    if order.reservation_state in (ReservationState.NONE, ReservationState.BACKORDERED, ReservationState.RELEASED):
        if order.status in (OrderStatus.UNSHIPPED, OrderStatus.PENDING, OrderStatus.PARTIALLY_SHIPPED):
            order_reserve(order, [line for line in lines if line.variant_id and line.quantity > 0], context)


def _cancel_requested_shipments(order: Order) -> None:
    for shipment in order.shipments.filter(status="requested", network=Network.FBA):
        OrderEvent.objects.create(
            order=order, kind="mcf_cancel", message=f"Cancelling MCF order {shipment.seller_fulfillment_order_id}."
        )
        transaction.on_commit(lambda pk=shipment.pk: _cancel_after_commit(pk))


def _cancel_after_commit(shipment_pk: int) -> None:
    from fulfilment.tasks import mcf_cancel_task

    mcf_cancel_task.delay(shipment_pk)


def order_totals(order: Order) -> dict:
    return order.lines.aggregate(units=Sum("quantity"), reserved=Sum("reserved_quantity"))
