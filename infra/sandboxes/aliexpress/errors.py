"""Errors an IOP call can end with. `ApiError` becomes `error_response` on /sync and the flat
{type, code, message} body on /rest. `type` follows the platform: ISV = the caller's fault,
ISP = the service provider's, SYSTEM = the platform's."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(
        self,
        code: str,
        msg: str,
        *,
        sub_code: str | None = None,
        sub_msg: str | None = None,
        type_: str = "ISV",
        http_status: int = 200,
    ) -> None:
        super().__init__(f"{code}: {msg}")
        self.code, self.msg, self.type = code, msg, type_
        self.sub_code, self.sub_msg = sub_code, sub_msg
        self.http_status = http_status


def missing_parameter(name: str) -> ApiError:
    return ApiError(
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request is not supplied',
        sub_code="isv.missing-parameter",
        sub_msg=f"missing parameter: {name}",
    )


def invalid_parameter(sub_msg: str, *, sub_code: str = "isv.invalid-parameter") -> ApiError:
    return ApiError("InvalidParameter", "The specified parameter is invalid", sub_code=sub_code, sub_msg=sub_msg)


def business_error(problems: list[tuple[str, str]]) -> ApiError:
    """Rule violations in a request DTO: every problem as `path: message`, `; `-joined. The first
    problem's code becomes sub_code (e.g. F00-00-10007-007 for a duplicate sku_code)."""
    code = problems[0][0]
    return ApiError(
        "InvalidParameter",
        "The specified parameter is invalid",
        sub_code=code,
        sub_msg="; ".join(message for _code, message in problems),
    )


class Problems:
    """Collects (sub_code, message) pairs while validating a DTO."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, message: str, code: str = "isv.invalid-parameter") -> None:
        self.items.append((code, f"{path}: {message}"))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise business_error(self.items)
