"""The Amazon sandbox's control routes, reset, the background order generator and the launcher."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from sp_api.api import Inventories, ListingsItems, Orders

from infra.sandboxes.__main__ import build
from tests.sandboxes.amazon.conftest import CREDENTIALS, SELLER, US, clear_token_caches, serve
from tests.sandboxes.amazon.payloads import bracelet


def rows(sandbox) -> dict[str, int]:
    tables = ("orders", "inventory", "inbound_shipments", "listings")
    return {table: sandbox.amazon.state.one(f"SELECT COUNT(*) AS n FROM {table}")["n"] for table in tables}


@pytest.mark.parametrize(
    ("path", "body", "error"),
    [
        ("orders/generate", {"count": 0}, "count: a whole number from 1 to 500"),
        ("orders/generate", {"count": 2, "marketplaceId": "XX"}, "marketplaceId: unknown marketplace 'XX'"),
        ("orders/generate", {"fulfillmentChannel": "FBM"}, "fulfillmentChannel: AFN or MFN"),
        (
            "inventory",
            {"marketplaceId": US, "items": [{"sku": "A", "quantity": -1}]},
            "items[0].quantity: a whole number of 0 or more is required",
        ),
        ("inventory", {"marketplaceId": US}, "items: a non-empty list of {sku, quantity} is required"),
        (
            "inbound",
            {"marketplaceId": US, "items": [{"sku": "A", "quantity": 0}]},
            "items: every quantity must be at least 1",
        ),
        ("clock/advance", {"seconds": -5}, "seconds: a positive number (at most 400 days)"),
        ("lwa/authorization-code", {"sellerId": "NOBODY"}, "sellerId: no credentials for seller 'NOBODY'"),
    ],
)
def test_bad_control_input_is_400_and_changes_nothing(sandbox, path, body, error):
    before = rows(sandbox)
    answer = sandbox.http.post(f"/_control/{path}", json=body)
    assert (answer.status_code, answer.json()) == (400, {"error": error})
    assert rows(sandbox) == before


def test_reset_wipes_marketplace_state(sandbox):
    sandbox.client(ListingsItems).put_listings_item(
        SELLER, "SKU-1", marketplaceIds=[US], body={"productType": "BRACELET", "attributes": bracelet()}
    )
    sandbox.control("inventory", {"marketplaceId": US, "items": [{"sku": "SKU-1", "quantity": 3}]})
    sandbox.control("orders/generate", {"count": 3, "marketplaceId": US})
    sandbox.control("reset")
    for table in ("listings", "inventory", "orders", "financial_events"):
        assert sandbox.amazon.state.one(f"SELECT COUNT(*) AS n FROM {table}")["n"] == 0
    assert sandbox.client(Inventories).get_inventory_summary_marketplace().payload["inventorySummaries"] == []


def test_same_seed_generates_the_same_orders(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        served = serve(tmp_path / name, seed=42)
        try:
            ids = served.control("orders/generate", {"count": 5, "marketplaceId": US})["orderIds"]
            docs = [served.amazon.state.one("SELECT channel, doc FROM orders WHERE order_id = ?", (i,)) for i in ids]
            timeless = [
                {k: v for k, v in json.loads(d["doc"]).items() if not k.startswith(("earliest", "latest"))}
                for d in docs
            ]
            runs.append([(i, d["channel"], t) for i, d, t in zip(ids, docs, timeless, strict=True)])
        finally:
            served.served.stop()
    assert runs[0] == runs[1]


def test_background_generator_makes_orders_on_schedule(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    busy = serve(tmp_path, order_interval=60, speedup=600)  # one order per simulated minute = ten a real second
    try:
        time.sleep(1.0)
        count = busy.amazon.state.one("SELECT COUNT(*) AS n FROM orders")["n"]
        assert 5 <= count <= 15
        busy.advance(3600)
        assert busy.client(Orders).get_orders(CreatedAfter="2020-01-01T00:00:00Z").payload["Orders"]
    finally:
        busy.served.stop()
        clear_token_caches()
    settled = busy.amazon.state.one("SELECT COUNT(*) AS n FROM orders")["n"]
    time.sleep(0.5)
    assert (
        busy.amazon.state.one("SELECT COUNT(*) AS n FROM orders")["n"] == settled
    )  # the thread stopped with the server


def test_launcher_builds_the_amazon_sandbox(tmp_path):
    served = build("amazon", tmp_path, 1.0, 0)
    try:
        assert served.app.extensions["amazon"].config.state_path == tmp_path / "amazon.sqlite3"
        served.start()
        assert httpx.get(f"{served.url}/_control/health").json()["sandbox"] == "amazon"
        # Port 0 in the launcher's base URL: pre-signed links use the port actually bound.
        form = {
            "grant_type": "refresh_token",
            **{k: v for k, v in CREDENTIALS.items() if k == "refresh_token"},
            "client_id": CREDENTIALS["lwa_app_id"],
            "client_secret": CREDENTIALS["lwa_client_secret"],
        }
        token = httpx.post(f"{served.url}/auth/o2/token", data=form).json()["access_token"]
        created = httpx.post(
            f"{served.url}/feeds/2021-06-30/documents",
            json={"contentType": "text/plain"},
            headers={"x-amz-access-token": token},
        ).json()
        assert created["url"].startswith(f"{served.url}/_sandbox/documents/")
    finally:
        served.stop()


def test_scheduled_orders_wait_for_a_listing_when_asked(tmp_path, monkeypatch):
    """make run's sandboxes (SANDBOX_AMAZON_ORDERS_NEED_LISTINGS=1): no invented SBX items for an
    empty shop; once something is listed, the scheduled shoppers buy it."""
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    busy = serve(tmp_path, order_interval=60, speedup=600, scheduled_orders_need_listings=True)
    try:
        time.sleep(1.0)
        assert busy.amazon.state.one("SELECT COUNT(*) AS n FROM orders")["n"] == 0
        busy.client(ListingsItems).put_listings_item(
            SELLER, "LUM-BR-001", marketplaceIds=[US], body={"productType": "BRACELET", "attributes": bracelet()}
        )
        deadline = time.time() + 5
        while time.time() < deadline and not busy.amazon.state.one("SELECT COUNT(*) AS n FROM orders")["n"]:
            time.sleep(0.1)
        docs = [json.loads(row["doc"]) for row in busy.amazon.state.query("SELECT doc FROM orders")]
        assert docs
        skus = {item["sku"] for doc in docs for item in doc["items"]}
        assert skus == {"LUM-BR-001"}
    finally:
        busy.served.stop()
        clear_token_caches()
