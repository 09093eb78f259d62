from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from hub.accounts import services
from hub.accounts.models import Invitation, Membership, SellerAccount, User
from hub.accounts.roles import Role
from hub.core.exceptions import ApplicationError, ConflictError
from tests.factories.accounts import PASSWORD, MembershipFactory, UserFactory


def test_register_normalises_the_email_and_hashes_the_password(db):
    user = services.user_register(email="  Li.Wei@Example.COM ", password="a long pass phrase", full_name=" Li Wei ")

    assert (user.email, user.full_name, user.ui_language) == ("li.wei@example.com", "Li Wei", "en")
    assert user.check_password("a long pass phrase")
    assert user.password != "a long pass phrase"


@pytest.mark.parametrize(
    ("email", "password", "fields"),
    [
        pytest.param(
            "taken@example.com",
            "a long pass phrase",
            {"email": ["An account with this e-mail address already exists."]},
            id="email-taken",
        ),
        pytest.param(
            "TAKEN@example.com",
            "a long pass phrase",
            {"email": ["An account with this e-mail address already exists."]},
            id="email-taken-other-case",
        ),
        pytest.param(
            "new@example.com",
            "short",
            {"password": ["This password is too short. It must contain at least 10 characters."]},
            id="short-password",
        ),
        pytest.param(
            "new@example.com",
            "1234567890",
            {"password": ["This password is too common.", "This password is entirely numeric."]},
            id="numeric-password",
        ),
    ],
)
def test_register_refuses_bad_input(db, email, password, fields):
    UserFactory(email="taken@example.com")

    with pytest.raises(ValidationError) as raised:
        services.user_register(email=email, password=password)

    assert raised.value.message_dict == fields
    assert User.objects.count() == 1


def test_profile_update(user):
    services.user_profile_update(user=user, full_name="Anna", ui_language="zh-hans", timezone_name="Asia/Shanghai")

    user.refresh_from_db()
    assert (user.full_name, user.ui_language, user.timezone) == ("Anna", "zh-hans", "Asia/Shanghai")


def test_profile_update_refuses_an_unknown_time_zone(user):
    with pytest.raises(ValidationError) as raised:
        services.user_profile_update(user=user, timezone_name="Mars/Olympus")

    assert raised.value.message_dict == {"timezone": ["'Mars/Olympus' is not an IANA time zone (e.g. Asia/Shanghai)."]}
    user.refresh_from_db()
    assert user.timezone == "UTC"


def test_password_change(user):
    services.user_password_change(user=user, old_password=PASSWORD, new_password="another long phrase")

    user.refresh_from_db()
    assert user.check_password("another long phrase")


def test_password_change_needs_the_old_password(user):
    with pytest.raises(ValidationError) as raised:
        services.user_password_change(user=user, old_password="wrong", new_password="another long phrase")

    assert raised.value.message_dict == {"old_password": ["The current password is not correct."]}
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_account_create_makes_the_creator_owner(user):
    account = services.account_create(
        owner=user,
        name=" Shenzhen Gadgets ",
        base_currency="CNY",
        source_locale="zh_Hans_CN",
        timezone_name="Asia/Shanghai",
    )

    assert (account.name, account.base_currency, account.source_locale, account.timezone) == (
        "Shenzhen Gadgets",
        "CNY",
        "zh_Hans_CN",
        "Asia/Shanghai",
    )
    assert list(Membership.objects.filter(account=account).values_list("user", "role")) == [(user.pk, "owner")]


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        pytest.param(
            {"base_currency": "ABC"},
            {"base_currency": ["'ABC' is not an ISO 4217 currency code (e.g. USD, CNY)."]},
            id="unknown-currency",
        ),
        pytest.param(
            {"base_currency": "usd"},
            {"base_currency": ["'usd' is not an ISO 4217 currency code (e.g. USD, CNY)."]},
            id="lowercase-currency",
        ),
        pytest.param(
            {"base_currency": "XAU"},
            {"base_currency": ["'XAU' is not an ISO 4217 currency code (e.g. USD, CNY)."]},
            id="gold-is-not-a-price-currency",
        ),
        pytest.param(
            {"source_locale": "en-US"},
            {"source_locale": ["'en-US' is not a locale id (use e.g. de_DE or zh_Hans)."]},
            id="locale-with-dash",
        ),
        pytest.param(
            {"source_locale": "xx_YY"},
            {"source_locale": ["'xx_YY' is not a locale Babel knows (e.g. de_DE, ja_JP)."]},
            id="unknown-locale",
        ),
        pytest.param(
            {"timezone_name": "Europe/Atlantis"},
            {"timezone": ["'Europe/Atlantis' is not an IANA time zone (e.g. Asia/Shanghai)."]},
            id="unknown-timezone",
        ),
    ],
)
def test_account_create_refuses_unknown_codes(user, values, fields):
    arguments = {"name": "Shop", "base_currency": "USD", "source_locale": "en_US", "timezone_name": "UTC", **values}

    with pytest.raises(ValidationError) as raised:
        services.account_create(owner=user, **arguments)

    assert raised.value.message_dict == fields
    assert SellerAccount.objects.count() == 0
    assert Membership.objects.count() == 0


