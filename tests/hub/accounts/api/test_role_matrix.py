"""Each role × each account-scoped endpoint × read/write, generated from ROLE_MATRIX and the one
endpoint table: allowed calls succeed with the endpoint's normal status, the others answer 403."""

import pytest

from hub.accounts.roles import Access, Role, role_access
from tests.hub.endpoints import ENDPOINTS


def _cases():
    for endpoint in ENDPOINTS:
        for role in Role:
            if endpoint.read:
                yield pytest.param(endpoint, role, "read", id=f"{endpoint.name}-{role.value}-read")
            if endpoint.write:
                yield pytest.param(endpoint, role, "write", id=f"{endpoint.name}-{role.value}-write")


@pytest.mark.parametrize(("endpoint", "role", "mode"), list(_cases()))
def test_role_matrix(member_client, tenant, endpoint, role, mode):
    client = member_client(role)
    needed = Access.READ if mode == "read" else Access.WRITE
    allowed = role_access(role, endpoint.area) >= needed

    method = endpoint.read if mode == "read" else endpoint.write
    response = endpoint.call(client, method, tenant)

    if allowed:
        expected = 200 if mode == "read" else endpoint.write_status
        assert response.status_code == expected, response.content[:500]
    else:
        assert response.status_code == 403, response.content[:500]
        assert response.json() == {
            "message": "Your role in this account does not allow this.",
            "code": "permission_denied",
            "fields": {},
            "extra": {},
        }


def test_role_matrix_covers_every_area_used_by_the_endpoints():
    areas = {endpoint.area for endpoint in ENDPOINTS}
    assert {area.value for area in areas} == {"account", "catalog", "inventory"}


@pytest.mark.parametrize(
    ("role", "area", "access"),
    [
        pytest.param(Role.TRANSLATOR, "inventory", Access.NONE, id="translator-no-inventory"),
        pytest.param(Role.MANAGER, "catalog", Access.READ, id="manager-reads-catalog"),
        pytest.param(Role.MANAGER, "reports", Access.WRITE, id="manager-writes-reports"),
        pytest.param(Role.LOGISTICS, "inventory", Access.WRITE, id="logistics-writes-inventory"),
        pytest.param(Role.CATALOG, "account", Access.READ, id="catalog-reads-account"),
        pytest.param(Role.OWNER, "account", Access.WRITE, id="owner-writes-account"),
    ],
)
def test_role_access_reads_the_matrix(role, area, access):
    assert role_access(role, area) == access


def test_the_table_covers_every_account_scoped_route_in_hub(tenant):
    from django.urls import URLPattern, URLResolver, resolve

    from hub.accounts.api.urls import account_urlpatterns
    from hub.catalog.api.urls import urlpatterns as catalog_urlpatterns
    from hub.inventory.api.urls import urlpatterns as inventory_urlpatterns

    def names(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    every_route = set(names([*account_urlpatterns, *catalog_urlpatterns, *inventory_urlpatterns]))
    every_route.discard("api-account-list")  # not scoped: lists the caller's accounts (tested on its own)
    covered = {resolve(endpoint.url(tenant).split("?")[0]).url_name for endpoint in ENDPOINTS}

    assert covered == every_route
