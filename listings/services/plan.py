"""Plans: per listing, what apply would do (create, replace, patch price / quantity, delist, nothing),
what it costs in marketplace calls, and what blocks it. Computed from the hash, price and quantity
columns only; listings already in sync (desired hash = acknowledged hash) are counted as "nothing"
in SQL without being read, so a re-plan costs what changed. Field-level differences are read on
request (`diffs=True`, or `payload_diff` for one listing)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, Q

from channels.models import ChannelAccount
from hub.accounts.models import SellerAccount
from listings.models import Listing, ListingParent, ListingStatus, PushAction
from listings.services.build import Selection, channel_accounts_for, marketplaces_for, settings_for

OFFER_BATCH = {"aliexpress": 20, "wish": 1}  # products per batch call (Wish: one PUT per product)
FEED_CALLS = 5  # createFeedDocument, upload, createFeed, getFeed (≥1), getFeedDocument
PRICE_ISSUES = {"rate_stale", "rate_missing"}


@dataclass
class PlanEntry:
    kind: str  # "listing" | "parent"
    pk: int
    sku: str
    family: str
    channel_account: int
    marketplace_id: str
    action: str
    status: str
    blocking: list[dict] = field(default_factory=list)
    calls: float = 0.0
    fields: list[str] = field(default_factory=list)
    parent: int | None = None

    @property
    def is_work(self) -> bool:
        return self.action not in (PushAction.NOTHING,) and not self.blocking


@dataclass
class Plan:
    entries: list[PlanEntry]
    calls: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    blocked: int = 0
    feed_markets: list[str] = field(default_factory=list)

    def as_dict(self, *, entries: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "counts": self.counts,
            "blocked": self.blocked,
            "calls": self.calls,
            "feeds": self.feed_markets,
        }
        if entries:
            data["entries"] = [asdict(entry) for entry in self.entries]
        return data

    @property
    def work(self) -> list[PlanEntry]:
        return [entry for entry in self.entries if entry.is_work]


def _offer_action(price_changed: bool, quantity_changed: bool) -> str:
    if price_changed and quantity_changed:
        return PushAction.PATCH_OFFER
    if price_changed:
        return PushAction.PATCH_PRICE
    if quantity_changed:
        return PushAction.PATCH_QUANTITY
    return PushAction.NOTHING


def _listing_action(row: dict) -> tuple[str, list[dict]]:
    blocking = [issue for issue in row["issues"] or [] if issue.get("blocking")]
    exists = bool(row["acked_hash"]) and row["status"] != ListingStatus.DELISTED
    if not row["enabled"]:
        return (PushAction.DELIST if exists else PushAction.NOTHING), []
    if blocking and exists and all(issue.get("code") in PRICE_ISSUES for issue in blocking):
        # A stale rate holds prices, not stock.
        quantity_changed = row["desired_quantity"] != row["acked_quantity"]
        return (PushAction.PATCH_QUANTITY if quantity_changed else PushAction.NOTHING), (
            [] if quantity_changed else blocking
        )
    if not row["desired_hash"] and not blocking:
        return PushAction.NOTHING, []
    if not exists:
        return PushAction.CREATE, blocking
    if row["desired_hash"] == row["acked_hash"]:
        return PushAction.NOTHING, []
    if row["desired_content_hash"] != row["acked_content_hash"]:
        return PushAction.REPLACE, blocking
    price_changed = row["desired_price"] != row["acked_price"]
    quantity_changed = row["desired_quantity"] != row["acked_quantity"]
    if not (price_changed or quantity_changed):
        # Same content, price and quantity, another hash: the sale (Amazon discounted_price and its
        # schedule) is what changed, and it goes with the price.
        price_changed = True
    return _offer_action(price_changed, quantity_changed), blocking


LISTING_COLUMNS = (
    "pk",
    "sku",
    "family",
    "channel_account_id",
    "marketplace_id",
    "parent_id",
    "status",
    "enabled",
    "issues",
    "desired_hash",
    "acked_hash",
    "desired_content_hash",
    "acked_content_hash",
    "desired_price",
    "acked_price",
    "desired_quantity",
    "acked_quantity",
)
PARENT_COLUMNS = (
    "pk",
    "sku",
    "family",
    "channel_account_id",
    "marketplace_id",
    "status",
    "enabled",
    "issues",
    "desired_hash",
    "acked_hash",
    "desired_content_hash",
    "acked_content_hash",
    "external_id",
)


def _scope(model, channel_account: ChannelAccount, marketplace_id: str, selection: Selection):
    queryset = model.objects.filter(channel_account=channel_account, marketplace_id=marketplace_id)
    if model is Listing:
        if selection.skus:
            # Catalog SKUs (what a selection names); a marketplace SKU that had to be shortened
            # (AliExpress) is not one, so both are matched, as listings.selectors does.
            queryset = queryset.filter(Q(variant__sku__in=selection.skus) | Q(sku__in=selection.skus))
        if selection.products:
            queryset = queryset.filter(variant__product_id__in=selection.products)
        if selection.categories:
            queryset = queryset.filter(variant__product__category_id__in=selection.categories)
    else:
        if selection.skus:
            queryset = queryset.filter(
                Q(children__variant__sku__in=selection.skus) | Q(children__sku__in=selection.skus)
            ).distinct()
        if selection.products:
            queryset = queryset.filter(product_id__in=selection.products)
        if selection.categories:
            queryset = queryset.filter(product__category_id__in=selection.categories)
    return queryset


def plan_build(
    *, account: SellerAccount, selection: Selection | None = None, only_work: bool = False, diffs: bool = False
) -> Plan:
    """The plan for what is stored (run `listings_build` first to refresh the desired state)."""
    selection = selection or Selection()
    feed_threshold = settings_for(account).feed_threshold
    entries: list[PlanEntry] = []
    feeds: list[str] = []
    unchanged: dict[tuple[int, str], int] = {}
    for channel_account in channel_accounts_for(account, selection):
        family = channel_account.family
        for marketplace_id in marketplaces_for(channel_account, selection):
            market_entries = _plan_market(channel_account, marketplace_id, selection, family, unchanged)
            if family == "amazon":
                puts = [e for e in market_entries if e.is_work]
                if len(puts) > feed_threshold:
                    feeds.append(f"{channel_account.pk}:{marketplace_id}")
                    for entry in puts:
                        entry.calls = 0.0
                    if puts:
                        puts[0].calls = FEED_CALLS
            entries.extend(market_entries)
    if diffs:
        _attach_fields(entries)
    plan = Plan(entries=[e for e in entries if e.is_work or e.blocking] if only_work else entries)
    counts = Counter(e.action if not e.blocking else "blocked" for e in entries)
    settled = sum(unchanged.values())
    if settled:
        counts[PushAction.NOTHING] += settled
    plan.counts = {str(action): count for action, count in counts.items()}
    plan.blocked = sum(1 for e in entries if e.blocking)
    plan.calls = int(math.ceil(sum(e.calls for e in entries)))
    plan.feed_markets = feeds
    return plan


def _plan_market(
    channel_account: ChannelAccount,
    marketplace_id: str,
    selection: Selection,
    family: str,
    unchanged: dict[tuple[int, str], int],
) -> list[PlanEntry]:
    entries: list[PlanEntry] = []
    parents = {
        row["pk"]: row
        for row in _scope(ListingParent, channel_account, marketplace_id, selection).values(*PARENT_COLUMNS)
    }
    parent_actions: dict[int, str] = {}
    for row in parents.values():
        action, blocking = _listing_action(
            {**row, "desired_price": None, "acked_price": None, "desired_quantity": None, "acked_quantity": None}
        )
        if family == "amazon" and not row["desired_hash"] and not row["acked_hash"]:
            continue  # a single-variant product has no Amazon parent
        if action in (PushAction.PATCH_PRICE, PushAction.PATCH_QUANTITY, PushAction.PATCH_OFFER):
            action = PushAction.NOTHING if family == "amazon" else action
        parent_actions[row["pk"]] = action if not blocking else "blocked"
        if family == "amazon" or action in (PushAction.CREATE, PushAction.REPLACE, PushAction.DELIST) or blocking:
            entries.append(
                PlanEntry(
                    kind="parent",
                    pk=row["pk"],
                    sku=row["sku"],
                    family=family,
                    channel_account=channel_account.pk,
                    marketplace_id=marketplace_id,
                    action=action,
                    status=row["status"],
                    blocking=blocking,
                    calls=1.0 if action != PushAction.NOTHING and not blocking else 0.0,
                )
            )
    batch_products: dict[str, set[int]] = defaultdict(set)
    scope = _scope(Listing, channel_account, marketplace_id, selection)
    # Proportional to what changed: listings whose desired hash equals the acknowledged one (and that
    # stay listed) are only counted, on the indexed columns; the others are read and classified.
    settled = Q(desired_hash=F("acked_hash")) & Q(enabled=True) & ~Q(desired_hash="")
    unchanged[(channel_account.pk, marketplace_id)] = scope.filter(settled).count()
    for row in scope.exclude(settled).values(*LISTING_COLUMNS):
        action, blocking = _listing_action(row)
        calls = 0.0
        parent_action = parent_actions.get(row["parent_id"])
        if family == "amazon":
            calls = 1.0 if action != PushAction.NOTHING and not blocking else 0.0
        elif action != PushAction.NOTHING and not blocking:
            if parent_action in (PushAction.CREATE, PushAction.REPLACE):
                action = parent_action  # sent inside the product's call
            elif action in (PushAction.CREATE, PushAction.REPLACE):
                # The product is up to date but this variant is not on it yet: the product is re-sent.
                action = PushAction.REPLACE
                calls = 1.0
            elif action != PushAction.DELIST:
                if action in (PushAction.PATCH_PRICE, PushAction.PATCH_OFFER):
                    batch_products["price"].add(row["parent_id"])
                if action in (PushAction.PATCH_QUANTITY, PushAction.PATCH_OFFER):
                    batch_products["quantity"].add(row["parent_id"])
        entries.append(
            PlanEntry(
                kind="listing",
                pk=row["pk"],
                sku=row["sku"],
                family=family,
                channel_account=channel_account.pk,
                marketplace_id=marketplace_id,
                action=action,
                status=row["status"],
                blocking=blocking,
                calls=calls,
                parent=row["parent_id"],
            )
        )
    if family != "amazon" and batch_products:
        size = OFFER_BATCH.get(family, 1)
        if family == "wish":
            extra = len(batch_products["price"] | batch_products["quantity"])
        else:
            extra = sum(math.ceil(len(products) / size) for products in batch_products.values())
        patches = [
            e
            for e in entries
            if e.kind == "listing"
            and e.action in (PushAction.PATCH_PRICE, PushAction.PATCH_QUANTITY, PushAction.PATCH_OFFER)
        ]
        if patches:
            patches[0].calls += extra
    return entries


def _attach_fields(entries: list[PlanEntry]) -> None:
    listing_pks = [e.pk for e in entries if e.kind == "listing" and e.is_work]
    parent_pks = [e.pk for e in entries if e.kind == "parent" and e.is_work]
    rows = {
        ("listing", pk): (d, a)
        for pk, d, a in Listing.objects.filter(pk__in=listing_pks).values_list("pk", "desired_payload", "acked_payload")
    }
    rows.update(
        {
            ("parent", pk): (d, a)
            for pk, d, a in ListingParent.objects.filter(pk__in=parent_pks).values_list(
                "pk", "desired_payload", "acked_payload"
            )
        }
    )
    for entry in entries:
        found = rows.get((entry.kind, entry.pk))
        if found:
            entry.fields = [change["field"] for change in payload_diff(found[1], found[0])]


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = {}
        for index, inner in enumerate(value):
            out.update(_flatten(inner, f"{prefix}[{index}]"))
        return out
    return {prefix: value}


def payload_diff(before: dict | None, after: dict | None) -> list[dict]:
    """Field-level difference between what the marketplace acknowledged and what is desired."""
    from listings.builders.common import _stable

    old, new = _flatten(_stable(before or {})), _flatten(_stable(after or {}))
    changes = []
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            changes.append({"field": name, "before": old.get(name), "after": new.get(name)})
    return changes


def listing_diff(listing: Listing) -> list[dict]:
    return payload_diff(listing.acked_payload, listing.desired_payload)


def plan_settings_summary() -> dict:
    return {"feed_threshold_default": settings.LISTINGS_AMAZON_FEED_THRESHOLD}


def plan_drift(*, account: SellerAccount, selection: Selection | None = None, limit: int = 200) -> list[dict]:
    """ "Check live": read each acknowledged listing of the selection (at most `limit`) from the
    marketplace and report fields changed there since the last push (price, quantity, title, gone)."""
    from channels.exceptions import ChannelError
    from channels.registry import adapter_for

    selection = selection or Selection()
    drift: list[dict] = []
    for channel_account in channel_accounts_for(account, selection):
        adapter = adapter_for(channel_account)
        try:
            for marketplace_id in marketplaces_for(channel_account, selection):
                rows = _scope(Listing, channel_account, marketplace_id, selection).exclude(acked_hash="")
                for row in rows.order_by("pk")[: max(0, limit - len(drift))]:
                    try:
                        live = adapter.listing_get(
                            sku=row.sku, marketplace_id=marketplace_id, external_reference=row.external_id
                        )
                    except ChannelError as error:
                        drift.append({"listing": row.pk, "sku": row.sku, "field": "*", "error": str(error)})
                        continue
                    acked = row.acked_payload or {}
                    changes = []
                    if not live.exists:
                        changes.append(("exists", True, False))
                    else:
                        if _differs(live.price.amount if live.price else None, row.acked_price):
                            changes.append(("price", str(row.acked_price), str(live.price.amount)))
                        if (
                            live.quantity is not None
                            and row.acked_quantity is not None
                            and live.quantity != row.acked_quantity
                        ):
                            changes.append(("quantity", row.acked_quantity, live.quantity))
                        if live.title and acked.get("title") and live.title != acked.get("title"):
                            changes.append(("title", acked.get("title"), live.title))
                    for name, before, after in changes:
                        drift.append(
                            {
                                "listing": row.pk,
                                "sku": row.sku,
                                "marketplace_id": marketplace_id,
                                "field": name,
                                "acknowledged": before,
                                "live": after,
                            }
                        )
        finally:
            close = getattr(adapter, "close", None)
            if close:
                close()
    return drift


def _differs(live, acked) -> bool:
    return live is not None and acked is not None and live != acked