def test_account_update(account):
    services.account_update(account=account, name="Renamed", base_currency="EUR")

    account.refresh_from_db()
    assert (account.name, account.base_currency) == ("Renamed", "EUR")


def test_account_update_refuses_other_fields(account):
    with pytest.raises(ApplicationError) as raised:
        services.account_update(account=account, created_at="2020-01-01")

    assert raised.value.message == "Cannot change created_at."


def test_membership_update_sets_translator_locales(account):
    membership = MembershipFactory(account=account, role=Role.CATALOG)

    services.membership_update(membership=membership, role=Role.TRANSLATOR, locales=["fr_FR", "de_DE", "fr_FR"])

    membership.refresh_from_db()
    assert (membership.role, membership.locales) == ("translator", ["de_DE", "fr_FR"])


@pytest.mark.parametrize(
    ("locales", "fields"),
    [
        pytest.param([], {"locales": ["A translator needs at least one locale to work on."]}, id="none"),
        pytest.param(["de-DE"], {"locales": ["'de-DE' is not a locale id (use e.g. de_DE or zh_Hans)."]}, id="dash"),
    ],
)
def test_translator_needs_valid_locales(account, locales, fields):
    membership = MembershipFactory(account=account, role=Role.CATALOG)

    with pytest.raises(ValidationError) as raised:
        services.membership_update(membership=membership, role=Role.TRANSLATOR, locales=locales)

    assert raised.value.message_dict == fields
    membership.refresh_from_db()
    assert membership.role == "catalog"


def test_other_roles_carry_no_locales(account):
    membership = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de_DE"])

    services.membership_update(membership=membership, role=Role.MANAGER, locales=["fr_FR"])

    membership.refresh_from_db()
    assert (membership.role, membership.locales) == ("manager", [])


def test_the_last_owner_cannot_leave_or_be_demoted(account):
    owner = MembershipFactory(account=account, role=Role.OWNER)

    with pytest.raises(ConflictError) as demoted:
        services.membership_update(membership=owner, role=Role.MANAGER)
    with pytest.raises(ConflictError) as removed:
        services.membership_remove(membership=owner)

    assert (demoted.value.code, removed.value.code) == ("last_owner", "last_owner")
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_one_of_two_owners_can_leave(account):
    first = MembershipFactory(account=account, role=Role.OWNER)
    MembershipFactory(account=account, role=Role.OWNER)

    services.membership_remove(membership=first)

    assert Membership.objects.filter(account=account, role=Role.OWNER).count() == 1


