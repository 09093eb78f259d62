import pytest

from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory
from tests.fulfilment.reports.data import Setup


@pytest.fixture
def revenue_setup(account, amazon, aliexpress, wish, own_warehouse, fba_warehouse):
    account.base_currency = "EUR"
    account.timezone = "Asia/Shanghai"
    account.save(update_fields=["base_currency", "timezone"])
    root = CategoryFactory(account=account, name="Jewellery")
    child = CategoryFactory(account=account, name="Bracelets", parent=root)
    other = CategoryFactory(account=account, name="Bags")
    variants = []
    for index, category in enumerate([root, child, child, other, None]):
        product = ProductFactory(account=account, category=category)
        variants.append(
            VariantFactory(
                product=product, sku=f"V-{index}", currency="EUR", cost=None if index == 4 else f"{index + 1}.250"
            )
        )
    return Setup(
        account=account,
        channel_accounts=[amazon, aliexpress, wish],
        variants=variants,
        warehouses=[own_warehouse, fba_warehouse],
        categories=[root, child, other],
    )
