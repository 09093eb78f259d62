"""A person in a real browser: sign up, create a seller account, invite a colleague by e-mail; the
colleague signs up from the mailed link, accepts and works in the account."""

import re

import pytest
from django.core import mail
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as expected
from selenium.webdriver.support.ui import Select, WebDriverWait

from hub.accounts.models import Membership

pytestmark = pytest.mark.browser


def _fill(browser, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = browser.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)


def _submit(browser, label: str) -> None:
    browser.find_element(By.XPATH, f"//button[normalize-space()='{label}']").click()


def _wait_text(browser, text: str) -> None:
    # Read the text through script rather than a located <body>: a page still loading after a form
    # post replaces the document, and an element found a moment earlier no longer belongs to it.
    try:
        WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: text in driver.execute_script("return document.body ? document.body.innerText : '';")
        )
    except Exception:
        print("URL", browser.current_url, browser.execute_script("return document.body.innerText"))
        raise


def test_register_create_account_invite_and_accept(browser, live_server, settings):
    settings.SITE_URL = live_server.url

    browser.get(f"{live_server.url}/register/")
    _fill(browser, {"email": "owner@example.com", "full_name": "Olga Owner", "password": "owner pass phrase"})
    _submit(browser, "Create my login")
    _wait_text(browser, "You do not belong to a seller account yet.")

    _fill(browser, {"name": "Harbour Goods", "base_currency": "EUR", "source_locale": "de_DE"})
    _submit(browser, "Create account")
    _wait_text(browser, "Account Harbour Goods created.")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=current-account]").text == "Harbour Goods"

    browser.find_element(By.LINK_TEXT, "Members").click()
    _wait_text(browser, "Members of Harbour Goods")
    _fill(browser, {"email": "colleague@example.com", "role": "catalog"})
    _submit(browser, "Send invitation")
    _wait_text(browser, "Invitation sent to colleague@example.com.")

    assert [message.to for message in mail.outbox] == [["colleague@example.com"]]
    link = re.search(r"http://\S+/invitations/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    _submit(browser, "Log out")
    WebDriverWait(browser, 20).until(expected.url_contains("/login/"))
    browser.get(link)
    _wait_text(browser, "Join Harbour Goods")
    browser.find_element(By.LINK_TEXT, "Sign up").click()
    _fill(
        browser, {"email": "colleague@example.com", "full_name": "Chen Colleague", "password": "colleague pass phrase"}
    )
    _submit(browser, "Create my login")
    _wait_text(browser, "This invitation is for colleague@example.com, as Catalog manager.")
    _submit(browser, "Accept invitation")
    _wait_text(browser, "You joined Harbour Goods.")

    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=accounts] tbody tr")
    assert [row.find_element(By.TAG_NAME, "td").text.split(" #")[0] for row in rows] == ["Harbour Goods"]
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=current-account]").text == "Harbour Goods"
    assert sorted(Membership.objects.values_list("user__email", "role")) == [
        ("colleague@example.com", "catalog"),
        ("owner@example.com", "owner"),
    ]
