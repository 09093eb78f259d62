"""AliExpress-specific control routes (beside the common /_control ones):

    POST /_control/orders/generate   {"count": 3, "status": "WAIT_SELLER_SEND_GOODS", "seller_id": "..."}
    POST /_control/orders/advance    {"seconds": 3600}   simulated time passes for pending order events
    POST /_control/orders/<id>/events {"kind": "request_cancel"}   apply one lifecycle step now
    GET  /_control/orders/<id>        the stored order (sandbox form, for debugging)
    POST /_control/oauth/code         {"app_key": "...", "seller_id": "...", "redirect_uri": "..."} -> {"code"}

They are added to the app directly: the common control blueprint is registered before a
marketplace can add routes to it."""

from __future__ import annotations

from flask import Flask, Response, request

from infra.sandboxes.aliexpress import auth, generator, lifecycle, store
from infra.sandboxes.aliexpress.runtime import Runtime
from infra.sandboxes.common.server import json_response


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def register(app: Flask, rt: Runtime) -> None:
    def generate() -> Response:
        body = _body()
        count, status = body.get("count", 1), body.get("status", "WAIT_SELLER_SEND_GOODS")
        if not isinstance(count, int) or not 1 <= count <= 500:
            return json_response({"error": "count must be an integer from 1 to 500"}, status=400)
        if status not in generator.START_STATUSES:
            return json_response({"error": f"status must be one of {', '.join(generator.START_STATUSES)}"}, status=400)
        created = generator.orders_generate(rt, str(body.get("seller_id") or rt.demo["seller_id"]), count, status)
        return json_response({"orders": [order["order_id"] for order in created]})

    def advance() -> Response:
        seconds = _body().get("seconds")
        if not isinstance(seconds, int | float) or seconds < 0:
            return json_response({"error": "seconds must be a non-negative number"}, status=400)
        return json_response({"applied": lifecycle.advance(rt, seconds)})

    def event(order_id: int) -> Response:
        kind = _body().get("kind")
        if kind not in lifecycle.TRANSITIONS:
            return json_response({"error": f"kind must be one of {', '.join(lifecycle.TRANSITIONS)}"}, status=400)
        with rt.state.transaction() as db:
            order = store.order_load(db, order_id)
            if order is None:
                return json_response({"error": "no such order"}, status=404)
            changed = lifecycle.apply(rt, db, order, kind)
        if not changed:
            return json_response({"error": f"{kind} does not apply to an order in {order['status']}"}, status=409)
        return json_response({"order_id": order_id, "status": order["status"]})

    def order_raw(order_id: int) -> Response:
        order = store.order_load(rt.state.connection, order_id)
        return json_response(order) if order else json_response({"error": "no such order"}, status=404)

    def oauth_code() -> Response:
        body = _body()
        app_key = str(body.get("app_key") or rt.demo["app_key"])
        if app_key not in rt.apps:
            return json_response({"error": "unknown app_key"}, status=400)
        code = auth.code_issue(
            rt,
            app_key=app_key,
            seller_id=str(body.get("seller_id") or rt.demo["seller_id"]),
            redirect_uri=body.get("redirect_uri"),
        )
        return json_response({"code": code})

    app.add_url_rule("/_control/orders/generate", "ae_generate", generate, methods=["POST"])
    app.add_url_rule("/_control/orders/advance", "ae_advance", advance, methods=["POST"])
    app.add_url_rule("/_control/orders/<int:order_id>/events", "ae_event", event, methods=["POST"])
    app.add_url_rule("/_control/orders/<int:order_id>", "ae_order", order_raw, methods=["GET"])
    app.add_url_rule("/_control/oauth/code", "ae_oauth_code", oauth_code, methods=["POST"])
