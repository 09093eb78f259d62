"""Reads of the fulfilment app (pages, API, the orders command and, later, the revenue reports)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from fulfilment.models import (
    Order,
    OrderStatus,
    PushState,
    ReservationState,
    RoutingRule,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    TrackingPush,
)
from fulfilment.money_text import money_text


def order_list(*, account_id: int) -> QuerySet[Order]:
    return (
        Order.objects.filter(account_id=account_id)
        .select_related("warehouse", "channel_account")
        .annotate(
            tracking_pushed=Exists(TrackingPush.objects.filter(order=OuterRef("pk"), state=PushState.ACCEPTED)),
        )
    )


def order_detail(*, account_id: int, pk: int) -> Order:
    return (
        order_list(account_id=account_id)
        .prefetch_related(
            "lines__variant",
            "lines__reserved_warehouse",
            "versions",
            "events",
            "routing_decisions",
            "refunds",
            Prefetch("shipments", queryset=Shipment.objects.select_related("warehouse").prefetch_related("lines")),
            Prefetch("tracking_pushes", queryset=TrackingPush.objects.select_related("shipment")),
        )
        .get(pk=pk)
    )


def order_status_rows(
    *, account_id: int | None = None, channel_account_id: int | None = None, since=None
) -> list[dict]:  # type: ignore[no-untyped-def]
    """One plain dict per order, the shape of `manage.py orders status --json`."""
    orders = Order.objects.all().select_related("warehouse").order_by("purchased_at", "pk")
    if account_id is not None:
        orders = orders.filter(account_id=account_id)
    if channel_account_id is not None:
        orders = orders.filter(channel_account_id=channel_account_id)
    if since is not None:
        orders = orders.filter(marketplace_updated_at__gte=since)
    pushed = set(
        TrackingPush.objects.filter(order__in=orders, state=PushState.ACCEPTED).values_list("order_id", flat=True)
    )
    rows = []
    for order in orders.iterator(chunk_size=2000):
        rows.append(
            {
                "id": order.pk,
                "account": order.account_id,
                "family": order.family,
                "marketplace": order.marketplace_id,
                "order_id": order.external_id,
                "status": order.status,
                "marketplace_status": order.marketplace_status,
                "fulfilled_by": order.fulfilled_by,
                "order_date": order.order_date.isoformat(),
                "currency": order.currency,
                "total": money_text(order.total, order.currency),
                "base_currency": order.base_currency,
                "base_total": money_text(order.base_total, order.base_currency),
                "rate": str(order.rate) if order.rate is not None else None,
                "rate_date": order.rate_date.isoformat() if order.rate_date else None,
                "rate_source": order.rate_source,
                "money_state": order.money_state,
                "hold_reason": order.hold_reason,
                "reservation": order.reservation_state,
                "fulfilment": {
                    "network": order.network,
                    "warehouse": order.warehouse.code if order.warehouse_id else None,
                },
                "tracking_pushed": order.pk in pushed,
            }
        )
    return rows


def routing_rule_list(*, account_id: int) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(account_id=account_id).select_related("warehouse").order_by("position", "pk")


def shipment_list(*, account_id: int) -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(order__account_id=account_id)
        .select_related("order", "warehouse")
        .prefetch_related(Prefetch("lines", queryset=ShipmentLine.objects.select_related("order_line")))
    )


def pick_list(*, account_id: int, warehouse_id: int) -> list[dict]:
    """What to pick in one own warehouse: every line of its waiting shipments, sorted by the
    bin location of the SKU (then SKU), so a picker walks the aisles once."""
    from fulfilment.models import BinLocation

    items = ShipmentLine.objects.filter(
        shipment__order__account_id=account_id,
        shipment__warehouse_id=warehouse_id,
        shipment__status__in=[ShipmentStatus.PLANNED, ShipmentStatus.PICKING],
    ).select_related("shipment__order", "order_line__variant")
    locations = dict(BinLocation.objects.filter(warehouse_id=warehouse_id).values_list("variant_id", "location"))
    rows = [
        {
            "location": locations.get(item.order_line.variant_id, ""),
            "sku": item.order_line.variant.sku if item.order_line.variant_id else item.order_line.sku,
            "title": item.order_line.title,
            "quantity": item.quantity,
            "order_id": item.shipment.order.external_id,
            "order_pk": item.shipment.order_id,
            "shipment": item.shipment.number,
            "shipment_pk": item.shipment_id,
        }
        for item in items
    ]
    rows.sort(key=lambda row: (row["location"] == "", row["location"], row["sku"], row["order_id"]))
    return rows


def inbound_list(*, account_id: int) -> QuerySet:
    """Inbound shipments, open discrepancies first."""
    from django.db.models import BooleanField, Case, When

    from fulfilment.models import InboundShipment

    return (
        InboundShipment.objects.filter(account_id=account_id)
        .annotate(
            open_first=Case(
                When(has_discrepancy=True, discrepancy_resolved_at__isnull=True, then=0),
                default=1,
                output_field=BooleanField(),
            )
        )
        .prefetch_related("items")
        .order_by("open_first", "-last_seen_at")
    )


EXCEPTION_FILTERS = {
    "unknown_sku": Q(hold_reason="unknown_sku"),
    "unfulfillable": Q(reservation_state=ReservationState.UNFULFILLABLE),
    "backordered": Q(reservation_state=ReservationState.BACKORDERED),
    "mcf_failed": Q(shipments__status=ShipmentStatus.FAILED),
    "tracking_rejected": Q(tracking_pushes__state=PushState.REJECTED),
    "unconverted": Q(money_state="unconverted"),
}


def logistics_counts(*, account_id: int) -> dict:
    orders = Order.objects.filter(account_id=account_id)
    counts = {name: orders.filter(q).distinct().count() for name, q in EXCEPTION_FILTERS.items()}
    counts["waiting"] = orders.filter(
        status__in=[OrderStatus.PENDING, OrderStatus.UNSHIPPED, OrderStatus.PARTIALLY_SHIPPED],
        reservation_state=ReservationState.RESERVED,
    ).count()
    shipments = Shipment.objects.filter(order__account_id=account_id)
    counts["outbound_open"] = shipments.filter(
        status__in=[ShipmentStatus.PLANNED, ShipmentStatus.PICKING, ShipmentStatus.REQUESTED]
    ).count()
    counts["outbound_shipped"] = shipments.filter(status=ShipmentStatus.SHIPPED).count()
    from fulfilment.models import InboundShipment

    counts["short_received"] = InboundShipment.objects.filter(
        account_id=account_id, has_discrepancy=True, discrepancy_resolved_at__isnull=True
    ).count()
    counts["inbound_open"] = (
        InboundShipment.objects.filter(account_id=account_id)
        .exclude(status__in=["CLOSED", "CANCELLED", "DELETED"])
        .count()
    )
    counts["exceptions"] = sum(counts[name] for name in EXCEPTION_FILTERS) + counts["short_received"]
    return counts


def order_exception_annotations(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.annotate(
        failed_shipments=Count("shipments", filter=Q(shipments__status=ShipmentStatus.FAILED), distinct=True),
    )
