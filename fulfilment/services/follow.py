"""Beat's round: follow requested MCF orders, send due tracking pushes, retry backordered
orders (stock may have arrived) and convert money that had no rate yet."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fulfilment.models import (
    MoneyState,
    Network,
    Order,
    PushState,
    ReservationState,
    Shipment,
    ShipmentStatus,
    TrackingPush,
)
from fulfilment.services.money import order_money_convert
from fulfilment.services.reservation import order_reserve


def order_retry_reserve(order_pk: int) -> str:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_pk)
        if order.reservation_state != ReservationState.BACKORDERED or order.hold_reason:
            return order.reservation_state
        lines = list(order.lines.filter(variant__isnull=False, quantity__gt=0))
        order_reserve(order, lines)
        order.save()
        for line in lines:
            line.save()
    if order.reservation_state == ReservationState.RESERVED:
        from fulfilment.services.dispatch import order_dispatch_queue

        transaction.on_commit(lambda: order_dispatch_queue(order.pk))
    return order.reservation_state


def order_reconvert(order_pk: int) -> str:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_pk)
        lines = list(order.lines.all())
        order_money_convert(order, lines)
        order.save()
        for line in lines:
            line.save()
    return order.money_state


def fulfilment_follow_queue(limit: int = 500) -> dict:
    from fulfilment.tasks import mcf_create_task, mcf_follow_task, tracking_push_task

    follow = list(
        Shipment.objects.filter(network=Network.FBA, status=ShipmentStatus.REQUESTED).values_list("pk", flat=True)[
            :limit
        ]
    )
    for pk in follow:
        mcf_follow_task.delay(pk)
    planned = list(
        Shipment.objects.filter(network=Network.FBA, status=ShipmentStatus.PLANNED).values_list("pk", flat=True)[:limit]
    )
    for pk in planned:
        mcf_create_task.delay(pk)
    pushes = list(
        TrackingPush.objects.filter(state=PushState.PENDING, next_attempt_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )[:limit]
    )
    for pk in pushes:
        tracking_push_task.delay(pk)
    retried = [
        order_retry_reserve(pk)
        for pk in Order.objects.filter(reservation_state=ReservationState.BACKORDERED).values_list("pk", flat=True)[
            :limit
        ]
    ]
    reconverted = [
        order_reconvert(pk)
        for pk in Order.objects.filter(money_state=MoneyState.UNCONVERTED).values_list("pk", flat=True)[:limit]
    ]
    return {
        "mcf_follow": len(follow),
        "mcf_create": len(planned),
        "pushes": len(pushes),
        "backorders": len(retried),
        "reconverted": len(reconverted),
    }
