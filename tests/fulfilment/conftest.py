import pytest

from tests.channels.factories import aliexpress_account, amazon_account, wish_account
from tests.factories.inventory import FbaWarehouseFactory, WarehouseFactory


@pytest.fixture
def own_warehouse(account):
    return WarehouseFactory(account=account, code="szx", name="Shenzhen", country="CN")


@pytest.fixture
def fba_warehouse(account):
    return FbaWarehouseFactory(account=account, code="fba-eu", name="FBA EU", fba_region="EU")


@pytest.fixture
def amazon(account):
    return amazon_account(account)


@pytest.fixture
def aliexpress(account):
    return aliexpress_account(account)


@pytest.fixture
def wish(account):
    return wish_account(account)
