"""Money in the revenue rollups as integer thousandths of the base currency.

SQLite (the embedded default of `make run`) keeps decimals as binary floats and sums them as
floats (46759.044000000020); integers it sums exactly, as PostgreSQL does (and faster than
numeric). Every money field of the hub has three decimals, so thousandths hold any amount
exactly; the field reads and writes Decimal, so code above it never sees the integers.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

SCALE = 3


def to_milli(value) -> int | None:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    scaled = Decimal(value).scaleb(SCALE)
    whole = scaled.to_integral_value()
    if scaled != whole:
        raise ValueError(f"{value} has more than {SCALE} decimals")
    return int(whole)


def from_milli(value) -> Decimal | None:  # type: ignore[no-untyped-def]
    if value is None:
        return None
    return Decimal(int(value)).scaleb(-SCALE)


class MilliAmountField(models.BigIntegerField):
    description = "An amount stored as integer thousandths, read as Decimal"

    def from_db_value(self, value, expression, connection):  # type: ignore[no-untyped-def]
        return from_milli(value)

    def to_python(self, value):  # type: ignore[no-untyped-def]
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))

    def get_prep_value(self, value):  # type: ignore[no-untyped-def]
        return to_milli(value)

    def formfield(self, **kwargs):  # type: ignore[no-untyped-def]
        from django import forms

        return forms.DecimalField(decimal_places=SCALE, **kwargs)
