"""Amazon-specific control routes (under /_control, next to the common ones): generate orders,
seed FBA inventory, create inbound shipments, move the simulated clock, revoke tokens, issue an
LWA authorization code. Bad input answers 400 {"error": ...} and changes nothing."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, request

from infra.sandboxes.amazon import notifications
from infra.sandboxes.amazon.generator import generate_orders
from infra.sandboxes.amazon.inbound import create_shipment
from infra.sandboxes.amazon.inventory import seed_inventory
from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.wire import iso


class ControlError(ValueError):
    pass


def _body() -> dict:
    body = request.get_json(force=True, silent=True)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def _marketplace(body: dict, *, required: bool = True) -> str | None:
    marketplace_id = body.get("marketplaceId")
    if marketplace_id is None and not required:
        return None
    if marketplace_id not in MARKETPLACES:
        raise ControlError(f"marketplaceId: unknown marketplace {marketplace_id!r}")
    return marketplace_id


def _items(body: dict) -> list[dict]:
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise ControlError("items: a non-empty list of {sku, quantity} is required")
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("sku"), str) or not item["sku"]:
            raise ControlError(f"items[{index}].sku: required")
        if not isinstance(item.get("quantity"), int) or item["quantity"] < 0:
            raise ControlError(f"items[{index}].quantity: a whole number of 0 or more is required")
    return items


def register(app: Flask, amazon) -> None:
    bp = Blueprint("amazon_control", __name__)

    @bp.errorhandler(ControlError)
    def bad_request(error: ControlError) -> tuple[Response, int]:
        return jsonify({"error": str(error)}), 400

    @bp.post("/orders/generate")
    def orders_generate():
        body = _body()
        count = body.get("count", 1)
        if not isinstance(count, int) or not 1 <= count <= 500:
            raise ControlError("count: a whole number from 1 to 500")
        channel = body.get("fulfillmentChannel")
        if channel not in (None, "AFN", "MFN"):
            raise ControlError("fulfillmentChannel: AFN or MFN")
        marketplace_id = _marketplace(body, required=False)
        with amazon.lock:
            ids = generate_orders(
                amazon,
                count=count,
                marketplace_id=marketplace_id,
                channel=channel,
                seller_id=body.get("sellerId") or amazon.default_seller,
            )
        return jsonify({"orderIds": ids})

    @bp.post("/inventory")
    def inventory_seed():
        body = _body()
        marketplace_id, items = _marketplace(body), _items(body)
        seller_id = body.get("sellerId") or amazon.default_seller
        with amazon.lock:
            seeded = [
                seed_inventory(
                    amazon,
                    seller_id=seller_id,
                    marketplace_id=marketplace_id,
                    sku=item["sku"],
                    quantity=item["quantity"],
                    product_name=item.get("productName"),
                )
                for item in items
            ]
        return jsonify({"inventory": seeded})

    @bp.post("/inbound")
    def inbound_create():
        body = _body()
        marketplace_id, items = _marketplace(body), _items(body)
        if any(item["quantity"] < 1 for item in items):
            raise ControlError("items: every quantity must be at least 1")
        with amazon.lock:
            shipment = create_shipment(
                amazon,
                seller_id=body.get("sellerId") or amazon.default_seller,
                marketplace_id=marketplace_id,
                items=items,
                name=body.get("name"),
            )
        return jsonify(shipment)

    @bp.get("/clock")
    def clock_get():
        return jsonify({"now": iso(amazon.now()), "speedup": amazon.config.speedup})

    @bp.post("/clock/advance")
    def clock_advance():
        seconds = _body().get("seconds")
        if not isinstance(seconds, int | float) or seconds <= 0 or seconds > 400 * 86400:
            raise ControlError("seconds: a positive number (at most 400 days)")
        amazon.clock.advance(float(seconds))
        amazon.advance()
        return jsonify({"now": iso(amazon.now())})

    @bp.post("/tokens/revoke")
    def tokens_revoke():
        amazon.auth.revoke_all()
        return jsonify({"revoked": True})

    @bp.post("/lwa/authorization-code")
    def lwa_code():
        seller_id = _body().get("sellerId") or amazon.default_seller
        try:
            code = amazon.auth.new_auth_code(seller_id)
        except KeyError:
            raise ControlError(f"sellerId: no credentials for seller {seller_id!r}") from None
        return jsonify({"code": code, "sellerId": seller_id})

    notifications.register_control(bp, amazon, ControlError)
    app.register_blueprint(bp, url_prefix="/_control", name="amazon_control")
