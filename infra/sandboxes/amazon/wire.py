"""What every SP-API operation shares on the wire: the usage plans, the `ErrorList` error body,
the response headers, reading list parameters the way python-amazon-sp-api sends them, and the
`@operation` decorator that authenticates, throttles and injects faults before the handler runs.
"""

from __future__ import annotations

import base64
import functools
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, g, request

# operation -> (rate per second, burst), from each operation's "Usage Plan" in Amazon's models.
USAGE_PLANS: dict[str, tuple[float, int]] = {
    # Listings Items 2021-08-01
    "putListingsItem": (5, 10),
    "patchListingsItem": (5, 5),
    "deleteListingsItem": (5, 5),
    "getListingsItem": (5, 10),
    "searchListingsItems": (5, 5),
    # Orders v0
    "getOrders": (0.0167, 20),
    "getOrder": (0.5, 30),
    "getOrderItems": (0.5, 30),
    "getOrderAddress": (0.5, 30),
    "getOrderBuyerInfo": (0.5, 30),
    "confirmShipment": (2, 10),
    # Orders 2026-01-01 (its getOrder is a different operation with its own bucket)
    "searchOrders": (0.0056, 20),
    "getOrder_2026": (0.5, 30),
    # Fulfillment Outbound 2020-07-01: every operation 2 / 30
    "getFulfillmentPreview": (2, 30),
    "createFulfillmentOrder": (2, 30),
    "getFulfillmentOrder": (2, 30),
    "listAllFulfillmentOrders": (2, 30),
    "cancelFulfillmentOrder": (2, 30),
    "getPackageTrackingDetails": (2, 30),
    # FBA Inventory v1
    "getInventorySummaries": (2, 2),
    # Fulfillment Inbound v0 and 2024-03-20
    "getShipments": (2, 30),
    "getShipmentItemsByShipmentId": (2, 30),
    "listInboundPlans": (2, 6),
    "getInboundPlan": (2, 6),
    "getShipment": (2, 6),
    "listShipmentItems": (2, 30),
    # Sellers v1
    "getMarketplaceParticipations": (0.016, 15),
    # Feeds 2021-06-30
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
    "getFeed": (2, 15),
    "getFeeds": (0.0222, 10),
    "cancelFeed": (2, 15),
    "getFeedDocument": (0.0222, 10),
    # Product Type Definitions 2020-09-01
    "searchDefinitionsProductTypes": (5, 10),
    "getDefinitionsProductType": (5, 10),
    # Finances v0
    "listFinancialEventsByOrderId": (0.5, 30),
    # Tokens 2021-03-01
    "createRestrictedDataToken": (1, 10),
    # Notifications v1: every operation 1 / 5
    "createDestination": (1, 5),
    "getDestinations": (1, 5),
    "getDestination": (1, 5),
    "deleteDestination": (1, 5),
    "createSubscription": (1, 5),
    "getSubscription": (1, 5),
    "getSubscriptionById": (1, 5),
    "deleteSubscriptionById": (1, 5),
}

