"""Marketplace prices as pure functions: base price → markup → marketplace currency → rounding rule,
never under the floor (cost + estimated marketplace fees + minimum margin).

    price  = round_rule( convert(base × (1 + markup%) + fixed) )
    floor  = ( convert↑(cost) × (1 + margin%) + fixed fee ) / (1 − referral%)

The cost is converted rounding up (RoundingPurpose.COST_FLOOR) so a floor is never under the real
cost. A promotion discounts the regular price; the floor still holds. A rate older than the
account's maximum age gives no price but a blocking issue naming the rate's date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path

from currency.codes import currency_quantum
from currency.exceptions import RateNotFoundError, RateStaleError
from currency.money import EXACT, Money, RoundingPurpose
from currency.services.conversion import conversion_apply
from currency.services.rounding import RoundingRule, rule_apply, rule_select
from currency.table import RateTable
from listings.issues import ListingIssue

FEES_FILE = Path(__file__).resolve().parent / "data" / "fees.json"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PriceTerms:
    markup_pct: Decimal = Decimal(0)
    fixed_amount: Decimal = Decimal(0)  # base currency
    min_margin_pct: Decimal = Decimal(0)


@dataclass(frozen=True)
class FeeTerms:
    referral_pct: Decimal = Decimal(0)
    fixed_fee: Decimal = Decimal(0)  # marketplace currency


@dataclass(frozen=True)
class Discount:
    kind: str  # "percent" | "fixed" (fixed is in the base currency)
    value: Decimal
    promotion_pk: int | None = None
    starts_at: datetime | None = None  # the promotion's window (Amazon schedules it)
    ends_at: datetime | None = None


@dataclass(frozen=True)
class PriceQuote:
    price: Money | None
    regular: Money | None = None  # before a discount
    floor: Money | None = None
    rate: Decimal | None = None
    rate_date: date | None = None
    rule: str = ""
    raised_to_floor: bool = False
    promotion_pk: int | None = None
    issues: tuple[ListingIssue, ...] = field(default_factory=tuple)


@cache
def _fee_rules() -> dict[str, FeeTerms]:
    data = json.loads(FEES_FILE.read_text(encoding="utf-8"))["rules"]
    return {
        key: FeeTerms(referral_pct=Decimal(rule["referral_pct"]), fixed_fee=Decimal(rule.get("fixed_fee") or 0))
        for key, rule in data.items()
    }


def fees_for(marketplace_key: str) -> FeeTerms:
    """The fee rule of the most specific key: exact, then the longest matching prefix*."""
    rules = _fee_rules()
    if marketplace_key in rules:
        return rules[marketplace_key]
    prefixes = [key for key in rules if key.endswith("*") and marketplace_key.startswith(key[:-1])]
    return rules[max(prefixes, key=len)] if prefixes else FeeTerms()


def _ceil_minor(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(currency_quantum(currency), rounding=ROUND_CEILING, context=EXACT)


def floor_for(*, cost: Money | None, currency: str, rate: Decimal, terms: PriceTerms, fees: FeeTerms) -> Money | None:
    """The least price that covers cost, fees and the minimum margin (None without a cost)."""
    if cost is None:
        return None
    cost_converted = _ceil_minor(EXACT.multiply(cost.amount, rate), currency)
    with_margin = EXACT.multiply(cost_converted, 1 + terms.min_margin_pct / HUNDRED) + fees.fixed_fee
    share = 1 - fees.referral_pct / HUNDRED
    if share <= 0:
        return None
    return Money(_ceil_minor(EXACT.divide(with_margin, share), currency), currency)


def _marked_up(base: Decimal, terms: PriceTerms) -> Decimal:
    return EXACT.add(EXACT.multiply(base, 1 + terms.markup_pct / HUNDRED), terms.fixed_amount)


def price_quote(
    *,
    base_price: Money,
    cost: Money | None,
    currency: str,
    terms: PriceTerms,
    fees: FeeTerms,
    table: RateTable,
    on_date: date,
    marketplace_key: str,
    rounding_rules: list[RoundingRule] | tuple[RoundingRule, ...],
    discount: Discount | None = None,
) -> PriceQuote:
    try:
        resolved = table.resolve(base_price.currency, currency, on_date)
    except RateStaleError as error:
        newest = error.extra.get("newest_rate_date")
        return PriceQuote(
            price=None,
            issues=(
                ListingIssue(
                    code="rate_stale",
                    message=(
                        f"The newest {base_price.currency}→{currency} rate is of {newest}, older than the "
                        f"account's maximum age of {table.max_age_days} days; prices are held."
                    ),
                    attribute="price",
                    blocking=True,
                ),
            ),
        )
    except RateNotFoundError:
        return PriceQuote(
            price=None,
            issues=(
                ListingIssue(
                    code="rate_missing",
                    message=f"No {base_price.currency}→{currency} rate for {on_date}; prices are held.",
                    attribute="price",
                    blocking=True,
                ),
            ),
        )
    rule = rule_select(rounding_rules, marketplace_key=marketplace_key, currency=currency)
    floor = floor_for(cost=cost, currency=currency, rate=resolved.rate, terms=terms, fees=fees)

    def priced(base_amount: Decimal):
        converted = conversion_apply(
            amount=Money(base_amount, base_price.currency), resolved=resolved, purpose=RoundingPurpose.LISTING_PRICE
        )
        return rule_apply(converted.amount, rule=rule, floor=floor)

    regular = priced(_marked_up(base_price.amount, terms))
    issues: list[ListingIssue] = []
    if regular.raised_to_floor:
        issues.append(
            ListingIssue(
                code="raised_to_floor",
                message=f"The price rule gives less than the floor {floor}; the floor is used.",
                attribute="price",
                severity="WARNING",
            )
        )
    final, promotion_pk = regular, None
    if discount is not None:
        marked = _marked_up(base_price.amount, terms)
        if discount.kind == "percent":
            discounted = EXACT.multiply(marked, 1 - discount.value / HUNDRED)
        else:
            discounted = marked - discount.value
        final = priced(max(discounted, Decimal("0.01")))
        promotion_pk = discount.promotion_pk
        if final.raised_to_floor:
            issues.append(
                ListingIssue(
                    code="promotion_floor",
                    message=f"The promotion would go under the floor {floor}; the floor is used.",
                    attribute="price",
                    severity="WARNING",
                )
            )
    return PriceQuote(
        price=final.price,
        regular=regular.price,
        floor=floor,
        rate=resolved.rate,
        rate_date=resolved.rate_date,
        rule=final.rule,
        raised_to_floor=final.raised_to_floor,
        promotion_pk=promotion_pk,
        issues=tuple(issues),
    )
