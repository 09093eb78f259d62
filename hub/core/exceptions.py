"""The one domain error every service may raise; the API turns it into the house error shape."""

from typing import Any


class ApplicationError(Exception):
    """A request that cannot be done as asked. `fields` maps input names to messages; `extra`
    carries anything else a client needs (for files: `rows` with row, column and message)."""

    status_code = 400

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}
        self.extra = extra or {}


class ConflictError(ApplicationError):
    status_code = 409
