"""The server-rendered pages, through Django's test client."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hub.accounts.models import Invitation, Membership, SellerAccount
from hub.accounts.roles import Role
from tests.factories.accounts import PASSWORD, MembershipFactory, UserFactory


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_pages_need_a_login(client, db):
    for url in ("/", "/profile/", "/password/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"/login/?next={url}")


def test_login_and_logout(client, user):
    page = client.get("/login/")
    wrong = client.post("/login/", {"username": user.email, "password": "wrong"})
    right = client.post("/login/", {"username": user.email, "password": PASSWORD})
    home = client.get("/")
    logout = client.post("/logout/")
    after = client.get("/")

    assert page.status_code == 200
    assert wrong.status_code == 200
    assert "Please enter a correct e-mail address and password." in wrong.content.decode()
    assert (right.status_code, right["Location"]) == (302, "/")
    assert home.status_code == 200
    assert home.context["user"] == user
    assert (logout.status_code, logout["Location"]) == (302, "/login/")
    assert after.status_code == 302


def test_register_logs_in(client, db):
    response = client.post(
        "/register/", {"email": "Shop@Example.com", "full_name": "Shop Owner", "password": "a long pass phrase"}
    )

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").context["user"].email == "shop@example.com"


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        pytest.param("/profile/", "/profile/", id="same-site"),
        pytest.param("https://evil.example/login", "/", id="other-site"),
        pytest.param("//evil.example/", "/", id="scheme-relative"),
    ],
)
def test_register_follows_next_only_within_the_site(client, db, next_url, location):
    response = client.post(
        f"/register/?next={next_url}", {"email": "shop@example.com", "password": "a long pass phrase"}
    )

    assert (response.status_code, response["Location"]) == (302, location)


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        pytest.param("/profile/", "/profile/", id="same-site"),
        pytest.param("https://evil.example/", "/", id="other-site"),
    ],
)
def test_switching_account_follows_next_only_within_the_site(logged_in, user, account, next_url, location):
    MembershipFactory(account=account, user=user)

    response = logged_in.post(f"/accounts/{account.pk}/switch/", {"next": next_url})

    assert (response.status_code, response["Location"]) == (302, location)
    assert logged_in.session["account_pk"] == account.pk


def test_register_shows_field_errors(client, db):
    UserFactory(email="taken@example.com")

    response = client.post("/register/", {"email": "taken@example.com", "password": "a long pass phrase"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["An account with this e-mail address already exists."]}


def test_profile_page(logged_in, user):
    saved = logged_in.post("/profile/", {"full_name": "Mei", "ui_language": "zh-hans", "timezone": "Asia/Shanghai"})
    bad = logged_in.post("/profile/", {"full_name": "Mei", "ui_language": "en", "timezone": "Moon/Base"})

    assert (saved.status_code, saved["Location"]) == (302, "/profile/")
    assert saved.cookies["django_language"].value == "zh-hans"
    user.refresh_from_db()
    assert (user.full_name, user.ui_language, user.timezone) == ("Mei", "zh-hans", "Asia/Shanghai")
    assert bad.context["form"].errors == {"timezone": ["'Moon/Base' is not an IANA time zone (e.g. Asia/Shanghai)."]}


def test_password_change_page(logged_in, user):
    wrong = logged_in.post(
        "/password/", {"old_password": "nope", "new_password1": "new long phrase!", "new_password2": "new long phrase!"}
    )
    changed = logged_in.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "new long phrase!", "new_password2": "new long phrase!"},
    )

    assert wrong.status_code == 200
    assert list(wrong.context["form"].errors) == ["old_password"]
    assert (changed.status_code, changed["Location"]) == (302, "/profile/")
    user.refresh_from_db()
    assert user.check_password("new long phrase!")
    assert logged_in.get("/profile/").status_code == 200  # the session survives the change


def test_create_account_on_the_home_page(logged_in, user):
    response = logged_in.post(
        "/",
        {"name": "Yiwu Trading", "base_currency": "cny", "source_locale": "zh_Hans_CN", "timezone": "Asia/Shanghai"},
        follow=True,
    )

    account = SellerAccount.objects.get(name="Yiwu Trading")
    assert account.base_currency == "CNY"
    assert Membership.objects.get(account=account).user == user
    assert response.context["current_account"] == account
    assert "Account Yiwu Trading created." in response.content.decode()


def test_create_account_with_unknown_currency_shows_the_field_error(logged_in):
    response = logged_in.post("/", {"name": "X", "base_currency": "ZZZ", "source_locale": "en_US", "timezone": "UTC"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "base_currency": ["'ZZZ' is not an ISO 4217 currency code (e.g. USD, CNY)."]
    }
    assert SellerAccount.objects.count() == 0


def test_invite_from_the_members_page(logged_in, user, account, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://hub.test"
    MembershipFactory(account=account, user=user, role=Role.OWNER)

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            f"/accounts/{account.pk}/members/",
            {"email": "t@example.com", "role": "translator", "locales": "de_DE, fr_FR"},
        )

    assert (response.status_code, response["Location"]) == (302, f"/accounts/{account.pk}/members/")
    invitation = Invitation.objects.get(account=account)
    assert (invitation.email, invitation.role, invitation.locales) == (
        "t@example.com",
        "translator",
        ["de_DE", "fr_FR"],
    )
    assert f"http://hub.test/invitations/{invitation.token}/" in mail.outbox[0].body


def test_members_page_of_another_account_is_404(logged_in, user, account, other_account):
    MembershipFactory(account=account, user=user)

    assert logged_in.get(f"/accounts/{other_account.pk}/members/").status_code == 404
    assert logged_in.post(f"/accounts/{other_account.pk}/switch/").status_code == 404


def test_non_owner_cannot_invite_from_the_page(logged_in, user, account):
    MembershipFactory(account=account, user=user, role=Role.MANAGER)

    page = logged_in.get(f"/accounts/{account.pk}/members/")
    post = logged_in.post(f"/accounts/{account.pk}/members/", {"email": "x@example.com", "role": "catalog"})

    assert page.status_code == 200
    assert page.context["can_manage"] is False
    assert post.status_code == 403
    assert Invitation.objects.count() == 0


def test_accept_an_invitation_page(client, account):
    Invitation.objects.create(
        account=account,
        email="guest@example.com",
        role=Role.LOGISTICS,
        token="abc",
        expires_at=timezone.now() + timedelta(days=1),
    )
    anonymous = client.get("/invitations/abc/")
    client.force_login(UserFactory(email="guest@example.com"))
    accepted = client.post("/invitations/abc/", follow=True)

    assert anonymous.status_code == 200
    assert "/login/?next=/invitations/abc/" in anonymous.content.decode()
    assert accepted.context["current_account"] == account
    assert f"You joined {account.name}." in accepted.content.decode()


def test_unknown_invitation_page_is_404(client, db):
    assert client.get("/invitations/nope/").status_code == 404
