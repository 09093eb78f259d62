"""Services of the currency app; import from the submodules or from here."""

from currency.services.conversion import (
    conversion_apply,
    currency_convert,
    currency_convert_each,
    currency_convert_many,
)
from currency.services.rates import (
    LoadSummary,
    ecb_bundled_path,
    ecb_rates_load,
    exchange_rate_create,
    exchange_rate_delete,
    exchange_rates_import,
    exchange_rates_refresh,
)
from currency.services.rounding import (
    price_round,
    price_round_explain,
    rounding_marketplace_key,
    rounding_rule_delete,
    rounding_rule_save,
)

__all__ = [
    "LoadSummary",
    "conversion_apply",
    "currency_convert",
    "currency_convert_each",
    "currency_convert_many",
    "ecb_bundled_path",
    "ecb_rates_load",
    "exchange_rate_create",
    "exchange_rate_delete",
    "exchange_rates_import",
    "exchange_rates_refresh",
    "price_round",
    "price_round_explain",
    "rounding_marketplace_key",
    "rounding_rule_delete",
    "rounding_rule_save",
]
