"""The schema describes what the API really answers: real answers from a live server are checked
against the published schema with schemathesis' response validation."""

import pytest
import requests
import schemathesis
from rest_framework.authtoken.models import Token

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory
from tests.hub.support import tenant_build

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(live_server):
    tenant = tenant_build(MembershipFactory(role=Role.OWNER).account)
    owner = tenant.account.memberships.filter(role=Role.OWNER).first().user
    session = requests.Session()
    session.headers["Authorization"] = f"Token {Token.objects.get_or_create(user=owner)[0].key}"
    raw = session.get(f"{live_server.url}/api/schema/?format=json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(raw)
    return tenant, session, live_server.url, schema


def _check(schema, path: str, method: str, response: requests.Response) -> None:
    # Raises with every mismatch (status not documented, body not matching the schema).
    schema[path][method].validate_response(response)


def test_category_attributes_answer_a_plain_list(live):
    tenant, session, url, schema = live
    response = session.get(
        f"{url}/api/accounts/{tenant.account.pk}/catalog/categories/{tenant.category.pk}/attributes/"
    )

    assert response.status_code == 200
    assert isinstance(response.json(), list)
    _check(schema, "/api/accounts/{account_pk}/catalog/categories/{id}/attributes/", "GET", response)


def test_a_product_without_category_has_a_null_category_path(live):
    tenant, session, url, schema = live
    response = session.get(f"{url}/api/accounts/{tenant.account.pk}/catalog/products/{tenant.spare_product.pk}/")

    assert response.status_code == 200
    assert response.json()["category_path"] is None
    _check(schema, "/api/accounts/{account_pk}/catalog/products/{id}/", "GET", response)


def test_patch_member_without_role_keeps_the_role(live):
    tenant, session, url, schema = live
    member = tenant.member
    response = session.patch(
        f"{url}/api/accounts/{tenant.account.pk}/members/{member.pk}/", json={"locales": ["fr_FR"]}, timeout=30
    )

    assert response.status_code in (200, 400), response.text
    _check(schema, "/api/accounts/{account_pk}/members/{member_pk}/", "PATCH", response)
    empty = session.patch(f"{url}/api/accounts/{tenant.account.pk}/members/{member.pk}/", json={}, timeout=30)
    assert empty.status_code == 200, empty.text
    assert empty.json()["role"] == member.role
    _check(schema, "/api/accounts/{account_pk}/members/{member_pk}/", "PATCH", empty)


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        pytest.param("POST", "catalog/products/", {"code": ""}, 400, id="400"),
        pytest.param("GET", "catalog/products/999999/", None, 404, id="404"),
        pytest.param("POST", "catalog/products/", {"code": "P-1", "title": "Dup"}, 409, id="409-or-400"),
    ],
)
def test_error_answers_are_documented_with_the_error_shape(live, method, path, body, status):
    tenant, session, url, schema = live
    if status == 409:
        body["code"] = tenant.product.code
    response = session.request(method, f"{url}/api/accounts/{tenant.account.pk}/{path}", json=body, timeout=30)

    assert response.status_code in (status, 400)
    assert set(response.json()) == {"message", "code", "fields", "extra"}
    template = "/api/accounts/{account_pk}/" + ("catalog/products/{id}/" if "999999" in path else path)
    _check(schema, template, method, response)
    documented = schema.raw_schema["paths"][template][method.lower()]["responses"]
    assert {"400", "403", "404", "409"} <= set(documented)


def test_a_stranger_gets_401_in_the_documented_shape(live):
    tenant, _session, url, schema = live
    response = requests.get(f"{url}/api/accounts/{tenant.account.pk}/catalog/products/", timeout=30)

    assert response.status_code == 401
    _check(schema, "/api/accounts/{account_pk}/catalog/products/", "GET", response)
