"""The members page for owners: change a role and locales, remove a member but never the last
owner, resend and withdraw invitations (e-mail through Django's mail settings)."""

import pytest
from django.core import mail

from hub.accounts.models import Invitation, Membership
from hub.accounts.roles import Role
from hub.accounts.services import invitation_create
from tests.factories.accounts import MembershipFactory, SellerAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(account, client):
    membership = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(membership.user)
    return membership


def test_change_role_and_locales(account, client, owner):
    member = MembershipFactory(account=account, role=Role.CATALOG)
    response = client.post(
        f"/accounts/{account.pk}/members/{member.pk}/",
        {"member_role": "translator", "member_locales": "de, fr"},
        follow=True,
    )
    member.refresh_from_db()
    assert (member.role, member.locales) == ("translator", ["de", "fr"])
    assert "is now Translator" in response.content.decode()


def test_translator_without_locales_is_refused_beside_the_row(account, client, owner):
    member = MembershipFactory(account=account, role=Role.CATALOG)
    response = client.post(f"/accounts/{account.pk}/members/{member.pk}/", {"member_role": "translator"}, follow=True)
    assert "at least one locale" in response.content.decode()
    assert 'data-testid="member-errors"' in response.content.decode()
    member.refresh_from_db()
    assert member.role == Role.CATALOG


def test_last_owner_stays(account, client, owner):
    demoted = client.post(f"/accounts/{account.pk}/members/{owner.pk}/", {"member_role": "manager"}, follow=True)
    assert "at least one owner" in demoted.content.decode()
    client.post(f"/accounts/{account.pk}/members/{owner.pk}/remove/")
    assert Membership.objects.filter(pk=owner.pk, role=Role.OWNER).exists()
    other = MembershipFactory(account=account, role=Role.LOGISTICS)
    client.post(f"/accounts/{account.pk}/members/{other.pk}/remove/")
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_resend_and_withdraw(account, client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(account=account, invited_by=owner.user, email="new@example.com", role="catalog")
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/{account.pk}/invitations/{invitation.pk}/resend/")
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["new@example.com"]
    assert invitation.token in mail.outbox[1].body
    client.post(f"/accounts/{account.pk}/invitations/{invitation.pk}/revoke/")
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None


def test_manager_cannot_change_roles(account, client):
    manager = MembershipFactory(account=account, role=Role.MANAGER)
    member = MembershipFactory(account=account, role=Role.CATALOG)
    client.force_login(manager.user)
    page = client.get(f"/accounts/{account.pk}/members/")
    assert page.status_code == 200 and 'data-testid="member-save"' not in page.content.decode()
    refused = client.post(f"/accounts/{account.pk}/members/{member.pk}/", {"member_role": "owner"})
    assert refused.status_code == 403 and 'data-testid="error-403"' in refused.content.decode()
    member.refresh_from_db()
    assert member.role == Role.CATALOG


def test_account_switcher_opens_the_same_section(account, other_account, client, owner):
    MembershipFactory(account=other_account, user=owner.user, role=Role.CATALOG)
    page = client.get(f"/catalog/{account.pk}/")
    assert 'data-testid="account-switcher"' in page.content.decode()
    response = client.post(
        "/accounts/switch/", {"account": other_account.pk, "next": f"/catalog/{account.pk}/products/9/"}
    )
    assert response["Location"] == f"/catalog/{other_account.pk}/"
    assert client.session["account_pk"] == other_account.pk
    home = client.post("/accounts/switch/", {"account": account.pk, "next": "/profile/"})
    assert home["Location"] == "/"
    stranger = SellerAccountFactory()
    assert client.post("/accounts/switch/", {"account": stranger.pk}).status_code == 404


def test_export_link_works_with_the_page_login(account, client, owner):
    from tests.factories.catalog import VariantFactory

    VariantFactory(product__account=account, sku="EXP-1", base_price="89.00")
    response = client.get(f"/api/accounts/{account.pk}/catalog/export/", {"format": "csv"})
    assert response.status_code == 200 and b"EXP-1" in response.content
