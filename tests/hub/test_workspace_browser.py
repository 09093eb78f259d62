"""The workspace pages in headless Chromium, per role (screenshots in var/test-artifacts/):
the catalog manager searches, edits a price, uploads an image and imports a file with a bad row;
logistics adjusts and transfers stock; a translator and a manager see only their menu entries
and get the styled 403 elsewhere."""

from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from hub.accounts.roles import Role
from hub.catalog.models import Product, Variant
from hub.inventory.models import StockLevel
from hub.inventory.services import stock_adjust
from tests.factories.accounts import MembershipFactory, SellerAccountFactory
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import WarehouseFactory
from tests.hub.support import png_bytes
from tests.support.pages import click, log_in, menu_keys, shot, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalog_manager_search_edit_upload_and_import(browser, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    account = SellerAccountFactory(name="Shenzhen Steel")
    product = ProductFactory(account=account, code="BR-100", title="Acme steel bracelet")
    VariantFactory(product=product, sku="BR-100-S", base_price=Decimal("89.00"))
    for n in range(3):
        ProductFactory(account=account, code=f"RING-{n}", title="Silver ring")
    manager = MembershipFactory(account=account, role=Role.CATALOG)

    log_in(browser, live_server, manager.user.email)
    click(browser, "[data-testid=nav-catalog]")
    search = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=search]")))
    search.send_keys("bracelet")
    click(browser, "[data-testid=apply-filters]")
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=total]"), "1 product"))
    assert [link.text for link in browser.find_elements(By.CSS_SELECTOR, "[data-testid=product-link]")] == ["BR-100"]
    shot(browser, "1-search")

    click(browser, "[data-testid=product-link]")
    price = wait(
        browser, EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-sku='BR-100-S'] [data-testid=price-input]"))
    )
    assert price.get_attribute("value") == "89.00"
    price.clear()
    price.send_keys("79.5")
    click(browser, "tr[data-sku='BR-100-S'] [data-testid=variant-save]")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".message.success")))
    assert (
        browser.find_element(By.CSS_SELECTOR, "tr[data-sku='BR-100-S'] [data-testid=price-input]").get_attribute(
            "value"
        )
        == "79.50"
    )
    assert Variant.objects.get(sku="BR-100-S").base_price == Decimal("79.50")

    image = tmp_path / "bracelet.png"
    image.write_bytes(png_bytes(width=40, height=30))
    browser.find_element(By.ID, "id_image").send_keys(str(image))
    click(browser, "[data-testid=image-upload]")
    shown = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=image]")))
    wait(browser, lambda driver: driver.execute_script("return arguments[0].naturalWidth", shown) == 40)
    shot(browser, "2-editor")

    click(browser, f"a[href$='/catalog/{account.pk}/']")
    sheet = tmp_path / "catalog.csv"
    sheet.write_text("product_code,title,sku,base_price\nNEW-1,New thing,NEW-1-A,10.00\nNEW-2,Other,NEW-2-A,ten\n")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=import-form] input[type=file]").send_keys(str(sheet))
    click(browser, "[data-testid=import-form] button[type=submit]")
    table = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=import-problems]")))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 1 and rows[0].find_elements(By.TAG_NAME, "td")[0].text == "3"
    assert "base_price" in rows[0].text
    shot(browser, "3-import-report")
    assert not Product.objects.filter(code__startswith="NEW-").exists()


