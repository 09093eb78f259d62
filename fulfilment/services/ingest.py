"""The one path every order takes into the hub (pulled, notified, or entered by hand).

`order_ingest` upserts by (channel account, marketplace order id) under a row lock, in one
transaction with everything that follows from it: the version history, line matching, money in
both currencies, the reservation and the routing decision. An answer whose marketplace update
time is not newer than what is stored changes nothing, so replayed pages, duplicated or
out-of-order notifications are harmless.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum

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
from fulfilment.services.bulk import rows_update
from fulfilment.services.context import IngestContext
from fulfilment.services.matching import variants_for_skus
from fulfilment.services.reservation import StockBook, Writes, order_release, order_reserve
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


def _lock_or_create_many(*, account, channel_account, source, family, canonicals) -> dict[str, tuple[Order, bool]]:  # type: ignore[no-untyped-def]
    """Every order of the page, locked: the new ones inserted first as empty rows (version 0;
    ON CONFLICT DO NOTHING against the unique constraint, in order-id order, so a concurrent
    insert of the same id waits for the other transaction and then finds its row), then all
    rows locked in primary-key order (two pages never deadlock). A row still at version 0
    is one this transaction created."""
    lookup = (
        {"channel_account": channel_account}
        if channel_account is not None
        else {"account": account, "channel_account__isnull": True}
    )
    references = sorted(canonicals)
    found = {
        order.external_id: order
        for order in Order.objects.filter(external_id__in=references, **lookup).only("pk", "external_id")
    }
    missing = [reference for reference in references if reference not in found]
    if missing:
        Order.objects.bulk_create(
            [
                Order(
                    account=account,
                    channel_account=channel_account,
                    source=source,
                    family=family,
                    marketplace_id=canonicals[reference].marketplace_id,
                    external_id=reference,
                    purchased_at=canonicals[reference].purchased_at,
                    order_date=_order_day(account, canonicals[reference]),
                    marketplace_updated_at=canonicals[reference].updated_at,
                    currency="",
                    base_currency=account.base_currency,
                    status=OrderStatus.PENDING,
                    version=0,
                )
                for reference in missing
            ],
            ignore_conflicts=True,
        )
    locked = Order.objects.select_for_update().filter(external_id__in=references, **lookup).order_by("pk")
    return {order.external_id: (order, order.version == 0) for order in locked}


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
    """One order: a page of one."""
    return orders_ingest(
        account=account,
        canonicals=[canonical],
        channel_account=channel_account,
        family=family,
        source=source,
        note=note,
        context=context,
    )[0]


def orders_ingest(
    *,
    account: SellerAccount,
    canonicals: list[CanonicalOrder],
    channel_account=None,  # type: ignore[no-untyped-def]
    family: str | None = None,
    source: str = OrderSource.MARKETPLACE,
    note: str = "",
    context=None,  # type: ignore[no-untyped-def]
) -> list[IngestResult]:
    """A page of orders in one transaction: every row locked, what changed computed order by
    order, the stock of the page locked once and the rows written a statement per table. When
    the same order appears twice, the newer answer counts."""
    family = family or (channel_account.family if channel_account is not None else "manual")
    context = context if context is not None else IngestContext(account.pk)
    newest: dict[str, CanonicalOrder] = {}
    for canonical in canonicals:
        held = newest.get(canonical.external_reference)
        if held is None or canonical.updated_at > held.updated_at:
            newest[canonical.external_reference] = canonical
    if not newest:
        return []
    results: list[IngestResult] = []
    with transaction.atomic():
        locked = _lock_or_create_many(
            account=account, channel_account=channel_account, source=source, family=family, canonicals=newest
        )
        work = []
        for reference, canonical in newest.items():
            order, created = locked[reference]
            if not created and canonical.updated_at <= order.marketplace_updated_at:
                results.append(IngestResult(order, False, False))
                continue
            order._new = created  # type: ignore[attr-defined]
            work.append((order, created, canonical))
        if not work:
            return results
        old_ids = [order.pk for order, created, _ in work if not created]
        old_lines: dict[int, list[OrderLine]] = defaultdict(list)
        previous: dict[int, dict] = {}
        unconverted_before: set[int] = set()
        if old_ids:
            for line in OrderLine.objects.filter(order_id__in=old_ids).order_by("pk"):
                old_lines[line.order_id].append(line)
            previous = dict(
                OrderVersion.objects.filter(order_id__in=old_ids, version=F("order__version")).values_list(
                    "order_id", "snapshot"
                )
            )
            unconverted_before = set(
                OrderEvent.objects.filter(order_id__in=old_ids, kind="unconverted").values_list("order_id", flat=True)
            )
        matches = _matches(account, channel_account, work)

        writes = Writes()
        versions: list[OrderVersion] = []
        page: list[tuple[Order, list[OrderLine], str, str, CanonicalOrder, dict]] = []
        new_lines: list[OrderLine] = []
        for order, created, canonical in work:
            status = canonical.status if family == "manual" else canonical_order_status(family, canonical)
            if status == OrderStatus.CANCELLED and not created and family in ("wish", "aliexpress"):
                # Wish's REFUNDED and AliExpress's FINISH mean "cancelled" only for an order that never
                # shipped; the marketplace's answer may not say it shipped, the hub knows it did.
                if any(line.quantity_shipped > 0 for line in old_lines.get(order.pk, [])):
                    status = OrderStatus.REFUNDED if family == "wish" else OrderStatus.DELIVERED
            snapshot = _snapshot(canonical, status)
            before = previous.get(order.pk) or {}
            changes = _changes(before, snapshot) if before else {}
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

            lines = _lines_build(order, canonical, old_lines.get(order.pk, []))
            new_lines.extend(line for line in lines if line.pk is None)
            matched = matches[order.marketplace_id]
            unknown = sorted({line.sku or "(no SKU)" for line in lines if line.sku not in matched})
            for line in lines:
                line.variant_id = matched.get(line.sku)

            order.items_total = sum((line.line_total for line in lines), Decimal(0))
            order.tax_total = sum((line.tax for line in lines), Decimal(0))
            order.shipping_total = sum((line.shipping for line in lines), Decimal(0))
            order.total = canonical.total.amount if canonical.total is not None else order.items_total
            money.order_fees_estimate(order, lines, context.fee(order.family, order.marketplace_id))
            if _has_amounts(canonical):
                money.order_money_convert(order, lines, table=context.table(order.order_date))
            else:
                order.money_state, order.money_reason = MoneyState.NO_AMOUNT, "The marketplace reports no amounts yet."

            was_held = order.hold_reason
            if unknown:
                order.hold_reason = HoldReason.UNKNOWN_SKU
                order.hold_detail = f"Unknown SKU: {', '.join(unknown)}"[:500]
            else:
                order.hold_reason = HoldReason.NONE
                order.hold_detail = ""
            versions.append(
                OrderVersion(
                    order=order,
                    version=order.version,
                    marketplace_updated_at=canonical.updated_at,
                    status=status,
                    marketplace_status=order.marketplace_status,
                    changes=changes,
                    snapshot=snapshot,
                )
            )
            page.append((order, lines, old_status, was_held, canonical, changes))

        OrderLine.objects.bulk_create(new_lines)  # their keys name the ledger movements
        OrderVersion.objects.bulk_create(versions)
        for order, _, _, was_held, _, changes in page:
            if order._new:  # type: ignore[attr-defined]
                writes.event(order, "received", f"Order received ({order.status}).")
            elif changes:
                writes.event(order, "updated", f"Marketplace update: {', '.join(sorted(changes))}.", changes)
            if order.hold_reason and order.hold_reason != was_held:
                writes.event(order, "held", order.hold_detail)
            if order.money_state == MoneyState.UNCONVERTED and order.pk not in unconverted_before:
                writes.event(order, "unconverted", order.money_reason)
        every_line = [line for _, lines, *_ in page for line in lines]
        rows_update([order for order, *_ in page], ORDER_FIELDS)
        rows_update(every_line, LINE_FIELDS)
        writes.flush()

        # The stock of the page is locked last, for the least time: route and reserve, then write
        # what that changed and commit.
        book = StockBook(account, context.warehouses())
        stocked = [line for order, lines, *_ in page if order.fulfilled_by != FulfilledBy.MARKETPLACE for line in lines]
        book.lock(
            {line.variant_id for line in stocked} | {getattr(line, "_reserved_variant_id", None) for line in stocked}
        )
        for order, lines, old_status, *_ in page:
            _stock_follow(
                order, lines, old_status=old_status, created=order._new, context=context, book=book, writes=writes
            )
        book.flush()
        rows_update([order for order, *_ in page], ORDER_STOCK_FIELDS)
        rows_update(every_line, LINE_STOCK_FIELDS)
        writes.flush()
        for order, lines, old_status, _, canonical, _ in page:
            if order.status == OrderStatus.REFUNDED and old_status != OrderStatus.REFUNDED and family != "amazon":
                # Wish and AliExpress say "refunded" on the order: the whole order, on the update's day.
                from fulfilment.services.refunds import order_status_refund

                order_status_refund(order, lines, at=canonical.updated_at)
                order.save()
            if family == "amazon" and order.status != old_status and order.status in SETTLED:
                transaction.on_commit(lambda pk=order.pk: _finances_after_commit(pk))
            results.append(IngestResult(order, order._new, True))  # type: ignore[attr-defined]
        if channel_account is not None or source == OrderSource.MANUAL:
            pks = [order.pk for order, *_ in page]
            transaction.on_commit(lambda: _after_commit(pks))
    return results


ORDER_FIELDS = [
    field.name
    for field in Order._meta.concrete_fields
    if not field.primary_key and field.name not in ("created_at", "finances_checked_at")
]
LINE_FIELDS = [field.name for field in OrderLine._meta.concrete_fields if not field.primary_key]
# What routing and reservation change (written again once the stock is locked).
ORDER_STOCK_FIELDS = ["reservation_state", "network", "warehouse"]
LINE_STOCK_FIELDS = ["reserved_quantity", "reserved_warehouse", "reservation_state", "ledger_seq"]


def _matches(account, channel_account, work) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """{marketplace: {sku: variant id}} for every SKU of the page, asked once per marketplace."""
    skus: dict[str, set[str]] = defaultdict(set)
    for order, _, canonical in work:
        skus[order.marketplace_id].update(line.sku[:80] for line in canonical.lines)
    return {
        marketplace_id: variants_for_skus(
            account_id=account.pk, channel_account=channel_account, marketplace_id=marketplace_id, skus=wanted
        )
        for marketplace_id, wanted in skus.items()
    }


SETTLED = {OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.REFUNDED}


def _finances_after_commit(order_pk: int) -> None:
    from fulfilment.tasks import order_finances_task

    order_finances_task.delay(order_pk)


def _after_commit(order_pks: list[int]) -> None:
    from fulfilment.services.dispatch import orders_dispatch_queue

    orders_dispatch_queue(order_pks)


def _lines_build(order: Order, canonical: CanonicalOrder, old: list[OrderLine]) -> list[OrderLine]:
    """The order's lines as the marketplace says them now (new ones not saved yet)."""
    existing = {line.external_id: line for line in old}
    lines = []
    for index, raw in enumerate(canonical.lines):
        reference = raw.external_reference or f"{index + 1}"
        line = existing.pop(reference, None) or OrderLine(order=order, external_id=reference)
        before = (line.quantity, line.sku) if line.pk else None
        line.sku = raw.sku[:80]
        line.title = raw.title[:500]
        line._reserved_variant_id = line.variant_id  # type: ignore[attr-defined]
        line.quantity = max(0, raw.quantity)
        line.quantity_shipped = max(line.quantity_shipped, raw.quantity_shipped)
        line.unit_price = raw.unit_price.amount if raw.unit_price is not None else Decimal(0)
        line.line_total = line.unit_price * line.quantity
        line._quantity_changed = before is not None and before != (line.quantity, line.sku)  # type: ignore[attr-defined]
        lines.append(line)
    for gone in existing.values():  # a line the marketplace no longer lists: nothing to ship
        gone._reserved_variant_id = gone.variant_id  # type: ignore[attr-defined]
        gone.quantity = 0
        gone._quantity_changed = True  # type: ignore[attr-defined]
        lines.append(gone)
    return lines


