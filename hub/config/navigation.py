"""The main menu: one list of the hub's pages, shown to each member by what their role may do.

hub/config is the one place that sees every app, so the menu lives here. Each app adds its own
entry (a URL name that takes `account_pk`); an entry whose page does not exist yet (its URL name
does not resolve) is left out, so a new app's pages appear in the menu as soon as their URLs do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hub.accounts.roles import Access, Area, role_access


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    area: Area
    url_name: str
    # READ shows the entry to every role that may read the area; WRITE only to those who may change it.
    access: Access = Access.READ


# In menu order.
MENU: tuple[MenuItem, ...] = (
    MenuItem("catalog", _("Catalog"), Area.CATALOG, "catalog:products"),
    MenuItem("stock", _("Stock"), Area.INVENTORY, "inventory:stock"),
    MenuItem("marketplaces", _("Marketplaces"), Area.CHANNELS, "channels:connections"),
    MenuItem("translations", _("Translations"), Area.TRANSLATIONS, "i18n:workbench"),
    MenuItem("listings", _("Listings"), Area.LISTINGS, "listings:matrix"),
    MenuItem("publish", _("Publish"), Area.LISTINGS, "listings:publish", Access.WRITE),
    MenuItem("orders", _("Orders"), Area.ORDERS, "fulfilment:orders"),
    MenuItem("logistics", _("Logistics"), Area.SHIPMENTS, "fulfilment:logistics"),
    MenuItem("revenue", _("Revenue"), Area.REPORTS, "fulfilment:revenue"),
    MenuItem("members", _("Members"), Area.ACCOUNT, "members"),
    MenuItem("audit", _("Audit log"), Area.ACCOUNT, "audit:log", Access.WRITE),
)


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url: str
    is_active: bool


def menu_for(*, role: str, account_pk: int, current_path: str = "") -> list[MenuEntry]:
    entries = []
    for item in MENU:
        if role_access(role, item.area) < item.access:
            continue
        try:
            url = reverse(item.url_name, kwargs={"account_pk": account_pk})
        except NoReverseMatch:
            continue  # that page is not built yet
        entries.append(MenuEntry(item.key, item.label, url, bool(current_path) and current_path.startswith(url)))
    return entries


def navigation(request: HttpRequest) -> dict:
    """Template context: `menu`, the entries for the member's role in the current account."""
    membership = getattr(request, "current_membership", None)
    if membership is None:
        # Set by hub.accounts.context_processors.current_account, which runs first.
        return {"menu": []}
    return {"menu": menu_for(role=membership.role, account_pk=membership.account_id, current_path=request.path)}


def area_pages(*, account_pk: int) -> dict[str, str]:
    """Area → URL of its first page that exists (the home page's roles table links to them)."""
    pages: dict[str, str] = {}
    for item in MENU:
        if item.area.value in pages:
            continue
        try:
            pages[item.area.value] = reverse(item.url_name, kwargs={"account_pk": account_pk})
        except NoReverseMatch:
            continue
    return pages
