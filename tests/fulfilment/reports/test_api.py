"""GET /api/accounts/{id}/reports/revenue/: shape, Decimal strings, 400 field errors, roles."""

from datetime import date
from decimal import Decimal

import pytest

from fulfilment.models import OrderStatus
from fulfilment.reports.services import revenue_facts_rebuild
from hub.accounts.roles import Role
from tests.fulfilment.reports.data import create_orders

BASE = {
    "marketplace": "M-DE",
    "minute": 0,
    "converted": True,
    "currency": "EUR",
    "rate": Decimal("1"),
    "shipping": Decimal("0"),
    "discount": Decimal("1.000"),
    "refund": Decimal("0"),
    "fees": Decimal("2.000"),
    "fulfilment": Decimal("3.000"),
    "warehouse": 0,
}


def _spec(channel, hour, price, *, status=OrderStatus.SHIPPED, converted=True, currency="EUR", sku=0):
    return {
        **BASE,
        "channel": channel,
        "hour": hour,
        "status": status,
        "converted": converted,
        "currency": currency,
        "lines": [{"variant": sku, "quantity": 2, "unit_price": Decimal(price)}],
    }


@pytest.fixture
def orders(revenue_setup):
    made = create_orders(
        revenue_setup,
        [
            _spec(0, 10, "10.000"),  # amazon, 20 Feb (UTC+8)
            _spec(0, 24 * 10, "20.000", sku=1),  # amazon, 2 Mar
            _spec(1, 24 * 10 + 2, "5.500"),  # aliexpress, 2 Mar
            _spec(2, 24 * 11, "7.000", status=OrderStatus.CANCELLED),  # wish, cancelled
            _spec(2, 24 * 11, "9.000", converted=False, currency="GBP"),  # wish, unconverted
        ],
    )
    revenue_facts_rebuild(order_ids=[order.pk for order in made])
    return made


def url(account):
    return f"/api/accounts/{account.pk}/reports/revenue/"


def test_channel_by_month_rows_totals_and_unconverted(member_client, revenue_setup, orders):
    account = revenue_setup.account
    client = member_client(Role.MANAGER)
    response = client.get(
        url(account), {"date_from": "2026-02-01", "date_to": "2026-03-31", "group_by": "channel,month"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["currency"] == "EUR"
    assert (data["date_from"], data["date_to"]) == ("2026-02-01", "2026-03-31")
    keyed = {(row["channel"], row["month"]): row for row in data["rows"]}
    assert set(keyed) == {("amazon", "2026-02"), ("amazon", "2026-03"), ("aliexpress", "2026-03")}
    march = keyed[("amazon", "2026-03")]
    assert march["gross_sales"] == "40.00"
    assert march["net_revenue"] == "34.00"  # 40 − 1 discount − 2 fees − 3 fulfilment
    assert march["orders"] == 1 and march["units"] == 2
    assert data["totals"]["gross_sales"] == "71.00"
    assert data["totals"]["orders"] == 3
    assert data["totals"]["cancelled_orders"] == 1
    assert data["unconverted"]["count"] == 1
    assert data["unconverted"]["totals_by_currency"] == {"GBP": "17.00"}
    assert data["unconverted"]["orders"][0]["reason"] == "No GBP rate for that day"
    assert data["previous"]["date_to"] == "2026-01-31"


def test_rows_without_time_grouping_carry_the_previous_period(member_client, revenue_setup, orders):
    account = revenue_setup.account
    response = member_client(Role.OWNER).get(
        url(account), {"date_from": "2026-03-01", "date_to": "2026-03-10", "group_by": ["channel_account"], "top": 1}
    )
    data = response.json()
    row = next(row for row in data["rows"] if row["channel_account"] == revenue_setup.channel_accounts[0].pk)
    assert row["channel_account_name"] == revenue_setup.channel_accounts[0].name
    assert row["previous"]["gross_sales"] == "20.00"  # 20 Feb is in 19-28 Feb
    assert row["change"]["gross_sales"] == {"delta": "20.00", "percent": "100.0"}
    assert data["top_skus"]["amazon"]["top"][0]["sku"] == "V-1"


def test_sku_and_category_filters(member_client, revenue_setup, orders):
    account = revenue_setup.account
    child = revenue_setup.categories[1]
    response = member_client(Role.MANAGER).get(
        url(account), {"date_from": "2026-02-01", "date_to": "2026-03-31", "group_by": "sku", "category": child.pk}
    )
    data = response.json()
    assert [(row["sku"], row["gross_sales"]) for row in data["rows"]] == [("V-1", "40.00")]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"group_by": "channel,planet"}, "group_by"),
        ({"group_by": "day,day"}, "group_by"),
        ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "date_from"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"channel": "ebay"}, "channel"),
        ({"network": "drone"}, "network"),
        ({"warehouse": "999999"}, "warehouse"),
        ({"category": "abc"}, "category"),
    ],
)
def test_bad_input_answers_400_with_the_field(member_client, revenue_setup, params, field):
    response = member_client(Role.MANAGER).get(url(revenue_setup.account), params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_another_accounts_category_is_unknown(member_client, revenue_setup, other_account):
    from tests.factories.catalog import CategoryFactory

    theirs = CategoryFactory(account=other_account)
    response = member_client(Role.OWNER).get(url(revenue_setup.account), {"category": theirs.pk})
    assert response.status_code == 400
    assert "category" in response.json()["fields"]


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.OWNER, 200), (Role.MANAGER, 200), (Role.CATALOG, 403), (Role.LOGISTICS, 403), (Role.TRANSLATOR, 403)],
)
def test_only_managers_and_owners(member_client, account, role, status):
    response = member_client(role).get(url(account))
    assert response.status_code == status


def test_non_members_get_404(member_client, account, other_account):
    response = member_client(Role.OWNER, target=other_account).get(url(account))
    assert response.status_code == 404


def test_default_period_is_the_last_thirty_days(member_client, account):
    data = member_client(Role.OWNER).get(url(account)).json()
    days = (date.fromisoformat(data["date_to"]) - date.fromisoformat(data["date_from"])).days
    assert days == 29


def test_documented_in_the_schema(owner_client):
    response = owner_client.get("/api/schema/", {"format": "json"})
    operation = response.json()["paths"]["/api/accounts/{account_pk}/reports/revenue/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"date_from", "date_to", "group_by", "marketplace", "category", "warehouse", "network"} <= names
    assert "RevenueReport" in response.json()["components"]["schemas"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "0001-01-01", "date_to": "0001-01-05"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"category": str(10**30)}, "category"),
        ({"channel_account": str(2**63)}, "channel_account"),
    ],
)
def test_extreme_input_is_a_400_not_a_500(member_client, account, params, field):
    response = member_client(Role.OWNER).get(url(account), params)
    assert response.status_code == 400
    assert field in response.json()["fields"]