def _stock_follow(  # type: ignore[no-untyped-def]
    order: Order, lines: list[OrderLine], *, old_status: str, created: bool, context, book: StockBook, writes: Writes
) -> None:
    """Reservation follows the order: reserve when it becomes shippable, release when it is
    cancelled (or its lines change) before shipping, consume when the marketplace shipped it."""
    closed = order.status in CLOSED_STATUSES_VALUES
    if order.fulfilled_by == FulfilledBy.MARKETPLACE:
        order.reservation_state = ReservationState.MARKETPLACE
        order.network = Network.MARKETPLACE
        if created:
            writes.event(order, "afn", "Fulfilled by Amazon: recorded, not routed.")
        return
    if order.reservation_state == ReservationState.RESERVED:
        if closed:
            order_release(order, lines, why=f"Order {order.status} before shipping.", book=book, writes=writes)
            _cancel_requested_shipments(order, writes)
            return
        if (
            any(getattr(line, "_quantity_changed", False) for line in lines)
            and not order.shipments.filter(status__in=["requested", "shipped"]).exists()
        ):
            order_release(order, lines, why="Lines changed; reserving again.", book=book, writes=writes)
            order.reservation_state = ReservationState.NONE
    if closed or order.hold_reason:
        return
    if order.reservation_state in (ReservationState.NONE, ReservationState.BACKORDERED, ReservationState.RELEASED):
        if order.status in (OrderStatus.UNSHIPPED, OrderStatus.PENDING, OrderStatus.PARTIALLY_SHIPPED):
            order_reserve(
                order,
                [line for line in lines if line.variant_id and line.quantity > 0],
                context,
                book=book,
                writes=writes,
            )


def _cancel_requested_shipments(order: Order, writes: Writes) -> None:
    for shipment in order.shipments.filter(status="requested", network=Network.FBA):
        writes.event(order, "mcf_cancel", f"Cancelling MCF order {shipment.seller_fulfillment_order_id}.")
        transaction.on_commit(lambda pk=shipment.pk: _cancel_after_commit(pk))


def _cancel_after_commit(shipment_pk: int) -> None:
    from fulfilment.tasks import mcf_cancel_task

    mcf_cancel_task.delay(shipment_pk)


def order_totals(order: Order) -> dict:
    return order.lines.aggregate(units=Sum("quantity"), reserved=Sum("reserved_quantity"))
