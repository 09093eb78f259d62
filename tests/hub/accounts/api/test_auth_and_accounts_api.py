from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hub.accounts.models import Invitation, Membership, SellerAccount
from hub.accounts.roles import Role
from tests.factories.accounts import PASSWORD, MembershipFactory, UserFactory


def test_register_returns_a_token(anonymous_client, db):
    response = anonymous_client.post(
        "/api/auth/register/",
        {"email": "New@Example.com", "password": "a long pass phrase", "full_name": "New"},
        format="json",
    )

    assert response.status_code == 201
    data = response.json()
    assert data["user"]["email"] == "new@example.com"
    assert Token.objects.get(user__email="new@example.com").key == data["token"]
    me = APIClient(HTTP_AUTHORIZATION=f"Token {data['token']}").get("/api/me/")
    assert (me.status_code, me.json()["full_name"]) == (200, "New")


def test_register_with_a_weak_password_is_400(anonymous_client, db):
    response = anonymous_client.post(
        "/api/auth/register/", {"email": "a@example.com", "password": "short"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "password": ["This password is too short. It must contain at least 10 characters."]
    }


def test_login_logout(anonymous_client, user):
    login = anonymous_client.post(
        "/api/auth/token/", {"email": user.email.upper(), "password": PASSWORD}, format="json"
    )
    token = login.json()["token"]
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    logout = client.post("/api/auth/logout/")
    after = client.get("/api/me/")

    assert login.status_code == 200
    assert logout.status_code == 204
    assert after.status_code == 401
    assert after.json() == {"message": "Invalid token.", "code": "authentication_failed", "fields": {}, "extra": {}}


def test_wrong_password_is_400_on_the_password_field(anonymous_client, user):
    response = anonymous_client.post("/api/auth/token/", {"email": user.email, "password": "nope"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "E-mail or password is not correct.",
        "code": "invalid_credentials",
        "fields": {"password": ["E-mail or password is not correct."]},
        "extra": {},
    }


def test_anonymous_api_call_is_401(anonymous_client, account):
    response = anonymous_client.get(f"/api/accounts/{account.pk}/catalog/products/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_session_login_works_for_the_api_with_csrf(user, account):
    MembershipFactory(account=account, user=user, role=Role.OWNER)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    read = client.get(f"/api/accounts/{account.pk}/")
    write_without_csrf = client.patch(f"/api/accounts/{account.pk}/", {"name": "X"}, format="json")

    assert (read.status_code, read.json()["role"]) == (200, "owner")
    assert write_without_csrf.status_code == 403
    assert write_without_csrf.json()["message"] == "CSRF Failed: CSRF cookie not set."


def test_profile_and_password_change(owner_client):
    patched = owner_client.patch("/api/me/", {"full_name": "Zhang Wei", "timezone": "Asia/Shanghai"}, format="json")
    bad_zone = owner_client.patch("/api/me/", {"timezone": "Nowhere"}, format="json")
    wrong_old = owner_client.post(
        "/api/me/password/", {"old_password": "x", "new_password": "fresh long phrase"}, format="json"
    )
    changed = owner_client.post(
        "/api/me/password/", {"old_password": PASSWORD, "new_password": "fresh long phrase"}, format="json"
    )

    assert (patched.status_code, patched.json()["full_name"], patched.json()["timezone"]) == (
        200,
        "Zhang Wei",
        "Asia/Shanghai",
    )
    assert (bad_zone.status_code, bad_zone.json()["fields"]) == (
        400,
        {"timezone": ["'Nowhere' is not an IANA time zone (e.g. Asia/Shanghai)."]},
    )
    assert (wrong_old.status_code, wrong_old.json()["fields"]) == (
        400,
        {"old_password": ["The current password is not correct."]},
    )
    assert changed.status_code == 204
    owner_client.user.refresh_from_db()
    assert owner_client.user.check_password("fresh long phrase")


def test_create_and_list_accounts(owner_client):
    created = owner_client.post(
        "/api/accounts/",
        {"name": "Tokyo Shop", "base_currency": "JPY", "source_locale": "ja_JP", "timezone": "Asia/Tokyo"},
        format="json",
    )
    listed = owner_client.get("/api/accounts/")

    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("name", "base_currency", "source_locale", "timezone", "role")} == {
        "name": "Tokyo Shop",
        "base_currency": "JPY",
        "source_locale": "ja_JP",
        "timezone": "Asia/Tokyo",
        "role": "owner",
    }
    assert sorted(row["role"] for row in listed.json()) == ["owner", "owner"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param(
            {"base_currency": "XYZ"},
            {"base_currency": ["'XYZ' is not an ISO 4217 currency code (e.g. USD, CNY)."]},
            id="unknown-currency",
        ),
        pytest.param(
            {"base_currency": "DOLLAR"},
            {"base_currency": ["Ensure this field has no more than 3 characters."]},
            id="long-currency",
        ),
        pytest.param(
            {"source_locale": "english"},
            {"source_locale": ["'english' is not a locale Babel knows (e.g. de_DE, ja_JP)."]},
            id="unknown-locale",
        ),
        pytest.param(
            {"timezone": "CET+1"},
            {"timezone": ["'CET+1' is not an IANA time zone (e.g. Asia/Shanghai)."]},
            id="unknown-timezone",
        ),
    ],
)
def test_create_account_with_bad_codes_is_400(owner_client, body, fields):
    before = SellerAccount.objects.count()

    response = owner_client.post(
        "/api/accounts/", {"name": "Shop", "base_currency": "USD", "source_locale": "en_US", **body}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    assert SellerAccount.objects.count() == before


def test_update_account(owner_client, api_url, account):
    response = owner_client.patch(api_url(""), {"base_currency": "EUR", "timezone": "Europe/Berlin"}, format="json")

    assert response.status_code == 200
    account.refresh_from_db()
    assert (account.base_currency, account.timezone, account.name) == ("EUR", "Europe/Berlin", account.name)


def test_members_list_and_role_change(owner_client, api_url, account):
    member = MembershipFactory(account=account, role=Role.CATALOG, user=UserFactory(email="zz@example.com"))

    listed = owner_client.get(api_url("members/"))
    changed = owner_client.patch(
        api_url(f"members/{member.pk}/"), {"role": "translator", "locales": ["es_MX"]}, format="json"
    )

    assert [(row["user"]["email"], row["role"]) for row in listed.json()] == [
        (owner_client.user.email, "owner"),
        ("zz@example.com", "catalog"),
    ]
    assert (changed.status_code, changed.json()["role"], changed.json()["locales"]) == (200, "translator", ["es_MX"])


def test_last_owner_cannot_demote_themselves(owner_client, api_url):
    response = owner_client.patch(api_url(f"members/{owner_client.membership.pk}/"), {"role": "manager"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "last_owner"


def test_remove_member(owner_client, api_url, account):
    member = MembershipFactory(account=account, role=Role.LOGISTICS)

    response = owner_client.delete(api_url(f"members/{member.pk}/"))

    assert response.status_code == 204
    assert Membership.objects.filter(pk=member.pk).count() == 0


def test_invite_list_revoke_and_accept(owner_client, api_url, account, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invited = owner_client.post(
            api_url("invitations/"),
            {"email": "guest@example.com", "role": "translator", "locales": ["de_DE"]},
            format="json",
        )
    listed = owner_client.get(api_url("invitations/"))

    assert invited.status_code == 201
    assert [row["email"] for row in listed.json()] == ["guest@example.com"]
    assert len(mail.outbox) == 1
    token = Invitation.objects.get(email="guest@example.com").token
    assert f"/invitations/{token}/" in mail.outbox[0].body

    guest = APIClient()
    guest.force_authenticate(UserFactory(email="guest@example.com"))
    accepted = guest.post(f"/api/invitations/{token}/accept/")
    assert (accepted.status_code, accepted.json()["role"], accepted.json()["locales"]) == (200, "translator", ["de_DE"])
    assert guest.get(f"/api/accounts/{account.pk}/").json()["role"] == "translator"
    assert owner_client.get(api_url("invitations/")).json() == []


def test_revoked_invitation_cannot_be_accepted(owner_client, api_url, account):
    invitation = Invitation.objects.create(
        account=account,
        email="g@example.com",
        role=Role.CATALOG,
        token="t1",
        expires_at=timezone.now() + timedelta(days=1),
    )

    revoked = owner_client.delete(api_url(f"invitations/{invitation.pk}/"))
    guest = APIClient()
    guest.force_authenticate(UserFactory(email="g@example.com"))
    accepted = guest.post("/api/invitations/t1/accept/")

    assert revoked.status_code == 204
    assert (accepted.status_code, accepted.json()["code"]) == (400, "invitation_revoked")
    assert Membership.objects.filter(account=account, user__email="g@example.com").count() == 0


@pytest.mark.parametrize(
    ("body", "status", "fields"),
    [
        pytest.param(
            {"email": "not-an-email", "role": "catalog"},
            400,
            {"email": ["Enter a valid email address."]},
            id="bad-email",
        ),
        pytest.param(
            {"email": "a@example.com", "role": "boss"},
            400,
            {"role": ['"boss" is not a valid choice.']},
            id="unknown-role",
        ),
        pytest.param(
            {"email": "a@example.com", "role": "translator"},
            400,
            {"locales": ["A translator needs at least one locale to work on."]},
            id="translator-no-locale",
        ),
    ],
)
def test_bad_invitations(owner_client, api_url, account, body, status, fields):
    response = owner_client.post(api_url("invitations/"), body, format="json")

    assert response.status_code == status
    assert response.json()["fields"] == fields
    assert Invitation.objects.filter(account=account).count() == 0
