"""A minimal IOP client written for these tests from the platform's signing rules, independent of
both the sandbox and the hub's adapter: sorted name+value pairs (empty values left out), the API
path in front for /rest system APIs, HMAC-SHA256, uppercase hex."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import requests

CREDENTIALS = Path(__file__).resolve().parents[3] / "infra" / "sandboxes" / "demo_credentials.json"
DEMO = json.loads(CREDENTIALS.read_text())["aliexpress"]


def iop_sign(secret: str, params: dict[str, str], api_path: str = "") -> str:
    pairs = "".join(f"{key}{params[key]}" for key in sorted(params) if key != "sign" and params[key] != "")
    message = (api_path + pairs).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest().upper()


def encode(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class IopClient:
    def __init__(
        self,
        base_url: str,
        *,
        app_key: str = DEMO["app_key"],
        secret: str = DEMO["app_secret"],
        token: str | None = DEMO["access_token"],
        now=time.time,
    ) -> None:
        self.base_url, self.app_key, self.secret, self.token, self.now = base_url, app_key, secret, token, now

    def system_params(self, **extra: str) -> dict[str, str]:
        return {"app_key": self.app_key, "timestamp": str(int(self.now() * 1000)), "sign_method": "sha256", **extra}

    def sync(
        self,
        method: str,
        business: dict | None = None,
        *,
        simplify: bool = False,
        token: str | None = "default",
        tamper: dict | None = None,
        in_query: bool = False,
    ) -> requests.Response:
        token = self.token if token == "default" else token
        params = self.system_params(method=method, format="json", partner_id="hub-tests", simplify=encode(simplify))
        if token:
            params["session"] = token
        params.update({key: encode(value) for key, value in (business or {}).items()})
        params["sign"] = iop_sign(self.secret, params)
        params.update(tamper or {})
        if in_query:  # the Java SDK's split: system parameters in the URL, business ones in the form
            system = {key: params.pop(key) for key in list(params) if key not in (business or {})}
            return requests.post(f"{self.base_url}/sync", params=system, data=params, timeout=10)
        return requests.post(f"{self.base_url}/sync", data=params, timeout=10)

    def result(self, method: str, business: dict | None = None, **kwargs) -> dict:
        response = self.sync(method, business, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        key = method.replace(".", "_") + "_response"
        assert key in body, body
        return body[key]

    def error(self, method: str, business: dict | None = None, **kwargs) -> dict:
        response = self.sync(method, business, **kwargs)
        body = response.json()
        assert "error_response" in body, body
        return body["error_response"]

    def rest(self, api_path: str, business: dict[str, str], *, tamper: dict | None = None) -> requests.Response:
        params = {**self.system_params(), **business}
        params["sign"] = iop_sign(self.secret, params, api_path)
        params.update(tamper or {})
        return requests.post(f"{self.base_url}/rest{api_path}", data=params, timeout=10)


def product_request(**overrides: Any) -> dict:
    """A post_product_request the platform accepts: two SKUs with colour attributes."""
    request = {
        "language": "en",
        "multi_language_subject_list": [
            {"language": "en", "subject": "Silicone phone case, shockproof"},
            {"language": "ru", "subject": "Силиконовый чехол для телефона"},
        ],
        "multi_language_description_list": [
            {"language": "en", "web_detail": "<p>Soft case</p>", "mobile_detail": "Soft case"}
        ],
        "aliexpress_category_id": 200000345,
        "main_image_urls_list": ["https://img.example.com/case-1.jpg", "https://img.example.com/case-2.jpg"],
        "sku_info_list": [
            {
                "sku_code": "CASE-BLK",
                "price": "9.99",
                "discount_price": "7.99",
                "inventory": 50,
                "sku_attributes_list": [
                    {"sku_attribute_name_id": 14, "sku_attribute_value_id": 193, "sku_attribute_value": "Black"}
                ],
            },
            {
                "sku_code": "CASE-RED",
                "price": "10.50",
                "inventory": 20,
                "sku_attributes_list": [
                    {"sku_attribute_name_id": 14, "sku_attribute_value_id": 10, "sku_attribute_value": "Red"}
                ],
            },
        ],
        "inventory_deduction_strategy": "place_order_withhold",
        "weight": "0.120",
        "package_length": 20,
        "package_width": 12,
        "package_height": 3,
        "freight_template_id": 5001,
        "shipping_lead_time": 3,
        "service_policy_id": 0,
    }
    request.update(overrides)
    return request
