"""GTIN check digits (GS1 General Specifications, mod-10): GTIN-8 (EAN-8), GTIN-12 (UPC-A),
GTIN-13 (EAN-13, JAN) and GTIN-14. Marketplaces refuse a code whose last digit does not match."""

from django.core.exceptions import ValidationError

GTIN_LENGTHS = {8: "EAN-8", 12: "UPC", 13: "EAN", 14: "GTIN-14"}


def gtin_check_digit(body: str) -> int:
    """The check digit for `body` (the code without its last digit): weights 3,1,3,… from the right."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_kind(code: str) -> str:
    return GTIN_LENGTHS.get(len(code), "")


def validate_gtin(code: str) -> None:
    if not code.isdigit():
        raise ValidationError("A GTIN has only digits.", code="gtin_digits")
    if len(code) not in GTIN_LENGTHS:
        raise ValidationError(
            f"A GTIN has 8, 12, 13 or 14 digits (UPC 12, EAN 13); this one has {len(code)}.", code="gtin_length"
        )
    expected = gtin_check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise ValidationError(f"Check digit of {code} should be {expected}, not {code[-1]}.", code="gtin_check_digit")
