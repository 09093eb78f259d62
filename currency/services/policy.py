"""The account's rate-age policy (one for listings prices and order money)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from currency.models import RatePolicy

MAX_DAYS = 36500


def rate_policy_set(*, account, max_rate_age_days: int) -> RatePolicy:  # type: ignore[no-untyped-def]
    if not isinstance(max_rate_age_days, int) or not 0 <= max_rate_age_days <= MAX_DAYS:
        raise ValidationError({"max_rate_age_days": f"A whole number of days from 0 to {MAX_DAYS}."})
    policy, _ = RatePolicy.objects.update_or_create(account=account, defaults={"max_rate_age_days": max_rate_age_days})
    return policy
