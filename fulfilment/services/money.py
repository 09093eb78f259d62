"""Order money: amounts in the order currency and in the seller's base currency, converted at
the order date's rate (rate, rate date and source stored). A missing rate, or one older than the
account's rate-age policy (currency.RatePolicy, the same as listings prices use), leaves the
base amounts empty with the reason; an amount is never taken 1:1."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from currency.exceptions import ConversionError
from currency.money import Money, RoundingPurpose, money_round
from currency.selectors import max_rate_age_days
from currency.services import conversion_apply
from currency.table import RateTable
from fulfilment.models import FeeRule, FeeSource, MoneyState, Order

ORDER_AMOUNTS = (
    "items_total",
    "shipping_total",
    "tax_total",
    "discount_total",
    "total",
    "fees_total",
    "refunds_total",
    "fulfilment_cost",
)
LINE_AMOUNTS = (("line_total", "base_line_total"), ("fee", "base_fee"))


@dataclass(frozen=True)
class FeeEstimate:
    percent: Decimal
    fixed: Decimal

    def of(self, total: Decimal, currency: str) -> Decimal:
        return money_round(total * self.percent / 100 + self.fixed, currency, RoundingPurpose.ORDER_AMOUNT)


def fee_rule_for(*, account_id: int, family: str, marketplace_id: str) -> FeeEstimate:
    """The most specific fee rule of the account, else the hub's default for the family."""
    rules = {
        rule.marketplace_id: rule
        for rule in FeeRule.objects.filter(
            account_id=account_id, family=family, marketplace_id__in=[marketplace_id, ""]
        )
    }
    rule = rules.get(marketplace_id) or rules.get("")
    if rule is not None:
        return FeeEstimate(rule.percent, rule.fixed)
    default = settings.FULFILMENT_DEFAULT_FEE_PERCENT.get(family, Decimal(0))
    return FeeEstimate(Decimal(default), Decimal(0))


def order_fees_estimate(order: Order, lines, estimate: FeeEstimate | None = None) -> None:  # type: ignore[no-untyped-def]
    """Fill `fees_total` (and each line's share) from the fee rules unless the marketplace
    reported actual fees."""
    if order.fee_source == FeeSource.ACTUAL:
        return
    if estimate is None:
        estimate = fee_rule_for(account_id=order.account_id, family=order.family, marketplace_id=order.marketplace_id)
    if order.family == "manual" or (estimate.percent == 0 and estimate.fixed == 0):
        order.fees_total, order.fee_source = Decimal(0), FeeSource.NONE
        for line in lines:
            line.fee = Decimal(0)
        return
    order.fees_total = estimate.of(order.total, order.currency)
    order.fee_source = FeeSource.ESTIMATED
    for line in lines:
        line.fee = money_round(line.line_total * estimate.percent / 100, order.currency, RoundingPurpose.ORDER_AMOUNT)


def order_money_convert(order: Order, lines, *, table: RateTable | None = None) -> None:  # type: ignore[no-untyped-def]
    """Convert every amount of `order` and its `lines` (not saved here)."""
    base = order.base_currency
    if table is None:
        table = RateTable.load(
            start=order.order_date,
            end=order.order_date,
            account_id=order.account_id,
            max_age_days=max_rate_age_days(order.account_id),
        )
    try:
        resolved = table.resolve(order.currency, base, order.order_date)
    except ConversionError as error:
        for name in ORDER_AMOUNTS:
            setattr(order, f"base_{name}", None)
        for line in lines:
            for _, base_name in LINE_AMOUNTS:
                setattr(line, base_name, None)
        order.rate = order.rate_date = None
        order.rate_source = ""
        order.money_state = MoneyState.UNCONVERTED
        order.money_reason = error.message[:300]
        return

    def convert(amount: Decimal) -> Decimal:
        return conversion_apply(
            amount=Money(Decimal(amount), order.currency), resolved=resolved, purpose=RoundingPurpose.ORDER_AMOUNT
        ).amount.amount

    for name in ORDER_AMOUNTS:
        setattr(order, f"base_{name}", convert(getattr(order, name)))
    for line in lines:
        for name, base_name in LINE_AMOUNTS:
            setattr(line, base_name, convert(getattr(line, name)))
    order.rate = resolved.rate
    order.rate_date = resolved.rate_date
    order.rate_source = resolved.source[:60]
    order.money_state = MoneyState.CONVERTED
    order.money_reason = ""