def test_logistics_adjusts_and_transfers(browser, live_server):
    account = SellerAccountFactory()
    shenzhen = WarehouseFactory(account=account, code="sz", name="Shenzhen")
    la = WarehouseFactory(account=account, code="la", name="Los Angeles")
    variant = VariantFactory(product__account=account, sku="MUG-1")
    stock_adjust(account=account, variant=variant, warehouse=shenzhen, on_hand_change=10)
    logistics = MembershipFactory(account=account, role=Role.LOGISTICS)

    log_in(browser, live_server, logistics.user.email)
    click(browser, "[data-testid=nav-stock]")
    form = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=adjust-form]")))
    form.find_element(By.NAME, "sku").send_keys("MUG-1")
    Select(form.find_element(By.NAME, "warehouse")).select_by_visible_text("Shenzhen")
    form.find_element(By.NAME, "quantity").send_keys("5")
    Select(form.find_element(By.NAME, "reason")).select_by_value("receipt")
    click(browser, "[data-testid=adjust-submit]")
    cell = "tr[data-sku='MUG-1'][data-warehouse='sz'] [data-testid=on-hand]"
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, cell), "15"))

    form = browser.find_element(By.CSS_SELECTOR, "[data-testid=transfer-form]")
    form.find_element(By.NAME, "sku").send_keys("MUG-1")
    form.find_element(By.NAME, "quantity").send_keys("4")
    Select(form.find_element(By.NAME, "source")).select_by_visible_text("Shenzhen")
    Select(form.find_element(By.NAME, "destination")).select_by_visible_text("Los Angeles")
    form.find_element(By.NAME, "reason").send_keys("restock the west coast")
    click(browser, "[data-testid=transfer-submit]")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-sku='MUG-1'][data-warehouse='la']")))
    assert (
        browser.find_element(By.CSS_SELECTOR, "tr[data-sku='MUG-1'][data-warehouse='la'] [data-testid=on-hand]").text
        == "4"
    )
    assert browser.find_element(By.CSS_SELECTOR, cell).text == "11"
    shot(browser, "1-stock")
    assert StockLevel.objects.get(variant=variant, warehouse=la).on_hand == 4

    click(browser, "tr[data-sku='MUG-1'][data-warehouse='sz'] [data-testid=history-link]")
    rows = wait(browser, EC.presence_of_all_elements_located((By.CSS_SELECTOR, "[data-testid=movements] tbody tr")))
    assert len(rows) == 4  # initial, receipt, transfer out, transfer in
    shot(browser, "2-history")


@pytest.mark.parametrize(
    ("role", "present", "absent", "forbidden"),
    [
        (Role.TRANSLATOR, {"catalog", "translations", "members"}, {"stock", "marketplaces"}, "/stock/{pk}/"),
        (
            Role.MANAGER,
            {"catalog", "stock", "marketplaces", "translations", "members"},
            set(),
            "/catalog/{pk}/products/new/",
        ),
    ],
)
def test_menus_by_role_and_the_styled_403(browser, live_server, role, present, absent, forbidden):
    from hub.config.navigation import menu_for

    account = SellerAccountFactory()
    member = MembershipFactory(account=account, role=role, **({"locales": ["de"]} if role == Role.TRANSLATOR else {}))
    log_in(browser, live_server, member.user.email)
    shown = menu_keys(browser)
    # Exactly the entries the role matrix grants among the pages that exist (others land later).
    assert shown == {entry.key for entry in menu_for(role=role, account_pk=account.pk)}
    assert present <= shown and not (absent & shown)
    browser.get(live_server.url + forbidden.format(pk=account.pk))
    panel = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=error-403]")))
    assert "403" in panel.text
    assert browser.find_elements(By.CSS_SELECTOR, "nav.mainnav")  # inside the layout, with the menu
    shot(browser, f"403-{role}")


def test_bulk_price_change_preview_then_apply(browser, live_server):
    account = SellerAccountFactory()
    for code, price in (("A-1", "10.00"), ("B-1", "20.00"), ("C-1", "30.00")):
        VariantFactory(product=ProductFactory(account=account, code=code), sku=f"{code}-S", base_price=Decimal(price))
    manager = MembershipFactory(account=account, role=Role.CATALOG)
    log_in(browser, live_server, manager.user.email)
    browser.get(f"{live_server.url}/catalog/{account.pk}/")
    panel = browser.find_element(By.CSS_SELECTOR, "[data-testid=bulk-panel]")
    assert not panel.is_displayed()
    for code in ("A-1", "B-1"):
        click(browser, f"tr[data-code='{code}'] input[name=selected]")
    wait(browser, EC.visibility_of(panel))
    Select(panel.find_element(By.CSS_SELECTOR, "[data-testid=bulk-action]")).select_by_value("price_percent")
    panel.find_element(By.CSS_SELECTOR, "[data-testid=bulk-value]").send_keys("-10")
    click(browser, "[data-testid=bulk-preview]")
    preview = wait(
        browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=bulk-changes][data-state=preview]"))
    )
    assert preview.get_attribute("data-count") == "2"
    assert Variant.objects.get(sku="A-1-S").base_price == Decimal("10.00")  # nothing saved by the preview
    shot(browser, "1-preview")
    click(browser, "[data-testid=bulk-apply]")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=bulk-changes][data-state=applied]")))
    assert [Variant.objects.get(sku=s).base_price for s in ("A-1-S", "B-1-S", "C-1-S")] == [
        Decimal("9.00"),
        Decimal("18.00"),
        Decimal("30.00"),
    ]
    shot(browser, "2-applied")
