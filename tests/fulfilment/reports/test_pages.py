"""The revenue dashboard, its exports and the drill-down, through Django's test client."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory
from tests.fulfilment.reports.test_api import orders  # noqa: F401  (fixture)

PERIOD = {"date_from": "2026-02-01", "date_to": "2026-03-31"}


@pytest.fixture
def manager(client, revenue_setup):
    membership = MembershipFactory(account=revenue_setup.account, role=Role.MANAGER)
    client.force_login(membership.user)
    return client


def test_dashboard_shows_charts_tables_and_unconverted(manager, revenue_setup, orders):  # noqa: F811
    account = revenue_setup.account
    response = manager.get(reverse("fulfilment:revenue", kwargs={"account_pk": account.pk}), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    for testid in ("chart-over-time", "chart-share", "chart-margin", "table-channel", "table-sku", "unconverted"):
        assert f'data-testid="{testid}"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # charts are plain SVG
    assert 'data-figure="gross_sales" data-value="71.00"' in html
    assert "€71.00" in html  # Babel, English
    assert f'href="/fulfilment/{account.pk}/revenue/orders/?' in html
    assert 'data-unconverted="G-4"' in html


def test_dashboard_in_chinese_formats_with_babel(manager, revenue_setup, orders):  # noqa: F811
    account = revenue_setup.account
    response = manager.get(
        reverse("fulfilment:revenue", kwargs={"account_pk": account.pk}), PERIOD, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = response.content.decode()
    assert "各渠道净收入趋势" in html  # "Net revenue over time per channel"
    assert "销售总额" in html  # "Gross sales"
    assert "€71.00" in html  # Babel zh_Hans_CN


def test_bad_dates_are_reported_and_defaults_used(manager, revenue_setup):
    url = reverse("fulfilment:revenue", kwargs={"account_pk": revenue_setup.account.pk})
    response = manager.get(url, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert 'data-testid="revenue-errors"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.CATALOG, Role.LOGISTICS, Role.TRANSLATOR])
def test_other_roles_get_the_styled_403(client, account, role):
    membership = MembershipFactory(account=account, role=role)
    client.force_login(membership.user)
    response = client.get(reverse("fulfilment:revenue", kwargs={"account_pk": account.pk}))
    assert response.status_code == 403
    assert 'data-testid="error-403"' in response.content.decode()


def test_non_members_get_404(client, account, other_account):
    membership = MembershipFactory(account=other_account, role=Role.OWNER)
    client.force_login(membership.user)
    assert client.get(reverse("fulfilment:revenue", kwargs={"account_pk": account.pk})).status_code == 404


def test_menu_shows_revenue_to_managers_only(client, account):
    manager = MembershipFactory(account=account, role=Role.MANAGER)
    client.force_login(manager.user)
    page = client.get(reverse("fulfilment:orders", kwargs={"account_pk": account.pk})).content.decode()
    assert reverse("fulfilment:revenue", kwargs={"account_pk": account.pk}) in page
    logistics = MembershipFactory(account=account, role=Role.LOGISTICS)
    client.force_login(logistics.user)
    page = client.get(reverse("fulfilment:orders", kwargs={"account_pk": account.pk})).content.decode()
    assert reverse("fulfilment:revenue", kwargs={"account_pk": account.pk}) not in page


def test_csv_and_xlsx_exports_carry_the_table(manager, revenue_setup, orders):  # noqa: F811
    from openpyxl import load_workbook

    url = reverse("fulfilment:revenue-export", kwargs={"account_pk": revenue_setup.account.pk})
    response = manager.get(url, {**PERIOD, "table": "channel", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Channel", "Orders", "Units"]
    amazon = next(row for row in rows if row[0] == "amazon")
    assert amazon[3] == "60.00"  # gross sales

    response = manager.get(url, {**PERIOD, "table": "channel_period", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:2] == ("Channel", "Week")
    assert sum(Decimal(str(row[4])) for row in values[1:]) == Decimal("71")

    assert manager.get(url, {**PERIOD, "table": "nope", "format": "csv"}).status_code == 404


def test_drill_down_lists_the_orders_behind_a_cell(manager, revenue_setup, orders):  # noqa: F811
    url = reverse("fulfilment:revenue-orders", kwargs={"account_pk": revenue_setup.account.pk})
    response = manager.get(url, {**PERIOD, "channel": "amazon"})
    html = response.content.decode()
    assert 'data-order="G-0"' in html and 'data-order="G-1"' in html
    assert 'data-order="G-2"' not in html  # aliexpress
    assert 'data-order="G-4"' not in html  # unconverted: not behind any figure
