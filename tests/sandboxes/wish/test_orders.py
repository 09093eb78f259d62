"""Orders: generation from the merchant's variations, time-window pagination, tracking upload,
refunds and the later updates."""

import time
from decimal import ROUND_HALF_UP, Decimal

import requests

from tests.sandboxes.wish.test_products import create, variations
from tests.sandboxes.wish.wish_client import WishClient, page_through

CENT = Decimal("0.01")


def generate(sandbox, count: int, **extra) -> list[str]:
    response = requests.post(f"{sandbox.url}/_control/orders/generate", json={"count": count, **extra}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["orders"]


def advance(sandbox, seconds: float) -> None:
    assert requests.post(f"{sandbox.url}/_control/orders/advance", json={"seconds": seconds}, timeout=10).ok


def event(sandbox, order_id: str, kind: str) -> requests.Response:
    return requests.post(f"{sandbox.url}/_control/orders/{order_id}/events", json={"kind": kind}, timeout=10)


def test_orders_come_from_the_merchants_variations(sandbox, client):
    product = create(client)
    ids = generate(sandbox, 6)
    listed = client.data("GET", "/orders", params={"limit": 100})
    assert {order["id"] for order in listed} == set(ids)
    sold = {"BOARD-S": 0, "BOARD-L": 0}
    for order in listed:
        info = order["product_information"]
        assert info["id"] == product["id"] and info["sku"] in sold
        details = order["order_payment"]["general_payment_details"]
        sold[info["sku"]] += details["product_quantity"]
        price = 12.99 if info["sku"] == "BOARD-S" else 18.5
        assert details["product_price"] == {"amount": price, "currency_code": "USD"}
        merchant_share = Decimal(str(price)) * Decimal("0.85")
        assert details["product_merchant_payment"]["amount"] == float(merchant_share.quantize(CENT, ROUND_HALF_UP))
        assert details["shipping_merchant_payment"] == {"amount": 2.13, "currency_code": "USD"}
        total = ((merchant_share + Decimal("2.125")) * details["product_quantity"]).quantize(CENT, ROUND_HALF_UP)
        assert details["payment_total"] == {"amount": float(total), "currency_code": "USD"}
        assert order["state"] == "APPROVED"
        assert order["fulfillment_records"][0]["event_type"] == "ORDER_RELEASED"
        assert order["full_address"]["shipping_detail"]["country_code"]
        assert order["fulfillment_requirements"]["expected_ship_time"] > order["released_at"]
    stock = {
        sku: item["inventories"][0]["inventory"]
        for sku, item in variations(client.data("GET", f"/products/{product['id']}")).items()
    }
    assert stock == {"BOARD-S": 40 - sold["BOARD-S"], "BOARD-L": 25 - sold["BOARD-L"]}
    transactions = {order["transaction_id"] for order in listed}
    assert len(transactions) == 6
    assert client.data("GET", f"/orders/{ids[0]}")["id"] == ids[0]
    assert client.fail("GET", "/orders/" + "0" * 24) == (400, 90001, "There is no such order for the merchant.")


def test_time_window_pagination_has_no_gaps_or_extra_repeats(sandbox, client):
    ids = generate(sandbox, 25)
    everything = client.data("GET", "/orders", params={"limit": 500})
    assert len(everything) == len(ids) and len({order["updated_at"] for order in everything}) == len(ids)
    collected, pages = page_through(client, 7)
    assert {order["id"] for order in collected} == set(ids)
    for previous, page in zip(pages, pages[1:], strict=False):
        # The only order seen twice is the boundary one (the bound is inclusive).
        assert set(previous) & set(page) == {previous[-1]}
    ascending = client.data("GET", "/orders", params={"sort_by": "updated_at.asc", "limit": 3})
    assert [order["id"] for order in ascending] == [order["id"] for order in everything[::-1][:3]]


def test_window_bounds_are_inclusive(sandbox, client):
    generate(sandbox, 5)
    everything = client.data("GET", "/orders", params={"sort_by": "released_at.asc"})
    middle = everything[2]
    exact = client.data(
        "GET", "/orders", params={"released_at_min": middle["released_at"], "released_at_max": middle["released_at"]}
    )
    assert [order["id"] for order in exact] == [middle["id"]]
    newer = client.data("GET", "/orders", params={"updated_at_min": middle["updated_at"], "sort_by": "updated_at.asc"})
    assert [order["id"] for order in newer] == [order["id"] for order in everything[2:]]


def test_duplicate_page_fault_repeats_the_previous_page(sandbox, client):
    ids = generate(sandbox, 9)
    first = client.data("GET", "/orders", params={"limit": 3})
    requests.post(f"{sandbox.url}/_control/faults", json={"next": ["duplicate_page"]}, timeout=10)
    second = client.data("GET", "/orders", params={"limit": 3, "updated_at_max": first[-1]["updated_at"]})
    # The page starts with the inclusive boundary order; the two orders before it come again in front.
    assert [order["id"] for order in second[:3]] == [order["id"] for order in first]
    assert len(second) == 5 and not {order["id"] for order in second[3:]} & {order["id"] for order in first}
    collected, _pages = page_through(client, 3)
    assert {order["id"] for order in collected} == set(ids)


def test_list_parameter_errors(client):
    assert client.fail("GET", "/orders", params={"limit": 0})[1] == 1001
    assert client.fail("GET", "/orders", params={"limit": 501})[1] == 1001
    assert client.fail("GET", "/orders", params={"sort_by": "id.asc"})[1] == 1001
    assert client.fail("GET", "/orders", params={"states": "SHIPPED,LOST"})[1] == 1001
    assert client.fail("GET", "/orders", params={"updated_at_min": "yesterday"})[1] == 1001
    assert (
        client.data(
            "GET", "/orders", params={"updated_at_min": "2020-01-01T07:00:00Z", "states": ["APPROVED", "SHIPPED"]}
        )
        == []
    )


def test_tracking_upload_is_asynchronous(sandbox, client):
    create(client)
    order_id = generate(sandbox, 1)[0]
    body = {
        "tracking_number": "9400111899223197428490",
        "shipping_provider": "usps",
        "origin_country": "CN",
        "ship_note": "first parcel",
    }
    answered = client.data("PUT", f"/orders/{order_id}/tracking", json=body)
    assert (answered["processing_source"], answered["processing_status"], answered["state"]) == (
        "UPDATE_TRACKING",
        "IN_PROGRESS",
        "APPROVED",
    )
    assert (
        client.fail("PUT", f"/orders/{order_id}/tracking", json=body)[2]
        == "Another change to this order is still being processed."
    )
    advance(sandbox, 60)
    shipped = client.data("GET", f"/orders/{order_id}")
    assert (shipped["state"], shipped["processing_status"]) == ("SHIPPED", "SUCCEEDED")
    assert shipped["tracking_information"] == [
        {
            "tracking_number": "9400111899223197428490",
            "shipping_provider": {"name": "USPS"},
            "origin_country": "CN",
            "ship_note": "first parcel",
        }
    ]
    assert [record["event_type"] for record in shipped["fulfillment_records"]] == ["ORDER_RELEASED", "MARK_SHIPPED"]
    advance(sandbox, 7 * 86400)
    later = client.data("GET", f"/orders/{order_id}")
    assert [record["event_type"] for record in later["fulfillment_records"]][2:4] == [
        "CONFIRM_FULFILLED",
        "CONFIRMED_DELIVERED",
    ]
    assert later["updated_at"] > shipped["updated_at"]


def test_tracking_validation(sandbox, client):
    order_id = generate(sandbox, 1)[0]
    base = {"tracking_number": "1Z999AA10123456784", "shipping_provider": "UPS", "origin_country": "CN"}
    assert client.fail("PUT", f"/orders/{order_id}/tracking", json={**base, "shipping_provider": "Pigeon"}) == (
        400,
        90001,
        "The shipping provider is not accepted: Pigeon",
    )
    spaced = client.fail("PUT", f"/orders/{order_id}/tracking", json={**base, "tracking_number": "1Z 999"})
    assert spaced[1] == 1001 and "tracking_number must contain only letters and digits" in spaced[2]
    missing = {key: value for key, value in base.items() if key != "origin_country"}
    assert "origin_country is required" in client.fail("PUT", f"/orders/{order_id}/tracking", json=missing)[2]
    # A number that does not fit the carrier is refused asynchronously.
    client.data("PUT", f"/orders/{order_id}/tracking", json={**base, "tracking_number": "12345"})
    advance(sandbox, 60)
    failed = client.data("GET", f"/orders/{order_id}")
    assert (failed["state"], failed["processing_status"], failed["tracking_information"]) == ("APPROVED", "FAILED", [])


def test_merchant_refund(sandbox, client):
    product = create(client)
    order_id = generate(sandbox, 1)[0]
    assert "MERCHANT_OUT_OF_STOCK" in client.data("GET", f"/orders/{order_id}/refund_reasons")
    wrong = client.fail("PUT", f"/orders/{order_id}/refund", json={"refund_reason": "ITEM_IS_DAMAGED"})
    assert wrong == (400, 90001, "The refund reason is not valid for this order: ITEM_IS_DAMAGED")
    assert client.fail("PUT", f"/orders/{order_id}/refund", json={"refund_reason": "NOPE"})[1] == 1001
    answered = client.data(
        "PUT",
        f"/orders/{order_id}/refund",
        json={"refund_reason": "MERCHANT_OUT_OF_STOCK", "refund_reason_note": "sold out"},
    )
    assert (answered["processing_source"], answered["processing_status"]) == ("REFUND", "IN_PROGRESS")
    advance(sandbox, 60)
    refunded = client.data("GET", f"/orders/{order_id}")
    assert refunded["state"] == "REFUNDED"
    entry = refunded["refunds"][0]
    assert (entry["refund_source"], entry["refund_reason"], entry["refund_reason_note"]) == (
        "MERCHANT",
        "MERCHANT_OUT_OF_STOCK",
        "sold out",
    )
    assert entry["refund_amount"] == refunded["order_payment"]["general_payment_details"]["payment_total"]
    held = {"BOARD-S": 0, "BOARD-L": 0}  # the other orders of the same checkout keep their stock
    for order in client.data("GET", "/orders", params={"states": "APPROVED"}):
        held[order["product_information"]["sku"]] += order["order_payment"]["general_payment_details"][
            "product_quantity"
        ]
    stock = {
        sku: item["inventories"][0]["inventory"]
        for sku, item in variations(client.data("GET", f"/products/{product['id']}")).items()
    }
    assert stock == {"BOARD-S": 40 - held["BOARD-S"], "BOARD-L": 25 - held["BOARD-L"]}
    assert (
        client.fail(
            "PUT",
            f"/orders/{order_id}/tracking",
            json={"tracking_number": "1Z999AA10123456784", "shipping_provider": "UPS", "origin_country": "CN"},
        )[2]
        == "The order cannot be shipped in its current state (REFUNDED)."
    )


def test_customer_cancellation_and_review(sandbox, client):
    order_id = generate(sandbox, 1)[0]
    before = client.data("GET", f"/orders/{order_id}")
    assert event(sandbox, order_id, "customer_cancel").json()["state"] == "REFUNDED"
    after = client.data("GET", f"/orders/{order_id}")
    assert after["refunds"][0]["refund_source"] == "CUSTOMER" and after["updated_at"] > before["updated_at"]
    assert client.data("GET", "/orders", params={"states": "REFUNDED"})[0]["id"] == order_id
    reviewed = generate(sandbox, 1, state="REQUIRE_REVIEW")[0]
    assert client.data("GET", f"/orders/{reviewed}")["state"] == "REQUIRE_REVIEW"
    advance(sandbox, 3600)
    assert client.data("GET", f"/orders/{reviewed}")["state"] == "APPROVED"


def test_unshipped_orders_are_refunded_after_the_deadline(sandbox, client):
    order_id = generate(sandbox, 1)[0]
    advance(sandbox, 6 * 86400)
    refunded = client.data("GET", f"/orders/{order_id}")
    assert refunded["state"] == "REFUNDED"
    assert refunded["refunds"][-1]["refund_source"] in ("WISH", "CUSTOMER")


def test_shipping_carriers(client):
    general = [
        item["name"] for item in client.data("GET", "/orders/shipping_carriers", params={"order_type": "GENERAL"})
    ]
    confirmed = [
        item["name"]
        for item in client.data(
            "GET", "/orders/shipping_carriers", params={"order_type": "CONFIRMED_DELIVERY", "dest_country_code": "US"}
        )
    ]
    assert "USPS" in general and "ChinaAirPost" in general
    assert set(confirmed) < set(general) and "ChinaAirPost" not in confirmed
    assert client.fail("GET", "/orders/shipping_carriers")[1] == 1001


def test_scheduled_generator(make_sandbox):
    sandbox = make_sandbox(order_interval=60, speedup=600)
    client = WishClient(sandbox.url)
    deadline = time.time() + 5
    while time.time() < deadline and len(client.data("GET", "/orders")) < 3:
        time.sleep(0.1)
    assert len(client.data("GET", "/orders")) >= 3
    scheduler = sandbox.app.extensions["wish"]["scheduler"]
    scheduler.stop()
    assert not scheduler._thread.is_alive()
