"""Manual orders (wholesale, phone; 手工订单): entered in the hub, they take the same path as a
pulled order (order_ingest), so matching, money, reservation and routing are the same."""

from __future__ import annotations

import secrets
from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from channels.types import Address, Money
from channels.types import Order as CanonicalOrder
from channels.types import OrderLine as CanonicalLine
from currency.codes import currency_validate
from fulfilment.models import Order, OrderSource, OrderStatus
from fulfilment.services.ingest import IngestResult, order_ingest
from hub.catalog.models import Variant
from hub.core.exceptions import ApplicationError, ConflictError

MANUAL = "manual"


def _validate(*, account, currency: str, lines: list[dict], ship_to: dict) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    fields: dict[str, list[str]] = {}
    try:
        currency_validate(currency)
    except Exception:
        fields["currency"] = [f"'{currency}' is not an ISO 4217 currency."]
    if not lines:
        fields["lines"] = ["An order has at least one line."]
    skus = {str(line.get("sku") or "") for line in lines}
    known = set(Variant.objects.filter(account=account, sku__in=skus).values_list("sku", flat=True))
    for index, line in enumerate(lines):
        if str(line.get("sku") or "") not in known:
            fields.setdefault(f"lines.{index}.sku", []).append(f"Unknown SKU '{line.get('sku')}'.")
        quantity = line.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            fields.setdefault(f"lines.{index}.quantity", []).append("A quantity is a whole number of at least 1.")
        price = line.get("unit_price")
        if not isinstance(price, Decimal) or price < 0:
            fields.setdefault(f"lines.{index}.unit_price", []).append("A price is a number of at least 0.")
    if not (ship_to.get("country_code") or "").strip():
        fields["ship_to.country_code"] = ["The destination country is required."]
    return fields


def _canonical(*, external_id, currency, lines, ship_to, status, purchased_at, buyer_name) -> CanonicalOrder:  # type: ignore[no-untyped-def]
    now = timezone.now()
    canonical_lines = tuple(
        CanonicalLine(
            external_reference=str(index + 1),
            sku=line["sku"],
            quantity=line["quantity"],
            unit_price=Money(line["unit_price"], currency),
            title=line.get("title", ""),
        )
        for index, line in enumerate(lines)
    )
    total = sum((line["unit_price"] * line["quantity"] for line in lines), Decimal(0))
    return CanonicalOrder(
        external_reference=external_id,
        marketplace_id=MANUAL,
        status=status,
        purchased_at=purchased_at or now,
        updated_at=now,
        total=Money(total, currency),
        lines=canonical_lines,
        ship_to=Address(**{key: str(ship_to.get(key) or "") for key in Address.__dataclass_fields__}),
        buyer_name=buyer_name,
    )


def manual_order_create(
    *,
    account,
    currency: str,
    lines: list[dict],
    ship_to: dict,
    external_id: str = "",
    buyer_name: str = "",
    note: str = "",
) -> IngestResult:  # type: ignore[no-untyped-def]
    fields = _validate(account=account, currency=currency, lines=lines, ship_to=ship_to)
    external_id = external_id.strip() or f"M-{timezone.now():%Y%m%d}-{secrets.token_hex(3).upper()}"
    if Order.objects.filter(account=account, channel_account__isnull=True, external_id=external_id).exists():
        fields["external_id"] = ["An order with this id exists."]
    if fields:
        raise ApplicationError("The order cannot be created.", fields=fields)
    canonical = _canonical(
        external_id=external_id,
        currency=currency,
        lines=lines,
        ship_to=ship_to,
        status=OrderStatus.UNSHIPPED,
        purchased_at=None,
        buyer_name=buyer_name or ship_to.get("name", ""),
    )
    return order_ingest(account=account, canonical=canonical, family=MANUAL, source=OrderSource.MANUAL, note=note)


def _editable(order: Order) -> None:
    if order.source != OrderSource.MANUAL:
        raise ConflictError("Only manual orders are edited in the hub; marketplace orders change at the marketplace.")
    if order.status not in (OrderStatus.PENDING, OrderStatus.UNSHIPPED):
        raise ConflictError(f"This order is {order.status}; it can no longer change.", code="not_editable")
    if order.shipments.filter(status__in=["requested", "shipped"]).exists():
        raise ConflictError("A shipment of this order is on its way.", code="not_editable")


def manual_order_update(
    *,
    order: Order,
    lines: list[dict] | None = None,
    ship_to: dict | None = None,
    cancel: bool = False,
) -> IngestResult:
    _editable(order)
    current_lines = [
        {"sku": line.sku, "quantity": line.quantity, "unit_price": line.unit_price, "title": line.title}
        for line in order.lines.filter(quantity__gt=0).order_by("pk")
    ]
    new_lines = lines if lines is not None else current_lines
    new_ship_to = {**(order.ship_to or {}), **(ship_to or {})}
    fields = _validate(account=order.account, currency=order.currency, lines=new_lines, ship_to=new_ship_to)
    if fields:
        raise ApplicationError("The order cannot be changed.", fields=fields)
    canonical = _canonical(
        external_id=order.external_id,
        currency=order.currency,
        lines=new_lines,
        ship_to=new_ship_to,
        status=OrderStatus.CANCELLED if cancel else order.status,
        purchased_at=order.purchased_at,
        buyer_name=order.buyer_name,
    )
    if canonical.updated_at <= order.marketplace_updated_at:  # two edits within the same microsecond
        canonical = replace(canonical, updated_at=order.marketplace_updated_at + timezone.timedelta(microseconds=1))
    return order_ingest(account=order.account, canonical=canonical, family=MANUAL, source=OrderSource.MANUAL)
