"""Money as AliExpress writes it: decimal strings ("200.07"), SimpleMoney {amount, currency_code}
in order lists and GlobalMoneyStr (amount, cent, cent_factor, currency{...}) in order details."""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "currencies.json").read_text())["currencies"]


def known(code: str) -> bool:
    return code in _DATA


def quantize(amount: Decimal, code: str) -> Decimal:
    digits = _DATA[code]["digits"]
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def text(amount: Decimal, code: str) -> str:
    return str(quantize(amount, code))


def convert(amount: Decimal, source: str, target: str) -> Decimal:
    in_usd = amount / Decimal(_DATA[source]["per_usd"])
    return quantize(in_usd * Decimal(_DATA[target]["per_usd"]), target)


def simple(amount: Decimal, code: str) -> dict:
    return {"amount": text(amount, code), "currency_code": code}


def global_money(amount: Decimal, code: str, *, amount_key: str = "amount") -> dict:
    """`amount_key` is "amount_str" in a few child-order fields, as the API describes them."""
    info = _DATA[code]
    factor = 10 ** info["digits"]
    value = quantize(amount, code)
    return {
        amount_key: str(value),
        "cent": int(value * factor),
        "cent_factor": factor,
        "currency_code": code,
        "currency": {
            "currency_code": code,
            "default_fraction_digits": info["digits"],
            "numeric_code": info["numeric"],
            "symbol": info["symbol"],
            "display_name": info["name"],
        },
    }
