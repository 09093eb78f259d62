"""Schemathesis over the whole published schema against a live server: every operation, a
bounded number of generated requests each, authenticated as the owner of a filled account (its
id in every account-scoped path). No answer may be a 5xx. Logout and the deletion of the account
itself run last, so they do not cut the other operations short."""

import time

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory
from tests.hub.support import tenant_build

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = 4
LAST = ("/api/auth/logout/", "/api/accounts/{account_pk}/")


def _pin(raw: dict, values: dict[str, int]) -> dict:
    """Path parameters named in `values` take only that value (the filled account's ids)."""
    for methods in raw["paths"].values():
        for operation in [methods, *methods.values()]:
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") in values:
                    parameter["schema"] = {"type": "integer", "enum": [values[parameter["name"]]]}
    return raw


def _operations(schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.path in LAST or op.method.upper() == "DELETE", op.path, op.method))


def test_no_operation_answers_5xx(live_server, settings_override=None):
    tenant = tenant_build(MembershipFactory(role=Role.OWNER).account)
    owner = tenant.account.memberships.filter(role=Role.OWNER).first().user
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=owner)[0].key}"}
    raw = requests.get(f"{live_server.url}/api/schema/?format=json", headers=headers, timeout=60).json()
    pinned = {
        "account_pk": tenant.account.pk,
        "product_pk": tenant.product.pk,
        "member_pk": tenant.member.pk,
        "invitation_pk": tenant.invitation.pk,
    }
    schema = schemathesis.openapi.from_dict(_pin(raw, pinned))
    failures: list[str] = []
    counts = {"operations": 0, "requests": 0}
    started = time.monotonic()

    for operation in _operations(schema):
        counts["operations"] += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            counts["requests"] += 1
            try:
                response = case.call(base_url=live_server.url, headers=headers, timeout=60)
            except requests.RequestException as error:
                failures.append(f"{case.method} {case.formatted_path}: {type(error).__name__}")
                return
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} query={case.query} body={str(case.body)[:200]}"
                    f" -> {response.status_code} {response.text[:300]}"
                )

        call()

    elapsed = time.monotonic() - started
    print(f"schemathesis: {counts['operations']} operations, {counts['requests']} requests, {elapsed:.0f} s")
    for failure in failures:
        print("5xx:", failure[:400])
    assert counts["operations"] > 50
    assert failures == [], "\n".join(failures[:40])


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("1016-07-23T00:51:52.940693-23:37", 200),  # a 500 before: PostgreSQL refused the offset
        ("0001-01-01T00:00:00+05:00", 400),  # no UTC equivalent
        ("2026-12-03T10:00:00+08:00", 200),
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "inventory/stock-movements/?created_before=",
        "catalog/products/?updated_after=",
        "channels/calls/?created_after=",
    ],
)
def test_date_time_filters_with_odd_offsets_are_never_a_500(owner_client, api_url, value, status, path):
    from urllib.parse import quote

    response = owner_client.get(api_url(path + quote(value)))

    assert response.status_code == status, response.content
