import pytest
from tests.factories.catalog import ProductFactory, VariantFactory

def test_probe(owner_client, api_url, account):
    v = VariantFactory(product=ProductFactory(account=account), base_price="12.5")
    r = owner_client.get(api_url("catalog/products/"))
    print(r.status_code, r.json())
    r = owner_client.post(api_url("catalog/products/"), {"code": "X1", "title": "T", "variants": [{"sku": "A1", "base_price": "12.5"}]}, format="json")
    print(r.status_code, r.json())
    r = owner_client.post(api_url("catalog/products/"), {"code": "X2", "title": "T", "variants": [{"sku": "A1", "base_price": "-1.555"}]}, format="json")
    print(r.status_code, r.json())
