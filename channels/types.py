"""Canonical types every marketplace adapter takes and returns (frozen dataclasses).

Other apps import these; no SDK object, wire dict or model instance crosses the channels/
boundary. Money is a Decimal amount with an ISO 4217 code, never a float. Times are aware UTC
datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

# The hub has one money type (amount + ISO 4217 code); adapters speak it too, and other apps may
# keep importing it from here.
from currency.money import Money


class Family(StrEnum):
    AMAZON = "amazon"
    ALIEXPRESS = "aliexpress"
    WISH = "wish"


@dataclass(frozen=True)
class Issue:
    """One message from the marketplace about a request: its own code, text, severity (ERROR,
    WARNING, INFO) and, when it names one, the attribute it is about."""

    code: str
    message: str
    severity: str = "ERROR"
    attribute: str = ""


@dataclass(frozen=True)
class Address:
    name: str
    line1: str
    country_code: str
    postal_code: str = ""
    line2: str = ""
    line3: str = ""
    city: str = ""
    state_or_region: str = ""
    phone: str = ""


# --- connection ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Connection:
    """What an adapter needs to talk for one channel account: built from a ChannelAccount by the
    registry, so adapters never touch the database themselves."""

    account_pk: int
    seller_account_pk: int
    family: Family
    marketplaces: tuple[str, ...]
    base_urls: Mapping[str, str]
    credentials: Mapping[str, str]
    seller_reference: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountCheck:
    """The answer of a connectivity check: who the marketplace says we are."""

    ok: bool
    seller_id: str = ""
    detail: str = ""
    # Account options the marketplace told us and the account does not have yet (Wish's default
    # warehouse, for instance); the verify service fills them in.
    suggested_options: Mapping[str, Any] = field(default_factory=dict)


# --- listings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingVariation:
    """One buyable variant under a parent listing (AliExpress SKUs, Wish variations)."""

    sku: str
    price: Money
    quantity: int
    options: Mapping[str, str] = field(default_factory=dict)
    image: str = ""
    gtin: str = ""
    external_reference: str = ""


@dataclass(frozen=True)
class ListingPayload:
    """The desired state of one listing on one marketplace, as the listings app computes it.

    `attributes` carries marketplace-specific fields that have no canonical name (an Amazon
    product type's attributes, an AliExpress freight template). `external_reference` is the
    marketplace's id once the listing exists (AliExpress / Wish product id; empty for Amazon,
    which is keyed by SKU)."""

    sku: str
    marketplace_id: str
    title: str
    price: Money
    quantity: int
    locale: str = ""
    description: str = ""
    bullet_points: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    brand: str = ""
    images: tuple[str, ...] = ()
    product_type: str = ""
    category_id: str = ""
    condition: str = "new"
    variations: tuple[ListingVariation, ...] = ()
    attributes: Mapping[str, Any] = field(default_factory=dict)
    external_reference: str = ""
    # A limited-time sale price with its schedule (ISO 8601 UTC), where the marketplace holds one
    # (Amazon's purchasable_offer.discounted_price); `price` stays the regular price.
    sale_price: Money | None = None
    sale_start: str = ""
    sale_end: str = ""


@dataclass(frozen=True)
class ListingResult:
    """The marketplace's answer to a create / replace / delist."""

    sku: str
    marketplace_id: str
    status: str
    submission_id: str = ""
    external_reference: str = ""
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class OfferUpdate:
    """A price and/or quantity change for one SKU (None = leave unchanged)."""

    sku: str
    marketplace_id: str
    price: Money | None = None
    quantity: int | None = None
    external_reference: str = ""
    product_type: str = ""
    # With `price`: the sale price and its schedule (see ListingPayload); none = no sale.
    sale_price: Money | None = None
    sale_start: str = ""
    sale_end: str = ""


@dataclass(frozen=True)
class OfferUpdateResult:
    sku: str
    marketplace_id: str
    ok: bool
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class ListingState:
    """A listing as the marketplace holds it right now."""

    sku: str
    marketplace_id: str
    exists: bool
    statuses: tuple[str, ...] = ()
    external_reference: str = ""
    title: str = ""
    product_type: str = ""
    price: Money | None = None
    quantity: int | None = None
    issues: tuple[Issue, ...] = ()
    updated_at: datetime | None = None
    sale_price: Money | None = None  # a scheduled sale price the marketplace holds
    sale_start: str = ""
    sale_end: str = ""


