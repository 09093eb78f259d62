"""One authenticated API call: the merged parameters plus who is calling."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from infra.sandboxes.aliexpress.errors import invalid_parameter, missing_parameter
from infra.sandboxes.aliexpress.runtime import Runtime


@dataclass
class Call:
    rt: Runtime
    method: str
    params: dict[str, str]
    app_key: str
    seller_id: str | None = None

    def param(self, name: str, *, required: bool = False) -> str | None:
        value = self.params.get(name)
        if value in (None, ""):
            if required:
                raise missing_parameter(name)
            return None
        return value

    def int_param(self, name: str, *, required: bool = False) -> int | None:
        value = self.param(name, required=required)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise invalid_parameter(f"{name} must be a number")

    def json_param(self, name: str, kind: type, *, required: bool = False) -> Any:
        """Object and list parameters travel as one form field holding a JSON string."""
        value = self.param(name, required=required)
        if value is None:
            return None
        try:
            parsed = json.loads(value)
        except ValueError:
            raise invalid_parameter(f"{name} is not valid JSON")
        if not isinstance(parsed, kind):
            expected = "a JSON object" if kind is dict else "a JSON array"
            raise invalid_parameter(f"{name} must be {expected}")
        return parsed
