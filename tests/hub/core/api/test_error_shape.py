"""Every 4xx the API answers has the one shape {"message", "code", "fields", "extra"}."""

import pytest

from hub.core.api.exception_handler import flatten_errors


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        pytest.param("post", "catalog/products/", {"code": "", "title": "T"}, 400, "invalid", id="400-validation"),
        pytest.param("get", "catalog/products/999999/", None, 404, "not_found", id="404-unknown-id"),
        pytest.param("put", "catalog/products/", {}, 405, "method_not_allowed", id="405"),
    ],
)
def test_error_shape(owner_client, api_url, method, path, body, status, code):
    response = getattr(owner_client, method)(api_url(path), body, format="json")

    assert response.status_code == status
    assert sorted(response.json()) == ["code", "extra", "fields", "message"]
    assert response.json()["code"] == code


def test_unsupported_media_type_is_415_in_the_shape(owner_client, api_url):
    response = owner_client.post(api_url("catalog/products/"), "code=x", content_type="text/plain")

    assert response.status_code == 415
    assert response.json() == {
        "message": 'Unsupported media type "text/plain" in request.',
        "code": "unsupported_media_type",
        "fields": {},
        "extra": {},
    }


def test_malformed_json_is_400(owner_client, api_url):
    response = owner_client.post(api_url("catalog/products/"), "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert response.json()["message"].startswith("JSON parse error")


def test_validation_message_summarises_the_first_field(owner_client, api_url):
    response = owner_client.post(api_url("catalog/products/"), {"variants": "nope"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid input. code: This field is required. (and 2 more)",
        "code": "invalid",
        "fields": {
            "code": ["This field is required."],
            "title": ["This field is required."],
            "variants": ['Expected a list of items but got type "str".'],
        },
        "extra": {},
    }


@pytest.mark.parametrize(
    ("detail", "flat"),
    [
        pytest.param({"a": ["x"]}, {"a": ["x"]}, id="flat"),
        pytest.param({"variants": [{}, {"sku": ["taken"]}]}, {"variants.1.sku": ["taken"]}, id="nested-list"),
        pytest.param({"non_field_errors": ["both"]}, {"non_field_errors": ["both"]}, id="non-field"),
        pytest.param({"__all__": ["both"]}, {"non_field_errors": ["both"]}, id="django-all"),
        pytest.param({"a": {"b": ["c"]}}, {"a.b": ["c"]}, id="nested-dict"),
        pytest.param(["plain"], {"non_field_errors": ["plain"]}, id="list"),
    ],
)
def test_flatten_errors(detail, flat):
    assert flatten_errors(detail) == flat


def test_django_validation_error_from_a_service_names_the_field(owner_client, api_url, account):
    from tests.factories.catalog import CategoryFactory

    CategoryFactory(account=account, name="Toys")

    response = owner_client.post(api_url("catalog/categories/"), {"name": "Toys"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid input. name: 'Toys' exists already.",
        "code": "invalid",
        "fields": {"name": ["'Toys' exists already."]},
        "extra": {},
    }
