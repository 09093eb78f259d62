"""Shared fixtures. Test data comes from factory_boy factories in tests/factories/."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hub.accounts.roles import Role
from tests.factories.accounts import MembershipFactory, SellerAccountFactory, UserFactory

pytest_plugins = ["tests.support.services", "tests.support.browser"]


@pytest.fixture
def account(db):
    return SellerAccountFactory()


@pytest.fixture
def other_account(db):
    """A second tenant: its ids must answer 404 to members of `account`."""
    return SellerAccountFactory(name="Another seller")


def _client_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.user = user
    return client


@pytest.fixture
def member_client(account):
    """`member_client(role, locales=None)` → an API client logged in as a member of `account`."""

    def make(role: str = Role.OWNER, locales: list[str] | None = None, *, target=None) -> APIClient:
        target = target or account
        kwargs = {"locales": locales} if locales is not None else {}
        membership = MembershipFactory(account=target, role=role, **kwargs)
        client = _client_for(membership.user)
        client.membership = membership
        return client

    return make


@pytest.fixture
def owner_client(member_client):
    return member_client(Role.OWNER)


@pytest.fixture
def anonymous_client():
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def api_url(account):
    """`api_url("catalog/products/")` → "/api/accounts/<account>/catalog/products/"."""

    def build(path: str, *, target=None) -> str:
        return f"/api/accounts/{(target or account).pk}/{path}"

    return build