# --- feeds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedMessage:
    """One message of a bulk feed: an operation on one SKU."""

    message_id: int
    sku: str
    operation: str  # UPDATE, PARTIAL_UPDATE, PATCH, DELETE
    payload: ListingPayload | None = None
    offer: OfferUpdate | None = None


@dataclass(frozen=True)
class FeedSubmission:
    feed_id: str
    document_id: str = ""


@dataclass(frozen=True)
class FeedMessageIssue:
    message_id: int
    sku: str
    issue: Issue


@dataclass(frozen=True)
class FeedStatus:
    feed_id: str
    processing_status: str  # IN_QUEUE, IN_PROGRESS, DONE, FATAL, CANCELLED
    is_done: bool
    messages_processed: int | None = None
    messages_accepted: int | None = None
    messages_invalid: int | None = None
    issues: tuple[FeedMessageIssue, ...] = ()


# --- orders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderLine:
    external_reference: str
    sku: str
    quantity: int
    unit_price: Money | None
    title: str = ""
    quantity_shipped: int = 0
    product_reference: str = ""


@dataclass(frozen=True)
class Order:
    """A marketplace order in canonical form. `status` is the marketplace's own word (kept for
    display); `fulfilled_by` is "merchant" or "marketplace". `total` is the order amount in the
    seller's currency as the marketplace reports it (None when this answer does not carry it:
    AliExpress's order list only has the buyer's payment); `paid` is what the buyer paid, in the
    buyer's currency, when reported."""

    external_reference: str
    marketplace_id: str
    status: str
    purchased_at: datetime
    updated_at: datetime
    total: Money | None
    fulfilled_by: str = "merchant"
    paid: Money | None = None
    lines: tuple[OrderLine, ...] = ()
    ship_to: Address | None = None
    buyer_name: str = ""


@dataclass(frozen=True)
class OrderPage:
    """One page of orders changed since a time. Pass `next_token` back to get the next page;
    `None` means the window is exhausted."""

    orders: tuple[Order, ...]
    next_token: str | None = None


@dataclass(frozen=True)
class ShipmentConfirmation:
    order_reference: str
    marketplace_id: str
    carrier: str
    tracking_number: str
    shipped_at: datetime
    lines: tuple[tuple[str, int], ...] = ()  # (order line reference, quantity)
    ship_method: str = ""
    origin_country: str = ""
    package_reference: str = "1"
    is_partial: bool = False  # more shipments will follow for this order


@dataclass(frozen=True)
class ShipmentConfirmationResult:
    order_reference: str
    accepted: bool
    processing_status: str = ""


# --- Amazon fulfilment (MCF, FBA inventory, inbound, product types) ---------------------------------


@dataclass(frozen=True)
class FulfillmentItem:
    sku: str
    item_reference: str
    quantity: int
    declared_value: Money | None = None


@dataclass(frozen=True)
class FulfillmentOrderRequest:
    seller_fulfillment_order_id: str
    displayable_order_id: str
    displayable_order_date: datetime
    displayable_order_comment: str
    shipping_speed: str  # Standard, Expedited, Priority, ScheduledDelivery
    destination: Address
    items: tuple[FulfillmentItem, ...]
    marketplace_id: str = ""
    fulfillment_action: str = "Ship"
    fulfillment_policy: str = "FillOrKill"
    notification_emails: tuple[str, ...] = ()
    # Ask Amazon not to ship with Amazon Logistics (AMZL): other marketplaces do not accept its
    # tracking numbers (createFulfillmentOrder featureConstraints BLOCK_AMZL).
    block_amazon_logistics: bool = False


@dataclass(frozen=True)
class FulfillmentPreview:
    shipping_speed: str
    is_fulfillable: bool
    fees: tuple[tuple[str, Money], ...] = ()
    earliest_arrival: datetime | None = None
    latest_arrival: datetime | None = None
    unfulfillable_skus: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class FulfillmentPackage:
    package_number: int
    carrier: str
    tracking_number: str = ""


