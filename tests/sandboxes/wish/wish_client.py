"""A small Wish Merchant API v3 client for these tests, written from the V3 documentation
(Bearer token, {code, message, data} envelope), independent of the sandbox and the hub."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import requests

CREDENTIALS = Path(__file__).resolve().parents[3] / "infra" / "sandboxes" / "demo_credentials.json"
DEMO = json.loads(CREDENTIALS.read_text())["wish"]
STANDARD = "5f1a00000000000000000001"  # the demo merchant's STANDARD warehouse


class WishClient:
    def __init__(self, base_url: str, token: str | None = DEMO["access_token"], language: str | None = None) -> None:
        self.base_url, self.token, self.language = base_url, token, language

    def call(self, method: str, path: str, *, token: str | None = "default", **kwargs) -> requests.Response:
        token = self.token if token == "default" else token
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if self.language:
            headers["Accept-Language"] = self.language
        return requests.request(method, f"{self.base_url}/api/v3{path}", headers=headers, timeout=10, **kwargs)

    def data(self, method: str, path: str, **kwargs) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["code"], body["message"]) == (0, ""), body
        return body["data"]

    def fail(self, method: str, path: str, **kwargs) -> tuple[int, int, str]:
        response = self.call(method, path, **kwargs)
        body = response.json()
        assert body["data"] == {}, body
        return response.status_code, body["code"], body["message"]


PRODUCT = {
    "name": "Bamboo cutting board",
    "description": "Sturdy bamboo board.\nDishwasher safe.",
    "parent_sku": "BOARD",
    "category_id": 4210,
    "main_image": {"url": "https://img.example.com/board.jpg", "is_clean_image": True},
    "extra_images": [{"url": "https://img.example.com/board-s.jpg"}, {"url": "https://img.example.com/board-l.jpg"}],
    "default_shipping_prices": [
        {"warehouse_id": STANDARD, "default_shipping_price": {"amount": 2.5, "currency_code": "USD"}}
    ],
    "variations": [
        {
            "sku": "BOARD-S",
            "price": {"amount": 12.99, "currency_code": "USD"},
            "inventories": [{"warehouse_id": STANDARD, "inventory": 40}],
            "options": [{"name": "SIZE", "value": "S"}],
            "image": "https://img.example.com/board-s.jpg",
            "logistics_details": {"origin_country": "CN", "weight": 450},
        },
        {
            "sku": "BOARD-L",
            "price": {"amount": 18.5, "currency_code": "USD"},
            "inventories": [{"warehouse_id": STANDARD, "inventory": 25}],
            "options": [{"name": "SIZE", "value": "L"}],
            "image": "https://img.example.com/board-l.jpg",
            "logistics_details": {"origin_country": "CN", "weight": 900},
        },
    ],
}


def product_body(**overrides: Any) -> dict:
    body = copy.deepcopy(PRODUCT)
    body.update(overrides)
    return body


def page_through(client: WishClient, limit: int, **filters) -> tuple[list[dict], list[list[str]]]:
    """Pages newest-first by moving updated_at_max to the last order's updated_at, as Wish documents.
    The bound is inclusive, so the boundary order comes back and is skipped the second time."""
    seen: dict[str, dict] = {}
    pages: list[list[str]] = []
    params = {"limit": limit, "sort_by": "updated_at.desc", **filters}
    while True:
        page = client.data("GET", "/orders", params=params)
        pages.append([order["id"] for order in page])
        fresh = [order for order in page if order["id"] not in seen]
        seen.update({order["id"]: order for order in fresh})
        if len(page) < limit or not fresh:
            return list(seen.values()), pages
        params["updated_at_max"] = page[-1]["updated_at"]
