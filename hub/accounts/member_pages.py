"""The members page's actions for owners: change a member's role and locales, remove a member
(never the last owner), resend or withdraw an invitation. The page itself is views.members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts import selectors, services
from hub.accounts.models import Membership
from hub.accounts.pages import account_page, switched_path
from hub.accounts.roles import Area
from hub.catalog.pages.messages import translated
from hub.core.exceptions import ApplicationError


def _locales(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _errors(error: ValidationError | ApplicationError) -> list[str]:
    if isinstance(error, ValidationError):
        return [translated(m) for m in error.messages]
    return [translated(error.message)]


@account_page(Area.ACCOUNT, write=True)
def member_update(request: HttpRequest, membership: Membership, member_pk: int) -> HttpResponse:
    member = get_object_or_404(Membership.objects.select_related("user"), account=membership.account, pk=member_pk)
    if request.method == "POST":
        try:
            services.membership_update(
                membership=member,
                role=request.POST.get("member_role", ""),
                locales=_locales(request.POST.get("member_locales", "")),
            )
        except (ValidationError, ApplicationError) as error:
            request.session["member_errors"] = {str(member.pk): _errors(error)}
        else:
            messages.success(
                request,
                _("%(email)s is now %(role)s.") % {"email": member.user.email, "role": member.get_role_display()},
            )
    return redirect("members", account_pk=membership.account_id)


@account_page(Area.ACCOUNT, write=True)
def member_remove(request: HttpRequest, membership: Membership, member_pk: int) -> HttpResponse:
    member = get_object_or_404(Membership.objects.select_related("user"), account=membership.account, pk=member_pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=member)
        except ApplicationError as error:
            request.session["member_errors"] = {str(member.pk): _errors(error)}
        else:
            messages.success(request, _("%(email)s was removed from the account.") % {"email": member.user.email})
            if member.user_id == request.user.pk:
                return redirect("home")
    return redirect("members", account_pk=membership.account_id)


@account_page(Area.ACCOUNT, write=True)
def invitation_resend(request: HttpRequest, membership: Membership, invitation_pk: int) -> HttpResponse:
    invitation = get_object_or_404(selectors.invitation_list_open(account=membership.account), pk=invitation_pk)
    if request.method == "POST":
        try:
            services.invitation_resend(invitation=invitation)
        except ApplicationError as error:
            messages.error(request, translated(error.message))
        else:
            messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
    return redirect("members", account_pk=membership.account_id)


@login_required
@require_POST
def account_choose(request: HttpRequest) -> HttpResponse:
    """The layout's account switcher: work in the chosen account, on the same page section."""
    membership = selectors.membership_get_for_user(user=request.user, account_pk=request.POST.get("account", ""))
    request.session["account_pk"] = membership.account_id
    target = switched_path(request.POST.get("next", ""), membership.account_id)
    return redirect(target or "home")
