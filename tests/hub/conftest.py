import pytest

from tests.hub.support import tenant_build


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded images go to a per-test folder, never into the repository or a shared /tmp path."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def tenant(account):
    return tenant_build(account)


@pytest.fixture
def other_tenant(other_account):
    return tenant_build(other_account)
