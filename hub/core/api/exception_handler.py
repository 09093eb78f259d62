"""Every 4xx the API answers has one shape:

    {"message": "...", "code": "...", "fields": {"price": ["..."]}, "extra": {...}}

`fields` keys are dotted paths for nested input (`variants.0.sku`); `extra` holds anything else,
such as `rows` (row, column, message) for a rejected spreadsheet.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hub.core.exceptions import ApplicationError


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF and Django nest errors in dicts and lists; clients want `field.path -> [messages]`."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            path = f"{prefix}.{name}" if prefix and name else (name or prefix)
            for sub_path, messages in flatten_errors(value, path).items():
                flat.setdefault(sub_path, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            flat.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                if item in ({}, []):
                    continue
                path = f"{prefix}.{index}" if prefix else str(index)
                for sub_path, messages in flatten_errors(item, path).items():
                    flat.setdefault(sub_path, []).extend(messages)
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return flat


def _summary(fields: dict[str, list[str]]) -> str:
    if not fields:
        return "Invalid input."
    name, messages = next(iter(fields.items()))
    first = f"{name}: {messages[0]}" if name != "non_field_errors" else messages[0]
    more = len(fields) - 1
    return f"Invalid input. {first}" + (f" (and {more} more)" if more else "")


def error_body(message: str, code: str, fields: dict | None = None, extra: dict | None = None) -> dict:
    return {"message": message, "code": code, "fields": fields or {}, "extra": extra or {}}


CONFLICT_MESSAGE = (
    "This conflicts with a change made at the same moment (the same code, SKU or e-mail); reload and try again."
)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, IntegrityError):
        # A unique constraint a concurrent request won (two creates of one SKU at once): the
        # services check uniqueness first, so only a race gets here. 409, never a 500.
        return Response(error_body(CONFLICT_MESSAGE, "conflict"), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.code, exc.fields, exc.extra), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        fields = flatten_errors(detail)
        return Response(error_body(_summary(fields), "invalid", fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        response.data = error_body(_summary(fields), "invalid", fields)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        code = exc.get_codes()
        code = code.get("detail", exc.default_code) if isinstance(code, dict) else str(code)
        extra = {"retry_after": exc.wait} if isinstance(exc, exceptions.Throttled) and exc.wait else {}
        response.data = error_body(message, str(code), extra=extra)
    return response
