"""Server-rendered pages for people: sign up, log in, profile, accounts, members, invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts import selectors, services
from hub.accounts.forms import AccountForm, InviteForm, ProfileForm, RegisterForm
from hub.accounts.pages import forbidden, membership_current
from hub.accounts.roles import ROLE_MATRIX, Area, Role, role_can_write
from hub.core.exceptions import ApplicationError, ConflictError


def _form_errors(form, error: ValidationError) -> None:
    for field, messages_ in getattr(error, "message_dict", {"__all__": error.messages}).items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def _redirect_next(request: HttpRequest, target: str | None) -> HttpResponse:
    """Go to `target` (a ?next= or form value) only when it stays on this site; home otherwise."""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if target and safe else "home")


def _activate_language(request: HttpRequest, response: HttpResponse, language: str) -> HttpResponse:
    translation.activate(language)
    response.set_cookie("django_language", language, samesite="Lax")
    return response


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                ui_language=translation.get_language() or "en",
            )
        except ValidationError as error:
            _form_errors(form, error)
        except ConflictError as error:  # the same e-mail registered at the same moment
            for message in error.fields.get("email", [error.message]):
                form.add_error("email", message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _redirect_next(request, request.GET.get("next"))
    return render(request, "accounts/register.html", {"form": form})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                base_currency=form.cleaned_data["base_currency"].upper(),
                source_locale=form.cleaned_data["source_locale"],
                timezone_name=form.cleaned_data["timezone"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            request.session["account_pk"] = account.pk
            messages.success(request, _("Account %(name)s created.") % {"name": account.name})
            return redirect("home")
    from hub.config.navigation import area_pages

    current = membership_current(request)
    pages = area_pages(account_pk=current.account_id) if current else {}
    matrix = [(area, pages.get(area.value, ""), access) for area, access in ROLE_MATRIX.items()]
    return render(request, "accounts/home.html", {"form": form, "matrix": matrix, "roles": Role, "areas": Area})


@login_required
@require_POST
def account_switch(request: HttpRequest, account_pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, account_pk=account_pk)
    request.session["account_pk"] = membership.account_id
    return _redirect_next(request, request.POST.get("next"))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": user.full_name, "ui_language": user.ui_language, "timezone": user.timezone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(
                user=user,
                full_name=form.cleaned_data["full_name"],
                ui_language=form.cleaned_data["ui_language"],
                timezone_name=form.cleaned_data["timezone"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return _activate_language(request, redirect("profile"), user.ui_language)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def members(request: HttpRequest, account_pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, account_pk=account_pk)
    account = membership.account
    can_manage = role_can_write(membership.role, Area.ACCOUNT)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            return forbidden(request)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    account=account,
                    invited_by=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    locales=form.cleaned_data["locales"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            except ApplicationError as error:
                form.add_error("email", error.message)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("members", account_pk=account.pk)
    context = {
        "account": account,
        "membership": membership,
        "can_manage": can_manage,
        "members": selectors.membership_list(account=account),
        "invitations": selectors.invitation_list_open(account=account),
        "form": form,
        "roles": Role.choices,
        "member_errors": request.session.pop("member_errors", {}),
    }
    return render(request, "accounts/members.html", context)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(token=token)
    if not request.user.is_authenticated:
        return render(request, "accounts/invitation.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            request.session["account_pk"] = membership.account_id
            messages.success(request, _("You joined %(name)s.") % {"name": membership.account.name})
            return redirect("home")
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, account_pk: int, invitation_pk: int) -> HttpResponse:
    membership = selectors.membership_get_for_user(user=request.user, account_pk=account_pk)
    if not role_can_write(membership.role, Area.ACCOUNT):
        return forbidden(request)
    invitation = get_object_or_404(selectors.invitation_list_open(account=membership.account), pk=invitation_pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("members", account_pk=account_pk)
