"""Stock for orders, always through the stock ledger (hub.inventory.services.stock_apply).

`order_reserve` runs inside the order's transaction: it locks every stock level the order could
use (in primary-key order, like stock_apply, so two orders never deadlock), routes on what is
available under those locks, and reserves. What cannot be served is backordered or marked
unfulfillable by the account's rule; nothing is ever reserved beyond what is on hand.
"""

from __future__ import annotations

from django.db.models import Prefetch

from fulfilment.models import (
    FulfilmentSettings,
    Network,
    Order,
    OrderEvent,
    ReservationState,
    RoutingDecision,
    RoutingRule,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    ShortageRule,
)
from fulfilment.services.routing import route_plan
from hub.inventory.models import MovementReason, StockLevel, Warehouse
from hub.inventory.services import stock_apply
from hub.inventory.types import StockChange


def _key(line, action: str) -> str:  # type: ignore[no-untyped-def]
    line.ledger_seq += 1
    return f"fulfilment:line:{line.pk}:{line.ledger_seq}:{action}"


def shortage_rule(account_id: int) -> str:
    found = FulfilmentSettings.objects.filter(account_id=account_id).values_list("shortage_rule", flat=True).first()
    return found or ShortageRule.BACKORDER


class Writes:
    """Rows an ingest writes for many orders at once: routing decisions, shipments with their
    lines and timeline events, inserted in a few statements by `flush`."""

    def __init__(self) -> None:
        self.decisions: list[RoutingDecision] = []
        self.shipments: list[tuple[Shipment, list[ShipmentLine]]] = []
        self.events: list[OrderEvent] = []

    def event(self, order: Order, kind: str, message: str, data: dict | None = None) -> None:
        self.events.append(OrderEvent(order=order, kind=kind, message=message[:500], data=data or {}))

    def flush(self) -> None:
        RoutingDecision.objects.bulk_create(self.decisions)
        Shipment.objects.bulk_create([shipment for shipment, _ in self.shipments])
        items = []
        for shipment, shipment_lines in self.shipments:
            for item in shipment_lines:
                item.shipment = shipment
                items.append(item)
        ShipmentLine.objects.bulk_create(items)
        OrderEvent.objects.bulk_create(self.events)
        self.decisions, self.shipments, self.events = [], [], []


class StockBook:
    """The stock an ingest works with: the levels of every variant it may reserve or release,
    locked once (in primary-key order, like stock_apply, so two books never deadlock), the
    available figures following each reservation and release as orders are routed one after
    the other, and the ledger changes applied together by `flush` (one stock_apply)."""

    def __init__(self, account, warehouses: list[Warehouse]) -> None:  # type: ignore[no-untyped-def]
        self.account = account
        self.warehouses = warehouses
        self.available: dict[tuple[int, int], int] = {}
        self.changes: list[StockChange] = []
        self._locked: set[int] = set()

    def lock(self, variant_ids) -> None:  # type: ignore[no-untyped-def]
        wanted = {pk for pk in variant_ids if pk} - self._locked
        if not wanted or not self.warehouses:
            return
        for level in (
            StockLevel.objects.select_for_update()
            .filter(account_id=self.account.pk, variant_id__in=wanted, warehouse_id__in=[w.pk for w in self.warehouses])
            .order_by("pk")
        ):
            self.available[(level.variant_id, level.warehouse_id)] = level.on_hand - level.reserved
        self._locked |= wanted

    def add(self, change: StockChange) -> None:
        key = (change.variant_id, change.warehouse_id)
        if key in self.available:
            self.available[key] -= change.reserved_change
        self.changes.append(change)

    def flush(self) -> None:
        if self.changes:
            stock_apply(account=self.account, changes=self.changes)
        self.changes = []


def _warehouses(account_id: int, context) -> list[Warehouse]:  # type: ignore[no-untyped-def]
    if context is not None:
        return context.warehouses()
    return list(
        Warehouse.objects.filter(account_id=account_id, is_active=True)
        .prefetch_related(Prefetch("rate_cards"))
        .order_by("pk")
    )


def order_reserve(
    order: Order, lines: list, context=None, *, book: StockBook | None = None, writes: Writes | None = None
) -> None:  # type: ignore[type-arg,no-untyped-def]
    """Route and reserve an open, matched, merchant-fulfilled order (caller holds the order row).

    Alone it locks, applies and writes at once; an ingest passes its page's `book` and `writes`
    (levels already locked) and flushes them after the last order of the page."""
    lines = [line for line in lines if line.quantity > 0]
    if not lines:
        return
    alone = book is None
    if book is None:
        book = StockBook(order.account, _warehouses(order.account_id, context))
        book.lock({line.variant_id for line in lines})
    own_writes = writes is None
    writes = writes if writes is not None else Writes()
    _reserve(order, lines, context, book, writes)
    if alone:
        book.flush()
    if own_writes:
        writes.flush()


