"""The dashboard in headless Chromium: the manager opens it from the menu; the charts and the
figures are there and agree with the API; a cell drills down to its orders. Screenshots are kept
under var/test-artifacts/."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory
from tests.fulfilment.reports.test_api import orders  # noqa: F401  (fixture)
from tests.support.pages import click, log_in, shot, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "date_from=2026-02-01&date_to=2026-03-31"


def test_manager_dashboard_charts_and_figures_agree_with_the_api(browser, live_server, revenue_setup, orders):  # noqa: F811
    account = revenue_setup.account
    manager = MembershipFactory(account=account, role=Role.MANAGER)
    api = APIClient()
    api.force_authenticate(manager.user)
    data = api.get(f"/api/accounts/{account.pk}/reports/revenue/?{PERIOD}&group_by=channel,week").json()

    log_in(browser, live_server, manager.user.email)
    click(browser, "[data-testid=nav-revenue]")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=chart-over-time]")))
    browser.get(f"{live_server.url}/fulfilment/{account.pk}/revenue/?{PERIOD}")
    over_time = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=chart-over-time]")))

    # totals on the page = the API's totals
    for figure in ("orders", "gross_sales", "refunds", "marketplace_fees", "net_revenue"):
        card = browser.find_element(By.CSS_SELECTOR, f"[data-testid=revenue-totals] [data-figure={figure}]")
        assert Decimal(card.get_attribute("data-value")) == Decimal(str(data["totals"][figure])), figure
    assert "€71.00" in browser.find_element(By.CSS_SELECTOR, "[data-testid=revenue-totals]").text

    # the over-time chart: one point per channel and week, each the API's net revenue
    points = over_time.find_elements(By.CSS_SELECTOR, "circle[data-channel]")
    plotted = {
        (p.get_attribute("data-channel"), p.get_attribute("data-period")): p.get_attribute("data-value") for p in points
    }
    for row in data["rows"]:
        assert Decimal(plotted[(row["channel"], row["week"])]) == Decimal(row["net_revenue"])
    share = browser.find_elements(By.CSS_SELECTOR, "[data-testid=chart-share] rect[data-channel]")
    assert {bar.get_attribute("data-channel") for bar in share} == {"amazon", "aliexpress"}
    assert sum(Decimal(bar.get_attribute("data-value")) for bar in share) == Decimal("100.0")
    margin = browser.find_elements(By.CSS_SELECTOR, "[data-testid=chart-margin] rect[data-channel]")
    assert len(margin) == 2
    assert browser.find_element(By.CSS_SELECTOR, "[data-unconverted=G-4]")
    shot(browser, "1-dashboard")

    # drill down from the amazon gross sales cell
    cell = browser.find_element(
        By.CSS_SELECTOR, "[data-testid=table-channel] tr[data-channel=amazon] td[data-figure=gross_sales] a"
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
    cell.click()
    listing = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=drill-orders]")))
    assert {row.get_attribute("data-order") for row in listing.find_elements(By.CSS_SELECTOR, "tr[data-order]")} == {
        "G-0",
        "G-1",
    }
    shot(browser, "2-drill-down")


def test_logistics_gets_the_styled_403(browser, live_server, account):
    member = MembershipFactory(account=account, role=Role.LOGISTICS)
    log_in(browser, live_server, member.user.email)
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=nav-revenue]")
    browser.get(f"{live_server.url}/fulfilment/{account.pk}/revenue/")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=error-403]")))
