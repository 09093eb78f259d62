"""FBA inbound shipments: pulled per (Amazon channel account, marketplace) with their items;
received is compared with shipped once Amazon is done receiving, and a difference stays flagged
until a person resolves it (even when a later pull shows other figures)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from channels.models import ChannelAccount
from channels.registry import adapter_for
from fulfilment.models import InboundShipment, InboundShipmentItem
from hub.catalog.models import Variant
from hub.core.exceptions import ConflictError

OPEN_OR_RECENT = ("WORKING", "SHIPPED", "IN_TRANSIT", "DELIVERED", "CHECKED_IN", "RECEIVING", "CLOSED", "ERROR")
# Amazon has counted everything it will count: a difference now is a discrepancy.
DONE_RECEIVING = {"CLOSED"}


def inbound_pull(*, channel_account: ChannelAccount, marketplace_id: str, adapter=None) -> int:  # type: ignore[no-untyped-def]
    adapter = adapter or adapter_for(channel_account, wait_seconds=30)
    token, seen = None, 0
    while True:
        # By status, not by update window: a shipment still receiving keeps changing its figures.
        page = adapter.inbound_shipments(marketplace_id=marketplace_id, statuses=OPEN_OR_RECENT, next_token=token)
        for shipment in page.shipments:
            items = adapter.inbound_shipment_items(marketplace_id=marketplace_id, shipment_id=shipment.shipment_id)
            inbound_upsert(
                channel_account=channel_account, marketplace_id=marketplace_id, shipment=shipment, items=items
            )
            seen += 1
        token = page.next_token
        if not token:
            return seen


@transaction.atomic
def inbound_upsert(*, channel_account, marketplace_id: str, shipment, items) -> InboundShipment:  # type: ignore[no-untyped-def]
    row, _ = InboundShipment.objects.select_for_update().get_or_create(
        channel_account=channel_account,
        shipment_id=shipment.shipment_id,
        defaults={
            "account_id": channel_account.account_id,
            "marketplace_id": marketplace_id,
            "status": shipment.status,
        },
    )
    variants = dict(
        Variant.objects.filter(account_id=channel_account.account_id, sku__in=[i.sku for i in items]).values_list(
            "sku", "pk"
        )
    )
    for item in items:
        InboundShipmentItem.objects.update_or_create(
            shipment=row,
            sku=item.sku,
            defaults={
                "fnsku": item.fnsku,
                "variant_id": variants.get(item.sku),
                "quantity_shipped": item.quantity_shipped,
                "quantity_received": item.quantity_received,
            },
        )
    row.name, row.status, row.destination_center = (
        shipment.name[:200],
        shipment.status[:30],
        shipment.destination_center,
    )
    row.quantity_shipped = sum(i.quantity_shipped for i in items)
    row.quantity_received = sum(i.quantity_received for i in items)
    if shipment.status in DONE_RECEIVING and any(i.quantity_shipped != i.quantity_received for i in items):
        row.has_discrepancy = True  # never cleared by a pull: a person resolves it
    row.save()
    return row


def inbound_resolve(*, shipment: InboundShipment, user, note: str) -> InboundShipment:  # type: ignore[no-untyped-def]
    if not shipment.open_discrepancy:
        raise ConflictError("This shipment has no open discrepancy.", code="no_discrepancy")
    shipment.discrepancy_resolved_at = timezone.now()
    shipment.resolved_by = user
    shipment.resolution_note = note[:500]
    shipment.save(update_fields=["discrepancy_resolved_at", "resolved_by", "resolution_note", "last_seen_at"])
    return shipment
