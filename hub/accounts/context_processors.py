from django.http import HttpRequest

from hub.accounts.models import Membership


def current_account(request: HttpRequest) -> dict:
    """The account the web pages act in (chosen on the home page, kept in the session)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    memberships = list(Membership.objects.filter(user=user).select_related("account").order_by("account__name"))
    chosen = request.session.get("account_pk")
    current = next((m for m in memberships if m.account_id == chosen), memberships[0] if memberships else None)
    # Later context processors (the menu in hub.config.navigation) read it from the request.
    request.current_membership = current
    return {
        "memberships": memberships,
        "current_membership": current,
        "current_account": current.account if current else None,
    }
