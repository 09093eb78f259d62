"""Filters shared by the API's list endpoints."""

from datetime import UTC

import django_filters
from django import forms
from django.utils import timezone
from django_filters.fields import IsoDateTimeField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, handed to the database in UTC. PostgreSQL refuses offsets beyond
    ±15:59 (`1016-07-23T00:51-23:37` was a 500); in UTC any valid instant is fine, and one that
    has no UTC equivalent (year 1 minus an offset) is a 400."""

    default_error_messages = {"range": "This date and time is out of range."}

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["range"], code="range") from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField
