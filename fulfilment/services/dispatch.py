"""What happens after an order's transaction commits: FBA shipments are requested at Amazon
(a task per shipment, with its deterministic id)."""

from __future__ import annotations

from fulfilment.models import Network, Shipment, ShipmentStatus


def order_dispatch_queue(order_pk: int) -> None:
    from fulfilment.tasks import mcf_create_task

    for shipment_pk in Shipment.objects.filter(
        order_id=order_pk, network=Network.FBA, status=ShipmentStatus.PLANNED
    ).values_list("pk", flat=True):
        mcf_create_task.delay(shipment_pk)


def orders_dispatch_queue(order_pks: list[int]) -> None:
    """The same for a page of orders, asked in one query."""
    from fulfilment.tasks import mcf_create_task

    for shipment_pk in Shipment.objects.filter(
        order_id__in=order_pks, network=Network.FBA, status=ShipmentStatus.PLANNED
    ).values_list("pk", flat=True):
        mcf_create_task.delay(shipment_pk)
