import re

import yaml
from openapi_spec_validator import validate


def test_schema_is_valid_openapi_3(client, db):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate(schema)
    paths = schema["paths"]
    for path in (
        "/api/health/",
        "/api/accounts/{account_pk}/",
        "/api/accounts/{account_pk}/catalog/products/",
        "/api/accounts/{account_pk}/catalog/products/{product_pk}/images/order/",
        "/api/accounts/{account_pk}/catalog/import/",
        "/api/accounts/{account_pk}/inventory/adjustments/",
        "/api/accounts/{account_pk}/inventory/stock-movements/{id}/",
    ):
        assert path in paths, path


def test_schema_yaml_is_the_same_document(client, db):
    as_yaml = yaml.safe_load(client.get("/api/schema/").content)
    as_json = client.get("/api/schema/?format=json").json()

    assert as_yaml == as_json


def test_money_is_documented_as_a_decimal_string(client, db):
    variant = client.get("/api/schema/?format=json").json()["components"]["schemas"]["VariantOutput"]

    assert variant["properties"]["base_price"]["type"] == "string"
    assert variant["properties"]["base_price"]["format"] == "decimal"
    assert variant["properties"]["cost"]["nullable"] is True


def test_docs_use_only_local_assets(client, db):
    # ReDoc is not offered: its bundle loads its logo from the vendor's CDN.
    assert client.get("/api/redoc/").status_code == 404
    for url in ("/api/docs/",):
        response = client.get(url)
        html = response.content.decode()

        assert response.status_code == 200
        sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
        assert sources, url
        assert [s for s in sources if re.match(r"(https?:)?//", s)] == [], url
        assert re.findall(r"https?://(?!127\.0\.0\.1|localhost|testserver)[\w.-]+", html) == [], url
        assert "/static/drf_spectacular_sidecar/" in html
