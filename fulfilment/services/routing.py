"""Where an order ships from, and why.

`route_plan` is a pure function of the order, its lines, the account's warehouses and rules and
the stock available: the rules are tried in order; the first that can serve the order decides.
With no rule deciding, the whole order goes to the one warehouse that has all of it (own
warehouses first, then the cheapest). Each decision carries a trace: every candidate with its
stock, cost and delivery estimate, and what each rule said.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from currency.exceptions import ConversionError
from currency.money import Money, RoundingPurpose
from currency.services import currency_convert
from fulfilment.models import Network, RoutingRule
from hub.inventory.models import Warehouse, WarehouseKind

FBA_DELIVERY_DAYS = 4  # MCF Standard, until a preview says otherwise


@dataclass
class Allocation:
    line_pk: int
    variant_id: int
    warehouse_id: int
    quantity: int


@dataclass
class Plan:
    allocations: list[Allocation]
    network: str
    warehouse_id: int | None
    rule: RoutingRule | None
    summary: str
    trace: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.allocations)


def _network(warehouse: Warehouse) -> str:
    return Network.FBA if warehouse.kind == WarehouseKind.FBA else Network.OWN


def warehouse_cost(*, warehouse: Warehouse, country: str, units: int, base_currency: str, on_date) -> dict:  # type: ignore[no-untyped-def]
    """The rate card's cost (base per order + per unit) for this destination, in the base
    currency, with its delivery estimate. Unknown when no card applies."""
    cards = {card.country: card for card in warehouse.rate_cards.all()}
    card = cards.get(country) or cards.get("")
    if card is None:
        days = FBA_DELIVERY_DAYS if warehouse.kind == WarehouseKind.FBA else None
        return {"cost": None, "cost_source": "no rate card", "delivery_days": days}
    amount = Money(card.base + card.per_unit * units, card.currency)
    if card.currency == base_currency:
        return {
            "cost": str(amount.amount),
            "cost_currency": base_currency,
            "cost_source": f"rate card {amount}",
            "delivery_days": card.delivery_days,
        }
    try:
        converted = currency_convert(
            amount=amount,
            to_currency=base_currency,
            purpose=RoundingPurpose.REPORT,
            on_date=on_date,
            account=warehouse.account_id,
        ).amount
    except ConversionError as error:
        return {
            "cost": None,
            "cost_source": f"rate card {amount} not convertible: {error.message}",
            "delivery_days": card.delivery_days,
        }
    return {
        "cost": str(converted.amount),
        "cost_currency": converted.currency,
        "cost_source": f"rate card {amount}",
        "delivery_days": card.delivery_days,
    }


def _covers(lines, warehouse_id: int, available: dict[tuple[int, int], int]) -> bool:  # type: ignore[no-untyped-def]
    return all(available.get((line.variant_id, warehouse_id), 0) >= line.quantity for line in lines)


def _whole(lines, warehouse: Warehouse) -> list[Allocation]:  # type: ignore[no-untyped-def]
    return [Allocation(line.pk, line.variant_id, warehouse.pk, line.quantity) for line in lines]


def _split(lines, ordered: list[Warehouse], available: dict[tuple[int, int], int]) -> list[Allocation] | None:  # type: ignore[no-untyped-def]
    """Fill each line from the warehouses in order; None when the stock of all is not enough."""
    left = dict(available)
    allocations: list[Allocation] = []
    for line in lines:
        need = line.quantity
        for warehouse in ordered:
            have = left.get((line.variant_id, warehouse.pk), 0)
            take = min(have, need)
            if take > 0:
                allocations.append(Allocation(line.pk, line.variant_id, warehouse.pk, take))
                left[(line.variant_id, warehouse.pk)] = have - take
                need -= take
            if need == 0:
                break
        if need:
            return None
    return allocations


def _rule_matches(rule: RoutingRule, order) -> tuple[bool, str]:  # type: ignore[no-untyped-def]
    if rule.families and order.family not in rule.families:
        return False, f"family {order.family} not in {rule.families}"
    if rule.marketplace_ids and order.marketplace_id not in rule.marketplace_ids:
        return False, f"marketplace {order.marketplace_id} not in {rule.marketplace_ids}"
    if rule.countries and order.ship_country not in rule.countries:
        return False, f"destination {order.ship_country or '?'} not in {rule.countries}"
    return True, "matches"


def _cost_key(candidate: dict) -> tuple:
    cost = candidate.get("cost")
    return (cost is None, Decimal(cost) if cost is not None else Decimal(0), candidate["warehouse_id"])


def route_plan(
    *,
    order,
    lines,
    warehouses: list[Warehouse],
    rules: list[RoutingRule],  # type: ignore[no-untyped-def]
    available: dict[tuple[int, int], int],
    quotes: dict[int, dict] | None = None,
) -> Plan:
    """`quotes`: cost entries that replace the rate card's for some warehouses (FBA: the MCF
    preview, fulfilment.services.mcf_quote)."""
    units = sum(line.quantity for line in lines)
    candidates = []
    for warehouse in warehouses:
        stock = {line.sku: available.get((line.variant_id, warehouse.pk), 0) for line in lines}
        candidate = {
            "warehouse_id": warehouse.pk,
            "warehouse": warehouse.code,
            "network": _network(warehouse),
            "stock": stock,
            "whole_order": _covers(lines, warehouse.pk, available),
        }
        if quotes and warehouse.pk in quotes:
            candidate.update(quotes[warehouse.pk])
        else:
            candidate.update(
                warehouse_cost(
                    warehouse=warehouse,
                    country=order.ship_country,
                    units=units,
                    base_currency=order.base_currency,
                    on_date=order.order_date,
                )
            )
        candidates.append(candidate)
    by_pk = {warehouse.pk: warehouse for warehouse in warehouses}
    steps: list[dict] = []
    trace = {"candidates": candidates, "rules": steps, "destination": order.ship_country, "units": units}

    def decided(allocations, warehouse_id, rule, summary):  # type: ignore[no-untyped-def]
        used = {a.warehouse_id for a in allocations}
        network = _network(by_pk[warehouse_id]) if warehouse_id else ""
        if len(used) > 1:
            summary += f" (split over {len(used)} warehouses)"
        trace["chosen"] = {
            "warehouse_id": warehouse_id,
            "warehouse": by_pk[warehouse_id].code,
            "network": network,
            "rule": rule.name if rule else "default",
            "split": len(used) > 1,
        }
        return Plan(allocations, network, warehouse_id, rule, summary, trace)

    whole = [c for c in candidates if c["whole_order"]]
    for rule in rules:
        matches, why = _rule_matches(rule, order)
        if not matches:
            steps.append({"rule": rule.name, "result": "skipped", "why": why})
            continue
        if rule.prefer_cheapest:
            pool = sorted(whole, key=_cost_key)
            if pool:
                best = pool[0]
                costs = ", ".join(f"{c['warehouse']} {c.get('cost') or '?'}" for c in pool)
                steps.append(
                    {
                        "rule": rule.name,
                        "result": "chose",
                        "why": f"cheapest with the whole order: {best['warehouse']} ({costs})",
                    }
                )
                return decided(
                    _whole(lines, by_pk[best["warehouse_id"]]),
                    best["warehouse_id"],
                    rule,
                    f"Rule '{rule.name}': cheapest warehouse with the whole order, {best['warehouse']}",
                )
            steps.append({"rule": rule.name, "result": "passed", "why": "no warehouse has the whole order"})
            continue
        if rule.warehouse_id is None or rule.warehouse_id not in by_pk:
            steps.append({"rule": rule.name, "result": "passed", "why": "its warehouse is not active"})
            continue
        target = by_pk[rule.warehouse_id]
        if _covers(lines, target.pk, available):
            steps.append({"rule": rule.name, "result": "chose", "why": f"{target.code} has the whole order"})
            return decided(
                _whole(lines, target), target.pk, rule, f"Rule '{rule.name}': {target.code} has the whole order"
            )
        if rule.allow_split:
            others = [target] + [w for w in warehouses if w.pk != target.pk]
            allocations = _split(lines, others, available)
            if allocations:
                steps.append({"rule": rule.name, "result": "chose", "why": f"split starting at {target.code}"})
                return decided(allocations, target.pk, rule, f"Rule '{rule.name}': split starting at {target.code}")
        steps.append({"rule": rule.name, "result": "passed", "why": f"{target.code} has not enough stock"})

    if whole:
        own = [c for c in whole if c["network"] == Network.OWN]
        best = sorted(own or whole, key=_cost_key)[0]
        steps.append(
            {
                "rule": "default",
                "result": "chose",
                "why": "whole order from one warehouse, own warehouses first, then cheapest",
            }
        )
        return decided(
            _whole(lines, by_pk[best["warehouse_id"]]),
            best["warehouse_id"],
            None,
            f"No rule decided: {best['warehouse']} has the whole order",
        )
    steps.append({"rule": "default", "result": "none", "why": "no warehouse has the whole order and no rule splits"})
    trace["chosen"] = None
    return Plan([], "", None, None, "Not enough stock in any warehouse", trace)
