"""The adapter protocol: the only way the rest of the hub talks to a marketplace.

Every method takes and returns types from `channels.types` and raises only the errors in
`channels.exceptions`. An operation a marketplace does not have raises
UnsupportedOperationError; `capabilities` says up front which ones an adapter has.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from channels.types import (
    AccountCheck,
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
    MarketplaceNotification,
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


class Capability(StrEnum):
    LISTINGS = "listings"
    OFFER_BATCH = "offer_batch"  # price / quantity changes for many SKUs in one call
    FEEDS = "feeds"
    ORDERS = "orders"
    SHIPMENT_CONFIRMATION = "shipment_confirmation"
    MULTI_CHANNEL_FULFILMENT = "multi_channel_fulfilment"
    FBA_INVENTORY = "fba_inventory"
    FBA_INBOUND = "fba_inbound"
    PRODUCT_TYPES = "product_types"


@runtime_checkable
class MarketplaceAdapter(Protocol):
    family: str
    capabilities: frozenset[Capability]
    # Largest number of offer updates one `offers_update` call sends in one marketplace request.
    offer_batch_size: int

    def account_verify(self) -> AccountCheck: ...

    # listings
    def listing_put(self, payload: ListingPayload) -> ListingResult: ...
    def offers_update(self, updates: Sequence[OfferUpdate]) -> tuple[OfferUpdateResult, ...]: ...
    def listing_delist(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingResult: ...
    def listing_get(self, *, sku: str, marketplace_id: str, external_reference: str = "") -> ListingState: ...

    # bulk feeds
    def feed_submit(self, *, marketplace_id: str, messages: Sequence[FeedMessage]) -> FeedSubmission: ...
    def feed_get(self, *, feed_id: str) -> FeedStatus: ...

    # orders
    def orders_changed_since(
        self, *, since: datetime, marketplace_ids: Sequence[str] = (), next_token: str | None = None
    ) -> OrderPage: ...
    def order_get(self, *, order_reference: str) -> Order: ...
    def order_lines(self, *, order_reference: str) -> tuple[OrderLine, ...]: ...
    def shipment_confirm(self, confirmation: ShipmentConfirmation) -> ShipmentConfirmationResult: ...


@runtime_checkable
class FulfilmentNetworkAdapter(MarketplaceAdapter, Protocol):
    """Amazon only: Multi-Channel Fulfillment, FBA inventory, inbound shipments, product types."""

    def fulfillment_preview(self, request: FulfillmentOrderRequest) -> tuple[FulfillmentPreview, ...]: ...
    def fulfillment_order_create(self, request: FulfillmentOrderRequest) -> None: ...
    def fulfillment_order_get(self, *, seller_fulfillment_order_id: str) -> FulfillmentOrder: ...
    def fulfillment_order_cancel(self, *, seller_fulfillment_order_id: str) -> None: ...
    def inventory_summaries(
        self, *, marketplace_id: str, skus: Sequence[str] = (), next_token: str | None = None
    ) -> InventoryPage: ...
    def inbound_shipments(
        self,
        *,
        marketplace_id: str,
        statuses: Sequence[str] = (),
        updated_after: datetime | None = None,
        updated_before: datetime | None = None,
        next_token: str | None = None,
    ) -> InboundShipmentPage: ...
    def inbound_shipment_items(self, *, marketplace_id: str, shipment_id: str) -> tuple[InboundShipmentItem, ...]: ...
    def order_finances(self, *, order_reference: str, marketplace_id: str) -> OrderFinances: ...
    def product_type_requirements(
        self, *, product_type: str, marketplace_id: str, locale: str = "DEFAULT", requirements: str = "LISTING"
    ) -> ProductTypeRequirements: ...

    # push notifications (Notifications API -> SQS): subscribe the seller, read a message body
    def notifications_setup(
        self, *, destination_arn: str, name: str = ..., notification_types: Sequence[str] = ...
    ) -> NotificationSetup: ...
    def notifications_teardown(self, *, notification_types: Sequence[str] = ...) -> int: ...
    def notifications_destination_delete(self, *, destination_id: str) -> bool: ...
    @staticmethod
    def notification_parse(body: str | bytes | dict) -> MarketplaceNotification | None: ...
