"""A health entry for how fresh the stored rates are. Rates older than CURRENCY_MAX_RATE_AGE_DAYS
are a warning (conversions for today are refused), never an error: an offline install
legitimately runs on the bundled ECB history."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from hub.core.health import HealthCheck, warning


def check_rates_fresh() -> HealthCheck:
    from currency.selectors import exchange_rate_newest_dates

    newest = exchange_rate_newest_dates()
    ecb = newest.get("ecb")
    if ecb is None:
        return warning("currency_rates", "no ECB rates stored yet (manage.py currency_load_ecb)")
    age = (timezone.localdate() - date.fromisoformat(ecb)).days
    limit = settings.CURRENCY_MAX_RATE_AGE_DAYS
    detail = f"newest ECB rate {ecb}, {age} day(s) old" + (
        f"; conversions for today need one at most {limit} days old" if age > limit else ""
    )
    data = {"newest": newest, "age_days": age, "max_age_days": limit}
    if age > limit:
        return warning("currency_rates", detail, data)
    return HealthCheck("currency_rates", True, detail, data)
