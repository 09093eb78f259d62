"""Helpers for the workspace browser tests: log in, wait, and keep screenshots as test artifacts
(var/test-artifacts/<test>/<step>.png, ignored by git)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories.accounts import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def wait(browser, condition, seconds: float = 10):
    return WebDriverWait(browser, seconds).until(condition)


def log_in(browser, live_server, email: str) -> None:
    browser.delete_all_cookies()
    browser.get(live_server.url + "/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-account]")))


def shot(browser, name: str) -> Path:
    test = os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0].split("::")[-1]
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    browser.save_screenshot(str(path))
    return path


def menu_keys(browser) -> set[str]:
    return {
        element.get_attribute("data-testid").removeprefix("nav-")
        for element in browser.find_elements(By.CSS_SELECTOR, "nav.mainnav [data-testid^=nav-]")
    }


def click(browser, selector: str) -> None:
    element = wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, selector)))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()
