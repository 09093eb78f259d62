"""Keeping the revenue facts current: rebuilt per order from the Order and OrderLine tables.

Facts hold whole minor units of the base currency (allocations and costs are rounded to it), so
any sum of them is exact at the currency's decimals. The daily sums (RevenueDaily) and the
month × SKU sums (RevenueSkuMonthly) are re-summed from the facts for what a rebuild touched,
under the sync state's row lock, so two rebuilds never interleave their delete-and-insert.

`revenue_facts_sync()` runs every 30 seconds on beat (BEAT_SCHEDULE_REPORTS): it re-reads the
orders whose `updated_at` is past the watermark (minus an overlap, so a transaction that
committed late is not missed; re-reading is idempotent), so a change shows in the reports within
a minute. `revenue_facts_rebuild(order_ids=...)` is the same for given orders (tests, commands).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from currency.codes import currency_quantum
from currency.money import RoundingPurpose, money_round
from fulfilment.models import MoneyState, Order, OrderStatus
from fulfilment.reports.models import (
    DAILY_KEYS,
    RevenueDaily,
    RevenueFact,
    RevenueSkuMonthly,
    RevenueSkuRunning,
    RevenueSyncState,
)

CENT = Decimal("0.001")  # the money fields' three decimals (an unknown currency's quantum)
SYNC_OVERLAP = timedelta(seconds=15)
BATCH = 500


def quantum_of(currency: str) -> Decimal:
    try:
        return currency_quantum(currency)
    except ValueError:
        return CENT


def allocate(amount: Decimal, weights: Sequence[Decimal], quantum: Decimal = CENT) -> list[Decimal]:
    """`amount` split in proportion to `weights` (equal parts when they are all 0), rounded to
    `quantum` (the base currency's minor unit); the rounding remainder goes to the first part, so
    the parts add up to `amount` exactly."""
    if not weights:
        return []
    total = sum(weights, Decimal(0))
    if total == 0:
        weights = [Decimal(1)] * len(weights)
        total = Decimal(len(weights))
    shares = [(amount * weight / total).quantize(quantum, rounding=ROUND_HALF_EVEN) for weight in weights]
    shares[0] += amount - sum(shares, Decimal(0))
    return shares


def order_is_reported(order: Order) -> bool:
    """Cancelled orders and orders without converted money have no facts."""
    return (
        order.status != OrderStatus.CANCELLED
        and order.money_state == MoneyState.CONVERTED
        and order.base_total is not None
    )


def _base(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def order_facts(
    order: Order, lines: list, categories: dict[int, int | None], refunds: list | None = None
) -> list[RevenueFact]:
    """The facts of one order (not saved). `lines` with their variants; `categories` maps a
    variant id to its product's category id; `refunds` the order's Refund records.

    With Refund records, refunds are theirs — each on its own refund day, at that day's rate
    (`Refund.base_amount`), spread over the refunded lines — and the order's own facts carry no
    refund; a refund whose money is not converted has no fact (the selectors name it). Without
    them (marketplaces that only report a refunded status), the order's refunds at its order-date
    rate fall in the order's period."""
    refunds = refunds or []
    quantum = quantum_of(order.base_currency)
    common = {
        "account_id": order.account_id,
        "order_id": order.pk,
        "order_date": order.order_date,
        "family": order.family,
        "channel_account_id": order.channel_account_id,
        "marketplace_id": order.marketplace_id,
        "warehouse_id": order.warehouse_id,
        "network": order.network or "",
        "currency": order.base_currency,
    }
    amounts = {
        "gross_sales": _base(order.base_items_total) + _base(order.base_shipping_total),
        "discounts": _base(order.base_discount_total),
        "refunds": Decimal(0) if refunds else _base(order.base_refunds_total),
        "marketplace_fees": _base(order.base_fees_total),
        "fulfilment_costs": _base(order.base_fulfilment_cost),
    }
    if not lines:
        return [
            *_refund_facts(common, [], categories, refunds, quantum),
            RevenueFact(
                line=None,
                sku="",
                category_id=None,
                order_count=1,
                sku_order_count=1,
                category_order_count=1,
                units=0,
                **common,
                **amounts,
            ),
        ]
    weights = [Decimal(line.line_total) for line in lines]
    shares = {name: allocate(amount, weights, quantum) for name, amount in amounts.items()}
    facts = []
    seen_skus: set[str] = set()
    seen_categories: set = set()
    for index, line in enumerate(lines):
        category_id = categories.get(line.variant_id) if line.variant_id else None
        variant = line.variant
        has_cost = variant is not None and variant.cost is not None and variant.currency == order.base_currency
        facts.append(
            RevenueFact(
                line_id=line.pk,
                sku=line.sku,
                category_id=category_id,
                order_count=1 if index == 0 else 0,
                sku_order_count=0 if line.sku in seen_skus else 1,
                category_order_count=0 if category_id in seen_categories else 1,
                units=line.quantity,
                cost_of_goods=line_cost(variant.cost, line.quantity, order.base_currency) if has_cost else Decimal(0),
                lines_without_cost=0 if has_cost else 1,
                **common,
                **{name: parts[index] for name, parts in shares.items()},
            )
        )
        seen_skus.add(line.sku)
        seen_categories.add(category_id)
    return facts + _refund_facts(common, lines, categories, refunds, quantum)


def line_cost(cost: Decimal, quantity: int, currency: str) -> Decimal:
    """A line's cost of goods, booked in whole minor units of the base currency."""
    try:
        return money_round(cost * quantity, currency, RoundingPurpose.REPORT)
    except ValueError:
        return cost * quantity


def refund_fees_returned(refund) -> Decimal:  # type: ignore[no-untyped-def]
    """The fees the marketplace gave back with a converted refund, in the base currency at the
    refund's own rate (Refund.rate; from its base amount when no rate is stored)."""
    if not refund.fees_returned or refund.base_amount is None:
        return Decimal(0)
    if refund.rate is not None:
        value = refund.fees_returned * refund.rate
    elif refund.amount:
        value = refund.fees_returned * refund.base_amount / refund.amount
    else:
        return Decimal(0)
    try:
        return money_round(value, refund.base_currency, RoundingPurpose.ORDER_AMOUNT)
    except ValueError:
        return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _refund_weights(lines: list, refund) -> list[Decimal]:  # type: ignore[no-untyped-def]
    """The refunded lines' value (refund.lines = [[sku, units], ...]); all lines by value when
    the refund does not name lines the order has."""
    units: dict[str, int] = {}
    for entry in refund.lines or []:
        try:
            sku, count = entry[0], int(entry[1])
        except (IndexError, TypeError, ValueError):
            continue
        units[sku] = units.get(sku, 0) + count
    weights = [Decimal(line.unit_price) * units.get(line.sku, 0) for line in lines]
    if not any(weights):
        weights = [Decimal(line.line_total) for line in lines]
    return weights


def _refund_facts(common: dict, lines: list, categories: dict, refunds: list, quantum: Decimal) -> list[RevenueFact]:
    facts = []
    for refund in refunds:
        if refund.base_amount is None:
            continue
        dated = {**common, "order_date": refund.refund_date}
        returned = refund_fees_returned(refund)
        if not lines:
            facts.append(
                RevenueFact(
                    line=None, sku="", category_id=None, refunds=refund.base_amount, fees_returned=returned, **dated
                )
            )
            continue
        weights = _refund_weights(lines, refund)
        parts = zip(
            lines, allocate(refund.base_amount, weights, quantum), allocate(returned, weights, quantum), strict=True
        )
        for line, share, fees_share in parts:
            category_id = categories.get(line.variant_id) if line.variant_id else None
            facts.append(
                RevenueFact(
                    line=None, sku=line.sku, category_id=category_id, refunds=share, fees_returned=fees_share, **dated
                )
            )
    return facts


DAILY_SUMS = (
    "order_count",
    "units",
    "gross_sales",
    "discounts",
    "refunds",
    "fees_returned",
    "marketplace_fees",
    "fulfilment_costs",
    "cost_of_goods",
)
MONTHLY_SUMS = ("sku_order_count", "category_order_count", *DAILY_SUMS[1:])
MONTHLY_KEYS = ("family", "sku", "category_id")


def revenue_daily_rebuild(*, days: Iterable[tuple[int, object]]) -> int:
    """Re-sum the facts of these (account id, day) pairs into RevenueDaily."""
    by_account: dict[int, set] = {}
    for account_id, day in days:
        by_account.setdefault(account_id, set()).add(day)
    written = 0
    for account_id, account_days in by_account.items():
        day_list = sorted(account_days)
        for start in range(0, len(day_list), 200):
            chunk = day_list[start : start + 200]
            sums = (
                RevenueFact.objects.filter(account_id=account_id, order_date__in=chunk)
                .values(*DAILY_KEYS)
                .annotate(**{f"s_{name}": Sum(name) for name in DAILY_SUMS})
                .order_by()
            )
            rows = [
                RevenueDaily(
                    **{key: values[key] for key in DAILY_KEYS},
                    **{name: values[f"s_{name}"] for name in DAILY_SUMS},
                )
                for values in sums
            ]
            with transaction.atomic():
                RevenueDaily.objects.filter(account_id=account_id, order_date__in=chunk).delete()
                RevenueDaily.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
    return written


def month_start(day) -> date:  # type: ignore[no-untyped-def]
    return day.replace(day=1)


def month_end(day) -> date:  # type: ignore[no-untyped-def]
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def revenue_sku_monthly_rebuild(*, keys: Iterable[tuple[int, date, str, str | None]]) -> int:
    """Re-sum the facts of these (account id, month, family, sku) into RevenueSkuMonthly; a
    family of None re-sums the account's whole month."""
    by_month: dict[tuple[int, date], dict[str, set] | None] = {}
    for account_id, day, family, sku in keys:
        month = month_start(day)
        if family is None or by_month.get((account_id, month), {}) is None:
            by_month[(account_id, month)] = None
            continue
        by_month.setdefault((account_id, month), {}).setdefault(family, set()).add(sku)  # type: ignore[union-attr]
    written = 0
    for (account_id, month), families in sorted(by_month.items()):
        if families is None:
            selections = [Q()]
        else:
            selections = []
            for family, skus in sorted(families.items()):
                ordered = sorted(skus)
                selections += [
                    Q(family=family, sku__in=ordered[start : start + 500]) for start in range(0, len(ordered), 500)
                ]
        days = (month, month_end(month))
        for selection in selections:
            sums = (
                RevenueFact.objects.filter(selection, account_id=account_id, order_date__range=days)
                .values(*MONTHLY_KEYS)
                .annotate(s_fact_count=Count("id"), **{f"s_{name}": Sum(name) for name in MONTHLY_SUMS})
                .order_by()
            )
            rows = [
                RevenueSkuMonthly(
                    account_id=account_id,
                    month=month,
                    fact_count=values["s_fact_count"],
                    **{key: values[key] for key in MONTHLY_KEYS},
                    **{name: values[f"s_{name}"] for name in MONTHLY_SUMS},
                )
                for values in sums
            ]
            with transaction.atomic():
                RevenueSkuMonthly.objects.filter(selection, account_id=account_id, month=month).delete()
                RevenueSkuMonthly.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
    return written


def next_month(month: date) -> date:
    return month_end(month) + timedelta(days=1)


RUNNING_SUMS = ("fact_count", *MONTHLY_SUMS)


def revenue_sku_running_rebuild(*, account_id: int, pairs: Iterable[tuple[str, str]] | None = None) -> int:
    """Recompute the running totals (RevenueSkuRunning) of these (family, sku) keys from the
    month sums, through the account's latest month; None: every key. When the latest month moved
    on, the other keys get rows for the new months too (their totals carried forward)."""
    monthly = RevenueSkuMonthly.objects.filter(account_id=account_id)
    running = RevenueSkuRunning.objects.filter(account_id=account_id)
    old_horizon = running.aggregate(month=Max("month"))["month"]
    horizons = [month for month in (monthly.aggregate(month=Max("month"))["month"], old_horizon) if month]
    if not horizons:
        return 0
    horizon = max(horizons)
    written = 0
    chosen = None if pairs is None else set(pairs)
    if chosen is not None and old_horizon is not None and horizon > old_horizon:
        new_months = []
        month = next_month(old_horizon)
        while month <= horizon:
            new_months.append(month)
            month = next_month(month)
        carried = [
            RevenueSkuRunning(
                account_id=account_id,
                month=month,
                family=row.family,
                sku=row.sku,
                category_id=row.category_id,
                **{name: getattr(row, name) for name in RUNNING_SUMS},
            )
            for row in running.filter(month=old_horizon)
            if (row.family, row.sku) not in chosen
            for month in new_months
        ]
        RevenueSkuRunning.objects.bulk_create(carried, batch_size=2000)
        written += len(carried)
    if chosen is None:
        selections = [Q()]
    else:
        by_family: dict[str, list[str]] = {}
        for family, sku in sorted(chosen):
            by_family.setdefault(family, []).append(sku)
        selections = [
            Q(family=family, sku__in=skus[start : start + 500])
            for family, skus in by_family.items()
            for start in range(0, len(skus), 500)
        ]
    key_fields = ("family", "sku", "category_id")
    for selection in selections:
        found = monthly.filter(selection).values_list(*key_fields, "month", *RUNNING_SUMS).order_by()
        per_key: dict[tuple, dict[date, tuple]] = {}
        for values in found:
            per_key.setdefault(tuple(values[:3]), {})[values[3]] = values[4:]
        rows = []
        for key, months in per_key.items():
            totals = [0] * len(RUNNING_SUMS)
            month = min(months)
            while month <= horizon:
                sums = months.get(month)
                if sums is not None:
                    totals = [total + value for total, value in zip(totals, sums, strict=True)]
                rows.append(
                    RevenueSkuRunning(
                        account_id=account_id,
                        month=month,
                        **dict(zip(key_fields, key, strict=True)),
                        **dict(zip(RUNNING_SUMS, totals, strict=True)),
                    )
                )
                month = next_month(month)
        running.filter(selection).delete()
        RevenueSkuRunning.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written


def _lock_rollups() -> None:
    """Rebuilds delete and re-insert rollup rows: one at a time (the sync state's row lock; on
    SQLite the write transaction already is)."""
    RevenueSyncState.objects.get_or_create(key="orders")
    RevenueSyncState.objects.select_for_update().filter(key="orders").first()


def revenue_facts_rebuild(*, order_ids: Iterable[int]) -> int:
    """Replace the facts of these orders by what the orders say now. Returns the facts written."""
    ids = list(order_ids)
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        orders = list(
            Order.objects.filter(pk__in=chunk).prefetch_related("lines__variant__product", "refunds").order_by("pk")
        )
        facts: list[RevenueFact] = []
        for order in orders:
            if not order_is_reported(order):
                continue
            lines = sorted(order.lines.all(), key=lambda line: line.pk)
            categories = {line.variant_id: line.variant.product.category_id for line in lines if line.variant_id}
            facts.extend(order_facts(order, lines, categories, list(order.refunds.all())))
        with transaction.atomic():
            _lock_rollups()
            # what the old facts and the new ones fall in
            touched = set(
                RevenueFact.objects.filter(order_id__in=chunk)
                .values_list("account_id", "order_date", "family", "sku")
                .distinct()
                .order_by()
            )
            touched |= {(fact.account_id, fact.order_date, fact.family, fact.sku) for fact in facts}
            RevenueFact.objects.filter(order_id__in=chunk).delete()
            RevenueFact.objects.bulk_create(facts, batch_size=1000)
            revenue_daily_rebuild(days={(account_id, day) for account_id, day, _, _ in touched})
            revenue_sku_monthly_rebuild(keys=touched)
            pairs: dict[int, set] = {}
            for account_id, _day, family, sku in touched:
                pairs.setdefault(account_id, set()).add((family, sku))
            for account_id, account_pairs in pairs.items():
                revenue_sku_running_rebuild(account_id=account_id, pairs=account_pairs)
        written += len(facts)
    return written


def revenue_facts_sync() -> int:
    """Re-read every order changed since the last sync (see the module docstring)."""
    started = timezone.now()
    with transaction.atomic():
        state, _ = RevenueSyncState.objects.select_for_update().get_or_create(key="orders")
        orders = Order.objects.all()
        if state.orders_updated_before is not None:
            orders = orders.filter(updated_at__gte=state.orders_updated_before - SYNC_OVERLAP)
        ids = list(orders.values_list("pk", flat=True))
        written = revenue_facts_rebuild(order_ids=ids)
        state.orders_updated_before = started
        state.synced_at = timezone.now()
        state.save(update_fields=["orders_updated_before", "synced_at"])
    return written
