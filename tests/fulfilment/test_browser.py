"""The logistics board and the order page in a real headless Chromium: exceptions first, live
counts, the order's timeline and money, shipping from the order page, the Chinese interface."""

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from fulfilment.services.ingest import order_ingest
from hub.accounts.roles import Role
from tests.channels.factories import amazon_account
from tests.factories.accounts import PASSWORD, MembershipFactory, SellerAccountFactory
from tests.factories.inventory import WarehouseFactory
from tests.fulfilment.support import canonical, eur_usd_rates, stocked_variant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait(browser, condition, seconds: float = 10):
    # A form post reloads the page: an element read during the reload is stale, not a failure.
    return WebDriverWait(
        browser, seconds, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    ).until(condition)


def _log_in(browser, live_server, email: str) -> None:
    browser.get(live_server.url + "/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-account]")))


def test_logistics_board_and_order_page(browser, live_server):
    account = SellerAccountFactory(name="Lumora Trading", base_currency="USD")
    amazon = amazon_account(account)
    warehouse = WarehouseFactory(account=account, code="szx", country="CN")
    eur_usd_rates()
    stocked_variant(account, warehouse, sku="SKU-1", units=10)
    order_ingest(account=account, channel_account=amazon, canonical=canonical("302-1111111-1111111"))
    order_ingest(
        account=account, channel_account=amazon, canonical=canonical("302-2222222-2222222", lines=[("X-9", 1, "5")])
    )
    logistics = MembershipFactory(account=account, role=Role.LOGISTICS)

    _log_in(browser, live_server, logistics.user.email)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=nav-logistics]").click()
    board = _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=exceptions]")))
    assert board.find_element(By.CSS_SELECTOR, "h3[data-exception=unknown_sku]")
    assert board.location["y"] < browser.find_element(By.CSS_SELECTOR, "[data-testid=waiting]").location["y"]
    count = browser.find_element(By.CSS_SELECTOR, "[data-count=unknown_sku]")
    assert count.text == "1"

    # a new held order arrives: the count changes in place, without a reload
    order_ingest(
        account=account, channel_account=amazon, canonical=canonical("302-3333333-3333333", lines=[("X-8", 1, "5")])
    )
    browser.execute_script("document.querySelector('[data-testid=counts]').dispatchEvent(new Event('refresh'))")
    _wait(browser, lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-count=unknown_sku]").text == "2")

    # the waiting order: its page shows money in both currencies, the routing and the timeline
    browser.find_element(By.CSS_SELECTOR, "[data-testid=waiting] a").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=timeline]")))
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=base-total]").text == "21.60"
    assert "1 EUR = 1.08 USD" in browser.find_element(By.CSS_SELECTOR, "[data-testid=rate]").text
    assert "szx" in browser.find_element(By.CSS_SELECTOR, "[data-testid=routing]").text
    kinds = [item.get_attribute("data-kind") for item in browser.find_elements(By.CSS_SELECTOR, ".timeline li")]
    assert "version" in kinds and "reserved" in kinds

    # ship it from the page
    form = browser.find_element(By.CSS_SELECTOR, "[data-testid=ship-form]")
    form.find_element(By.NAME, "carrier").send_keys("DHL")
    form.find_element(By.NAME, "tracking_number").send_keys("1234567890")
    form.find_element(By.CSS_SELECTOR, "button").click()
    _wait(
        browser, lambda driver: "Shipped" in driver.find_element(By.CSS_SELECTOR, "[data-testid=shipment-status]").text
    )
    assert "1234567890" in browser.find_element(By.CSS_SELECTOR, "[data-testid=pushes]").text

    # the same page in Simplified Chinese
    Select(browser.find_element(By.CSS_SELECTOR, ".language-switcher select")).select_by_value("zh-hans")
    _wait(browser, lambda driver: "时间线" in driver.page_source)
    assert "已发货" in browser.find_element(By.CSS_SELECTOR, "[data-testid=shipment-status]").text
    browser.find_element(By.CSS_SELECTOR, "[data-testid=nav-logistics]").click()
    _wait(browser, lambda driver: "异常" in driver.find_element(By.TAG_NAME, "h1").text + driver.page_source)
    assert browser.find_element(By.TAG_NAME, "h1").text == "物流"
