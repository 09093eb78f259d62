"""Deleting catalog rows that other rows may still point at."""

from typing import Any

from django.db.models import ProtectedError, RestrictedError

from hub.core.exceptions import ConflictError


def delete_unless_in_use(row: Any, message: str) -> None:
    """Delete `row`; rows that others still point at (PROTECT / RESTRICT) answer 409 with `message`."""
    try:
        row.delete()
    except (ProtectedError, RestrictedError):
        raise ConflictError(message, code="in_use") from None
