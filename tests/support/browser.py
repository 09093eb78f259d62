"""Headless Chromium (Debian's chromium + chromium-driver) driven by Selenium, for page tests.

`make test` installs both packages; the paths come from HUB_CHROMIUM / HUB_CHROMEDRIVER or PATH.
Chromium is started with background networking off so it never tries to reach the internet.
"""

import os
import shutil
import tempfile

import pytest


def _chromium_paths() -> tuple[str | None, str | None]:
    binary = os.environ.get("HUB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("HUB_CHROMEDRIVER") or shutil.which("chromedriver")
    return binary, driver


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _chromium_paths()
    if not binary or not driver_path:
        pytest.fail("Chromium and chromedriver are needed for browser tests (make test installs them).")
    profile = tempfile.mkdtemp(prefix="hub-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