THROTTLED = {"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}
FAULT_BODIES = {
    "throttle": (429, THROTTLED),
    "server_error": (
        500,
        {"code": "InternalFailure", "message": "We encountered an internal error. Please try again."},
    ),
    "unavailable": (
        503,
        {"code": "ServiceUnavailable", "message": "Service temporarily unavailable. Please try again."},
    ),
}


class AmazonError(Exception):
    """An SP-API error answered as `{"errors": [{code, message, details}]}` with `status`."""

    def __init__(self, status: int, code: str, message: str, details: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details

    def body(self) -> dict:
        return {"errors": [{"code": self.code, "message": self.message, "details": self.details}]}


def invalid_input(message: str, details: str = "") -> AmazonError:
    return AmazonError(400, "InvalidInput", message, details)


def not_found(message: str, details: str = "") -> AmazonError:
    return AmazonError(404, "NotFound", message, details)


def rate_limit_value(operation: str) -> str:
    return str(float(USAGE_PLANS[operation][0]))


def amazon_response(body: Any, status: int = 200, *, operation: str | None = None) -> Response:
    """JSON response with the headers the models declare: `x-amzn-RequestId` always,
    `x-amzn-RateLimit-Limit` on everything but 429 (Amazon leaves it off throttled calls)."""
    content = "" if body is None else json.dumps(body, ensure_ascii=False)
    response = Response(content, status=status, mimetype="application/json")
    response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
    operation = operation or getattr(g, "sandbox_operation", None)
    if operation in USAGE_PLANS and status != 429:
        response.headers["x-amzn-RateLimit-Limit"] = rate_limit_value(operation)
    return response


def error_response(error: AmazonError, operation: str | None = None) -> Response:
    return amazon_response(error.body(), error.status, operation=operation)


def fault_response(kind: str, operation: str, _retry_after: float) -> Response:
    """The common toolkit's error responder: injected faults and throttling in ErrorList form."""
    status, error = FAULT_BODIES.get(kind, FAULT_BODIES["server_error"])
    return amazon_response({"errors": [{**error, "details": ""}]}, status, operation=operation)


def public_base_url() -> str:
    """Where clients reach this sandbox, for the pre-signed links it hands out. Not from the Host
    header: python-amazon-sp-api mangles it (it cuts 8 characters off the endpoint)."""
    configured = current_app.extensions["amazon"].config.base_url.rstrip("/")
    if configured and not configured.endswith(":0"):
        return configured
    return f"http://{request.environ['SERVER_NAME']}:{request.environ['SERVER_PORT']}"


# --- request parsing ---------------------------------------------------------------------------
def list_param(name: str, *aliases: str) -> list[str]:
    """A list query parameter sent either comma-separated (`a,b`) or repeated (`x=a&x=b`)."""
    values: list[str] = []
    for key in (name, *aliases):
        for raw in request.args.getlist(key):
            values.extend(part.strip() for part in raw.split(",") if part.strip())
    return list(dict.fromkeys(values))


MARKETPLACE_KEYS = ("marketplaceIds", "MarketplaceIds", "MarketplaceId", "marketplace_ids", "marketplaceId")


def query_marketplace_ids(name: str = "marketplaceIds") -> list[str]:
    """Marketplace ids from the query. The library injects the client's marketplace under four
    spellings when the caller gave none, so the documented name wins and the others fill in."""
    documented = list_param(name)
    if documented:
        return documented
    return list_param(*[key for key in MARKETPLACE_KEYS if key != name])


def json_body() -> dict:
    if not request.data:
        return {}
    try:
        body = json.loads(request.data)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid_input("The request body is not valid JSON.", str(error)) from error
    if not isinstance(body, dict):
        raise invalid_input("The request body must be a JSON object.")
    return body


def strip_library_keys(body: dict, *, keep: tuple[str, ...] = ()) -> dict:
    """Drop what python-amazon-sp-api adds to bodies on its own: the injected marketplace keys
    (unless the operation documents one of them, `keep`) and the stray `path` key."""
    return {key: value for key, value in body.items() if key in keep or (key not in MARKETPLACE_KEYS and key != "path")}


def parse_time(value: str | None, name: str) -> float | None:
    """ISO 8601 → epoch seconds; a bad value is the caller's 400."""
    if value in (None, ""):
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise invalid_input(f"Invalid {name}: '{value}' is not an ISO 8601 date-time.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def iso(epoch: float | None, *, millis: bool = False) -> str | None:
    if epoch is None:
        return None
    moment = datetime.fromtimestamp(epoch, UTC)
    if millis:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_token(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(token: str, name: str = "NextToken") -> dict:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise invalid_input(f"Invalid {name}.", f"The {name} '{token}' is not valid.") from None
    if not isinstance(data, dict):
        raise invalid_input(f"Invalid {name}.")
    return data


# --- the decorator -----------------------------------------------------------------------------
def operation(name: str, *, grantless: bool = False) -> Callable:
    """Wrap a handler as SP-API operation `name`: check `x-amz-access-token` (403 Unauthorized),
    then the common guard (faults, token-bucket throttle per seller and operation), then run the
    handler with the caller's seller id. Handlers return (body, status) or a Response and raise
    AmazonError for documented errors."""
    rate, burst = USAGE_PLANS[name]

    def decorator(handler: Callable) -> Callable:
        @functools.wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Response:
            amazon = current_app.extensions["amazon"]
            g.sandbox_operation = name
            try:
                caller = amazon.auth.caller(request.headers.get("x-amz-access-token"), grantless=grantless)
            except AmazonError as error:
                return error_response(error, name)
            refused = amazon.sandbox.guard(name, caller.throttle_key, rate, burst)
            if refused is not None:
                return refused
            try:
                with amazon.lock:
                    amazon.advance()
                    result = handler(caller, *args, **kwargs)
            except AmazonError as error:
                return error_response(error, name)
            if isinstance(result, Response):
                return result
            body, status = result if isinstance(result, tuple) else (result, 200)
            return amazon_response(body, status, operation=name)

        return wrapper

    return decorator
