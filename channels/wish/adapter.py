"""Wish through Merchant API v3."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import quote

import httpx
from django.conf import settings

from channels.base import Capability
from channels.credentials import CredentialStore
from channels.exceptions import NotFoundError, RejectedError, UnsupportedOperationError
from channels.ratelimit import RateLimiter, rate_limiter
from channels.types import (
    AccountCheck,
    Connection,
    FeedMessage,
    FeedStatus,
    FeedSubmission,
    Issue,
    ListingPayload,
    ListingResult,
    ListingState,
    OfferUpdate,
    OfferUpdateResult,
    Order,
    OrderLine,
    OrderPage,
    ShipmentConfirmation,
    ShipmentConfirmationResult,
)
from channels.wire import CallSink, Gate
from channels.wish import consts, mappers
from channels.wish.client import WishClient


def _product_path(product_id: str) -> str:
    return f"/products/{quote(product_id, safe='')}"


class WishAdapter:
    family = "wish"
    capabilities = frozenset(
        {Capability.LISTINGS, Capability.OFFER_BATCH, Capability.ORDERS, Capability.SHIPMENT_CONFIRMATION}
    )
    offer_batch_size = 400  # one PUT per product carries all of its variations

    def __init__(
        self,
        connection: Connection,
        *,
        sink: CallSink,
        limiter: RateLimiter | None = None,
        wait_seconds: float | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        credential_store: CredentialStore | None = None,
    ) -> None:
        self.connection = connection
        self.gate = Gate(
            limiter=limiter or rate_limiter(),
            account_pk=connection.account_pk,
            rates=consts.RATES,
            default=consts.DEFAULT_RATE,
            shared=consts.SHARED_BUCKET,
        )
        self.client = WishClient(
            connection,
            sink=sink,
            gate=self.gate,
            wait_seconds=settings.CHANNELS_RATE_WAIT_SECONDS if wait_seconds is None else wait_seconds,
            timeout=timeout,
            transport=transport,
            credential_store=credential_store,
        )

    @property
    def warehouse_id(self) -> str:
        return str(self.connection.options.get("warehouse_id") or "")

    def close(self) -> None:
        self.client.close()

    def account_verify(self) -> AccountCheck:
        data = self.client.request("GET", "/oauth/test", operation="oauthTest") or {}
        suggested = {}
        if not self.warehouse_id:
            # Inventory and shipping prices are per warehouse: default to the standard one.
            warehouses = self.client.request("GET", "/merchant/warehouses", operation="getWarehouses") or []
            standard = [w for w in warehouses if str(w.get("shipping_type", "")).upper() == "STANDARD"] or warehouses
            if standard:
                suggested["warehouse_id"] = str(standard[0].get("id"))
        return AccountCheck(
            ok=True, seller_id=str(data.get("merchant_id") or ""), detail="token accepted", suggested_options=suggested
        )

    # --- listings -----------------------------------------------------------------------------------

    def _product(self, product_id: str) -> dict:
        return self.client.request("GET", _product_path(product_id), operation="getProduct") or {}

    def listing_put(self, payload: ListingPayload) -> ListingResult:
        marketplace = payload.marketplace_id or consts.MARKETPLACE
        if not payload.external_reference:
            body = mappers.create_product_body(payload, options=self.connection.options)
            product = self.client.request("POST", "/products", operation="createProduct", body=body) or {}
        else:
            existing = self._product(payload.external_reference)
            body, new = mappers.update_product_body(
                payload, variation_ids=mappers.variation_ids(existing), options=self.connection.options
            )
            product = (
                self.client.request(
                    "PUT", _product_path(payload.external_reference), operation="updateProduct", body=body
                )
                or existing
            )
            for variation in new:
                self.client.request(
                    "POST",
                    _product_path(payload.external_reference) + "/variations",
                    operation="createVariation",
                    body=variation,
                )
        return ListingResult(
            sku=payload.sku,
            marketplace_id=marketplace,
            status="ACCEPTED",
            submission_id=str(product.get("request_id") or ""),
            external_reference=str(product.get("id") or payload.external_reference),
        )

    def offers_update(self, updates: Sequence[OfferUpdate]) -> tuple[OfferUpdateResult, ...]:
        by_product: dict[str, list[OfferUpdate]] = {}
        results: dict[int, OfferUpdateResult] = {}
        for index, update in enumerate(updates):
            if update.external_reference:
                by_product.setdefault(update.external_reference, []).append(update)
            else:
                issue = Issue(code="MISSING_PRODUCT_ID", message="the listing has no Wish product id yet")
                results[index] = OfferUpdateResult(update.sku, consts.MARKETPLACE, ok=False, issues=(issue,))
        outcome: dict[tuple[str, str], tuple[bool, tuple[Issue, ...]]] = {}
        for product_id, group in by_product.items():
            try:
                ids = mappers.variation_ids(self._product(product_id))
            except NotFoundError as error:
                for update in group:
                    outcome[(product_id, update.sku)] = (False, (Issue(code="NOT_FOUND", message=error.message),))
                continue
            variations, unknown = [], []
            for update in group:
                if update.sku in ids:
                    try:
                        variations.append(
                            mappers.offer_variation(
                                update, variation_id=ids[update.sku], options=self.connection.options
                            )
                        )
                    except RejectedError as error:
                        outcome[(product_id, update.sku)] = (False, error.issues)
                else:
                    unknown.append(update)
                    outcome[(product_id, update.sku)] = (
                        False,
                        (Issue(code="UNKNOWN_SKU", message=f"{update.sku} is not a variation of {product_id}"),),
                    )
            if not variations:
                continue
            try:
                self.client.request(
                    "PUT", _product_path(product_id), operation="updateProduct", body={"variations": variations}
                )
                issues: tuple[Issue, ...] = ()
            except RejectedError as error:
                issues = error.issues
            for update in group:
                outcome.setdefault((product_id, update.sku), (not issues, issues))
        for index, update in enumerate(updates):
            if index not in results:
                ok, issues = outcome[(update.external_reference, update.sku)]
                results[index] = OfferUpdateResult(update.sku, consts.MARKETPLACE, ok=ok, issues=issues)
        return tuple(results[index] for index in range(len(updates)))

    def listing_delist(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingResult:
        if not external_reference:
            raise NotFoundError(f"{sku} has no Wish product id")
        product = self._product(external_reference)
        ids = mappers.variation_ids(product)
        others = [other for other in ids if other != sku]
        if sku in ids and others:
            body = {"variations": [{"id": ids[sku], "status": "DISABLED"}]}
        else:
            body = {"status": "DISABLED"}
        self.client.request("PUT", _product_path(external_reference), operation="updateProduct", body=body)
        return ListingResult(
            sku=sku,
            marketplace_id=marketplace_id or consts.MARKETPLACE,
            status="DISABLED",
            external_reference=external_reference,
        )

    def listing_get(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingState:
        marketplace = marketplace_id or consts.MARKETPLACE
        if not external_reference:
            return ListingState(sku=sku, marketplace_id=marketplace, exists=False)
        try:
            product = self._product(external_reference)
        except NotFoundError:
            return ListingState(sku=sku, marketplace_id=marketplace, exists=False)
        return mappers.listing_state(product, sku=sku, marketplace_id=marketplace)

    def listing_find(self, *, sku: str, marketplace_id: str = "") -> ListingState:
        """The live product whose parent SKU is `sku`, found without its id: how a create whose
        answer was lost is reconciled instead of being sent again."""
        marketplace = marketplace_id or consts.MARKETPLACE
        products = (
            self.client.request(
                "GET", "/products", operation="listProductsSync", params={"parent_sku": sku, "limit": 5}
            )
            or []
        )
        live = [p for p in products if "REMOVED" not in str(p.get("status") or p.get("state") or "").upper()]
        if not live:
            return ListingState(sku=sku, marketplace_id=marketplace, exists=False)
        product_id = str(live[0].get("id"))
        state = self.listing_get(sku=sku, marketplace_id=marketplace, external_reference=product_id)
        return replace(state, exists=True, external_reference=state.external_reference or product_id)

    # --- feeds: Wish v3 has no bulk product feed --------------------------------------------------------

    def feed_submit(self, *, marketplace_id: str, messages: Sequence[FeedMessage]) -> FeedSubmission:
        raise UnsupportedOperationError("Wish Merchant API v3 has no bulk listing feed")

    def feed_get(self, *, feed_id: str) -> FeedStatus:
        raise UnsupportedOperationError("Wish Merchant API v3 has no bulk listing feed")

    # --- orders -------------------------------------------------------------------------------------

    def orders_changed_since(
        self, *, since: datetime, marketplace_ids: Sequence[str] = (), next_token: str | None = None
    ) -> OrderPage:
        state = json.loads(next_token) if next_token else {"min": None, "skip": []}
        limit = int(state.get("limit") or consts.ORDER_PAGE_SIZE)
        params = mappers.orders_query(since=since, boundary=state["min"], limit=limit)
        raw_orders = self.client.request("GET", "/orders", operation="getOrders", params=params) or []
        skip = set(state["skip"])
        orders = tuple(mappers.order(raw) for raw in raw_orders if str(raw.get("id")) not in skip)
        token = mappers.next_orders_token(raw_orders, state["skip"], state["min"], limit=limit)
        return OrderPage(orders=orders, next_token=token)

    def order_get(self, *, order_reference: str) -> Order:
        raw = self.client.request("GET", f"/orders/{quote(order_reference, safe='')}", operation="getOrder")
        if not raw:
            raise NotFoundError(f"Wish order {order_reference} not found")
        return mappers.order(raw)

    def order_lines(self, *, order_reference: str) -> tuple[OrderLine, ...]:
        return self.order_get(order_reference=order_reference).lines

    def shipment_confirm(self, confirmation: ShipmentConfirmation) -> ShipmentConfirmationResult:
        raw = (
            self.client.request(
                "PUT",
                f"/orders/{quote(confirmation.order_reference, safe='')}/tracking",
                operation="shipOrder",
                body=mappers.tracking_body(confirmation),
            )
            or {}
        )
        # Tracking updates are asynchronous: processing_status goes IN_PROGRESS -> SUCCEEDED | FAILED.
        return ShipmentConfirmationResult(
            order_reference=confirmation.order_reference,
            accepted=str(raw.get("processing_status") or "").upper() != "FAILED",
            processing_status=str(raw.get("processing_status") or ""),
        )
