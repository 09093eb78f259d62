"""Marketplace price rounding from rules stored as data (`PriceRoundingRule`).

A rule puts a price on the grid `k × step + ending`: step 1 / ending 0.99 gives .99 charm prices,
step 1 / ending 0 whole units (yen), step 0.05 / ending 0 five-cent steps. The caller's floor (cost
plus fees, in the same currency) is a hard limit: below it, the price moves up to the first grid
point at or above the floor, whatever the rule's direction.

The most specific matching rule wins: a rule for the exact currency beats "*"; then an exact
marketplace key beats a prefix ("amazon:*"), and a longer prefix beats a shorter one and "*".
A rule whose step or ending has more decimals than the currency allows (.99 on yen) is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from currency.codes import currency_quantum
from currency.exceptions import CurrencyErrorCode
from currency.models import PriceRoundingRule
from currency.money import EXACT, Money, RoundingPurpose, money_round
from currency.rounding_rule import DOWN, NEAREST, UP, RoundingRule  # noqa: F401 - re-exported
from currency.selectors import rounding_rules_load
from currency.types import RoundedPrice
from currency.validators import rounding_rule_validate
from hub.core.exceptions import ApplicationError


def rounding_marketplace_key(*, family: str, marketplace_id: str) -> str:
    """The key rules are matched against, from a channel account's family and one of its
    marketplace ids: "amazon:A1PA6795UKMFR9" (Amazon has one per marketplace); "aliexpress" and
    "wish" for the single-marketplace families, whose marketplace id is their own name."""
    if not marketplace_id or marketplace_id == family:
        return family
    return f"{family}:{marketplace_id}"


def rule_select(rules: Sequence[RoundingRule], *, marketplace_key: str, currency: str) -> RoundingRule | None:
    candidates = [rule for rule in rules if rule.matches(marketplace_key, currency) and rule.fits(currency)]
    return max(candidates, key=lambda rule: rule.specificity, default=None)


def _grid_at_or_above(value: Decimal, step: Decimal, ending: Decimal) -> Decimal:
    k = EXACT.divide(value - ending, step).to_integral_value(rounding=ROUND_CEILING)
    return EXACT.add(EXACT.multiply(k, step), ending)


def grid_round(amount: Decimal, *, step: Decimal, ending: Decimal, direction: str) -> Decimal:
    """The grid point (k × step + ending) for `amount` in `direction`; ties go up."""
    k = EXACT.divide(amount - ending, step).to_integral_value(rounding=ROUND_FLOOR)
    below = EXACT.add(EXACT.multiply(k, step), ending)
    above = below if below == amount else below + step
    if direction == DOWN:
        result = below
    elif direction == UP:
        result = above
    else:
        result = below if amount - below < above - amount else above
    # A price is never zero or negative: "down" from 0.50 to -0.01 goes to the first positive point.
    return result if result > 0 else _grid_at_or_above(Decimal("0.000001"), step, ending)


def rule_apply(amount: Money, *, rule: RoundingRule | None, floor: Money | None = None) -> RoundedPrice:
    """`amount` on the rule's grid (or just rounded to minor units without a rule), never under
    `floor`."""
    if floor is not None and floor.currency != amount.currency:
        raise ApplicationError(
            f"The floor is in {floor.currency}, the price in {amount.currency}; convert the floor first.",
            code=CurrencyErrorCode.CURRENCY_MISMATCH.value,
            fields={"floor": ["The floor must be in the price's currency."]},
        )
    currency = amount.currency
    if rule is None:
        step, ending = currency_quantum(currency), Decimal(0)
        value = money_round(amount.amount, currency, RoundingPurpose.LISTING_PRICE)
        label = "minor units (no rule)"
    else:
        step, ending = rule.step, rule.ending
        value = grid_round(amount.amount, step=step, ending=ending, direction=rule.direction)
        label = rule.describe()
    raised = False
    if floor is not None and value < floor.amount:
        value = _grid_at_or_above(floor.amount, step, ending)
        raised = True
    value = value.quantize(currency_quantum(currency), context=EXACT)
    return RoundedPrice(
        price=Money(value, currency),
        unrounded=amount,
        rule=label,
        rule_pk=rule.pk if rule else None,
        floor=floor,
        raised_to_floor=raised,
    )


def price_round_explain(
    amount: Money, *, marketplace_key: str, floor: Money | None = None, rules: Sequence[RoundingRule] | None = None
) -> RoundedPrice:
    """The marketplace price for `amount`, with the rule used. Pass `rules` (from
    `currency.selectors.rounding_rules_load()`) when pricing many items: one query for all."""
    if rules is None:
        rules = rounding_rules_load()
    rule = rule_select(rules, marketplace_key=marketplace_key, currency=amount.currency)
    return rule_apply(amount, rule=rule, floor=floor)


def price_round(
    amount: Money, *, marketplace_key: str, floor: Money | None = None, rules: Sequence[RoundingRule] | None = None
) -> Money:
    """The price a marketplace shows for `amount`: its rounding rule applied, never under `floor`."""
    return price_round_explain(amount, marketplace_key=marketplace_key, floor=floor, rules=rules).price


# --- rules as data -------------------------------------------------------------------------------
def rounding_rule_save(*, rule: PriceRoundingRule | None = None, **values) -> PriceRoundingRule:
    """Create (rule=None) or change a rule; the same checks as the admin form."""
    rule = rule or PriceRoundingRule()
    for name, value in values.items():
        setattr(rule, name, value)
    rounding_rule_validate(
        marketplace_key=rule.marketplace_key, currency=rule.currency, step=rule.step, ending=rule.ending
    )
    duplicate = PriceRoundingRule.objects.filter(marketplace_key=rule.marketplace_key, currency=rule.currency)
    if duplicate.exclude(pk=rule.pk).exists():
        raise ApplicationError(
            "A rule for this marketplace key and currency exists already.",
            code="duplicate",
            fields={"currency": ["Another rule has this marketplace key and currency."]},
        )
    rule.save()
    return rule


def rounding_rule_delete(*, rule: PriceRoundingRule) -> None:
    rule.delete()
