"""The /api/v3 routes and what every call goes through: language negotiation, Bearer
authentication, injected faults, the per-merchant-per-app rate-limit window, due order events,
then the operation, answered in the {code, message, data} envelope. Operation names (for fault
plans and the call log) are the spec's operationIds."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, g, request

from infra.sandboxes.wish import fields, fulfilment, lifecycle, oauth, orders, products, timefmt
from infra.sandboxes.wish.envelope import WishError, begin, error, ok
from infra.sandboxes.wish.ratelimit import WindowLimiter
from infra.sandboxes.wish.runtime import Runtime

UNLIMITED = 1e9  # the common token bucket is bypassed: Wish limits by window (ratelimit.py)


def reset_header(epoch_seconds: float) -> dict[str, str]:
    return {"Wish-Rate-Limit-Reset": timefmt.to_text(int(epoch_seconds * 1000))}


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise WishError("invalid_json")
    return body


def register(app: Flask, rt: Runtime, limiter: WindowLimiter) -> None:
    languages = rt.messages["languages"]

    def endpoint(
        rule: str,
        operation: str,
        methods: list[str],
        handler: Callable,
        *,
        authenticated: bool = True,
        partial: bool = False,
    ) -> None:
        def view(**kwargs) -> Response:
            begin(languages)
            g.sandbox_operation = operation
            key = f"anon:{request.remote_addr}"
            try:
                identity = oauth.authenticate(rt) if authenticated else None
            except WishError as failure:
                g.wish_rate_remaining = limiter.peek(key)[0]
                return error(rt.messages, failure)
            if identity is not None:
                key = identity.caller
            elif request.values.get("client_id"):
                key = f"client:{request.values['client_id']}"
            refused = rt.sandbox.guard(operation, key, UNLIMITED, UNLIMITED)
            if refused is not None:
                return refused
            allowed, remaining, reset_at = limiter.take(key)
            g.wish_rate_remaining = remaining
            if not allowed:
                return error(rt.messages, WishError("rate_limited", 429), headers=reset_header(reset_at))
            try:
                lifecycle.run_due(rt)
                result = handler(identity, **kwargs)
            except WishError as failure:
                return error(rt.messages, failure)
            if isinstance(result, Response):
                return result
            if partial and request.args.get("fields"):
                result = fields.select(fields.parse(request.args["fields"]), result)
            return ok(result)

        app.add_url_rule(rule, operation, view, methods=methods)

    merchant = lambda identity: identity.merchant_id  # noqa: E731

    endpoint(
        "/api/v3/oauth/access_token",
        "oauthAccessToken",
        ["GET", "POST"],
        lambda _identity: oauth.access_token(rt),
        authenticated=False,
    )
    endpoint(
        "/api/v3/oauth/refresh_token",
        "oauthRefreshToken",
        ["GET", "POST"],
        lambda _identity: oauth.refresh_token(rt),
        authenticated=False,
    )
    endpoint("/api/v3/oauth/test", "oauthTest", ["GET"], lambda identity: {"merchant_id": identity.merchant_id})

    endpoint(
        "/api/v3/products",
        "createProduct",
        ["POST"],
        lambda identity: products.create(rt, merchant(identity), json_body()),
    )
    endpoint(
        "/api/v3/products",
        "listProductsSync",
        ["GET"],
        lambda identity: products.listing(rt, merchant(identity), request.args),
        partial=True,
    )
    endpoint(
        "/api/v3/products/requests",
        "listProductUpdateRequests",
        ["GET"],
        lambda identity: products.review_requests(rt, merchant(identity), request.args),
        partial=True,
    )
    endpoint(
        "/api/v3/products/requests/<request_id>", "getProductUpdateRequest", ["GET"], _one_request(rt), partial=True
    )
    endpoint(
        "/api/v3/products/<product_id>",
        "getProduct",
        ["GET"],
        lambda identity, product_id: products.get(rt, merchant(identity), product_id),
        partial=True,
    )
    endpoint(
        "/api/v3/products/<product_id>",
        "updateProduct",
        ["PUT"],
        lambda identity, product_id: products.update(rt, merchant(identity), product_id, json_body()),
    )
    endpoint("/api/v3/products/<product_id>", "deleteProduct", ["DELETE"], _delete(rt))
    endpoint(
        "/api/v3/products/<product_id>/variations",
        "createVariation",
        ["POST"],
        lambda identity, product_id: products.add_variation(rt, merchant(identity), product_id, json_body()),
    )

    endpoint(
        "/api/v3/orders",
        "GetMultipleOrders",
        ["GET"],
        lambda identity: orders.listing(
            rt, merchant(identity), request.args, duplicate_page=rt.sandbox.wants_duplicate_page("GetMultipleOrders")
        ),
        partial=True,
    )
    endpoint(
        "/api/v3/orders/shipping_carriers",
        "GetShippingCarriers",
        ["GET"],
        lambda identity: fulfilment.carriers(rt, request.args),
        partial=True,
    )
    endpoint(
        "/api/v3/orders/<order_id>",
        "GetOrder",
        ["GET"],
        lambda identity, order_id: orders.get(rt, merchant(identity), order_id),
        partial=True,
    )
    endpoint(
        "/api/v3/orders/<order_id>/tracking",
        "ShipOrder",
        ["PUT"],
        lambda identity, order_id: fulfilment.ship(rt, merchant(identity), order_id, json_body()),
    )
    endpoint(
        "/api/v3/orders/<order_id>/refund",
        "RefundOrder",
        ["PUT"],
        lambda identity, order_id: fulfilment.refund(rt, merchant(identity), order_id, json_body()),
    )
    endpoint(
        "/api/v3/orders/<order_id>/refund_reasons",
        "GetValidRefundReasons",
        ["GET"],
        lambda identity, order_id: fulfilment.refund_reasons(rt, merchant(identity), order_id),
        partial=True,
    )

    endpoint("/api/v3/merchant/warehouses", "getWarehouses", ["GET"], lambda identity: rt.warehouses, partial=True)
    endpoint(
        "/api/v3/merchant/currency_settings",
        "getCurrencySettings",
        ["GET"],
        lambda identity: {"localized_currency": rt.currency, "product_boost_currency": rt.currency},
        partial=True,
    )


def _one_request(rt: Runtime) -> Callable:
    def handler(identity, request_id: str):
        found = products.review_requests(rt, identity.merchant_id, request.args, request_id=request_id)
        if not found:
            raise WishError("no_request")
        return found[0]

    return handler


def _delete(rt: Runtime) -> Callable:
    def handler(identity, product_id: str) -> Response:
        products.delete(rt, identity.merchant_id, product_id)
        return Response(status=204)

    return handler
