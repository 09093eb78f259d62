"""The members page for owners: change a role and locales, remove a member but never the last
owner, resend and withdraw invitations (e-mail through Django's mail settings)."""

import pytest
from django.core import mail

from hub.accounts.models import Invitation, Membership
from hub.accounts.roles import Role
from hub.accounts.services import invitation_create
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(account, client):
    membership = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(membership.user)
    return membership


def test_change_role_and_locales(account, client, owner):
    member = MembershipFactory(account=account, role=Role.CATALOG)
    response = client.post(
        f"/accounts/{account.pk}/members/{member.pk}/", {"role": "translator", "locales": "de, fr"}, follow=True
    )
    member.refresh_from_db()
    assert (member.role, member.locales) == ("translator", ["de", "fr"])
    assert "is now Translator" in response.content.decode()


def test_translator_without_locales_is_refused_beside_the_row(account, client, owner):
    member = MembershipFactory(account=account, role=Role.CATALOG)
    response = client.post(f"/accounts/{account.pk}/members/{member.pk}/", {"role": "translator"}, follow=True)
    assert "at least one locale" in response.content.decode()
    assert 'data-testid="member-errors"' in response.content.decode()
    member.refresh_from_db()
    assert member.role == Role.CATALOG


def test_last_owner_stays(account, client, owner):
    demoted = client.post(f"/accounts/{account.pk}/members/{owner.pk}/", {"role": "manager"}, follow=True)
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
    refused = client.post(f"/accounts/{account.pk}/members/{member.pk}/", {"role": "owner"})
    assert refused.status_code == 403 and 'data-testid="error-403"' in refused.content.decode()
    member.refresh_from_db()
    assert member.role == Role.CATALOG
