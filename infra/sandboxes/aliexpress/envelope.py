"""Response bodies as IOP writes them.

/sync with simplify=false: `{"<method_with_underscores>_response": {..., "request_id"}}`, and each
list wrapped in an object keyed by its item DTO name (`"target_list": {"order_dto": [...]}`).
simplify=true: the same fields at the root, lists plain. Handlers build lists as `DtoList` so
both renderings come from one value. None values are left out, as the platform omits them.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from infra.sandboxes.aliexpress.errors import ApiError


class DtoList(list):
    def __init__(self, dto: str, items=()) -> None:
        super().__init__(items)
        self.dto = dto


def render(value: Any, simplify: bool) -> Any:
    if isinstance(value, DtoList):
        items = [render(item, simplify) for item in value]
        return items if simplify else {value.dto: items}
    if isinstance(value, dict):
        return {key: render(item, simplify) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [render(item, simplify) for item in value]
    return value


def new_request_id() -> str:
    # Shaped like the platform's: hex prefix + epoch milliseconds + a short random tail.
    return f"21{secrets.token_hex(3)}{int(time.time() * 1000)}{secrets.randbelow(1000):03d}"


def sync_success(method: str, body: dict, *, simplify: bool, request_id: str) -> dict:
    fields = {**render(body, simplify), "request_id": request_id}
    return fields if simplify else {method.replace(".", "_") + "_response": fields}


def sync_error(error: ApiError, request_id: str) -> dict:
    body = {
        "type": error.type,
        "code": error.code,
        "msg": error.msg,
        "sub_code": error.sub_code,
        "sub_msg": error.sub_msg,
        "request_id": request_id,
        "_trace_id_": secrets.token_hex(12),
    }
    return {"error_response": {key: value for key, value in body.items() if value is not None}}


def rest_success(body: dict, request_id: str) -> dict:
    return {**render(body, True), "code": "0", "request_id": request_id}


def rest_error(error: ApiError, request_id: str) -> dict:
    return {"type": error.type, "code": error.code, "message": error.msg, "request_id": request_id}
