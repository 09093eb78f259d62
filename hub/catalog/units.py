from decimal import Decimal

from django.db import models


class WeightUnit(models.TextChoices):
    GRAM = "g", "gram"
    KILOGRAM = "kg", "kilogram"
    OUNCE = "oz", "ounce"
    POUND = "lb", "pound"


class LengthUnit(models.TextChoices):
    MILLIMETRE = "mm", "millimetre"
    CENTIMETRE = "cm", "centimetre"
    METRE = "m", "metre"
    INCH = "in", "inch"


# Exact factors to the SI base (grams, millimetres); an inch and a pound are defined exactly.
GRAMS_PER_UNIT = {"g": Decimal(1), "kg": Decimal(1000), "oz": Decimal("28.349523125"), "lb": Decimal("453.59237")}
MILLIMETRES_PER_UNIT = {"mm": Decimal(1), "cm": Decimal(10), "m": Decimal(1000), "in": Decimal("25.4")}


def weight_convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    return value * GRAMS_PER_UNIT[from_unit] / GRAMS_PER_UNIT[to_unit]


def length_convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    return value * MILLIMETRES_PER_UNIT[from_unit] / MILLIMETRES_PER_UNIT[to_unit]
