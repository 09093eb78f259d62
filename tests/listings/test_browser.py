"""The publish page in headless Chromium, from selection to a finished job: choose a product and
the Wish marketplace, read the plan, confirm, watch the progress, read the results. The job runs the
real apply path against the Wish sandbox (in a thread of the test process instead of a worker)."""

import threading

import pytest
from django.db import connection
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from hub.accounts.roles import Role
from listings.models import JobStatus, Listing, ListingStatus, PublishJob
from listings.services import apply
from tests.factories.accounts import PASSWORD, MembershipFactory, SellerAccountFactory
from tests.listings.support import shop

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait(browser, condition, seconds: float = 30):
    return WebDriverWait(browser, seconds).until(condition)


@pytest.fixture
def jobs_in_threads(monkeypatch):
    threads = []

    def enqueue(job, *, families=None):
        def run():
            try:
                for family in sorted(set(families or ["aliexpress", "amazon", "wish"])):
                    apply.publish_job_run(job.pk, family)
            finally:
                connection.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        threads.append(thread)

    monkeypatch.setattr(apply, "publish_job_enqueue", enqueue)
    yield threads
    for thread in threads:
        thread.join(timeout=30)


def sandbox_credentials(family: str) -> dict:
    import json

    from channels.wish import consts
    from infra.demo.channels import SANDBOX_CREDENTIALS_FILE

    demo = json.loads(SANDBOX_CREDENTIALS_FILE.read_text(encoding="utf-8"))[family]
    return {key: demo[key] for key in consts.CREDENTIAL_FIELDS}


def test_publish_from_selection_to_finished_job(browser, live_server, sandboxes, jobs_in_threads, settings):
    from channels.services import channel_account_update

    account = SellerAccountFactory(name="Lumora")
    catalog = shop(account)
    channel_account_update(
        channel_account=catalog.wish, base_urls={"api": sandboxes["wish"].url}, credentials=sandbox_credentials("wish")
    )
    member = MembershipFactory(account=account, role=Role.CATALOG)

    browser.get(live_server.url + "/login/")
    browser.find_element(By.NAME, "username").send_keys(member.user.email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=nav-publish]"))).click()

    _wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=product-BR-1]"))).click()
    browser.find_element(By.CSS_SELECTOR, "[data-testid=market-wish]").click()
    browser.find_element(By.CSS_SELECTOR, "[data-testid=plan]").click()

    plan = _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=plan-result]")))
    assert plan.find_element(By.CSS_SELECTOR, "[data-testid=count-create]").text.startswith("3")
    assert plan.find_element(By.CSS_SELECTOR, "[data-testid=plan-calls]").text.startswith("1")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=confirm]").click()

    _wait(browser, lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-testid=job-status]").text == "Done", 60)
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=job-done]").text == "1"
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results tr[data-state=done]")))
    job = PublishJob.objects.get()
    assert job.status == JobStatus.DONE
    rows = Listing.objects.filter(family="wish")
    assert {row.status for row in rows} == {ListingStatus.PUBLISHED}
    assert all(row.external_id for row in rows)

    # The matrix shows the price in the marketplace currency with its rate date.
    browser.find_element(By.CSS_SELECTOR, "[data-testid=nav-listings]").click()
    cell = _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid='cell-BR-1-SILVER-wish']")))
    assert "13.95 USD" in cell.text and "rate" in cell.text and "Published" in cell.text
