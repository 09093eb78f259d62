"""Own warehouses: pack and ship a planned shipment with carrier and tracking number (one by one
or from a CSV file), which takes the units out of stock and queues the tracking push."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fulfilment.models import Network, Order, OrderEvent, OrderStatus, Shipment, ShipmentStatus
from fulfilment.services.reservation import shipment_stock_out
from fulfilment.services.tracking import tracking_push_create
from hub.core.exceptions import ApplicationError, ConflictError

SHIPPABLE = (ShipmentStatus.PLANNED, ShipmentStatus.PICKING)
# A pending order's payment is not confirmed yet (Amazon cancels some at authorisation, and refuses
# a shipment confirmation until the order is unshipped): its stock is held, but nothing leaves.
PENDING_ORDER = "The marketplace has not confirmed this order's payment yet (pending); ship it once it is unshipped."


def _check(carrier: str, tracking_number: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if not carrier.strip():
        fields["carrier"] = ["A carrier is required."]
    if not tracking_number.strip():
        fields["tracking_number"] = ["A tracking number is required."]
    elif len(tracking_number) > 80 or not tracking_number.replace("-", "").isalnum():
        fields["tracking_number"] = ["Letters, digits and hyphens, at most 80."]
    return fields


def shipment_ship(*, shipment: Shipment, carrier: str, tracking_number: str, shipped_at=None) -> Shipment:  # type: ignore[no-untyped-def]
    fields = _check(carrier, tracking_number)
    if fields:
        raise ApplicationError("The shipment cannot be marked shipped.", fields=fields)
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=shipment.order_id)
        shipment = Shipment.objects.select_for_update().select_related("order", "warehouse").get(pk=shipment.pk)
        if shipment.network != Network.OWN:
            raise ConflictError("Only own-warehouse shipments are shipped here.", fields={"shipment": ["Not own."]})
        if shipment.status not in SHIPPABLE:
            raise ConflictError(f"This shipment is {shipment.status}.", code="not_shippable")
        if shipment.order.status == OrderStatus.PENDING:
            raise ConflictError(PENDING_ORDER, code="order_pending")
        shipment.status = ShipmentStatus.SHIPPED
        shipment.carrier, shipment.tracking_number = carrier.strip()[:80], tracking_number.strip()[:80]
        shipment.shipped_at = shipped_at or timezone.now()
        shipment.save()
        shipment_stock_out(shipment)
        OrderEvent.objects.create(
            order=shipment.order,
            kind="shipped",
            message=f"Shipped from {shipment.warehouse.code}: {shipment.carrier} {shipment.tracking_number}",
        )
        tracking_push_create(shipment)
    return shipment


@dataclass(frozen=True)
class CsvRow:
    row: int
    shipment: Shipment
    carrier: str
    tracking_number: str


CSV_COLUMNS = ("order_id", "carrier", "tracking_number")


def tracking_csv_parse(*, account, content: bytes) -> list[CsvRow]:  # type: ignore[no-untyped-def]
    """Every row checked first: unknown orders, shipped ones, missing values → 400 with the row
    report ({row, column, message}) and nothing written."""
    text = content.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in CSV_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ApplicationError(
            "The file lacks columns.",
            fields={"file": [f"Missing column: {name}" for name in missing]},
            extra={"rows": [{"row": 1, "column": name, "message": "missing column"} for name in missing]},
        )
    problems, rows = [], []
    for number, raw in enumerate(reader, start=2):
        order_id = (raw.get("order_id") or "").strip()
        shipment_number = (raw.get("shipment") or "").strip()
        candidates = Shipment.objects.filter(
            order__account=account, order__external_id=order_id, network=Network.OWN, status__in=SHIPPABLE
        ).select_related("order", "warehouse")
        if shipment_number:
            candidates = candidates.filter(number=int(shipment_number) if shipment_number.isdigit() else -1)
        found = list(candidates[:2])
        for column, messages in _check(raw.get("carrier") or "", raw.get("tracking_number") or "").items():
            problems.append({"row": number, "column": column, "message": messages[0]})
        if not order_id:
            problems.append({"row": number, "column": "order_id", "message": "An order id is required."})
        elif not found:
            known = Order.objects.filter(account=account, external_id=order_id).exists()
            problems.append(
                {
                    "row": number,
                    "column": "order_id",
                    "message": "No own-warehouse shipment waits for this order." if known else "Unknown order.",
                }
            )
        elif len(found) > 1:
            problems.append({"row": number, "column": "shipment", "message": "Several shipments wait; name one."})
        elif found[0].order.status == OrderStatus.PENDING:
            problems.append({"row": number, "column": "order_id", "message": PENDING_ORDER})
        else:
            rows.append(CsvRow(number, found[0], raw["carrier"].strip(), raw["tracking_number"].strip()))
    if problems:
        raise ApplicationError(
            f"{len(problems)} problem(s) in the file; nothing was shipped.",
            extra={"rows": problems},
            fields={"file": [f"Row {p['row']}, {p['column']}: {p['message']}" for p in problems[:20]]},
        )
    return rows


def tracking_csv_apply(*, account, content: bytes) -> list[dict]:  # type: ignore[no-untyped-def]
    rows = tracking_csv_parse(account=account, content=content)
    report = []
    with transaction.atomic():
        for row in rows:
            shipment = shipment_ship(shipment=row.shipment, carrier=row.carrier, tracking_number=row.tracking_number)
            report.append(
                {
                    "row": row.row,
                    "order_id": shipment.order.external_id,
                    "shipment": shipment.number,
                    "status": "shipped",
                }
            )
    return report
