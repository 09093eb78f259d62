"""Numbers people type: plain decimal notation only ("1000", "19.99", "-0.5"), never "1e3".

A JSON number written with an exponent is read by the API's parser as `ExponentDecimal`, so the
checks below still see that it was not written plainly.
"""

import re
from decimal import Decimal, InvalidOperation

PLAIN_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
NOT_PLAIN_MESSAGE = "'{raw}' is not a plain decimal number (write e.g. 1000 or 19.99, not 1e3)."


class ExponentDecimal(Decimal):
    """A Decimal that was written with an exponent (JSON `1e3`); `str()` keeps that notation."""

    __slots__ = ()


def json_float_parse(text: str) -> Decimal:
    """`parse_float` for json.load: exact Decimals, marking exponent notation."""
    return ExponentDecimal(text) if "e" in text.lower() else Decimal(text)


def plain_decimal_parse(raw: str | Decimal | int) -> Decimal:
    """A finite Decimal from plain decimal text (spaces ignored), a Decimal or an int; ValueError
    with a message for people otherwise."""
    if isinstance(raw, ExponentDecimal):
        raise ValueError(NOT_PLAIN_MESSAGE.format(raw=raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError(f"'{raw}' is not a number.")
        return Decimal(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return Decimal(raw)
    text = str(raw).strip().replace(" ", "")
    if not PLAIN_DECIMAL.fullmatch(text):
        try:
            is_number = Decimal(text).is_finite()
        except (InvalidOperation, ValueError):
            is_number = False
        raise ValueError(NOT_PLAIN_MESSAGE.format(raw=raw) if is_number else f"'{raw}' is not a number.")
    return Decimal(text)
