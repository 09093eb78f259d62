"""What the audit log follows: model label → the fields whose changes are recorded. Every save
or delete of these models records an entry (hub.audit.recorders), whichever path made it — API,
page, admin, task. Writes that skip model saves (bulk_update, queryset.update, bulk_create) call
hub.audit.services.audit_record_many themselves."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AuditSpec:
    fields: tuple[str, ...]
    # Recorded as "(set)" / "(empty)" only: never the value, not even encrypted.
    secret_fields: frozenset[str] = field(default_factory=frozenset)
    # Path from the object to its seller account id.
    account_attribute: str = "account_id"
    # Which of create / update / delete are recorded.
    actions: frozenset[str] = frozenset({"create", "update", "delete"})


AUDITED: dict[str, AuditSpec] = {
    # Prices.
    "catalog.variant": AuditSpec(("sku", "base_price", "cost", "currency")),
    "listings.pricerule": AuditSpec(
        (
            "channel_account",
            "marketplace_id",
            "markup_pct",
            "fixed_amount",
            "min_margin_pct",
            "safety_buffer",
            "quantity_cap",
            "fulfilment_channel",
            "mcf_fba_region",
        )
    ),
    "listings.promotion": AuditSpec(
        ("name", "kind", "value", "starts_at", "ends_at", "skus", "category", "marketplaces", "is_active")
    ),
    # Listings: publishing (a job names what was published), delisting and relisting.
    "listings.publishjob": AuditSpec(("selection",)),
    # Listing rows are created by each build (the publish job records who published what) and
    # deleted with their variant: only the seller's delist/relist changes are recorded.
    "listings.listing": AuditSpec(("enabled",), actions=frozenset({"update"})),
    "listings.listingparent": AuditSpec(("enabled",), actions=frozenset({"update"})),
    # Mappings.
    "listings.categorymapping": AuditSpec(
        ("category", "family", "marketplace_id", "target", "variation_theme", "constants")
    ),
    "listings.attributemapping": AuditSpec(("attribute", "family", "product_type", "target", "value_map")),
    # Routing rules.
    "fulfilment.routingrule": AuditSpec(
        (
            "name",
            "position",
            "is_active",
            "families",
            "marketplace_ids",
            "countries",
            "warehouse",
            "prefer_cheapest",
            "allow_split",
        )
    ),
    # Roles and members.
    "accounts.membership": AuditSpec(("user", "role", "locales")),
    "accounts.invitation": AuditSpec(("email", "role", "locales", "revoked_at", "accepted_at")),
    "accounts.selleraccount": AuditSpec(("name", "base_currency", "source_locale", "timezone"), account_attribute="pk"),
    # Marketplace connections and their credentials.
    "channels.channelaccount": AuditSpec(
        ("name", "family", "marketplaces", "base_urls", "seller_reference", "credentials_encrypted"),
        secret_fields=frozenset({"credentials_encrypted"}),
    ),
    # Stock: every manual movement (receipts, adjustments, counts, imports, transfers, returns,
    # damage); order reservations and marketplace syncs are in the stock ledger only.
    "inventory.stockmovement": AuditSpec(
        ("variant", "warehouse", "on_hand_change", "on_hand_after", "reason", "reference")
    ),
}

STOCK_REASONS_AUDITED = frozenset(
    {"receipt", "adjustment", "count", "import", "return", "transfer_out", "transfer_in", "damage"}
)


def audit_spec_for(model: type) -> AuditSpec | None:
    return AUDITED.get(model._meta.label_lower)
