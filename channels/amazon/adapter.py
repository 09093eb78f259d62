"""Amazon through SP-API: implements MarketplaceAdapter and FulfilmentNetworkAdapter."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import httpx
from django.conf import settings

from channels.amazon import consts, fba_mappers, finance_mappers, mappers, notifications
from channels.amazon.client import AmazonClient
from channels.amazon.restricted import RestrictedDataTokens
from channels.base import Capability
from channels.exceptions import NotFoundError, RejectedError
from channels.mapping import iso_utc
from channels.ratelimit import RateLimiter, rate_limiter
from channels.types import (
    AccountCheck,
    Connection,
    FeedMessage,
    FeedStatus,
    FeedSubmission,
    FulfillmentOrder,
    FulfillmentOrderRequest,
    FulfillmentPreview,
    InboundShipmentItem,
    InboundShipmentPage,
    InventoryPage,
    ListingPayload,
    ListingResult,
    ListingState,
    NotificationSetup,
    OfferUpdate,
    OfferUpdateResult,
    Order,
    OrderFinances,
    OrderLine,
    OrderPage,
    ProductTypeRequirements,
    ShipmentConfirmation,
    ShipmentConfirmationResult,
)
from channels.wire import CallSink, Gate

ORDER_DATA = ["PROCEEDS", "FULFILLMENT", "RECIPIENT", "BUYER"]
# Orders 2026-01-01 paths a restricted data token is asked for (the shipping address and buyer
# name are personal data: MCF needs the street address of an MFN order routed to FBA).
SEARCH_ORDERS_PATH = "/orders/2026-01-01/orders"
GET_ORDER_PATH = "/orders/2026-01-01/orders/{orderId}"
LISTING_DATA = ["summaries", "attributes", "offers", "fulfillmentAvailability", "issues"]


class AmazonAdapter:
    family = "amazon"
    capabilities = frozenset(Capability)
    offer_batch_size = 1  # Listings Items has no batch call; JSON_LISTINGS_FEED is the bulk path

    def __init__(
        self,
        connection: Connection,
        *,
        sink: CallSink,
        limiter: RateLimiter | None = None,
        wait_seconds: float | None = None,
        timeout: float | None = None,
        transport: httpx.BaseTransport | None = None,
        credential_store: object | None = None,
    ) -> None:
        self.connection = connection
        self.seller_id = connection.seller_reference
        self.gate = Gate(
            limiter=limiter or rate_limiter(),
            account_pk=connection.account_pk,
            rates=consts.RATES,
            default=consts.DEFAULT_RATE,
        )
        wait = settings.CHANNELS_RATE_WAIT_SECONDS if wait_seconds is None else wait_seconds
        self.client = AmazonClient(
            connection, sink=sink, gate=self.gate, wait_seconds=wait, timeout=timeout, transport=transport
        )
        self.rdt = RestrictedDataTokens(
            self.client, key=(connection.account_pk, self.client.lwa_url, self.client.credentials["lwa_app_id"])
        )
        # options["restricted_data"] = false: the app has no PII role, never ask for an RDT.
        self.rdt.enabled = bool(connection.options.get("restricted_data", True))

    @property
    def default_marketplace(self) -> str:
        return self.connection.marketplaces[0] if self.connection.marketplaces else "ATVPDKIKX0DER"

    def close(self) -> None:
        self.client.close()

    # --- account ------------------------------------------------------------------------------------

    def account_verify(self) -> AccountCheck:
        """Exchange the refresh token for an access token (LWA), bypassing the token cache, then ask
        the Sellers API which marketplaces the seller takes part in: a read that succeeds for any
        authorised seller, so a working connection leaves no failed call in the log."""
        self.client.fetch_access_token(marketplace_id=self.default_marketplace)
        participations = self.client.get_marketplace_participations(marketplace_id=self.default_marketplace) or []
        taking_part = sorted(
            row.get("marketplace", {}).get("id", "")
            for row in participations
            if row.get("participation", {}).get("isParticipating")
        )
        missing = [m for m in self.connection.marketplaces if m not in taking_part]
        detail = "LWA token issued; Sellers API lists the seller's marketplaces"
        if missing:
            detail += f"; not participating in {', '.join(missing)}"
        return AccountCheck(ok=True, seller_id=self.seller_id, detail=detail)

    # --- listings -----------------------------------------------------------------------------------

    def listing_put(self, payload: ListingPayload) -> ListingResult:
        body = self.client.put_listings_item(
            seller_id=self.seller_id,
            sku=payload.sku,
            marketplace_id=payload.marketplace_id,
            body=mappers.put_body(payload),
            issue_locale=payload.locale,
        )
        result = mappers.submission_result(body, sku=payload.sku, marketplace_id=payload.marketplace_id)
        if result.status == "INVALID":
            raise RejectedError(f"putListingsItem: {payload.sku} is invalid", issues=result.issues)
        return result

    def offers_update(self, updates: Sequence[OfferUpdate]) -> tuple[OfferUpdateResult, ...]:
        results = []
        for update in updates:
            try:
                body = self.client.patch_listings_item(
                    seller_id=self.seller_id,
                    sku=update.sku,
                    marketplace_id=update.marketplace_id,
                    body=mappers.patch_body(update),
                )
            except RejectedError as error:
                results.append(OfferUpdateResult(update.sku, update.marketplace_id, ok=False, issues=error.issues))
                continue
            result = mappers.submission_result(body, sku=update.sku, marketplace_id=update.marketplace_id)
            results.append(
                OfferUpdateResult(
                    update.sku, update.marketplace_id, ok=result.status != "INVALID", issues=result.issues
                )
            )
        return tuple(results)

    def listing_delist(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingResult:
        body = self.client.delete_listings_item(seller_id=self.seller_id, sku=sku, marketplace_id=marketplace_id)
        return mappers.submission_result(body, sku=sku, marketplace_id=marketplace_id)

    def listing_get(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingState:
        try:
            body = self.client.get_listings_item(
                seller_id=self.seller_id, sku=sku, marketplace_id=marketplace_id, included=LISTING_DATA
            )
        except NotFoundError:
            return ListingState(sku=sku, marketplace_id=marketplace_id, exists=False)
        return mappers.listing_state(body, sku=sku, marketplace_id=marketplace_id)

    # --- feeds --------------------------------------------------------------------------------------

    def feed_submit(self, *, marketplace_id: str, messages: Sequence[FeedMessage]) -> FeedSubmission:
        document_id = self.feed_upload(marketplace_id=marketplace_id, messages=messages)
        return self.feed_create(marketplace_id=marketplace_id, document_id=document_id)

    def feed_upload(self, *, marketplace_id: str, messages: Sequence[FeedMessage]) -> str:
        """The first half of feed_submit: the feed document created and uploaded (createFeedDocument
        and the PUT to its URL), nothing submitted yet. Returns the document id for feed_create."""
        locale = next((m.payload.locale for m in messages if m.payload and m.payload.locale), "")
        document = mappers.feed_document(seller_id=self.seller_id, locale=locale, messages=messages)
        created = self.client.create_feed_document(marketplace_id=marketplace_id, content_type=consts.FEED_CONTENT_TYPE)
        self.client.upload_document(
            url=created["url"],
            content=json.dumps(document, ensure_ascii=False).encode("utf-8"),
            content_type=consts.FEED_CONTENT_TYPE,
        )
        return str(created["feedDocumentId"])

    def feed_create(self, *, marketplace_id: str, document_id: str) -> FeedSubmission:
        """The second half of feed_submit: createFeed for an uploaded listings feed document."""
        feed = self.client.create_feed(
            marketplace_id=marketplace_id, feed_type=consts.FEED_TYPE_LISTINGS, document_id=document_id
        )
        return FeedSubmission(feed_id=str(feed["feedId"]), document_id=document_id)

    def feed_get(self, *, feed_id: str) -> FeedStatus:
        feed = self.client.get_feed(marketplace_id=self.default_marketplace, feed_id=feed_id)
        report = None
        if str(feed.get("processingStatus", "")).upper() == "DONE" and feed.get("resultFeedDocumentId"):
            document = self.client.get_feed_document(
                marketplace_id=self.default_marketplace, document_id=str(feed["resultFeedDocumentId"])
            )
            text = self.client.download_document(
                url=document["url"], compression=str(document.get("compressionAlgorithm") or "")
            )
            report = json.loads(text)
        return mappers.feed_status(feed, report)

    # --- orders -------------------------------------------------------------------------------------

    def orders_changed_since(
        self, *, since: datetime, marketplace_ids: Sequence[str] = (), next_token: str | None = None
    ) -> OrderPage:
        marketplaces = list(marketplace_ids or self.connection.marketplaces or [self.default_marketplace])
        params = {
            "lastUpdatedAfter": iso_utc(since),
            "marketplaceIds": marketplaces,
            "maxResultsPerPage": 100,
            "includedData": ORDER_DATA,
        }
        if next_token:
            params["paginationToken"] = next_token
        response = self.rdt.call(
            SEARCH_ORDERS_PATH,
            marketplaces[0],
            lambda rdt: self.client.search_orders(marketplace_id=marketplaces[0], params=params, rdt=rdt),
        )
        orders = tuple(mappers.order(raw) for raw in (response.payload or {}).get("orders") or [])
        return OrderPage(orders=orders, next_token=response.next_token or None)

    def order_get(self, *, order_reference: str, marketplace_id: str = "") -> Order:
        marketplace = marketplace_id or self.default_marketplace
        payload = self.rdt.call(
            GET_ORDER_PATH,
            marketplace,
            lambda rdt: self.client.get_order(
                marketplace_id=marketplace, order_id=order_reference, included=ORDER_DATA, rdt=rdt
            ),
        )
        return mappers.order(payload.get("order") or {})

    def order_lines(self, *, order_reference: str) -> tuple[OrderLine, ...]:
        # Orders 2026-01-01 returns the items inside the order; v0 getOrderItems is not needed.
        return self.order_get(order_reference=order_reference).lines

    def shipment_confirm(self, confirmation: ShipmentConfirmation) -> ShipmentConfirmationResult:
        self.client.confirm_shipment(
            marketplace_id=confirmation.marketplace_id,
            order_id=confirmation.order_reference,
            body=mappers.confirm_shipment_body(confirmation),
        )
        return ShipmentConfirmationResult(order_reference=confirmation.order_reference, accepted=True)

    # --- push notifications (Notifications API v1 -> SQS) ---------------------------------------------

    notification_parse = staticmethod(notifications.notification_parse)

    def notifications_setup(
        self,
        *,
        destination_arn: str,
        name: str = "crossborder-hub",
        notification_types: Sequence[str] = notifications.NOTIFICATION_TYPES,
    ) -> NotificationSetup:
        """Make sure Amazon sends this seller's notifications to the queue: the application's
        destination for the ARN (grantless; found or created), then one subscription per type
        (found, replaced when it points at another destination, or created). Idempotent."""
        marketplace = self.default_marketplace
        destination = self._destination_for(marketplace, destination_arn)
        if destination is None:
            try:
                destination = self.client.create_destination(marketplace_id=marketplace, name=name, arn=destination_arn)
            except RejectedError as error:
                if error.status != 409:  # 409: created meanwhile (another worker): read it
                    raise
                destination = self._destination_for(marketplace, destination_arn)
                if destination is None:
                    raise
        destination_id = str(destination["destinationId"])
        subscriptions = {}
        for notification_type in notification_types:
            current = self._subscription(marketplace, notification_type)
            if current is not None and str(current.get("destinationId")) != destination_id:
                self.client.delete_subscription(
                    marketplace_id=marketplace,
                    notification_type=notification_type,
                    subscription_id=str(current["subscriptionId"]),
                )
                current = None
            if current is None:
                try:
                    current = self.client.create_subscription(
                        marketplace_id=marketplace, notification_type=notification_type, destination_id=destination_id
                    )
                except RejectedError as error:
                    current = self._subscription(marketplace, notification_type) if error.status == 409 else None
                    if current is None:
                        raise
            subscriptions[notification_type] = str(current["subscriptionId"])
        return NotificationSetup(
            destination_id=destination_id, destination_arn=destination_arn, subscriptions=subscriptions
        )

    def notifications_teardown(self, *, notification_types: Sequence[str] = notifications.NOTIFICATION_TYPES) -> int:
        """Delete this seller's subscriptions (the destination is the application's: see
        `notifications_destination_delete`). Needs the seller's credentials (getSubscription)."""
        removed = 0
        for notification_type in notification_types:
            current = self._subscription(self.default_marketplace, notification_type)
            if current is not None:
                self.client.delete_subscription(
                    marketplace_id=self.default_marketplace,
                    notification_type=notification_type,
                    subscription_id=str(current["subscriptionId"]),
                )
                removed += 1
        return removed

    def notifications_destination_delete(self, *, destination_id: str) -> bool:
        """Delete the application's destination (grantless); False when it is already gone."""
        try:
            self.client.delete_destination(marketplace_id=self.default_marketplace, destination_id=destination_id)
        except NotFoundError:
            return False
        return True

    def _destination_for(self, marketplace: str, arn: str) -> dict | None:
        return next(
            (
                d
                for d in self.client.get_destinations(marketplace_id=marketplace)
                if ((d.get("resource") or {}).get("sqs") or {}).get("arn") == arn
            ),
            None,
        )

    def _subscription(self, marketplace: str, notification_type: str) -> dict | None:
        try:
            return self.client.get_subscription(marketplace_id=marketplace, notification_type=notification_type) or None
        except NotFoundError:
            return None

    # --- Multi-Channel Fulfillment --------------------------------------------------------------------

    def fulfillment_preview(self, request: FulfillmentOrderRequest) -> tuple[FulfillmentPreview, ...]:
        marketplace = request.marketplace_id or self.default_marketplace
        payload = self.client.get_fulfillment_preview(
            marketplace_id=marketplace, body=fba_mappers.fulfillment_preview_body(request, marketplace)
        )
        return fba_mappers.fulfillment_previews(payload)

    def fulfillment_order_create(self, request: FulfillmentOrderRequest) -> None:
        marketplace = request.marketplace_id or self.default_marketplace
        self.client.create_fulfillment_order(
            marketplace_id=marketplace, body=fba_mappers.fulfillment_order_body(request, marketplace)
        )

    def fulfillment_order_get(self, *, seller_fulfillment_order_id: str) -> FulfillmentOrder:
        payload = self.client.get_fulfillment_order(
            marketplace_id=self.default_marketplace, order_id=seller_fulfillment_order_id
        )
        return fba_mappers.fulfillment_order(payload)

    def fulfillment_order_cancel(self, *, seller_fulfillment_order_id: str) -> None:
        self.client.cancel_fulfillment_order(
            marketplace_id=self.default_marketplace, order_id=seller_fulfillment_order_id
        )

    # --- FBA inventory and inbound ------------------------------------------------------------------

    def inventory_summaries(
        self, *, marketplace_id: str, skus: Sequence[str] = (), next_token: str | None = None
    ) -> InventoryPage:
        params: dict = {
            "granularityType": "Marketplace",
            "granularityId": marketplace_id,
            "marketplaceIds": [marketplace_id],
            "details": "true",
        }
        if skus:
            params["sellerSkus"] = list(skus)
        if next_token:
            params["nextToken"] = next_token
        response = self.client.get_inventory_summaries(marketplace_id=marketplace_id, params=params)
        raw = (response.payload or {}).get("inventorySummaries") or []
        return InventoryPage(
            summaries=tuple(fba_mappers.inventory_summary(item) for item in raw), next_token=response.next_token or None
        )

    def inbound_shipments(
        self,
        *,
        marketplace_id: str,
        statuses: Sequence[str] = (),
        updated_after: datetime | None = None,
        updated_before: datetime | None = None,
        next_token: str | None = None,
    ) -> InboundShipmentPage:
        params = fba_mappers.inbound_query(
            marketplace_id=marketplace_id,
            statuses=statuses,
            updated_after=updated_after,
            updated_before=updated_before,
            next_token=next_token,
            now=datetime.now(UTC),
        )
        response = self.client.get_shipments(marketplace_id=marketplace_id, params=params)
        payload = response.payload or {}
        return InboundShipmentPage(
            shipments=tuple(fba_mappers.inbound_shipment(raw) for raw in payload.get("ShipmentData") or []),
            next_token=payload.get("NextToken") or response.next_token or None,
        )

    def inbound_shipment_items(self, *, marketplace_id: str, shipment_id: str) -> tuple[InboundShipmentItem, ...]:
        payload = self.client.get_shipment_items(marketplace_id=marketplace_id, shipment_id=shipment_id)
        return fba_mappers.inbound_items(payload or {}, shipment_id)

    # --- finances ------------------------------------------------------------------------------------

    def order_finances(self, *, order_reference: str, marketplace_id: str) -> OrderFinances:
        """Fees and refunds Amazon booked for one order (Finances v0, every page)."""
        shipment_events: list = []
        refund_events: list = []
        token = None
        while True:
            response = self.client.list_financial_events_by_order_id(
                marketplace_id=marketplace_id or self.default_marketplace, order_id=order_reference, next_token=token
            )
            events = (response.payload or {}).get("FinancialEvents") or {}
            shipment_events += events.get("ShipmentEventList") or []
            refund_events += events.get("RefundEventList") or []
            token = (response.payload or {}).get("NextToken") or response.next_token
            if not token:
                break
        return finance_mappers.order_finances(order_reference, shipment_events, refund_events)

    # --- product types ------------------------------------------------------------------------------

    def product_type_requirements(
        self, *, product_type: str, marketplace_id: str, locale: str = "DEFAULT", requirements: str = "LISTING"
    ) -> ProductTypeRequirements:
        params = {
            "marketplaceIds": [marketplace_id],
            "requirements": requirements,
            "requirementsEnforced": "ENFORCED",
            "locale": locale,
        }
        if self.seller_id:
            params["sellerId"] = self.seller_id
        definition = self.client.get_product_type(
            marketplace_id=marketplace_id, product_type=product_type, params=params
        )
        link = ((definition.get("schema") or {}).get("link") or {}).get("resource")
        schema = self.client.download_json(url=link) if link else {}
        return fba_mappers.product_type_requirements(definition, schema if isinstance(schema, dict) else {})
