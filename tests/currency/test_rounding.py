from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from currency.exceptions import CurrencyErrorCode
from currency.models import PriceRoundingRule
from currency.money import Money
from currency.selectors import rounding_rules_load
from currency.services import price_round, price_round_explain, rounding_rule_save
from currency.services.rounding import RoundingRule, grid_round, rounding_marketplace_key, rule_apply, rule_select
from hub.core.exceptions import ApplicationError

AMAZON_DE = "amazon:A1PA6795UKMFR9"


def money(amount, currency="EUR"):
    return Money.of(amount, currency)


@pytest.mark.parametrize(
    ("amount", "currency", "marketplace", "expected"),
    [
        ("19.20", "EUR", AMAZON_DE, "18.99"),
        ("19.60", "EUR", AMAZON_DE, "19.99"),
        ("19.48", "USD", "amazon:ATVPDKIKX0DER", "18.99"),
        ("19.49", "USD", "amazon:ATVPDKIKX0DER", "19.99"),  # a tie goes up
        ("1234.5", "JPY", "amazon:A1VC38T7YXB528", "1235"),
        ("1234.4", "JPY", "wish", "1234"),
        ("12345", "KRW", "aliexpress", "12350"),
        ("149.3", "SEK", "amazon:A2NODRKZP88ZB9", "149"),
        ("19.20", "USD", "wish", "18.95"),
        ("19.234", "USD", "aliexpress", "19.23"),
        ("1.2345", "KWD", "aliexpress", "1.235"),
    ],
)
def test_shipped_default_rules(db, amount, currency, marketplace, expected):
    assert price_round(money(amount, currency), marketplace_key=marketplace) == money(expected, currency)


def test_the_floor_always_wins_over_the_rule(db):
    result = price_round_explain(money("19.20"), marketplace_key=AMAZON_DE, floor=money("19.05"))
    assert (result.price, result.raised_to_floor) == (money("19.99"), True)
    assert result.rule == "amazon:* EUR: step 1, ending 0.99, nearest"
    no_rule = price_round_explain(money("5.001", "CHF"), marketplace_key="wish", floor=money("5.0101", "CHF"))
    assert (no_rule.price, no_rule.rule, no_rule.rule_pk) == (money("5.02", "CHF"), "minor units (no rule)", None)


def test_a_floor_in_another_currency_is_refused(db):
    with pytest.raises(ApplicationError) as caught:
        price_round(money("10"), marketplace_key=AMAZON_DE, floor=money("10", "USD"))
    assert caught.value.code == CurrencyErrorCode.CURRENCY_MISMATCH


def test_the_most_specific_rule_wins(db):
    rounding_rule_save(marketplace_key=AMAZON_DE, currency="EUR", step=Decimal("1"), ending=Decimal("0.95"))
    rounding_rule_save(marketplace_key="amazon:*", currency="*", step=Decimal("5"), ending=Decimal("0"))
    assert price_round(money("19.20"), marketplace_key=AMAZON_DE) == money("18.95")  # exact key + currency
    assert price_round(money("19.20"), marketplace_key="amazon:A13V1IB3VIYZZH") == money("18.99")  # prefix + EUR
    assert price_round(money("17.20", "CHF"), marketplace_key="amazon:XYZ") == money("15", "CHF")  # prefix + "*"
    assert price_round(money("17.20", "CHF"), marketplace_key="ebay") == money("17.20", "CHF")  # no rule


def test_a_rule_that_does_not_fit_the_currency_is_skipped():
    rules = [RoundingRule("*", "*", Decimal("1"), Decimal("0.99"))]
    assert rule_select(rules, marketplace_key="wish", currency="JPY") is None
    assert rule_select(rules, marketplace_key="wish", currency="USD") == rules[0]


@pytest.mark.parametrize(
    ("direction", "expected"),
    [("nearest", "19.99"), ("up", "19.99"), ("down", "18.99")],
)
def test_directions(direction, expected):
    assert grid_round(Decimal("19.50"), step=Decimal(1), ending=Decimal("0.99"), direction=direction) == Decimal(
        expected
    )


