"""Writes for people and seller accounts: registration, accounts, members and invitations."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.accounts.models import Invitation, Membership, SellerAccount, User
from hub.accounts.roles import Role
from hub.core.exceptions import ApplicationError, ConflictError
from hub.core.validators import validate_locale


def _validate_locales(role: str, locales: list[str]) -> list[str]:
    if role != Role.TRANSLATOR:
        return []
    if not locales:
        raise ValidationError({"locales": "A translator needs at least one locale to work on."})
    errors = []
    for locale in locales:
        try:
            validate_locale(locale)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"locales": errors})
    return sorted(set(locales))


def user_register(*, email: str, password: str, full_name: str = "", ui_language: str = "en") -> User:
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this e-mail address already exists."})
    user = User(email=email, full_name=full_name.strip(), ui_language=ui_language)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # The same e-mail registered at the same moment: the unique index waited for it.
        raise ConflictError(
            "An account with this e-mail address was just created.",
            code="email_taken",
            fields={"email": ["An account with this e-mail address already exists."]},
        ) from None
    return user


def user_profile_update(
    *, user: User, full_name: str | None = None, ui_language: str | None = None, timezone_name: str | None = None
) -> User:
    changed = []
    if full_name is not None:
        user.full_name = full_name.strip()
        changed.append("full_name")
    if ui_language is not None:
        user.ui_language = ui_language
        changed.append("ui_language")
    if timezone_name is not None:
        user.timezone = timezone_name  # full_clean below checks it and names the field
        changed.append("timezone")
    user.full_clean(exclude=["password"])
    user.save(update_fields=changed or None)
    return user


def user_password_change(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "The current password is not correct."})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.messages}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])


@transaction.atomic
def account_create(
    *, owner: User, name: str, base_currency: str, source_locale: str, timezone_name: str = "UTC"
) -> SellerAccount:
    account = SellerAccount(
        name=name.strip(), base_currency=base_currency, source_locale=source_locale, timezone=timezone_name
    )
    account.full_clean()
    account.save()
    Membership.objects.create(account=account, user=owner, role=Role.OWNER)
    return account


def account_update(*, account: SellerAccount, **fields: str) -> SellerAccount:
    allowed = {"name", "base_currency", "source_locale", "timezone"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(f"Cannot change {', '.join(sorted(unknown))}.")
    changes_currency = "base_currency" in fields and fields["base_currency"] != account.base_currency
    if changes_currency and account.variants.exists():
        # Base prices and costs are amounts in this currency; relabelling them would misprice everything.
        raise ValidationError(
            {"base_currency": "The catalog has prices in the current base currency; it cannot be changed now."}
        )
    for key, value in fields.items():
        setattr(account, key, value)
    account.full_clean()
    account.save(update_fields=[*fields, "updated_at"])
    return account


def _owner_count(account: SellerAccount) -> int:
    return Membership.objects.filter(account=account, role=Role.OWNER).count()


@transaction.atomic
def membership_update(
    *, membership: Membership, role: str | None = None, locales: list[str] | None = None
) -> Membership:
    """Change a member's role and/or locales; None keeps the current value (locales only while
    the role stays the same)."""
    Membership.objects.select_for_update().filter(account=membership.account, role=Role.OWNER).exists()
    if role is None:
        role = membership.role
    if locales is None and role == membership.role:
        locales = membership.locales
    if role not in Role.values:
        raise ValidationError({"role": f"'{role}' is not a role."})
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(membership.account) == 1:
        raise ConflictError("An account keeps at least one owner.", code="last_owner")
    membership.role = role
    membership.locales = _validate_locales(role, locales or [])
    membership.save(update_fields=["role", "locales", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    Membership.objects.select_for_update().filter(account=membership.account, role=Role.OWNER).exists()
    if membership.role == Role.OWNER and _owner_count(membership.account) == 1:
        raise ConflictError("An account keeps at least one owner.", code="last_owner")
    membership.delete()


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("invitation-accept", args=[invitation.token])


def _invitation_send(invitation: Invitation) -> None:
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=f"You are invited to {invitation.account.name} on Crossborder Hub",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(
    *, account: SellerAccount, invited_by: User, email: str, role: str, locales: list[str] | None = None
) -> Invitation:
    email = User.objects.normalize_email(email).strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": f"'{role}' is not a role."})
    locales = _validate_locales(role, locales or [])
    if Membership.objects.filter(account=account, user__email__iexact=email).exists():
        raise ConflictError(
            "This person is already a member of the account.",
            code="already_member",
            fields={"email": ["Already a member."]},
        )
    # Inviting the same address again replaces the open invitation (new token, new expiry).
    Invitation.objects.filter(
        account=account, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = Invitation(
        account=account,
        email=email,
        role=role,
        locales=locales,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    transaction.on_commit(lambda: _invitation_send(invitation))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send an open invitation again with a fresh expiry (same link, so an earlier e-mail still works)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("account", "invited_by").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ApplicationError("This invitation is no longer open.", code="invitation_closed")
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS)
    invitation.save(update_fields=["expires_at", "updated_at"])
    transaction.on_commit(lambda: _invitation_send(invitation))
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().select_related("account").filter(token=token).first()
    if invitation is None:
        raise ApplicationError("This invitation does not exist.", code="invitation_unknown")
    if invitation.revoked_at is not None:
        raise ApplicationError("This invitation was withdrawn.", code="invitation_revoked")
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return Membership.objects.get(account=invitation.account, user=user)
        raise ApplicationError("This invitation was already used.", code="invitation_used")
    if invitation.expires_at <= timezone.now():
        raise ApplicationError("This invitation has expired; ask for a new one.", code="invitation_expired")
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            f"This invitation is for {invitation.email}; log in with that address to accept it.",
            code="invitation_other_email",
        )
    membership, _created = Membership.objects.get_or_create(
        account=invitation.account, user=user, defaults={"role": invitation.role, "locales": invitation.locales}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership
