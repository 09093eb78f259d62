"""What every account page does first: resolve the member's account and check the role matrix.

Not a member → 404 (another seller's account does not exist as far as the caller can tell); a role
that may not read the area, or may not change it on a POST → the styled 403 page in the layout.
Views wrapped with `account_page` receive the membership instead of the account id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.accounts.models import Membership
from hub.accounts.roles import Access, Area, role_access
from hub.accounts.selectors import membership_get_for_user


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The styled 403 page (templates/errors/403.html) inside the layout."""
    return render(
        request,
        "errors/403.html",
        {"message": message or _("Your role in this account does not allow this.")},
        status=403,
    )


def account_page(area: Area, *, write: bool = False) -> Callable:
    """`@account_page(Area.CATALOG)`: the view is called as view(request, membership, **kwargs).
    Reading needs read access; POST (or `write=True`) needs write access."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, account_pk: int, **kwargs) -> HttpResponse:
            membership: Membership = membership_get_for_user(user=request.user, account_pk=account_pk)
            needed = Access.WRITE if write or request.method == "POST" else Access.READ
            if role_access(membership.role, area) < needed:
                return forbidden(request)
            if request.session.get("account_pk") != membership.account_id:
                request.session["account_pk"] = membership.account_id
                # The layout's menu follows the account the page is in.
                request.current_membership = membership
            return view(request, membership, **kwargs)

        return wrapper

    return decorate


def can_write(membership: Membership, area: Area) -> bool:
    return role_access(membership.role, area) >= Access.WRITE


def membership_current(request: HttpRequest) -> Membership | None:
    """The membership the user works in (the home page's choice, else their first account)."""
    memberships = Membership.objects.filter(user=request.user).select_related("account").order_by("account__name")
    return memberships.filter(account_id=request.session.get("account_pk")).first() or memberships.first()


# Pages whose URL names the account: switching accounts opens the same section in the other one.
_ACCOUNT_SECTION = re.compile(r"^/(catalog|stock|marketplaces|translate)/\d+/|^/accounts/\d+/members/")


def switched_path(next_path: str, account_pk: int) -> str | None:
    """The section of `next_path` in account `account_pk` (/catalog/3/products/9/ → /catalog/5/),
    or None when the page does not belong to an account."""
    match = _ACCOUNT_SECTION.match(next_path or "")
    if not match:
        return None
    if match.group(1):
        return f"/{match.group(1)}/{account_pk}/"
    return f"/accounts/{account_pk}/members/"
