"""Promotions (限时折扣): limited-time discounts for SKUs or a category on chosen marketplaces.

Amazon holds a sale price with its own schedule (purchasable_offer.discounted_price with start_at
/ end_at): a promotion that runs or is still to come goes there as soon as it exists, the offer's
price stays the regular one, and Amazon switches at the start and end itself. Elsewhere they reach
the marketplace as scheduled price changes: while a promotion runs, the desired price of its
listings is the discounted one; at its end the regular price comes back (a beat task rebuilds the
listings whose promotion state changed, and the next apply sends one price patch each).

Overlap rule (one, documented): when several promotions cover a listing at the same moment, the
one with the largest discount on the variant's base price wins; on a tie, the one that started
last, then the highest id. The margin floor holds whatever the discount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.accounts.models import SellerAccount
from hub.catalog.models import Category
from hub.core.exceptions import ApplicationError
from listings.models import Promotion, PromotionKind
from listings.pricing import Discount


@dataclass(frozen=True)
class _Active:
    pk: int
    kind: str
    value: Decimal
    starts_at: datetime
    ends_at: datetime
    skus: frozenset[str]
    category_ids: frozenset[int]
    markets: frozenset[tuple[int, str]]


def _descendants(account: SellerAccount, category_id: int) -> set[int]:
    parents = dict(Category.objects.filter(account=account).values_list("pk", "parent_id"))
    result = {category_id}
    changed = True
    while changed:
        changed = False
        for pk, parent in parents.items():
            if parent in result and pk not in result:
                result.add(pk)
                changed = True
    return result


class PromotionIndex:
    def __init__(self, account: SellerAccount, *, now: datetime) -> None:
        self.now = now
        self.active: list[_Active] = []  # running now
        self.coming: list[_Active] = []  # running now or later (Amazon schedules them)
        rows = Promotion.objects.filter(account=account, is_active=True, ends_at__gt=now)
        for row in rows:
            self.coming.append(
                _Active(
                    pk=row.pk,
                    kind=row.kind,
                    value=row.value,
                    starts_at=row.starts_at,
                    ends_at=row.ends_at,
                    skus=frozenset(row.skus or []),
                    category_ids=frozenset(_descendants(account, row.category_id) if row.category_id else ()),
                    markets=frozenset(
                        (int(m["channel_account"]), str(m.get("marketplace_id") or "")) for m in row.marketplaces or []
                    ),
                )
            )
        self.active = [p for p in self.coming if p.starts_at <= now]

    @staticmethod
    def _covers(promotion: _Active, *, sku, category_id, channel_account_pk, marketplace_id) -> bool:
        if not (sku in promotion.skus or (category_id is not None and category_id in promotion.category_ids)):
            return False
        if not promotion.markets:
            return True
        return (channel_account_pk, marketplace_id) in promotion.markets or (
            channel_account_pk,
            "",
        ) in promotion.markets

    def discount_for(
        self, *, variant, product, channel_account_pk: int, marketplace_id: str, scheduled: bool = False
    ) -> Discount | None:
        """The promotion that prices the listing now; with `scheduled` (Amazon), the one running now,
        else the next to start — its Discount carries its start and end."""
        pool = self.coming if scheduled else self.active
        if not pool:
            return None
        candidates = [
            p
            for p in pool
            if self._covers(
                p,
                sku=variant.sku,
                category_id=product.category_id,
                channel_account_pk=channel_account_pk,
                marketplace_id=marketplace_id,
            )
        ]
        if not candidates:
            return None

        def amount(p: _Active) -> Decimal:
            return variant.base_price * p.value / 100 if p.kind == PromotionKind.PERCENT else p.value

        running = [p for p in candidates if p.starts_at <= self.now]
        if scheduled and not running:
            first = min(p.starts_at for p in candidates)
            running = [p for p in candidates if p.starts_at == first]
        best = max(running or candidates, key=lambda p: (amount(p), p.starts_at, p.pk))
        return Discount(
            kind=best.kind, value=best.value, promotion_pk=best.pk, starts_at=best.starts_at, ends_at=best.ends_at
        )


@transaction.atomic
def promotion_create(
    *,
    account: SellerAccount,
    name: str,
    kind: str,
    value: Decimal,
    starts_at: datetime,
    ends_at: datetime,
    skus: list[str] | None = None,
    category: Category | None = None,
    marketplaces: list[dict] | None = None,
) -> Promotion:
    fields: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        fields["ends_at"] = ["The promotion must end after it starts."]
    if kind not in PromotionKind.values:
        fields["kind"] = [f"One of {', '.join(PromotionKind.values)}."]
    if value <= 0 or (kind == PromotionKind.PERCENT and value >= 100):
        fields["value"] = ["A discount is more than 0 (and under 100 %)."]
    if not skus and category is None:
        fields["skus"] = ["Name SKUs or a category."]
    if category is not None and category.account_id != account.pk:
        fields["category"] = ["Unknown category."]
    if skus:
        from hub.catalog.models import Variant

        known = set(Variant.objects.filter(account=account, sku__in=skus).values_list("sku", flat=True))
        unknown = sorted(set(skus) - known)
        if unknown:
            fields["skus"] = [f"Unknown SKUs: {', '.join(unknown[:10])}."]
    from channels.models import ChannelAccount

    for entry in marketplaces or []:
        channel_account = ChannelAccount.objects.filter(account=account, pk=entry.get("channel_account")).first()
        if channel_account is None:
            fields["marketplaces"] = ["Unknown channel account."]
        elif entry.get("marketplace_id") and entry["marketplace_id"] not in (channel_account.marketplaces or []):
            fields["marketplaces"] = [f"{entry['marketplace_id']} is not enabled for {channel_account.name}."]
    if fields:
        raise ApplicationError("The promotion is not valid.", fields=fields)
    return Promotion.objects.create(
        account=account,
        name=name,
        kind=kind,
        value=value,
        starts_at=starts_at,
        ends_at=ends_at,
        skus=list(skus or []),
        category=category,
        marketplaces=list(marketplaces or []),
    )


def promotions_due(*, account: SellerAccount, since: datetime, now: datetime | None = None) -> list[Promotion]:
    """Promotions that started or ended in (since, now]: their listings need a rebuild."""
    now = now or timezone.now()
    return list(
        Promotion.objects.filter(account=account, is_active=True).filter(
            models_q_between("starts_at", since, now) | models_q_between("ends_at", since, now)
        )
    )


def models_q_between(name: str, start: datetime, end: datetime):
    from django.db.models import Q

    return Q(**{f"{name}__gt": start, f"{name}__lte": end})