def test_down_never_goes_to_zero_or_below():
    assert grid_round(Decimal("0.50"), step=Decimal(1), ending=Decimal("0.99"), direction="down") == Decimal("0.99")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"marketplace_key": "wish", "currency": "JPY", "step": Decimal("1"), "ending": Decimal("0.99")}, "ending"),
        ({"marketplace_key": "wish", "currency": "USD", "step": Decimal("1"), "ending": Decimal("1")}, "ending"),
        (
            {"marketplace_key": "a*b", "currency": "USD", "step": Decimal("1"), "ending": Decimal("0")},
            "marketplace_key",
        ),
        ({"marketplace_key": "wish", "currency": "XYZ", "step": Decimal("1"), "ending": Decimal("0")}, "currency"),
        ({"marketplace_key": "wish", "currency": "USD", "step": Decimal("0"), "ending": Decimal("0")}, "step"),
    ],
    ids=["decimals-on-yen", "ending-not-below-step", "star-in-the-middle", "unknown-currency", "zero-step"],
)
def test_bad_rules_are_refused(db, values, field):
    before = PriceRoundingRule.objects.count()
    with pytest.raises(ValidationError) as caught:
        rounding_rule_save(**values)
    assert field in caught.value.message_dict
    assert PriceRoundingRule.objects.count() == before


def test_rules_load_once_for_many_prices(db, django_assert_num_queries):
    rules = rounding_rules_load()
    with django_assert_num_queries(0):
        prices = [price_round(money(f"{n}.37"), marketplace_key=AMAZON_DE, rules=rules) for n in range(1, 200)]
    assert prices[0] == money("0.99") and prices[10] == money("10.99")


rule_values = st.builds(
    RoundingRule,
    marketplace_key=st.just("*"),
    currency=st.just("*"),
    step=st.sampled_from([Decimal("0.01"), Decimal("0.05"), Decimal("1"), Decimal("10"), Decimal("100")]),
    ending=st.just(Decimal(0)),
    direction=st.sampled_from(["nearest", "up", "down"]),
).flatmap(
    lambda rule: st.builds(
        RoundingRule,
        marketplace_key=st.just("*"),
        currency=st.just("*"),
        step=st.just(rule.step),
        ending=st.integers(min_value=0, max_value=int(rule.step * 100) - 1).map(lambda n: Decimal(n) / 100),
        direction=st.just(rule.direction),
    )
)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=4)


@hypothesis_settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rule_values, amount=amounts, floor=st.one_of(st.none(), amounts))
def test_property_rounding_never_goes_under_the_floor_and_lands_on_the_grid(rule, amount, floor):
    floor_money = Money(floor, "USD") if floor is not None else None
    result = rule_apply(Money(amount, "USD"), rule=rule, floor=floor_money)
    price = result.price.amount
    assert price > 0
    if floor is not None:
        assert price >= floor
    assert ((price - rule.ending) / rule.step) == ((price - rule.ending) / rule.step).to_integral_value()
    if floor is None or not result.raised_to_floor:
        assert abs(price - amount) <= rule.step  # a rule moves a price by less than one step


@pytest.mark.parametrize(
    ("family", "marketplace_id", "key", "amount", "currency", "expected"),
    [
        pytest.param("amazon", "A1PA6795UKMFR9", AMAZON_DE, "19.20", "EUR", "18.99", id="amazon-per-marketplace"),
        pytest.param("wish", "wish", "wish", "19.20", "USD", "18.95", id="wish-single-marketplace"),
        pytest.param("aliexpress", "aliexpress", "aliexpress", "19.234", "USD", "19.23", id="aliexpress"),
    ],
)
def test_a_channel_accounts_marketplace_names_its_rounding_key(
    db, family, marketplace_id, key, amount, currency, expected
):
    # A channel account lists ["wish"] as its marketplaces; "wish:wish" would match no Wish rule and
    # the price would silently lose its .95 ending.
    built = rounding_marketplace_key(family=family, marketplace_id=marketplace_id)

    assert built == key
    assert price_round(money(amount, currency), marketplace_key=built) == money(expected, currency)