def _reserve(order: Order, lines: list, context, book: StockBook, writes: Writes) -> None:  # type: ignore[type-arg,no-untyped-def]
    warehouses = book.warehouses
    rules = (
        context.rules()
        if context is not None
        else list(RoutingRule.objects.filter(account_id=order.account_id, is_active=True).order_by("position", "pk"))
    )
    plan = route_plan(order=order, lines=lines, warehouses=warehouses, rules=rules, available=book.available)
    writes.decisions.append(
        RoutingDecision(
            order=order,
            rule=plan.rule,
            rule_name=plan.rule.name if plan.rule else ("default" if plan.ok else ""),
            network=plan.network,
            warehouse_id=plan.warehouse_id,
            summary=plan.summary[:500],
            trace=plan.trace,
        )
    )
    if not plan.ok:
        rule = context.shortage_rule() if context is not None else shortage_rule(order.account_id)
        state = ReservationState.UNFULFILLABLE if rule == ShortageRule.UNFULFILLABLE else ReservationState.BACKORDERED
        if order.reservation_state != state:
            writes.event(order, state, plan.summary)
        order.reservation_state = state
        for line in lines:
            line.reservation_state = state
        return

    by_pk = {line.pk: line for line in lines}
    for allocation in plan.allocations:
        line = by_pk[allocation.line_pk]
        book.add(
            StockChange(
                variant_id=allocation.variant_id,
                warehouse_id=allocation.warehouse_id,
                reason=MovementReason.RESERVATION,
                reserved_change=allocation.quantity,
                reference=f"order {order.family} {order.external_id}",
                idempotency_key=_key(line, "reserve"),
            )
        )

    # one shipment per warehouse used
    numbers: dict[int, tuple[Shipment, list[ShipmentLine]]] = {}
    if getattr(order, "_new", False):
        next_number = 1
    else:
        next_number = (order.shipments.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    warehouse_by_pk = {w.pk: w for w in warehouses}
    for allocation in plan.allocations:
        line = by_pk[allocation.line_pk]
        line.reserved_quantity += allocation.quantity
        line.reserved_warehouse_id = allocation.warehouse_id
        line.reservation_state = ReservationState.RESERVED
        entry = numbers.get(allocation.warehouse_id)
        if entry is None:
            warehouse = warehouse_by_pk[allocation.warehouse_id]
            network = Network.FBA if warehouse.kind == "fba" else Network.OWN
            shipment = Shipment(
                order=order,
                number=next_number,
                network=network,
                warehouse=warehouse,
                status=ShipmentStatus.PLANNED,
                seller_fulfillment_order_id=f"HUB-{order.pk}-{next_number}" if network == Network.FBA else "",
            )
            entry = numbers[allocation.warehouse_id] = (shipment, [])
            writes.shipments.append(entry)
            next_number += 1
        entry[1].append(ShipmentLine(order_line=line, quantity=allocation.quantity))
    order.reservation_state = ReservationState.RESERVED
    order.network = plan.network
    order.warehouse_id = plan.warehouse_id
    writes.event(
        order,
        "reserved",
        f"Reserved {sum(a.quantity for a in plan.allocations)} units; {plan.summary}",
        {"allocations": [a.__dict__ for a in plan.allocations]},
    )


def order_release(
    order: Order, lines: list, *, why: str, book: StockBook | None = None, writes: Writes | None = None
) -> None:  # type: ignore[type-arg]
    """Give back what an order holds (cancelled before shipping, lines edited); with an
    ingest's `book` and `writes` the ledger rows and the event are written when it flushes."""
    changes = []
    for line in lines:
        if line.reserved_quantity and line.reserved_warehouse_id:
            changes.append(
                StockChange(
                    variant_id=getattr(line, "_reserved_variant_id", None) or line.variant_id,
                    warehouse_id=line.reserved_warehouse_id,
                    reason=MovementReason.RELEASE,
                    reserved_change=-line.reserved_quantity,
                    reference=f"order {order.family} {order.external_id}",
                    note=why[:500],
                    idempotency_key=_key(line, "release"),
                )
            )
            line.reserved_quantity = 0
        line.reservation_state = ReservationState.RELEASED
    if book is not None:
        for change in changes:
            book.add(change)
    elif changes:
        stock_apply(account=order.account, changes=changes)
    order.shipments.filter(status=ShipmentStatus.PLANNED).update(status=ShipmentStatus.CANCELLED)
    if order.reservation_state != ReservationState.RELEASED:
        if writes is not None:
            writes.event(order, "released", why)
        else:
            OrderEvent.objects.create(order=order, kind="released", message=why[:500])
    order.reservation_state = ReservationState.RELEASED
    order.network = ""
    order.warehouse = None


def shipment_stock_out(shipment: Shipment) -> None:
    """The units of a shipped shipment leave the warehouse: on hand and reserved both go down."""
    order = shipment.order
    changes = []
    lines = []
    for item in shipment.lines.select_related("order_line"):
        line = item.order_line
        take = min(item.quantity, line.reserved_quantity)
        changes.append(
            StockChange(
                variant_id=line.variant_id,
                warehouse_id=shipment.warehouse_id,
                reason=MovementReason.SHIPMENT,
                on_hand_change=-item.quantity,
                reserved_change=-take,
                reference=f"order {order.family} {order.external_id} shipment {shipment.number}",
                idempotency_key=_key(line, "ship"),
            )
        )
        line.reserved_quantity -= take
        line.quantity_shipped = min(line.quantity, line.quantity_shipped + item.quantity)
        if line.reserved_quantity == 0:
            line.reservation_state = ReservationState.SHIPPED
        lines.append(line)
    stock_apply(account=order.account, changes=changes)
    for line in lines:
        line.save(update_fields=["reserved_quantity", "quantity_shipped", "reservation_state", "ledger_seq"])
