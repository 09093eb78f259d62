from django.db.models import QuerySet
from django.http import Http404

from hub.accounts.models import Invitation, Membership, SellerAccount, User


def account_list_for_user(*, user: User) -> QuerySet[SellerAccount]:
    return SellerAccount.objects.filter(memberships__user=user).order_by("name", "pk")


def membership_get_for_user(*, user: User, account_pk: int | str) -> Membership:
    """The caller's membership of `account_pk`; an account they do not belong to does not exist
    as far as they can tell (404, never 403)."""
    try:
        account_pk = int(account_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    membership = (
        Membership.objects.select_related("account").filter(account_id=account_pk, user_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def membership_list(*, account: SellerAccount) -> QuerySet[Membership]:
    return Membership.objects.filter(account=account).select_related("user").order_by("user__email")


def invitation_list_open(*, account: SellerAccount) -> QuerySet[Invitation]:
    return Invitation.objects.filter(account=account, accepted_at__isnull=True, revoked_at__isnull=True)


def invitation_get_by_token(*, token: str) -> Invitation:
    invitation = Invitation.objects.select_related("account").filter(token=token).first()
    if invitation is None:
        raise Http404
    return invitation
