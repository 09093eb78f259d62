"""Stored exchange rates and marketplace price-rounding rules."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from currency.choices import RateSource, RoundingDirection
from currency.types import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, decimal_plain
from currency.validators import exchange_rate_validate, rounding_rule_validate
from hub.core.validators import validate_currency


class RateField(models.DecimalField):
    """A column for any rate this app produces; other apps use it to store `Conversion.rate`."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_digits", RATE_MAX_DIGITS)
        kwargs.setdefault("decimal_places", RATE_DECIMAL_PLACES)
        super().__init__(*args, **kwargs)


class ExchangeRate(models.Model):
    """1 `base` = `rate` `quote` on `date`, as published by `source`.

    ECB rows are EUR-based; pegs are USD-based and valid from `date` until a newer peg row.
    `account` is set only on manual rates a seller entered: they count for that seller's
    conversions and nobody else's. System-wide rows have no account.
    """

    date = models.DateField(db_index=True)
    base = models.CharField(max_length=3, validators=[validate_currency])
    quote = models.CharField(max_length=3, validators=[validate_currency])
    rate = RateField(validators=[MinValueValidator(Decimal("0.0000000001"))])
    source = models.CharField(max_length=20, choices=RateSource.choices)
    account = models.ForeignKey(
        "accounts.SellerAccount", on_delete=models.CASCADE, null=True, blank=True, related_name="exchange_rates"
    )
    fetched_at = models.DateTimeField(help_text="When the hub stored this rate.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "base", "quote", "source"]
        constraints = [
            # NULL accounts are distinct in a plain unique index, so system rows get their own.
            models.UniqueConstraint(
                fields=["date", "base", "quote", "source"],
                condition=models.Q(account__isnull=True),
                name="exchange_rate_system_unique",
            ),
            models.UniqueConstraint(
                fields=["date", "base", "quote", "source", "account"],
                condition=models.Q(account__isnull=False),
                name="exchange_rate_account_unique",
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=~models.Q(base=models.F("quote")), name="exchange_rate_two_currencies"),
        ]
        indexes = [models.Index(fields=["source", "base", "quote", "date"], name="exchange_rate_lookup")]

    def clean(self) -> None:
        if self._state.adding:
            exchange_rate_validate(
                date=self.date,
                base=self.base,
                quote=self.quote,
                rate=self.rate,
                source=self.source,
                has_account=self.account_id is not None,
            )

    def __str__(self) -> str:
        return f"{self.date} 1 {self.base} = {decimal_plain(self.rate)} {self.quote} ({self.source})"


class PriceRoundingRule(models.Model):
    """How a marketplace wants prices in one currency to look, as data.

    Prices are put on the grid `k × step + ending` (k a whole number): step 1 / ending 0.99 is a
    .99 charm price, step 1 / ending 0 whole units, step 0.05 / ending 0 rounding to 5 cents.
    `marketplace_key` ("amazon:A1PA6795UKMFR9", "aliexpress", "wish") and `currency` may be "*"
    or end in "*" ("amazon:*"); the most specific rule wins (see `currency.services.rounding`).
    """

    marketplace_key = models.CharField(max_length=100)
    currency = models.CharField(max_length=3, help_text='ISO 4217 code or "*".')
    step = models.DecimalField(max_digits=12, decimal_places=3, validators=[MinValueValidator(Decimal("0.001"))])
    ending = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal(0))
    direction = models.CharField(max_length=10, choices=RoundingDirection.choices, default=RoundingDirection.NEAREST)
    is_active = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["marketplace_key", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace_key", "currency"], name="price_rounding_rule_unique"),
            models.CheckConstraint(condition=models.Q(step__gt=0), name="price_rounding_rule_step_positive"),
            models.CheckConstraint(
                condition=models.Q(ending__gte=0, ending__lt=models.F("step")),
                name="price_rounding_rule_ending_in_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.marketplace_key} {self.currency}: {self.describe()}"

    def clean(self) -> None:
        rounding_rule_validate(
            marketplace_key=self.marketplace_key, currency=self.currency, step=self.step, ending=self.ending
        )

    def describe(self) -> str:
        return f"step {decimal_plain(self.step)}, ending {decimal_plain(self.ending)}, {self.direction}"


class RatePolicy(models.Model):
    """Per seller account: how old the newest rate for a day may be and still convert (listings
    prices and order money both read it). Without a row the hub's CURRENCY_MAX_RATE_AGE_DAYS."""

    account = models.OneToOneField("accounts.SellerAccount", on_delete=models.CASCADE, related_name="rate_policy")
    max_rate_age_days = models.PositiveIntegerField(
        help_text="A rate older than this many days before the day it is asked for is not used."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "rate policies"

    def __str__(self) -> str:
        return f"rate policy of {self.account_id}: {self.max_rate_age_days} days"
