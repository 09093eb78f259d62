from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from currency.codes import is_known_currency
from currency.models import ExchangeRate, PriceRoundingRule, RateSource, RoundingDirection
from currency.money import RoundingPurpose
from currency.types import decimal_plain
from hub.core.numbers import plain_decimal_parse

PURPOSES = [purpose.label for purpose in RoundingPurpose]


class CurrencyCodeField(serializers.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_length", 3)
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).upper()
        if not is_known_currency(code):
            raise serializers.ValidationError(f"'{code}' is not an ISO 4217 currency code (e.g. USD, CNY).")
        return code


@extend_schema_field(OpenApiTypes.STR)
class PlainDecimalField(serializers.Field):
    """A Decimal written as a string without padding zeros ("1.0892", never "1.0892000000000000")."""

    def to_representation(self, value: Decimal) -> str:
        return str(decimal_plain(value))


@extend_schema_field({"type": "string", "format": "decimal", "example": "19.99"})
class ExactDecimalField(serializers.Field):
    """A decimal read exactly as sent ("19.20" stays 19.20; DRF's DecimalField pads it to its
    decimal places), within `max_digits` / `max_places`. The API's JSON parser reads numbers with a
    fraction as Decimal; a float (from another parser) is refused rather than trusted."""

    default_error_messages = {
        "invalid": 'A plain decimal written as a string is required, e.g. "19.99" (not "1e3").',
    }

    def __init__(self, *, max_digits: int = 20, max_places: int = 6, positive: bool = False, **kwargs) -> None:
        self.max_digits = max_digits
        self.max_places = max_places
        self.positive = positive
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, Decimal | str | int):
            self.fail("invalid")
        try:
            value = plain_decimal_parse(data)
        except ValueError:
            self.fail("invalid")
        if self.positive and value <= 0:
            raise serializers.ValidationError("Must be greater than zero.")
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        if places > self.max_places:
            raise serializers.ValidationError(f"At most {self.max_places} decimal places.")
        # "1E+15" has one digit in its tuple but sixteen before the point.
        if value.adjusted() + 1 > self.max_digits - self.max_places:
            raise serializers.ValidationError(f"At most {self.max_digits - self.max_places} digits before the point.")
        return value

    def to_representation(self, value: Decimal) -> str:
        return str(value)


# --- rates ---------------------------------------------------------------------------------------
class ExchangeRateOutputSerializer(serializers.ModelSerializer):
    rate = PlainDecimalField()

    class Meta:
        model = ExchangeRate
        fields = ["id", "date", "base", "quote", "rate", "source", "account", "fetched_at", "note"]


class ExchangeRateInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    base = CurrencyCodeField()
    quote = CurrencyCodeField()
    rate = ExactDecimalField(max_digits=28, max_places=16, help_text="1 base = rate quote.")
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


# "source" inputs are plain strings checked by the service ("manual" or "peg"): a second enum
# named "source" would collide with the model's in the OpenAPI components.
class SystemExchangeRateInputSerializer(ExchangeRateInputSerializer):
    source = serializers.CharField(default=RateSource.MANUAL.value, help_text='"manual" (default) or "peg".')


class RatesUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The hub CSV (date,base,quote,rate[,note]).")


class SystemRatesUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The hub CSV, or an ECB file: eurofxref-hist.zip/.csv, daily or 90-day XML.")
    source = serializers.CharField(
        default=RateSource.MANUAL.value,
        help_text='For the hub CSV: "manual" (default) or "peg". ECB files are stored as "ecb".',
    )


class LoadSummarySerializer(serializers.Serializer):
    source = serializers.CharField()
    parsed = serializers.IntegerField()
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    first_date = serializers.CharField(allow_null=True)
    last_date = serializers.CharField(allow_null=True)
    seconds = serializers.FloatField()


# --- conversion ----------------------------------------------------------------------------------
class ConvertInputSerializer(serializers.Serializer):
    amount = ExactDecimalField(
        help_text='A plain decimal, e.g. "19.99"; negative amounts (refunds, fees) convert as well.'
    )
    # "from" is a Python keyword: the field is declared under another name and renamed below.
    from_ = CurrencyCodeField(help_text="ISO 4217 code of the amount.")
    to = CurrencyCodeField(help_text="ISO 4217 code to convert into.")
    date = serializers.DateField(required=False, help_text="Rate date (default today); earlier days fill gaps.")
    account = serializers.IntegerField(required=False, help_text="Also use this seller account's manual rates.")
    purpose = serializers.ChoiceField(choices=PURPOSES, default=RoundingPurpose.REPORT.label)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class LegSerializer(serializers.Serializer):
    # Field names that are Python keywords ("from") cannot be class attributes.
    def get_fields(self):
        return {
            "from": serializers.CharField(),
            "to": serializers.CharField(),
            "base": serializers.CharField(),
            "quote": serializers.CharField(),
            "rate": serializers.CharField(),
            "rate_date": serializers.DateField(),
            "source": serializers.CharField(),
            "account": serializers.IntegerField(allow_null=True),
            "inverted": serializers.BooleanField(),
        }


class ConversionOutputSerializer(serializers.Serializer):
    amount = serializers.CharField()
    currency = serializers.CharField()
    source_amount = serializers.CharField()
    source_currency = serializers.CharField()
    rate = serializers.CharField(help_text="amount = source_amount × rate, rounded once for the purpose.")
    rate_date = serializers.DateField()
    source = serializers.CharField(help_text='Source of each leg, joined with "+" (e.g. "ecb+peg").')
    requested_date = serializers.DateField()
    purpose = serializers.CharField()
    rounding = serializers.CharField()
    legs = LegSerializer(many=True)


# --- price rounding ------------------------------------------------------------------------------
class PriceRoundingRuleSerializer(serializers.ModelSerializer):
    step = serializers.DecimalField(max_digits=12, decimal_places=3)
    ending = serializers.DecimalField(max_digits=12, decimal_places=3, required=False, default=Decimal(0))

    class Meta:
        model = PriceRoundingRule
        fields = ["id", "marketplace_key", "currency", "step", "ending", "direction", "is_active", "note", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class PriceRoundInputSerializer(serializers.Serializer):
    amount = ExactDecimalField(positive=True)
    currency = CurrencyCodeField()
    marketplace = serializers.CharField(max_length=100, help_text='Marketplace key, e.g. "amazon:A1PA6795UKMFR9".')
    floor = ExactDecimalField(required=False, positive=True, help_text="Cost plus fees, same currency.")


class PriceRoundOutputSerializer(serializers.Serializer):
    price = serializers.CharField()
    currency = serializers.CharField()
    unrounded = serializers.CharField()
    rule = serializers.CharField()
    rule_id = serializers.IntegerField(allow_null=True)
    floor = serializers.CharField(allow_null=True)
    raised_to_floor = serializers.BooleanField()


DIRECTIONS = RoundingDirection.values
