"""Products and variations: create/get/update/list/delete, SKU uniqueness, validation, review."""

import requests

from tests.sandboxes.wish.wish_client import STANDARD, WishClient, product_body

SKU_TAKEN = (400, 90001, "There is an existing variation with such SKU.")


def create(client, **overrides) -> dict:
    return client.data("POST", "/products", json=product_body(**overrides))


def variations(product: dict) -> dict[str, dict]:
    return {item["sku"]: item for item in product["variations"]}


def test_create_then_get(client):
    created = create(client)
    assert len(created["id"]) == 24 and created["state"] == "ACTIVE"
    fetched = client.data("GET", f"/products/{created['id']}")
    assert fetched == created
    small = variations(fetched)["BOARD-S"]
    assert small["price"] == {"amount": 12.99, "currency_code": "USD"}
    assert small["inventories"] == [{"warehouse_id": STANDARD, "inventory": 40}]
    assert (small["status"], small["product_id"], small["options"]) == (
        "ENABLED",
        created["id"],
        [{"name": "SIZE", "value": "S"}],
    )
    assert fetched["created_at"].endswith("+00:00") and fetched["request_id"]


def test_new_listings_are_reviewed(make_sandbox):
    now = [1_700_000_000.0]
    sandbox = make_sandbox(review_seconds=60, clock=lambda: now[0])
    client = WishClient(sandbox.url)
    created = create(client)
    assert (created["state"], created["status"]) == ("WISH_INACTIVE", "PENDING_REVIEW")
    request = client.data("GET", f"/products/requests/{created['request_id']}")
    assert (request["status"], request["product_id"]) == ("UNDER_REVIEW", created["id"])
    now[0] += 61
    assert client.data("GET", f"/products/{created['id']}")["state"] == "ACTIVE"
    assert client.data("GET", f"/products/requests/{created['request_id']}")["status"] == "APPROVED"
    assert client.fail("GET", "/products/requests/nope")[1:] == (
        90001,
        "No product create or update request was found with the provided ID",
    )


def test_sku_uniqueness(client):
    first = create(client)
    assert client.fail("POST", "/products", json=product_body(parent_sku="OTHER")) == SKU_TAKEN
    body = product_body(parent_sku="OTHER")
    body["variations"][1]["sku"] = body["variations"][0]["sku"] = "NEW-1"
    assert client.fail("POST", "/products", json=body) == SKU_TAKEN
    extra = {
        "sku": "BOARD-L",
        "price": {"amount": 5, "currency_code": "USD"},
        "inventories": [{"warehouse_id": STANDARD, "inventory": 1}],
        "logistics_details": {"origin_country": "CN"},
    }
    assert client.fail("POST", f"/products/{first['id']}/variations", json=extra) == SKU_TAKEN
    rename = {"variations": [{"id": variations(first)["BOARD-S"]["id"], "sku": "BOARD-L"}]}
    assert client.fail("PUT", f"/products/{first['id']}", json=rename) == SKU_TAKEN
    assert client.fail(
        "POST", "/products", json=product_body(variations=[{**product_body()["variations"][0], "sku": "Z1"}])
    )[2] == ("There is an existing product with such parent SKU.")
    # A removed product frees its SKUs.
    assert client.call("DELETE", f"/products/{first['id']}").status_code == 204
    assert create(client)["parent_sku"] == "BOARD"


def test_shape_problems_answer_1001_together_and_store_nothing(client):
    body = product_body(description="<b>bold</b>" + "x" * 4000, parent_sku="P" * 81, tags=["t"] * 11)
    del body["name"]
    body["variations"][0]["inventories"][0]["inventory"] = 500001
    body["variations"][0]["gtin"] = "12AB"
    del body["variations"][1]["logistics_details"]["origin_country"]
    status, code, message = client.fail("POST", "/products", json=body)
    assert (status, code) == (400, 1001)
    for expected in (
        "name is required",
        "parent_sku must be at most 80 characters",
        "description must be at most 4000 characters",
        "description must not contain HTML",
        "tags must be at most 10 strings",
        "variations[0].inventories[0].inventory must be an integer from 0 to 500000",
        "variations[0].gtin must be 8 to 14 digits",
        "variations[1].logistics_details.origin_country is required",
    ):
        assert expected in message
    assert client.data("GET", "/products") == []
    assert client.fail("POST", "/products", data="not json", headers={"Content-Type": "application/json"})[1] == 1001


def test_merchant_data_rules_answer_90001(client):
    euro = product_body()
    euro["variations"][0]["price"] = {"amount": 10, "currency_code": "EUR"}
    assert client.fail("POST", "/products", json=euro) == (
        400,
        90001,
        "Prices must be in the merchant's currency (USD).",
    )
    stranger = product_body()
    stranger["variations"][0]["inventories"] = [{"warehouse_id": "000000000000000000000000", "inventory": 1}]
    assert client.fail("POST", "/products", json=stranger)[1:] == (
        90001,
        "There is no such warehouse for the merchant: 000000000000000000000000",
    )
    assert client.fail("POST", "/products", json=product_body(category_id=1))[1:] == (
        90001,
        "There is no such category: 1",
    )
    image = product_body()
    image["variations"][0]["image"] = "https://img.example.com/unknown.jpg"
    assert (
        "variations[0].image must be one of the product's extra_images"
        in client.fail("POST", "/products", json=image)[2]
    )