@dataclass(frozen=True)
class FulfillmentShipment:
    shipment_reference: str
    status: str
    fulfillment_center: str = ""
    shipped_at: datetime | None = None
    packages: tuple[FulfillmentPackage, ...] = ()


@dataclass(frozen=True)
class FulfillmentOrderItemState:
    sku: str
    item_reference: str
    quantity: int
    cancelled_quantity: int = 0
    unfulfillable_quantity: int = 0


@dataclass(frozen=True)
class FulfillmentOrder:
    seller_fulfillment_order_id: str
    status: str
    marketplace_id: str = ""
    received_at: datetime | None = None
    status_updated_at: datetime | None = None
    items: tuple[FulfillmentOrderItemState, ...] = ()
    shipments: tuple[FulfillmentShipment, ...] = ()


@dataclass(frozen=True)
class InventorySummary:
    sku: str
    total_quantity: int
    fulfillable_quantity: int = 0
    inbound_working_quantity: int = 0
    inbound_shipped_quantity: int = 0
    inbound_receiving_quantity: int = 0
    reserved_quantity: int = 0
    unfulfillable_quantity: int = 0
    asin: str = ""
    fnsku: str = ""
    condition: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class InventoryPage:
    summaries: tuple[InventorySummary, ...]
    next_token: str | None = None


@dataclass(frozen=True)
class InboundShipment:
    shipment_id: str
    name: str
    status: str
    destination_center: str = ""
    ship_from: Address | None = None


@dataclass(frozen=True)
class InboundShipmentPage:
    shipments: tuple[InboundShipment, ...]
    next_token: str | None = None


@dataclass(frozen=True)
class InboundShipmentItem:
    shipment_id: str
    sku: str
    quantity_shipped: int
    quantity_received: int = 0
    quantity_in_case: int = 0
    fnsku: str = ""


@dataclass(frozen=True)
class ProductTypeRequirements:
    """What a product type needs in one marketplace: the schema's required attributes and its
    property groups (group name -> attribute names), plus the schema itself for validation."""

    product_type: str
    marketplace_id: str
    version: str
    requirements: str
    locale: str
    required_attributes: tuple[str, ...]
    property_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    schema: Mapping[str, Any] = field(default_factory=dict)


# --- order finances (Amazon Finances API) ----------------------------------------------------------


@dataclass(frozen=True)
class OrderRefund:
    """Money given back on an order: `amount` is positive, in the order currency; `fees_returned`
    is what the marketplace gives back of its fees (positive)."""

    reference: str
    posted_at: datetime
    amount: Money
    fees_returned: Money | None = None
    lines: tuple[tuple[str, int], ...] = ()  # (SKU, units)


@dataclass(frozen=True)
class OrderFinances:
    """What the marketplace booked for an order: its fees (positive amounts, by fee type) and refunds."""

    order_reference: str
    fees: tuple[tuple[str, Money], ...] = ()
    refunds: tuple[OrderRefund, ...] = ()


# --- push notifications (Amazon Notifications API over SQS) ---------------------------------------


class NotificationKind(StrEnum):
    ORDER = "order"  # an order changed: read it again (order_get)
    FULFILLMENT_ORDER = "fulfillment_order"  # an MCF order changed: follow it (fulfillment_order_get)


@dataclass(frozen=True)
class MarketplaceNotification:
    """One push message, parsed. `reference` is the marketplace order id (ORDER) or our
    seller fulfilment order id (FULFILLMENT_ORDER); `changed_at` is when the change happened at
    the marketplace (compare it with the stored last-update time); `status` is the marketplace's
    word, for logs only: the order is read again, the message is a hint, not the truth."""

    notification_id: str
    notification_type: str
    kind: NotificationKind
    seller_reference: str
    reference: str
    marketplace_id: str = ""
    changed_at: datetime | None = None
    status: str = ""


@dataclass(frozen=True)
class NotificationSetup:
    """Where a channel account's notifications go: the destination and one subscription per type."""

    destination_id: str
    destination_arn: str
    subscriptions: Mapping[str, str] = field(default_factory=dict)  # notification type -> subscription id
