"""Tracking back to the marketplace the order came from, through an outbox.

Each shipped shipment gets one TrackingPush row in the transaction that marks it shipped. A task
sends it; throttled or transient errors are retried, a rejection is parked for a person. An
attempt is counted (and committed) before the call, so after a crash whose outcome is unknown
the next attempt first reads the order at the marketplace: when it already shows as shipped,
the push is taken as accepted and nothing is sent a second time.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from channels.exceptions import ChannelError, RejectedError, ThrottledError, TransientError
from channels.registry import adapter_for
from channels.statuses import canonical_order_status
from channels.types import ShipmentConfirmation
from fulfilment.models import OrderEvent, PushState, Shipment, TrackingPush

ALREADY_THERE = {"shipped", "delivered"}
# Where an FBA region's parcels ship from (MCF out of the region's main marketplace).
FBA_REGION_COUNTRY = {"NA": "US", "EU": "DE", "FE": "JP"}


def tracking_push_create(shipment: Shipment) -> TrackingPush | None:
    """Queue the push of a shipped shipment (once; manual orders have no marketplace)."""
    order = shipment.order
    if order.channel_account_id is None or order.fulfilled_by == "marketplace":
        return None
    push, created = TrackingPush.objects.get_or_create(
        shipment=shipment, defaults={"order": order, "next_attempt_at": timezone.now()}
    )
    if created:
        transaction.on_commit(lambda: _queue(push.pk))
    return push


def _queue(push_pk: int) -> None:
    from fulfilment.tasks import tracking_push_task

    tracking_push_task.delay(push_pk)


def carrier_name(family: str, carrier: str) -> str:
    names = settings.FULFILMENT_CARRIER_NAMES.get(family, {})
    return names.get(carrier.upper().replace(" ", "_"), carrier)


def confirmation_for(shipment: Shipment) -> ShipmentConfirmation:
    order = shipment.order
    lines = tuple((item.order_line.external_id, item.quantity) for item in shipment.lines.select_related("order_line"))
    open_after = order.shipments.exclude(pk=shipment.pk).filter(status__in=["planned", "requested", "picking"])
    return ShipmentConfirmation(
        order_reference=order.external_id,
        marketplace_id=order.marketplace_id,
        carrier=carrier_name(order.family, shipment.carrier),
        tracking_number=shipment.tracking_number,
        shipped_at=shipment.shipped_at or timezone.now(),
        lines=lines,
        origin_country=shipment.warehouse.country or FBA_REGION_COUNTRY.get(shipment.warehouse.fba_region, ""),
        package_reference=str(shipment.number),
        is_partial=open_after.exists(),
    )


def tracking_push_send(*, push_pk: int, adapter=None) -> str:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        push = TrackingPush.objects.select_for_update().select_related("order", "shipment").get(pk=push_pk)
        if push.state != PushState.PENDING:
            return push.state
        earlier_attempts = push.attempts
        push.attempts += 1
        push.save(update_fields=["attempts"])
    order = push.order
    adapter = adapter or adapter_for(order.channel_account, wait_seconds=0)
    try:
        if earlier_attempts:
            # An earlier attempt may have reached the marketplace: look before sending again.
            current = adapter.order_get(order_reference=order.external_id)
            if canonical_order_status(order.family, current) in ALREADY_THERE:
                return _accepted(push, "already shipped at the marketplace")
        result = adapter.shipment_confirm(confirmation_for(push.shipment))
    except RejectedError as error:
        return _failed(push, error.message, final=True)
    except (ThrottledError, TransientError) as error:
        _failed(push, error.message, final=push.attempts >= settings.FULFILMENT_PUSH_MAX_ATTEMPTS)
        raise
    except ChannelError as error:  # outcome unknown: the next attempt reads first
        _failed(push, error.message, final=False)
        raise
    if not result.accepted:
        return _failed(push, result.processing_status or "not accepted", final=True)
    return _accepted(push, result.processing_status or "accepted")


def _accepted(push: TrackingPush, detail: str) -> str:
    TrackingPush.objects.filter(pk=push.pk).update(state=PushState.ACCEPTED, accepted_at=timezone.now(), last_error="")
    OrderEvent.objects.create(
        order_id=push.order_id,
        kind="tracking_pushed",
        message=f"Tracking {push.shipment.tracking_number} accepted by {push.order.family} ({detail})"[:500],
    )
    return PushState.ACCEPTED


def _failed(push: TrackingPush, message: str, *, final: bool) -> str:
    backoff = settings.FULFILMENT_PUSH_BACKOFF_SECONDS * 2 ** min(push.attempts, 8)
    TrackingPush.objects.filter(pk=push.pk).update(
        state=PushState.REJECTED if final else PushState.PENDING,
        last_error=message[:500],
        next_attempt_at=timezone.now() + timedelta(seconds=backoff),
    )
    if final:
        OrderEvent.objects.create(
            order_id=push.order_id, kind="tracking_rejected", message=f"Tracking not accepted: {message}"[:500]
        )
    return PushState.REJECTED if final else PushState.PENDING


def tracking_push_retry(*, push: TrackingPush) -> TrackingPush:
    """A person fixed the cause of a rejection: send again."""
    TrackingPush.objects.filter(pk=push.pk, state=PushState.REJECTED).update(
        state=PushState.PENDING, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _queue(push.pk))
    push.refresh_from_db()
    return push