def test_price_stock_and_status_updates(client):
    product = create(client)
    small, large = variations(product)["BOARD-S"], variations(product)["BOARD-L"]
    updated = client.data(
        "PUT",
        f"/products/{product['id']}",
        json={
            "variations": [
                {"id": small["id"], "price": {"amount": 10.49, "currency_code": "USD"}},
                {
                    "id": large["id"],
                    "inventories": [{"warehouse_id": "5f1a00000000000000000002", "inventory": 3}],
                    "status": "DISABLED",
                },
            ]
        },
    )
    assert variations(updated)["BOARD-S"]["price"]["amount"] == 10.49
    assert variations(updated)["BOARD-L"]["inventories"] == [
        {"warehouse_id": STANDARD, "inventory": 25},
        {"warehouse_id": "5f1a00000000000000000002", "inventory": 3},
    ]
    assert variations(updated)["BOARD-L"]["status"] == "DISABLED"
    assert updated["updated_at"] > product["updated_at"]
    assert client.data("PUT", f"/products/{product['id']}", json={"status": "DISABLED"})["state"] == "MERCHANT_INACTIVE"
    assert client.data("PUT", f"/products/{product['id']}", json={"status": "ENABLED"})["state"] == "ACTIVE"
    assert client.fail(
        "PUT",
        f"/products/{product['id']}",
        json={"variations": [{"id": "f" * 24, "price": {"amount": 1, "currency_code": "USD"}}]},
    )[2] == ("There is no such variation for the product.")
    assert client.fail("GET", "/products/" + "0" * 24) == (400, 90001, "There is no such product for the merchant.")


def test_add_variation_and_delete(client):
    product = create(client)
    added = client.data(
        "POST",
        f"/products/{product['id']}/variations",
        json={
            "sku": "BOARD-XL",
            "price": {"amount": 24, "currency_code": "USD"},
            "image": "https://img.example.com/board.jpg",
            "inventories": [{"warehouse_id": STANDARD, "inventory": 5}],
            "logistics_details": {"origin_country": "VN"},
        },
    )
    assert (added["sku"], added["product_id"], added["status"]) == ("BOARD-XL", product["id"], "ENABLED")
    assert len(client.data("GET", f"/products/{product['id']}")["variations"]) == 3
    missing_origin = {
        "sku": "BOARD-XXL",
        "price": {"amount": 1, "currency_code": "USD"},
        "inventories": [{"warehouse_id": STANDARD, "inventory": 1}],
    }
    assert client.fail("POST", f"/products/{product['id']}/variations", json=missing_origin)[1] == 1001
    deleted = client.call("DELETE", f"/products/{product['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert "Wish-Request-Id" in deleted.headers
    assert client.data("GET", f"/products/{product['id']}")["state"] == "REMOVED_BY_MERCHANT"
    assert (
        client.fail("PUT", f"/products/{product['id']}", json={"name": "again"})[2]
        == "Removed products cannot be updated."
    )


def test_list_sort_window_and_partial_fields(client):
    first = create(client)
    second = create(
        client, parent_sku="BOARD2", variations=[{**product_body()["variations"][0], "sku": "B2-S", "image": None}]
    )
    listed = client.data("GET", "/products")
    assert [item["id"] for item in listed] == [second["id"], first["id"]]
    assert "variations" not in listed[0] and listed[0]["parent_sku"] == "BOARD2"
    oldest = client.data("GET", "/products", params={"sort_by": "created_at.asc", "limit": 1})
    assert [item["id"] for item in oldest] == [first["id"]]
    window = client.data("GET", "/products", params={"updated_at_max": first["updated_at"]})
    assert [item["id"] for item in window] == [first["id"]]
    assert client.data("GET", "/products", params={"parent_sku": "BOARD2"})[0]["id"] == second["id"]
    partial = client.data(
        "GET", f"/products/{first['id']}", params={"fields": "id,main_image/url,variations(sku,price/amount)"}
    )
    assert partial == {
        "id": first["id"],
        "main_image": {"url": "https://img.example.com/board.jpg"},
        "variations": [{"sku": "BOARD-S", "price": {"amount": 12.99}}, {"sku": "BOARD-L", "price": {"amount": 18.5}}],
    }
    assert client.fail("GET", "/products", params={"limit": 1001})[1] == 1001
    assert client.fail("GET", "/products", params={"updated_at_min": "2024-01-01T00:00:00"})[1] == 1001


def test_warehouses_and_currency(client):
    warehouses = client.data("GET", "/merchant/warehouses")
    assert [(item["id"], item["shipping_type"]) for item in warehouses][0] == (STANDARD, "STANDARD")
    assert client.data("GET", "/merchant/currency_settings")["localized_currency"] == "USD"
    assert requests.get(f"{client.base_url}/api/v3/nope", timeout=10).json()["code"] == 404
