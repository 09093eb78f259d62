"""Exchange rates by date and source, conversion, marketplace price rounding, money formatting.

What other apps use:

    from currency.money import Money, RoundingPurpose          # Decimal amount + ISO code
    from currency.services import currency_convert, currency_convert_many, price_round
    from currency.types import Conversion, ConversionRequest   # frozen results to store
    from currency.models import RateField                      # a column for Conversion.rate
    from currency.formatting import format_money               # Babel, per locale

    conversion = currency_convert(amount=Money.of("19.99", "USD"), to_currency="EUR",
                                  on_date=order_day, purpose=RoundingPurpose.ORDER_AMOUNT, account=account)
    conversion.amount, conversion.rate, conversion.rate_date, conversion.source  # store all four

Rates come from providers tried in `settings.CURRENCY_PROVIDERS` order (manual, ecb, peg,
forex_python); see currency/table.py for how a pair and a day are resolved and refused.
"""
