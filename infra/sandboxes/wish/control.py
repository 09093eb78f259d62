"""Wish-specific control routes (beside the common /_control ones):

    POST /_control/orders/generate    {"count": 3, "state": "APPROVED"|"REQUIRE_REVIEW"}  count = transactions
    POST /_control/orders/advance     {"seconds": 3600}   simulated time passes for pending order events
    POST /_control/orders/<id>/events {"kind": "customer_cancel"}   apply one lifecycle step now
    GET  /_control/orders/<id>         the stored order with the sandbox's bookkeeping
    POST /_control/oauth/code         {"client_id", "merchant_id", "redirect_uri"} -> {"code"}
    POST /_control/oauth/expire       {"access_token"}    make a token expire now (code 1007 next)

Added to the app directly: the common control blueprint is registered before a marketplace can
add routes to it."""

from __future__ import annotations

from flask import Flask, Response, request

from infra.sandboxes.common.server import json_response
from infra.sandboxes.wish import generator, lifecycle, oauth, store
from infra.sandboxes.wish.runtime import Runtime


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def register(app: Flask, rt: Runtime) -> None:
    def generate() -> Response:
        body = _body()
        count, state = body.get("count", 1), body.get("state")
        if not isinstance(count, int) or not 1 <= count <= 500:
            return json_response({"error": "count must be an integer from 1 to 500"}, status=400)
        if state is not None and state not in generator.START_STATES:
            return json_response({"error": f"state must be one of {', '.join(generator.START_STATES)}"}, status=400)
        merchant_id = str(body.get("merchant_id") or rt.demo["merchant_id"])
        created = generator.orders_generate(rt, merchant_id, count, state or "APPROVED")
        return json_response({"orders": [order["id"] for order in created]})

    def advance() -> Response:
        seconds = _body().get("seconds")
        if not isinstance(seconds, int | float) or seconds < 0:
            return json_response({"error": "seconds must be a non-negative number"}, status=400)
        return json_response({"applied": lifecycle.advance(rt, seconds)})

    def event(order_id: str) -> Response:
        kind = _body().get("kind")
        if kind not in lifecycle.TRANSITIONS or kind in ("tracking_done", "refund_done"):
            return json_response({"error": "kind must be a lifecycle step that needs no payload"}, status=400)
        with rt.state.transaction() as db:
            order = store.order_load(db, order_id)
            if order is None:
                return json_response({"error": "no such order"}, status=404)
            changed = lifecycle.apply(rt, db, order, kind)
        if not changed:
            return json_response({"error": f"{kind} does not apply to an order in {order['state']}"}, status=409)
        return json_response({"id": order_id, "state": order["state"]})

    def order_raw(order_id: str) -> Response:
        order = store.order_load(rt.state.connection, order_id)
        return json_response(order) if order else json_response({"error": "no such order"}, status=404)

    def oauth_code() -> Response:
        body = _body()
        client_id = str(body.get("client_id") or rt.demo["client_id"])
        if client_id not in rt.clients:
            return json_response({"error": "unknown client_id"}, status=400)
        code = oauth.code_issue(
            rt,
            client_id=client_id,
            merchant_id=str(body.get("merchant_id") or rt.demo["merchant_id"]),
            redirect_uri=body.get("redirect_uri"),
        )
        return json_response({"code": code})

    def expire() -> Response:
        token = _body().get("access_token")
        updated = rt.state.execute("UPDATE access_tokens SET expires_at = ? WHERE token = ?", (rt.now() - 1, token))
        return json_response({"expired": updated.rowcount == 1}, status=200 if updated.rowcount else 404)

    app.add_url_rule("/_control/orders/generate", "wish_generate", generate, methods=["POST"])
    app.add_url_rule("/_control/orders/advance", "wish_advance", advance, methods=["POST"])
    app.add_url_rule("/_control/orders/<order_id>/events", "wish_event", event, methods=["POST"])
    app.add_url_rule("/_control/orders/<order_id>", "wish_order", order_raw, methods=["GET"])
    app.add_url_rule("/_control/oauth/code", "wish_oauth_code", oauth_code, methods=["POST"])
    app.add_url_rule("/_control/oauth/expire", "wish_oauth_expire", expire, methods=["POST"])
