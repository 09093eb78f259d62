"""The only module that imports python-amazon-sp-api. One small function per SP-API operation;
each returns plain JSON (dicts) and raises only channels.exceptions.

How the library is pointed at an account's base URLs (it has no base-URL option):
- SP-API: each client gets a duck-typed marketplace (endpoint, marketplace_id, region) and the
  same three attributes are set again after construction, because the library re-reads
  SP_API_DEFAULT_MARKETPLACE from the environment over an explicit marketplace.
- LWA: a per-connection subclass of the library's AccessTokenClient with scheme/host/path from
  base_urls["lwa"]. Its token cache key also includes the LWA URL and client id (the library keys
  the process-wide cache by refresh token alone, so two accounts or two sandboxes with the same
  refresh token would share a token); an SP-API 403 evicts the cached token and retries once.
- Transport: the library's httpx transport is replaced by our WireClient, so every request
  (token calls included) has our timeout, is recorded in the call log, and has its errors mapped
  to typed errors before the library parses anything. The library's Host header (endpoint[8:],
  which assumes https) is dropped and httpx sets the right one.
- Documents: the library uploads / downloads feed documents with a bare httpx.Client that
  bypasses the transport, so those two steps go through our WireClient directly.
- Credentials come only from the account: the provider chain is reduced to the in-code provider,
  so SP_API_* / LWA_* environment variables and config files are never read. The library's
  sleeping retry helpers (sp_retry, throttle_retry, load_all_pages) are not used: pacing is our
  limiter's job and retries are Celery's.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from sp_api.api import (
    FeedsV20210630,
    FinancesV0,
    FulfillmentInboundV0,
    FulfillmentOutbound,
    Inventories,
    ListingsItemsV20210801,
    Notifications,
    OrdersV0,
    OrdersV20260101,
    ProductTypeDefinitions,
    Sellers,
    Tokens,
)
from sp_api.auth import access_token_client as token_module
from sp_api.auth.access_token_client import AccessTokenClient
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base import Client, SellingApiException
from sp_api.base.credential_provider import FromCodeCredentialProvider, MissingCredentials

from channels.amazon import consts
from channels.amazon.errors import classify_document, classify_lwa, errors_to_issues, sp_api_classifier
from channels.exceptions import (
    AuthFailedError,
    RejectedError,
    TransientError,
)
from channels.marketplaces import amazon_marketplace_get
from channels.redaction import install_log_redaction
from channels.types import Connection
from channels.wire import CallSink, Gate, WireClient, call_scope

# The SDK's module loggers exist now: give them the secret-redacting filter as well.
install_log_redaction()


@dataclass(frozen=True)
class AmazonResponse:
    payload: Any
    next_token: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


class _HubTokenClient(AccessTokenClient):
    """The library's LWA client with our URL (class attributes set per connection) and a cache
    key that cannot collide across LWA hosts or client ids."""

    def _get_cache_key(self, token_flavor: str = "") -> str:
        material = "|".join(
            [token_flavor, self.scheme, self.host, self.path, self.cred.client_id or "", self.cred.refresh_token or ""]
        )
        return "access_token_" + hashlib.sha256(material.encode()).hexdigest()

    def evict(self) -> None:
        token_module.cache.pop(self._get_cache_key(), None)


def _token_client_class(lwa_url: str) -> type[_HubTokenClient]:
    parts = urlsplit(lwa_url.rstrip("/"))
    attributes = {
        "scheme": f"{parts.scheme}://",
        "host": parts.netloc,
        "path": (parts.path or "") + consts.LWA_TOKEN_PATH,
    }
    return type("HubLwaTokenClient", (_HubTokenClient,), attributes)


class AmazonClient:
    def __init__(
        self,
        connection: Connection,
        *,
        sink: CallSink,
        gate: Gate,
        wait_seconds: float = 0.0,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.connection = connection
        self.gate = gate
        self.wait_seconds = wait_seconds
        credentials = connection.credentials
        missing = [name for name in consts.CREDENTIAL_FIELDS if not credentials.get(name)]
        if missing:
            raise AuthFailedError(f"Amazon credentials are missing: {', '.join(missing)}")
        self.credentials = {name: credentials[name] for name in consts.CREDENTIAL_FIELDS}
        urls = {**consts.DEFAULT_BASE_URLS, **{k: v for k, v in connection.base_urls.items() if v}}
        self.sp_api_url = urls.get("sp_api", "").rstrip("/")
        self.lwa_url = urls["lwa"].rstrip("/")
        kwargs = {"sink": sink, "timeout": timeout, "transport": transport}
        self.sp_wire = WireClient(
            connection=connection,
            classify=sp_api_classifier(gate),
            non_idempotent=consts.NON_IDEMPOTENT_OPERATIONS,
            **kwargs,
        )
        self.lwa_wire = WireClient(
            connection=connection, classify=classify_lwa, operation=consts.LWA_OPERATION, **kwargs
        )
        self.document_wire = WireClient(connection=connection, classify=classify_document, **kwargs)
        self._token_class = _token_client_class(self.lwa_url)
        self._clients: dict[tuple[type, str, str | None], Client] = {}

    # --- plumbing ---------------------------------------------------------------------------------

    def endpoint_for(self, marketplace_id: str) -> tuple[str, str]:
        marketplace = amazon_marketplace_get(marketplace_id)
        region = marketplace.region if marketplace else "NA"
        return self.sp_api_url or consts.SP_API_ENDPOINTS[region], consts.AWS_REGIONS[region]

    def _api(self, api_class: type, marketplace_id: str, version: str | None = None) -> Any:
        key = (api_class, marketplace_id, version)
        if key in self._clients:
            return self._clients[key]
        endpoint, region = self.endpoint_for(marketplace_id)
        marketplace = SimpleNamespace(endpoint=endpoint, marketplace_id=marketplace_id, region=region)
        try:
            client = api_class(
                marketplace,
                refresh_token=self.credentials["refresh_token"],
                credentials=dict(self.credentials),
                credential_providers=[FromCodeCredentialProvider],
                auth_token_client_class=self._token_class,
                **({"version": version} if version else {}),
            )
        except MissingCredentials as error:
            raise AuthFailedError(f"Amazon credentials are incomplete: {error}") from None
        client.endpoint, client.marketplace_id, client.region = endpoint, marketplace_id, region
        client._transport = self.sp_wire
        client._auth._transport = self.lwa_wire
        self._clients[key] = client
        return client

    def call(
        self,
        operation: str,
        api_class: type,
        marketplace_id: str,
        invoke: Callable[[Any], Any],
        version: str | None = None,
        restricted_data_token: str | None = None,
    ) -> AmazonResponse:
        api = self._api(api_class, marketplace_id, version)
        for attempt in (1, 2):
            self.gate.enter(operation, wait_seconds=self.wait_seconds)
            with call_scope(operation):
                # A restricted data token replaces the access token for this one call (Tokens API).
                api.restricted_data_token = restricted_data_token
                try:
                    response = invoke(api)
                except AuthFailedError as error:
                    # A cached access token the marketplace no longer takes: fetch a new one once.
                    if attempt == 1 and error.status == 403:
                        api._auth.evict()
                        continue
                    raise
                except SellingApiException as error:  # an `errors` body on a 2xx status
                    raise RejectedError(
                        str(getattr(error, "message", "") or "rejected"),
                        issues=errors_to_issues({"errors": error.error}),
                    ) from None
                except AuthorizationError as error:
                    raise AuthFailedError(f"LWA refused the credentials: {error.error_code}") from None
                except MissingCredentials as error:
                    raise AuthFailedError(f"Amazon credentials are incomplete: {error}") from None
                finally:
                    api.restricted_data_token = None
            return AmazonResponse(
                payload=response.payload if response.payload is not None else {},
                next_token=response.next_token,
                headers=dict(response.headers or {}),
            )
        raise AssertionError("unreachable")

    def fetch_access_token(self, *, marketplace_id: str) -> None:
        """Exchange the refresh token at LWA now, ignoring any cached access token."""
        api = self._api(ListingsItemsV20210801, marketplace_id)
        api._auth.evict()
        with call_scope(consts.LWA_OPERATION):
            try:
                api._auth.get_auth()
            except AuthorizationError as error:
                raise AuthFailedError(f"LWA refused the credentials: {error.error_code}") from None

    def get_marketplace_participations(self, *, marketplace_id: str) -> list:
        """Sellers API: the marketplaces the seller takes part in (the connection check)."""
        return self.call(
            "getMarketplaceParticipations",
            Sellers,
            marketplace_id,
            lambda api: api.get_marketplace_participation(),
        ).payload

    # --- listings -----------------------------------------------------------------------------------

    def put_listings_item(
        self, *, seller_id: str, sku: str, marketplace_id: str, body: dict, issue_locale: str = ""
    ) -> dict:
        extra = {"issueLocale": issue_locale} if issue_locale else {}
        return self.call(
            "putListingsItem",
            ListingsItemsV20210801,
            marketplace_id,
            lambda api: api.put_listings_item(
                seller_id, sku, body=body, marketplaceIds=[marketplace_id], includedData=["issues"], **extra
            ),
        ).payload

    def patch_listings_item(self, *, seller_id: str, sku: str, marketplace_id: str, body: dict) -> dict:
        return self.call(
            "patchListingsItem",
            ListingsItemsV20210801,
            marketplace_id,
            lambda api: api.patch_listings_item(
                seller_id, sku, body=body, marketplaceIds=[marketplace_id], includedData=["issues"]
            ),
        ).payload

    def delete_listings_item(self, *, seller_id: str, sku: str, marketplace_id: str) -> dict:
        # The library sends DELETE kwargs as a (dropped) body and puts the client's own marketplace
        # in the query; the client is per marketplace, so that is the one we mean.
        return self.call(
            "deleteListingsItem",
            ListingsItemsV20210801,
            marketplace_id,
            lambda api: api.delete_listings_item(seller_id, sku),
        ).payload

    def get_listings_item(self, *, seller_id: str, sku: str, marketplace_id: str, included: Sequence[str]) -> dict:
        return self.call(
            "getListingsItem",
            ListingsItemsV20210801,
            marketplace_id,
            lambda api: api.get_listings_item(
                seller_id, sku, marketplaceIds=[marketplace_id], includedData=list(included)
            ),
        ).payload

    # --- feeds --------------------------------------------------------------------------------------

    def create_feed_document(self, *, marketplace_id: str, content_type: str) -> dict:
        return self.call(
            "createFeedDocument",
            FeedsV20210630,
            marketplace_id,
            lambda api: api.create_feed_document(None, content_type, marketplaceIds=[marketplace_id]),
        ).payload

    def upload_document(self, *, url: str, content: bytes, content_type: str) -> None:
        self.gate.enter(consts.DOCUMENT_UPLOAD, wait_seconds=self.wait_seconds)
        self.document_wire.request(
            "PUT", url, content=content, headers={"Content-Type": content_type}, operation=consts.DOCUMENT_UPLOAD
        )

    def create_feed(self, *, marketplace_id: str, feed_type: str, document_id: str) -> dict:
        return self.call(
            "createFeed",
            FeedsV20210630,
            marketplace_id,
            lambda api: api.create_feed(feed_type, document_id, marketplaceIds=[marketplace_id]),
        ).payload

    def get_feed(self, *, marketplace_id: str, feed_id: str) -> dict:
        return self.call("getFeed", FeedsV20210630, marketplace_id, lambda api: api.get_feed(feed_id)).payload

    def get_feed_document(self, *, marketplace_id: str, document_id: str) -> dict:
        # The library's get_feed_document downloads with its own bare httpx client; we only want
        # the document's metadata from it, so the request goes through the client's _request.
        path = f"/feeds/2021-06-30/documents/{quote(document_id, safe='')}"
        return self.call(
            "getFeedDocument",
            FeedsV20210630,
            marketplace_id,
            lambda api: api._request(path, params={}, add_marketplace=False),
        ).payload

    def download_document(self, *, url: str, compression: str = "") -> str:
        self.gate.enter(consts.DOCUMENT_DOWNLOAD, wait_seconds=self.wait_seconds)
        response = self.document_wire.request("GET", url, operation=consts.DOCUMENT_DOWNLOAD)
        content = response.content
        if compression.upper() == "GZIP":
            try:
                content = gzip.decompress(content)
            except OSError as error:
                raise TransientError(f"document is not valid gzip: {error}") from None
        return content.decode(response.encoding or "utf-8", errors="replace")

    # --- orders -------------------------------------------------------------------------------------

    def search_orders(self, *, marketplace_id: str, params: dict, rdt: str | None = None) -> AmazonResponse:
        return self.call(
            "searchOrders",
            OrdersV20260101,
            marketplace_id,
            lambda api: api.search_orders(**params),
            restricted_data_token=rdt,
        )

    def get_order(self, *, marketplace_id: str, order_id: str, included: Sequence[str], rdt: str | None = None) -> dict:
        return self.call(
            "getOrder",
            OrdersV20260101,
            marketplace_id,
            lambda api: api.get_order(order_id, includedData=list(included)),
            restricted_data_token=rdt,
        ).payload

    # --- Tokens API (restricted data tokens) ----------------------------------------------------------

    def create_restricted_data_token(self, *, marketplace_id: str, resources: Sequence[dict]) -> dict:
        return self.call(
            "createRestrictedDataToken",
            Tokens,
            marketplace_id,
            lambda api: api.create_restricted_data_token(restrictedResources=list(resources)),
        ).payload

    # --- Notifications API v1 (destinations are grantless, subscriptions per seller) ------------------

    def get_destinations(self, *, marketplace_id: str) -> list:
        payload = self.call(
            "getDestinations", Notifications, marketplace_id, lambda api: api.get_destinations()
        ).payload
        return payload if isinstance(payload, list) else []  # the library turns [] into {}

    def create_destination(self, *, marketplace_id: str, name: str, arn: str) -> dict:
        return self.call(
            "createDestination",
            Notifications,
            marketplace_id,
            lambda api: api.create_destination(name=name, arn=arn),
        ).payload

    def get_subscription(self, *, marketplace_id: str, notification_type: str) -> dict:
        return self.call(
            "getSubscription",
            Notifications,
            marketplace_id,
            lambda api: api.get_subscription(notification_type),
        ).payload

    def create_subscription(self, *, marketplace_id: str, notification_type: str, destination_id: str) -> dict:
        return self.call(
            "createSubscription",
            Notifications,
            marketplace_id,
            lambda api: api.create_subscription(notification_type, destination_id=destination_id),
        ).payload

    def delete_subscription(self, *, marketplace_id: str, notification_type: str, subscription_id: str) -> None:
        self.call(
            "deleteSubscriptionById",
            Notifications,
            marketplace_id,
            lambda api: api.delete_notification_subscription(notification_type, subscription_id),
        )

    def delete_destination(self, *, marketplace_id: str, destination_id: str) -> None:
        self.call(
            "deleteDestination",
            Notifications,
            marketplace_id,
            lambda api: api.delete_destination(destination_id),
        )

    def confirm_shipment(self, *, marketplace_id: str, order_id: str, body: dict) -> None:
        self.call(
            "confirmShipment",
            OrdersV0,
            marketplace_id,
            lambda api: api.confirm_shipment(order_id, **body),
        )

    def list_financial_events_by_order_id(self, *, marketplace_id: str, order_id: str, next_token: str | None = None):  # type: ignore[no-untyped-def]
        kwargs = {"MaxResultsPerPage": 100, **({"NextToken": next_token} if next_token else {})}
        return self.call(
            "listFinancialEventsByOrderId",
            FinancesV0,
            marketplace_id,
            lambda api: api.get_financial_events_for_order(order_id, **kwargs),
        )

    # --- FBA outbound (MCF) -------------------------------------------------------------------------

    def get_fulfillment_preview(self, *, marketplace_id: str, body: dict) -> dict:
        return self.call(
            "getFulfillmentPreview",
            FulfillmentOutbound,
            marketplace_id,
            lambda api: api.get_fulfillment_preview(**body),
        ).payload

    def create_fulfillment_order(self, *, marketplace_id: str, body: dict) -> None:
        self.call(
            "createFulfillmentOrder",
            FulfillmentOutbound,
            marketplace_id,
            lambda api: api.create_fulfillment_order(**body),
        )

    def get_fulfillment_order(self, *, marketplace_id: str, order_id: str) -> dict:
        return self.call(
            "getFulfillmentOrder",
            FulfillmentOutbound,
            marketplace_id,
            lambda api: api.get_fulfillment_order(order_id),
        ).payload

    def cancel_fulfillment_order(self, *, marketplace_id: str, order_id: str) -> None:
        self.call(
            "cancelFulfillmentOrder",
            FulfillmentOutbound,
            marketplace_id,
            lambda api: api.cancel_fulfillment_order(order_id),
        )

    # --- FBA inventory and inbound ------------------------------------------------------------------

    def get_inventory_summaries(self, *, marketplace_id: str, params: dict) -> AmazonResponse:
        return self.call(
            "getInventorySummaries",
            Inventories,
            marketplace_id,
            lambda api: api.get_inventory_summary_marketplace(**params),
        )

    def get_shipments(self, *, marketplace_id: str, params: dict) -> AmazonResponse:
        return self.call(
            "getShipments",
            FulfillmentInboundV0,
            marketplace_id,
            lambda api: api.get_shipments(**params),
        )

    def get_shipment_items(self, *, marketplace_id: str, shipment_id: str) -> dict:
        return self.call(
            "getShipmentItemsByShipmentId",
            FulfillmentInboundV0,
            marketplace_id,
            lambda api: api.shipment_items_by_shipment(shipment_id, MarketplaceId=marketplace_id),
        ).payload

    # --- product types ------------------------------------------------------------------------------

    def get_product_type(self, *, marketplace_id: str, product_type: str, params: dict) -> dict:
        return self.call(
            "getDefinitionsProductType",
            ProductTypeDefinitions,
            marketplace_id,
            lambda api: api.get_definitions_product_type(product_type, **params),
        ).payload

    def download_json(self, *, url: str) -> Any:
        text = self.download_document(url=url)
        try:
            return json.loads(text)
        except ValueError:
            raise TransientError("downloaded document is not JSON") from None

    def close(self) -> None:
        for wire in (self.sp_wire, self.lwa_wire, self.document_wire):
            wire.close()
