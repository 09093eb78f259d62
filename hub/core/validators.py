"""Validators for codes that come from standards: locales (CLDR), time zones (IANA), currencies."""

import zoneinfo
from functools import cache

from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError

from currency.codes import is_known_currency


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in _timezones():
        raise ValidationError(f"'{value}' is not an IANA time zone (e.g. Asia/Shanghai).", code="timezone")


def validate_locale(value: str) -> None:
    """Hub locale ids use underscores as Babel does: 'de', 'de_DE', 'zh_Hans_CN'."""
    if not isinstance(value, str) or not value or "-" in value:
        raise ValidationError(f"'{value}' is not a locale id (use e.g. de_DE or zh_Hans).", code="locale")
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationError(f"'{value}' is not a locale Babel knows (e.g. de_DE, ja_JP).", code="locale") from None


def validate_currency(value: str) -> None:
    if not is_known_currency(value):
        raise ValidationError(f"'{value}' is not an ISO 4217 currency code (e.g. USD, CNY).", code="currency")
