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


def order_rematch(order_pk: int) -> str:
    """An order held for an unknown SKU: the SKU may be known now (a variant or a listing was
    added); match again and, when every line is known, reserve and route."""
    from fulfilment.models import HoldReason, OrderEvent
    from fulfilment.services.matching import variants_for_skus

    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("channel_account").get(pk=order_pk)
        if order.hold_reason != HoldReason.UNKNOWN_SKU:
            return order.hold_reason
        lines = list(order.lines.all())
        matched = variants_for_skus(
            account_id=order.account_id,
            channel_account=order.channel_account,
            marketplace_id=order.marketplace_id,
            skus=[line.sku for line in lines],
        )
        if any(line.sku not in matched for line in lines):
            return order.hold_reason
        for line in lines:
            line.variant_id = matched[line.sku]
        order.hold_reason, order.hold_detail = HoldReason.NONE, ""
        OrderEvent.objects.create(order=order, kind="matched", message="Every SKU is known now.")
        if order.status in ("pending", "unshipped", "partially_shipped") and order.fulfilled_by == "merchant":
            order_reserve(order, [line for line in lines if line.quantity > 0])
        order.save()
        for line in lines:
            line.save()
    return order.hold_reason


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
    finances = _finances_due(limit)
    rematched = _rematch_candidates(limit)
    reconverted = _reconvert_candidates(limit)
    return {
        "mcf_follow": len(follow),
        "mcf_create": len(planned),
        "pushes": len(pushes),
        "backorders": len(retried),
        "rematched": len(rematched),
        "finances": finances,
        "reconverted": len(reconverted),
    }


def _rematch_candidates(limit: int) -> list[str]:
    """Only orders whose every unknown SKU now exists as a variant are worth a transaction."""
    from fulfilment.models import OrderLine
    from hub.catalog.models import Variant

    held = list(Order.objects.filter(hold_reason="unknown_sku").values_list("pk", "account_id")[:limit])
    if not held:
        return []
    skus: dict[int, set[str]] = {}
    unknown = OrderLine.objects.filter(order_id__in=[pk for pk, _ in held], variant__isnull=True)
    for order_id, sku in unknown.values_list("order_id", "sku"):
        skus.setdefault(order_id, set()).add(sku)
    wanted = {sku for values in skus.values() for sku in values}
    known = set(Variant.objects.filter(sku__in=wanted).values_list("account_id", "sku"))
    return [order_rematch(pk) for pk, account_id in held if all((account_id, sku) in known for sku in skus.get(pk, ()))]


def _reconvert_candidates(limit: int) -> list[str]:
    """Unconverted orders grouped by (account, currency, day): one rate lookup per group, and
    only groups that convert now are written."""
    from currency.exceptions import ConversionError
    from currency.selectors import max_rate_age_days
    from currency.table import RateTable

    groups: dict[tuple, list[int]] = {}
    rows = Order.objects.filter(money_state=MoneyState.UNCONVERTED).values_list(
        "pk", "account_id", "currency", "base_currency", "order_date"
    )[:limit]
    for pk, account_id, currency, base, day in rows:
        groups.setdefault((account_id, currency, base, day), []).append(pk)
    done = []
    for (account_id, currency, base, day), pks in groups.items():
        try:
            RateTable.load(
                start=day, end=day, account_id=account_id, max_age_days=max_rate_age_days(account_id)
            ).resolve(currency, base, day)
        except ConversionError:
            continue
        done += [order_reconvert(pk) for pk in pks]
    return done


def _finances_due(limit: int) -> int:
    """Amazon orders shipped in the last 30 days whose fees and refunds were not read in 12 hours."""
    from datetime import timedelta

    from django.db.models import Q

    from fulfilment.tasks import order_finances_task

    now = timezone.now()
    due = list(
        Order.objects.filter(
            family="amazon",
            status__in=["shipped", "delivered", "refunded"],
            marketplace_updated_at__gte=now - timedelta(days=30),
        )
        .filter(Q(finances_checked_at__isnull=True) | Q(finances_checked_at__lt=now - timedelta(hours=12)))
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        order_finances_task.delay(pk)
    return len(due)
