import pytest
from sp_api.auth import access_token_client

from infra.demo.channels import channel_accounts_connect_sandboxes
from infra.run.sandbox_process import SandboxUnavailable, start_sandbox


def _session_sandbox(name, tmp_path_factory):
    try:
        sandbox = start_sandbox(name, tmp_path_factory.mktemp(f"sandbox-{name}"))
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


def _fresh(sandbox):
    sandbox.reset()
    access_token_client.cache.clear()
    return sandbox


@pytest.fixture
def amazon_sandbox(amazon_sandbox_process, local_limiter):
    yield _fresh(amazon_sandbox_process)


@pytest.fixture
def aliexpress_sandbox(aliexpress_sandbox_process, local_limiter):
    yield _fresh(aliexpress_sandbox_process)


@pytest.fixture
def wish_sandbox(wish_sandbox_process, local_limiter):
    yield _fresh(wish_sandbox_process)


@pytest.fixture
def connect(settings, account):
    """connect(amazon=sandbox, ...) -> {family: ChannelAccount} pointed at the running sandboxes."""

    def make(**sandboxes):
        settings.CHANNELS_SANDBOX_URLS = {
            name: (sandboxes[name].url if name in sandboxes else "http://127.0.0.1:9")
            for name in ("amazon", "aliexpress", "wish")
        }
        accounts = channel_accounts_connect_sandboxes(account=account, verify=False)
        return {channel_account.family: channel_account for channel_account in accounts}

    return make


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/channels/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)
