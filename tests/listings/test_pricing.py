"""Price rules as pure functions over a hand-made rate table."""

from datetime import date
from decimal import Decimal

from currency.money import Money
from currency.services.rounding import RoundingRule
from currency.table import RateTable
from listings.pricing import Discount, FeeTerms, PriceTerms, fees_for, floor_for, price_quote

DAY = date(2026, 3, 2)
CHARM = RoundingRule(marketplace_key="amazon:*", currency="USD", step=Decimal(1), ending=Decimal("0.99"))


def table(rate="0.14", *, day=DAY, max_age_days=7):
    # CNY→USD directly (one ECB-style leg keeps the arithmetic checkable by hand).
    return RateTable(
        [("ecb", None, "CNY", "USD", day, Decimal(rate))], providers=["ecb"], max_age_days=max_age_days, pivots=[]
    )


NO_TERMS, NO_FEES = PriceTerms(), FeeTerms()


def quote(base="100", cost=None, *, terms=NO_TERMS, fees=NO_FEES, rate_table=None, rules=(CHARM,), **kw):
    return price_quote(
        base_price=Money(Decimal(base), "CNY"),
        cost=Money(Decimal(cost), "CNY") if cost is not None else None,
        currency="USD",
        terms=terms,
        fees=fees,
        table=rate_table or table(),
        on_date=DAY,
        marketplace_key="amazon:ATVPDKIKX0DER",
        rounding_rules=rules,
        **kw,
    )


def test_markup_fixed_amount_conversion_and_charm_rounding():
    # (100 × 1.40 + 10) CNY = 150 CNY × 0.14 = 21.00 USD → nearest .99 = 20.99
    result = quote(terms=PriceTerms(markup_pct=Decimal("40"), fixed_amount=Decimal("10")))
    assert result.price == Money(Decimal("20.99"), "USD")
    assert result.rate == Decimal("0.14") and result.rate_date == DAY
    assert not result.issues


def test_floor_covers_cost_fees_and_margin_and_wins_over_a_low_rule():
    fees = FeeTerms(referral_pct=Decimal("15"), fixed_fee=Decimal("0.30"))
    terms = PriceTerms(markup_pct=Decimal("-50"), min_margin_pct=Decimal("20"))
    # cost 80 CNY → 11.20 USD × 1.2 = 13.44 + 0.30 = 13.74 / 0.85 = 16.1647… → 16.17
    assert floor_for(cost=Money(Decimal(80), "CNY"), currency="USD", rate=Decimal("0.14"), terms=terms, fees=fees) == (
        Money(Decimal("16.17"), "USD")
    )
    result = quote(cost="80", terms=terms, fees=fees)
    # 50 CNY → 7.00 USD is under the floor: the first .99 point at or above 16.17 is 16.99
    assert result.price == Money(Decimal("16.99"), "USD")
    assert result.raised_to_floor
    assert [issue.code for issue in result.issues] == ["raised_to_floor"]


def test_stale_rate_gives_no_price_and_names_the_rate_date():
    result = quote(rate_table=table(day=date(2026, 2, 1)))
    assert result.price is None
    (issue,) = result.issues
    assert issue.code == "rate_stale" and issue.blocking
    assert "2026-02-01" in issue.message


def test_account_maximum_age_lets_an_old_rate_price():
    result = quote(rate_table=table(day=date(2025, 1, 1), max_age_days=3650))
    assert result.price == Money(Decimal("13.99"), "USD")  # 100 CNY × 0.14 = 14.00 → 13.99


def test_discount_applies_to_the_regular_price_and_the_floor_still_holds():
    percent = quote(base="100", discount=Discount("percent", Decimal("20"), promotion_pk=7))
    assert percent.regular == Money(Decimal("13.99"), "USD")
    assert percent.price == Money(Decimal("10.99"), "USD")  # 80 CNY → 11.20 → 10.99
    assert percent.promotion_pk == 7
    floored = quote(base="100", cost="90", discount=Discount("percent", Decimal("50")))
    assert floored.price == Money(Decimal("12.99"), "USD")  # floor 12.60 → 12.99, not 6.99
    assert "promotion_floor" in [issue.code for issue in floored.issues]


def test_fee_rules_are_data_with_the_most_specific_key():
    assert fees_for("amazon:A1PA6795UKMFR9").referral_pct == Decimal("15")
    assert fees_for("wish").referral_pct == Decimal("15")
    assert fees_for("unknown").referral_pct == Decimal("0")
