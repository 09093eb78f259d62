"""ISO 4217 codes and their minor units, from Babel's CLDR data (JPY 0, KWD 3, most 2).

Babel silently treats an unknown code as having 2 decimals, so every code is validated here
before its precision is trusted.
"""

from decimal import Decimal
from functools import cache

from babel.numbers import get_currency_precision, is_currency

# Codes CLDR knows but that no seller prices in: funds, precious metals, test and "no currency".
_NOT_FOR_PRICES = frozenset(
    {"XAU", "XAG", "XPT", "XPD", "XTS", "XXX", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA"}
    | {"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "USS", "UYI", "UYW"}
)


class UnknownCurrencyError(ValueError):
    def __init__(self, code: object) -> None:
        super().__init__(f"'{code}' is not an ISO 4217 currency code.")
        self.code = code


@cache
def is_known_currency(code: str) -> bool:
    return (
        isinstance(code, str)
        and len(code) == 3
        and code.isalpha()
        and code.isupper()
        and code not in _NOT_FOR_PRICES
        and is_currency(code)
    )


def currency_validate(code: str) -> str:
    if not is_known_currency(code):
        raise UnknownCurrencyError(code)
    return code


@cache
def currency_minor_units(code: str) -> int:
    return get_currency_precision(currency_validate(code))


def currency_quantum(code: str) -> Decimal:
    return Decimal(1).scaleb(-currency_minor_units(code))


def decimal_places(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def amount_fits_currency(amount: Decimal, code: str) -> bool:
    """True when `amount` has no more decimals than `code` allows (12.5 fits JPY? no)."""
    return decimal_places(amount) <= currency_minor_units(code)
