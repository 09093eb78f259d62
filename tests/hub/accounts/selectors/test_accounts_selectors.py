import pytest
from django.http import Http404

from hub.accounts.selectors import account_list_for_user, invitation_list_open, membership_get_for_user
from tests.factories.accounts import MembershipFactory, SellerAccountFactory


def test_membership_of_the_users_account(account, user):
    membership = MembershipFactory(account=account, user=user)

    assert membership_get_for_user(user=user, account_pk=str(account.pk)) == membership


@pytest.mark.parametrize("account_pk", ["other", "abc", None, "-1"], ids=["not-member", "text", "none", "negative"])
def test_anything_else_is_404(account, other_account, user, account_pk):
    MembershipFactory(account=account, user=user)

    with pytest.raises(Http404):
        membership_get_for_user(user=user, account_pk=other_account.pk if account_pk == "other" else account_pk)


def test_account_list_is_sorted_by_name(user):
    for name in ("Zeta", "Alpha"):
        MembershipFactory(account=SellerAccountFactory(name=name), user=user)
    SellerAccountFactory(name="Beta")

    assert [a.name for a in account_list_for_user(user=user)] == ["Alpha", "Zeta"]


def test_open_invitations_exclude_used_and_withdrawn(tenant):
    from django.utils import timezone

    from hub.accounts.models import Invitation

    Invitation.objects.create(
        account=tenant.account,
        email="x@example.com",
        role="catalog",
        token="used",
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
    )

    assert list(invitation_list_open(account=tenant.account)) == [tenant.invitation]