def test_invitation_is_mailed_after_commit(account, user, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://hub.example.com"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            account=account, invited_by=user, email="New@Example.com", role=Role.LOGISTICS
        )

    assert (invitation.email, invitation.role, invitation.invited_by) == ("new@example.com", "logistics", user)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == (
        ["new@example.com"],
        f"You are invited to {account.name} on Crossborder Hub",
    )
    assert f"https://hub.example.com/invitations/{invitation.token}/" in message.body
    assert "as Logistics" in message.body


def test_no_mail_when_the_transaction_rolls_back(account, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invitation_create(account=account, invited_by=user, email="a@example.com", role=Role.CATALOG)

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_inviting_again_replaces_the_open_invitation(account, user):
    first = services.invitation_create(account=account, invited_by=user, email="a@example.com", role=Role.CATALOG)
    second = services.invitation_create(account=account, invited_by=user, email="A@example.com", role=Role.MANAGER)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(Invitation.objects.filter(account=account, revoked_at__isnull=True)) == [second]
    assert first.token != second.token


def test_inviting_a_member_is_a_conflict(account, user):
    member = MembershipFactory(account=account, role=Role.CATALOG)

    with pytest.raises(ConflictError) as raised:
        services.invitation_create(account=account, invited_by=user, email=member.user.email.upper(), role=Role.MANAGER)

    assert raised.value.fields == {"email": ["Already a member."]}


def _invitation(account, **kwargs):
    values = {
        "email": "guest@example.com",
        "role": Role.TRANSLATOR,
        "locales": ["ja_JP"],
        "token": "tok",
        "expires_at": timezone.now() + timedelta(days=1),
        **kwargs,
    }
    return Invitation.objects.create(account=account, **values)


def test_accepting_creates_the_membership(account):
    _invitation(account)
    guest = UserFactory(email="guest@example.com")

    membership = services.invitation_accept(token="tok", user=guest)

    assert (membership.account, membership.user, membership.role, membership.locales) == (
        account,
        guest,
        "translator",
        ["ja_JP"],
    )
    assert Invitation.objects.get(token="tok").accepted_by == guest
    assert services.invitation_accept(token="tok", user=guest) == membership


@pytest.mark.parametrize(
    ("invitation", "email", "code"),
    [
        pytest.param(
            {"expires_at": timezone.now() - timedelta(seconds=1)},
            "guest@example.com",
            "invitation_expired",
            id="expired",
        ),
        pytest.param({"revoked_at": timezone.now()}, "guest@example.com", "invitation_revoked", id="revoked"),
        pytest.param({}, "someone.else@example.com", "invitation_other_email", id="other-email"),
        pytest.param({"token": "other"}, "guest@example.com", "invitation_unknown", id="unknown-token"),
    ],
)
def test_accepting_refuses(account, invitation, email, code):
    _invitation(account, **invitation)
    user = UserFactory(email=email)

    with pytest.raises(ApplicationError) as raised:
        services.invitation_accept(token="tok", user=user)

    assert raised.value.code == code
    assert Membership.objects.filter(account=account).count() == 0


def test_a_used_invitation_cannot_be_used_by_someone_else(account):
    _invitation(account)
    services.invitation_accept(token="tok", user=UserFactory(email="guest@example.com"))

    with pytest.raises(ApplicationError) as raised:
        services.invitation_accept(token="tok", user=UserFactory(email="thief@example.com"))

    assert raised.value.code == "invitation_used"


def test_base_currency_is_fixed_once_the_catalog_has_prices(account):
    from tests.factories.catalog import ProductFactory, VariantFactory

    VariantFactory(product=ProductFactory(account=account))

    with pytest.raises(ValidationError) as raised:
        services.account_update(account=account, base_currency="JPY")
    services.account_update(account=account, base_currency="USD", name="Same currency is fine")

    assert raised.value.message_dict == {
        "base_currency": ["The catalog has prices in the current base currency; it cannot be changed now."]
    }
    account.refresh_from_db()
    assert (account.base_currency, account.name) == ("USD", "Same currency is fine")
