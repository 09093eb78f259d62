"""The workbench in a real headless Chromium: a translator edits with live counters and sends the
text for review, a reviewer approves it; the Chinese interface renders after switching language."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from hub.accounts.roles import Role
from i18n.models import I18nPolicy, Translation, TranslationStatus
from tests.factories.accounts import PASSWORD, MembershipFactory, SellerAccountFactory
from tests.factories.catalog import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait(browser, condition, seconds: float = 10):
    return WebDriverWait(browser, seconds).until(condition)


def _log_in(browser, live_server, email: str) -> None:
    browser.get(live_server.url + "/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-account]")))


def _log_out(browser) -> None:
    browser.find_element(By.CSS_SELECTOR, "nav.mainnav form button").click()
    _wait(browser, EC.presence_of_element_located((By.NAME, "username")))


def _counter(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "[data-testid=counter-amazon-chars-200]").text


def test_translate_count_save_and_approve(browser, live_server):
    account = SellerAccountFactory(name="Shenzhen Steel", source_locale="en_US")
    I18nPolicy.objects.create(account=account, target_locales=["de"], is_four_eyes=True)
    product = ProductFactory(account=account, code="P-1", title="Acme steel bracelet", description="")
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    reviewer = MembershipFactory(account=account, role=Role.CATALOG)

    # The translator finds the missing title through the navigation and the queue.
    _log_in(browser, live_server, translator.user.email)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=nav-translations]").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-locale=de]")))
    browser.find_element(By.CSS_SELECTOR, "tr[data-locale=de] [data-testid=count-missing]").click()
    link = _wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, f"a[data-unit='product.{product.pk}.title']")))
    link.click()
    text = _wait(browser, EC.presence_of_element_located((By.ID, "id_text")))
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=source-text]").text == "Acme steel bracelet"
    assert _counter(browser) == "0"

    # The counter follows the typing, in code points (ä and ß count once).
    text.send_keys("Acme Armband aus Edelstahl, größenverstellbar")
    _wait(browser, lambda driver: _counter(driver) == "45")
    assert "over-error" not in browser.find_element(By.CSS_SELECTOR, "li.counter[data-max='200']").get_attribute(
        "class"
    )
    assert "over-warning" not in browser.find_element(By.CSS_SELECTOR, "li.counter[data-max='80']").get_attribute(
        "class"
    )
    text.send_keys(" mit Geschenkbox für Damen und Herren, wasserdicht")
    _wait(browser, lambda driver: _counter(driver) == "95")
    assert "over-warning" in browser.find_element(By.CSS_SELECTOR, "li.counter[data-max='80']").get_attribute("class")

    before = browser.find_element(By.CSS_SELECTOR, "[data-testid=status]")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=submit]").click()
    _wait(browser, EC.staleness_of(before))  # the answer to the post, not the page it left
    status = _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=status]")))
    assert status.text == "Needs review"
    # Four eyes: the author is not offered the approve button.
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid=approve]") == []
    editor_url = browser.current_url
    _log_out(browser)

    # The reviewer approves.
    _log_in(browser, live_server, reviewer.user.email)
    browser.get(editor_url)
    _wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=approve]"))).click()
    _wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=status]"), "Approved"))

    translation = Translation.objects.get()
    assert (
        translation.text
        == "Acme Armband aus Edelstahl, größenverstellbar mit Geschenkbox für Damen und Herren, wasserdicht"
    )
    assert translation.status == TranslationStatus.APPROVED
    assert (translation.translated_by, translation.reviewed_by) == (translator.user, reviewer.user)


def test_the_chinese_interface_renders(browser, live_server, compiled_catalogs):
    account = SellerAccountFactory(name="深圳钢饰", source_locale="en_US")
    I18nPolicy.objects.create(account=account, target_locales=["de", "ja"])
    ProductFactory(account=account, code="P-1", title="Acme steel bracelet")
    owner = MembershipFactory(account=account, role=Role.OWNER)

    _log_in(browser, live_server, owner.user.email)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Your seller accounts"
    Select(browser.find_element(By.CSS_SELECTOR, ".language-switcher select")).select_by_value("zh-hans")
    _wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "您的卖家账户"))
    browser.find_element(By.CSS_SELECTOR, "[data-testid=nav-translations]").click()

    heading = _wait(browser, EC.presence_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == "翻译工作台"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-hans"
    assert browser.find_element(By.CSS_SELECTOR, "tr[data-locale=ja] th a").text == "日语"
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=nav-translations]").text == "翻译"
