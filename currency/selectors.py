"""Reading rates and rounding rules."""

from __future__ import annotations

from django.db.models import Max, Q, QuerySet

from currency.models import ExchangeRate, PriceRoundingRule
from currency.rounding_rule import RoundingRule
from hub.accounts.models import SellerAccount


def exchange_rate_list(*, account: SellerAccount | None = None, include_system: bool = False) -> QuerySet[ExchangeRate]:
    """System-wide rates (account None), or one account's manual rates (plus the system-wide
    ones with `include_system`)."""
    if account is None:
        scope = Q(account__isnull=True)
    else:
        scope = Q(account=account) | Q(account__isnull=True) if include_system else Q(account=account)
    return ExchangeRate.objects.filter(scope)


def exchange_rate_newest_dates() -> dict[str, str]:
    """The newest stored day per source (system-wide rows): how fresh the store is."""
    rows = ExchangeRate.objects.filter(account__isnull=True).values("source").annotate(newest=Max("date"))
    return {row["source"]: row["newest"].isoformat() for row in rows.order_by("source")}


def rounding_rule_list() -> QuerySet[PriceRoundingRule]:
    return PriceRoundingRule.objects.all()


def rounding_rules_load() -> tuple[RoundingRule, ...]:
    """The active rules as plain values, for `price_round(..., rules=...)` over many prices."""
    return tuple(
        RoundingRule(
            marketplace_key=rule.marketplace_key,
            currency=rule.currency,
            step=rule.step,
            ending=rule.ending,
            direction=rule.direction,
            pk=rule.pk,
        )
        for rule in PriceRoundingRule.objects.filter(is_active=True)
    )


def max_rate_age_days(account_id: int | None) -> int:
    """The account's rate-age limit (RatePolicy), else the hub's CURRENCY_MAX_RATE_AGE_DAYS."""
    from django.conf import settings

    from currency.models import RatePolicy

    found = (
        RatePolicy.objects.filter(account_id=account_id).values_list("max_rate_age_days", flat=True).first()
        if account_id is not None
        else None
    )
    return settings.CURRENCY_MAX_RATE_AGE_DAYS if found is None else found
