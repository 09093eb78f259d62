"""The owner in headless Chromium: connects the Amazon sandbox from the connections page, verifies
it, reads the call log, then changes a member's role (screenshots in var/test-artifacts/)."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from channels.models import ChannelAccount
from hub.accounts.models import Membership
from hub.accounts.roles import Role
from infra.demo.channels import SANDBOX_CREDENTIALS_FILE
from tests.factories.accounts import MembershipFactory, SellerAccountFactory
from tests.support.pages import click, log_in, shot, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMAZON = json.loads(SANDBOX_CREDENTIALS_FILE.read_text())["amazon"]


def test_owner_connects_verifies_reads_the_log_and_changes_a_role(browser, live_server, amazon_sandbox):
    account = SellerAccountFactory(name="Shenzhen Steel")
    owner = MembershipFactory(account=account, role=Role.OWNER)
    colleague = MembershipFactory(account=account, role=Role.CATALOG, user__email="mei@example.com")

    log_in(browser, live_server, owner.user.email)
    click(browser, "[data-testid=nav-marketplaces]")
    form = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=connect-form]")))
    Select(form.find_element(By.NAME, "family")).select_by_value("amazon")
    form.find_element(By.NAME, "name").send_keys("Amazon Europe")
    form.find_element(By.NAME, "seller_reference").send_keys(AMAZON["seller_id"])
    form.find_element(By.NAME, "base_url").send_keys(amazon_sandbox.url)
    form.find_element(By.CSS_SELECTOR, "input[name=marketplaces][value=A1PA6795UKMFR9]").click()
    for key in ("lwa_app_id", "lwa_client_secret", "refresh_token"):
        form.find_element(By.NAME, f"cred-amazon-{key}").send_keys(AMAZON[key])
    # The other families' credential fields are hidden and not sent.
    assert not browser.find_element(By.NAME, "cred-wish-client_id").is_displayed()
    click(browser, "[data-testid=connect-submit]")
    row = "tr[data-connection='Amazon Europe']"
    wait(
        browser,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, f"{row} [data-testid=connection-status]"), "Not verified"),
    )
    assert AMAZON["refresh_token"] not in browser.page_source

    click(browser, f"{row} [data-testid=verify]")
    wait(
        browser,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, f"{row} [data-testid=connection-status]"), "Connected"),
    )
    assert browser.find_element(By.CSS_SELECTOR, f"{row} [data-testid=last-verified]").text != "—"
    shot(browser, "1-connected")

    click(browser, f"{row} [data-testid=call-log-link]")
    rows = wait(browser, EC.presence_of_all_elements_located((By.CSS_SELECTOR, "[data-testid=calls] tbody tr")))
    assert [r.get_attribute("data-operation") for r in rows] == ["getMarketplaceParticipations", "lwaToken"]
    assert all(r.get_attribute("data-kind") == "" for r in rows)
    shot(browser, "2-call-log")
    assert ChannelAccount.objects.get(account=account).status == "connected"

    click(browser, "[data-testid=nav-members]")
    member_row = f"tr[data-email='{colleague.user.email}']"
    select = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, f"{member_row} [data-testid=member-role]")))
    Select(select).select_by_value("logistics")
    click(browser, f"{member_row} [data-testid=member-save]")
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".message.success"), "is now Logistics"))
    shot(browser, "3-members")
    assert Membership.objects.get(pk=colleague.pk).role == Role.LOGISTICS
