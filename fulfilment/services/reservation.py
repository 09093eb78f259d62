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


def order_reserve(order: Order, lines: list, context=None) -> None:  # type: ignore[type-arg,no-untyped-def]
    """Route and reserve an open, matched, merchant-fulfilled order (caller holds the order row)."""
    lines = [line for line in lines if line.quantity > 0]
    if not lines:
        return
    if context is not None:
        warehouses = context.warehouses()
    else:
        warehouses = list(
            Warehouse.objects.filter(account_id=order.account_id, is_active=True)
            .prefetch_related(Prefetch("rate_cards"))
            .order_by("pk")
        )
    levels = list(
        StockLevel.objects.select_for_update()
        .filter(
            account_id=order.account_id,
            variant_id__in={line.variant_id for line in lines},
            warehouse_id__in=[w.pk for w in warehouses],
        )
        .order_by("pk")
    )
    available = {(level.variant_id, level.warehouse_id): level.on_hand - level.reserved for level in levels}
    rules = (
        context.rules()
        if context is not None
        else list(RoutingRule.objects.filter(account_id=order.account_id, is_active=True).order_by("position", "pk"))
    )
    plan = route_plan(order=order, lines=lines, warehouses=warehouses, rules=rules, available=available)
    RoutingDecision.objects.create(
        order=order,
        rule=plan.rule,
        rule_name=plan.rule.name if plan.rule else ("default" if plan.ok else ""),
        network=plan.network,
        warehouse_id=plan.warehouse_id,
        summary=plan.summary[:500],
        trace=plan.trace,
    )
    if not plan.ok:
        state = (
            ReservationState.UNFULFILLABLE
            if shortage_rule(order.account_id) == ShortageRule.UNFULFILLABLE
            else ReservationState.BACKORDERED
        )
        if order.reservation_state != state:
            OrderEvent.objects.create(order=order, kind=state, message=plan.summary)
        order.reservation_state = state
        for line in lines:
            line.reservation_state = state
        return

    by_pk = {line.pk: line for line in lines}
    changes = []
    for allocation in plan.allocations:
        line = by_pk[allocation.line_pk]
        changes.append(
            StockChange(
                variant_id=allocation.variant_id,
                warehouse_id=allocation.warehouse_id,
                reason=MovementReason.RESERVATION,
                reserved_change=allocation.quantity,
                reference=f"order {order.family} {order.external_id}",
                idempotency_key=_key(line, "reserve"),
            )
        )
    stock_apply(account=order.account, changes=changes)

    # one shipment per warehouse used
    numbers = {}
    next_number = (order.shipments.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    warehouse_by_pk = {w.pk: w for w in warehouses}
    for allocation in plan.allocations:
        line = by_pk[allocation.line_pk]
        line.reserved_quantity += allocation.quantity
        line.reserved_warehouse_id = allocation.warehouse_id
        line.reservation_state = ReservationState.RESERVED
        shipment = numbers.get(allocation.warehouse_id)
        if shipment is None:
            warehouse = warehouse_by_pk[allocation.warehouse_id]
            network = Network.FBA if warehouse.kind == "fba" else Network.OWN
            shipment = numbers[allocation.warehouse_id] = Shipment.objects.create(
                order=order,
                number=next_number,
                network=network,
                warehouse=warehouse,
                status=ShipmentStatus.PLANNED,
                seller_fulfillment_order_id=f"HUB-{order.pk}-{next_number}" if network == Network.FBA else "",
            )
            next_number += 1
        ShipmentLine.objects.create(shipment=shipment, order_line=line, quantity=allocation.quantity)
    order.reservation_state = ReservationState.RESERVED
    order.network = plan.network
    order.warehouse_id = plan.warehouse_id
    OrderEvent.objects.create(
        order=order,
        kind="reserved",
        message=f"Reserved {sum(a.quantity for a in plan.allocations)} units; {plan.summary}"[:500],
        data={"allocations": [a.__dict__ for a in plan.allocations]},
    )


def order_release(order: Order, lines: list, *, why: str) -> None:  # type: ignore[type-arg]
    """Give back what an order holds (cancelled before shipping, lines edited)."""
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
    if changes:
        stock_apply(account=order.account, changes=changes)
    order.shipments.filter(status=ShipmentStatus.PLANNED).update(status=ShipmentStatus.CANCELLED)
    if order.reservation_state != ReservationState.RELEASED:
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
