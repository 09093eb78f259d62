import io

import pytest
from cryptography.fernet import Fernet
from sp_api.auth import access_token_client

from channels.ratelimit import _limiter_for
from infra.demo.channels import channel_accounts_connect_sandboxes
from infra.run.sandbox_process import SandboxUnavailable, start_sandbox

SPEEDUP = 60.0
TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _listing_settings(settings):
    settings.CHANNELS_CREDENTIAL_KEYS = [TEST_KEY]
    settings.CHANNELS_RATE_SAFETY = 0.95
    settings.CHANNELS_RATE_WAIT_SECONDS = 0.0
    settings.CHANNELS_HTTP_TIMEOUT_SECONDS = 10.0
    settings.LISTINGS_FEED_POLL_SECONDS = 0.2
    settings.SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def local_limiter(settings):
    settings.REDIS_URL = ""
    _limiter_for.cache_clear()
    yield _limiter_for("")
    _limiter_for.cache_clear()


def _session_sandbox(name, tmp_path_factory):
    try:
        sandbox = start_sandbox(name, tmp_path_factory.mktemp(f"listings-{name}"), speedup=SPEEDUP)
    except SandboxUnavailable as error:
        pytest.fail(str(error))
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="session")
def amazon_sandbox_process(tmp_path_factory):
    yield from _session_sandbox("amazon", tmp_path_factory)


@pytest.fixture(scope="session")
def aliexpress_sandbox_process(tmp_path_factory):
    yield from _session_sandbox("aliexpress", tmp_path_factory)


@pytest.fixture(scope="session")
def wish_sandbox_process(tmp_path_factory):
    yield from _session_sandbox("wish", tmp_path_factory)


@pytest.fixture
def sandboxes(amazon_sandbox_process, aliexpress_sandbox_process, wish_sandbox_process, local_limiter, settings):
    """All three sandboxes, reset, at SPEEDUP (the adapters' pacing follows)."""
    settings.CHANNELS_RATE_SPEEDUP = SPEEDUP
    found = {"amazon": amazon_sandbox_process, "aliexpress": aliexpress_sandbox_process, "wish": wish_sandbox_process}
    for sandbox in found.values():
        sandbox.reset()
    access_token_client.cache.clear()
    settings.CHANNELS_SANDBOX_URLS = {name: sandbox.url for name, sandbox in found.items()}
    return found


@pytest.fixture
def demo_account(db, settings, monkeypatch):
    """The demo seller as `make run` loads it (catalog through the spreadsheet import, mappings,
    price rules), with channel accounts pointed at whatever CHANNELS_SANDBOX_URLS says."""
    from channels import tasks as channel_tasks
    from infra.demo import loader

    # No broker in these tests: the verify and first-publish tasks are not queued.
    monkeypatch.setattr(channel_tasks.channel_account_verify_task, "delay", lambda *a, **k: None)
    monkeypatch.setattr(
        loader, "DEMO_EXTENSIONS", [path for path in loader.DEMO_EXTENSIONS if not path.endswith("publish_demo")]
    )
    from currency.services.rates import ecb_rates_load

    ecb_rates_load()
    return loader.load_demo(stdout=io.StringIO())


def connect(account):
    return {ca.family: ca for ca in channel_accounts_connect_sandboxes(account=account, verify=False)}
