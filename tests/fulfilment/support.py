"""Building blocks for fulfilment tests: canonical orders as an adapter would return them,
exchange rates, catalog variants with stock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from channels.types import Address, Money, Order, OrderLine
from currency.models import ExchangeRate
from hub.inventory.services import stock_adjust
from tests.factories.catalog import VariantFactory

T0 = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)


def rate(day: date, quote: str, value: str, base: str = "EUR") -> ExchangeRate:
    return ExchangeRate.objects.create(
        date=day, base=base, quote=quote, rate=Decimal(value), source="ecb", fetched_at=timezone.now()
    )


def eur_usd_rates(day: date | None = None) -> None:
    day = day or T0.date()
    rate(day, "USD", "1.0800")
    rate(day, "GBP", "0.8400")
    rate(day, "CNY", "7.7000")


def canonical(
    reference: str = "111-0000001-0000001",
    *,
    status: str = "UNSHIPPED",
    updated: datetime | None = None,
    purchased: datetime = T0,
    lines: list[tuple[str, int, str]] = (("SKU-1", 1, "20.00"),),
    currency: str = "EUR",
    marketplace_id: str = "A1PA6795UKMFR9",
    fulfilled_by: str = "merchant",
    country: str = "DE",
    total: str | None = None,
) -> Order:
    order_lines = tuple(
        OrderLine(
            external_reference=f"{reference}-{index}",
            sku=sku,
            quantity=quantity,
            unit_price=Money(Decimal(price), currency),
            title=f"Item {sku}",
        )
        for index, (sku, quantity, price) in enumerate(lines)
    )
    amount = Decimal(total) if total is not None else sum(Decimal(p) * q for _, q, p in lines)
    return Order(
        external_reference=reference,
        marketplace_id=marketplace_id,
        status=status,
        purchased_at=purchased,
        updated_at=updated or purchased + timedelta(minutes=1),
        total=Money(amount, currency),
        fulfilled_by=fulfilled_by,
        lines=order_lines,
        ship_to=Address(
            name="Erika Muster", line1="Hauptstr. 1", country_code=country, postal_code="10115", city="Berlin"
        ),
        buyer_name="Erika Muster",
    )


def stocked_variant(account, warehouse, sku: str = "SKU-1", units: int = 10):  # type: ignore[no-untyped-def]
    variant = VariantFactory(product__account=account, sku=sku)
    if units:
        stock_adjust(account=account, variant=variant, warehouse=warehouse, on_hand_change=units, reason="receipt")
    return variant
