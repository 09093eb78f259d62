"""The IOP gateway: what every call goes through before its operation runs.

Parameters come from the query string and the form body alike (the Java SDK puts system
parameters in the URL, the Python SDK everything in the body). Checks, in order: app_key known,
timestamp (epoch ms, within the tolerance), sign_method, signature, API exists, throttling and
injected faults (per app_key and method), then the access token for business APIs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, g, request

from infra.sandboxes.aliexpress import auth, batch, feeds, fulfilment, lifecycle, orders, products
from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.envelope import new_request_id, rest_error, rest_success, sync_error, sync_success
from infra.sandboxes.aliexpress.errors import ApiError, invalid_parameter, missing_parameter
from infra.sandboxes.aliexpress.runtime import Runtime
from infra.sandboxes.aliexpress.signing import SIGN_METHODS, signature_matches
from infra.sandboxes.common.server import json_response


@dataclass(frozen=True)
class Operation:
    handler: Callable[[Call], dict]
    needs_token: bool = True


SYNC_OPERATIONS = {
    "aliexpress.solution.product.post": Operation(products.product_post),
    "aliexpress.solution.product.edit": Operation(products.product_edit),
    "aliexpress.solution.product.info.get": Operation(products.product_info_get),
    "aliexpress.solution.product.list.get": Operation(products.product_list_get),
    "aliexpress.solution.batch.product.delete": Operation(products.batch_product_delete),
    "aliexpress.postproduct.redefining.offlineaeproduct": Operation(products.product_offline),
    "aliexpress.postproduct.redefining.onlineaeproduct": Operation(products.product_online),
    "aliexpress.solution.batch.product.price.update": Operation(batch.batch_price_update),
    "aliexpress.solution.batch.product.inventory.update": Operation(batch.batch_inventory_update),
    "aliexpress.solution.order.get": Operation(orders.order_get),
    "aliexpress.solution.order.info.get": Operation(orders.order_info_get),
    "aliexpress.solution.order.fulfill": Operation(fulfilment.order_fulfill),
    "aliexpress.logistics.redefining.listlogisticsservice": Operation(fulfilment.logistics_services),
    "aliexpress.solution.feed.submit": Operation(feeds.feed_submit),
    "aliexpress.solution.feed.query": Operation(feeds.feed_query),
    "aliexpress.solution.merchant.profile.get": Operation(products.merchant_profile_get),
}
REST_OPERATIONS = {
    "/auth/token/create": Operation(auth.token_create, needs_token=False),
    "/auth/token/refresh": Operation(auth.token_refresh, needs_token=False),
}


def request_params() -> dict[str, str]:
    params = request.args.to_dict(flat=True)
    if request.method == "POST":
        params.update(request.form.to_dict(flat=True))
    return params


def check_caller(rt: Runtime, params: dict[str, str], api_path: str) -> str:
    """Everything the platform checks before it looks at the API itself; returns the app_key."""
    app_key = params.get("app_key")
    if not app_key:
        raise missing_parameter("app_key")
    secret = rt.apps.get(app_key)
    if secret is None:
        raise ApiError("InvalidAppKey", "The specified app key is invalid")
    timestamp = params.get("timestamp")
    if not timestamp:
        raise missing_parameter("timestamp")
    tolerance = rt.option("timestamp_tolerance_seconds", 600)
    if not timestamp.isdigit():
        raise ApiError("InvalidTimestamp", "The timestamp must be epoch milliseconds")
    if tolerance is not None and abs(int(timestamp) / 1000 - rt.now()) > tolerance:
        raise ApiError("InvalidTimestamp", "The request timestamp is too far from the server time")
    sign_method = params.get("sign_method")
    if not sign_method:
        raise missing_parameter("sign_method")
    if sign_method not in SIGN_METHODS:
        raise invalid_parameter("sign_method must be sha256 (HmacSHA256)")
    if not params.get("sign"):
        raise missing_parameter("sign")
    if not signature_matches(secret, params, api_path, params["sign"]):
        raise ApiError("IncompleteSignature", "The request signature does not conform to platform standards")
    return app_key


def _run(rt: Runtime, operation: Operation, name: str, params: dict[str, str], app_key: str) -> dict | Response:
    refused = rt.sandbox.guard(name, app_key, *rt.rate(name))
    if refused is not None:
        return refused
    call = Call(rt, name, params, app_key)
    if operation.needs_token:
        call.seller_id = auth.seller_for_token(call)
    lifecycle.run_due(rt)
    return operation.handler(call)


def handle_sync(rt: Runtime) -> Response:
    request_id = new_request_id()
    params = request_params()
    method = params.get("method") or ""
    g.sandbox_operation = method or None
    try:
        app_key = check_caller(rt, params, "")
        g.sandbox_caller = app_key
        if not method:
            raise missing_parameter("method")
        operation = SYNC_OPERATIONS.get(method)
        if operation is None:
            raise ApiError("InvalidApiPath", f"The specified API {method} does not exist")
        body = _run(rt, operation, method, params, app_key)
    except ApiError as error:
        return json_response(sync_error(error, request_id), status=error.http_status)
    if isinstance(body, Response):
        return body
    return json_response(sync_success(method, body, simplify=params.get("simplify") == "true", request_id=request_id))


def handle_rest(rt: Runtime, path: str) -> Response:
    request_id = new_request_id()
    api_path = "/" + path.strip("/")
    params = request_params()
    g.sandbox_operation = api_path
    try:
        app_key = check_caller(rt, params, api_path)
        g.sandbox_caller = app_key
        operation = REST_OPERATIONS.get(api_path)
        if operation is None:
            raise ApiError("InvalidApiPath", f"The specified API path {api_path} does not exist")
        body = _run(rt, operation, api_path, params, app_key)
    except ApiError as error:
        return json_response(rest_error(error, request_id), status=error.http_status)
    if isinstance(body, Response):
        return body
    return json_response(rest_success(body, request_id))


def fault_response(kind: str, operation: str, retry_after: float) -> Response:
    """Injected faults and throttling, in the gateway's own format for /sync or /rest."""
    if kind == "throttle":
        seconds = max(1, round(retry_after))
        error = ApiError(
            "ApiCallLimit",
            f"Api access frequency exceeds the limit. this ban will last {seconds} seconds",
            sub_code="accesscontrol.limited-by-app-api-access-count",
            sub_msg=f"This ban will last for {seconds} more seconds",
        )
    elif kind == "unavailable":
        error = ApiError(
            "ServiceUnavailable", "The service is temporarily unavailable", type_="SYSTEM", http_status=503
        )
    else:
        error = ApiError(
            "InternalError", "The request failed because of an internal error", type_="SYSTEM", http_status=500
        )
    request_id = new_request_id()
    body = rest_error(error, request_id) if request.path.startswith("/rest") else sync_error(error, request_id)
    return json_response(body, status=error.http_status)
