"""The audit log page in headless Chromium: an owner changes a price on the product page, opens
the Audit log from the menu, filters it to variant prices and sees who changed what, from what
to what (screenshot in var/test-artifacts/)."""

from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory, SellerAccountFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.support.pages import click, log_in, menu_keys, shot, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_sees_a_price_change_in_the_audit_log(browser, live_server):
    account = SellerAccountFactory(name="Shenzhen Steel")
    product = ProductFactory(account=account, code="BR-100", title="Acme steel bracelet")
    VariantFactory(product=product, sku="BR-100-S", base_price=Decimal("89.00"))
    owner = MembershipFactory(account=account, role=Role.OWNER)
    MembershipFactory(account=account, role=Role.CATALOG)

    log_in(browser, live_server, owner.user.email)
    assert "audit" in menu_keys(browser)
    browser.get(f"{live_server.url}/catalog/{account.pk}/products/{product.pk}/")
    price = wait(
        browser, EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-sku='BR-100-S'] [data-testid=price-input]"))
    )
    price.clear()
    price.send_keys("79.5")
    click(browser, "tr[data-sku='BR-100-S'] [data-testid=variant-save]")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".message.success")))

    click(browser, "[data-testid=nav-audit]")
    Select(browser.find_element(By.NAME, "object_type")).select_by_value("catalog.variant")
    click(browser, "[data-testid=audit-filters] button[type=submit]")
    # The unfiltered page has variant rows too: wait for the filtered page itself to load.
    wait(browser, EC.url_contains("object_type=catalog.variant"))
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-object-type='catalog.variant']")))
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=audit-entries] tbody tr")
    changed = [row for row in rows if "base_price" in row.text and "→ 79.50" in row.text]
    shot(browser, "audit-log")

    assert {row.get_attribute("data-object-type") for row in rows} == {"catalog.variant"}
    assert len(changed) == 1
    assert owner.user.email in changed[0].text
    assert "89.000 → 79.50" in changed[0].text
