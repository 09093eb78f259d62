"""Who may do what: one table, read by the API permission classes, the admin and the tests.

Each area of the hub is read or written by the roles below. A role missing from an area's row
has no access at all (the API answers 403; the account itself still answers for its members).
Translators additionally only touch the locales listed on their membership.
"""

from enum import IntEnum

from django.db import models
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    OWNER = "owner", gettext_lazy("Owner")
    CATALOG = "catalog", gettext_lazy("Catalog manager")
    TRANSLATOR = "translator", gettext_lazy("Translator")
    LOGISTICS = "logistics", gettext_lazy("Logistics")
    MANAGER = "manager", gettext_lazy("Manager")


class Area(models.TextChoices):
    ACCOUNT = "account", gettext_lazy("Account settings and members")
    CATALOG = "catalog", gettext_lazy("Catalog")
    INVENTORY = "inventory", gettext_lazy("Warehouses and stock")
    TRANSLATIONS = "translations", gettext_lazy("Localized content")
    CHANNELS = "channels", gettext_lazy("Marketplace connections")
    LISTINGS = "listings", gettext_lazy("Listings and publishing")
    ORDERS = "orders", gettext_lazy("Orders and fulfilment")
    SHIPMENTS = "shipments", gettext_lazy("Inbound and outbound shipments")
    REPORTS = "reports", gettext_lazy("Revenue reports")


class Access(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


_ = Access.NONE
R = Access.READ
W = Access.WRITE

# fmt: off
ROLE_MATRIX: dict[Area, dict[Role, Access]] = {
    #                    owner        catalog          translator          logistics          manager
    Area.ACCOUNT:      {Role.OWNER: W, Role.CATALOG: R, Role.TRANSLATOR: R, Role.LOGISTICS: R, Role.MANAGER: R},
    Area.CATALOG:      {Role.OWNER: W, Role.CATALOG: W, Role.TRANSLATOR: R, Role.LOGISTICS: R, Role.MANAGER: R},
    Area.INVENTORY:    {Role.OWNER: W, Role.CATALOG: W, Role.TRANSLATOR: _, Role.LOGISTICS: W, Role.MANAGER: R},
    Area.TRANSLATIONS: {Role.OWNER: W, Role.CATALOG: W, Role.TRANSLATOR: W, Role.LOGISTICS: _, Role.MANAGER: R},
    Area.CHANNELS:     {Role.OWNER: W, Role.CATALOG: R, Role.TRANSLATOR: _, Role.LOGISTICS: R, Role.MANAGER: R},
    Area.LISTINGS:     {Role.OWNER: W, Role.CATALOG: W, Role.TRANSLATOR: R, Role.LOGISTICS: _, Role.MANAGER: R},
    Area.ORDERS:       {Role.OWNER: W, Role.CATALOG: R, Role.TRANSLATOR: _, Role.LOGISTICS: W, Role.MANAGER: R},
    Area.SHIPMENTS:    {Role.OWNER: W, Role.CATALOG: R, Role.TRANSLATOR: _, Role.LOGISTICS: W, Role.MANAGER: R},
    Area.REPORTS:      {Role.OWNER: W, Role.CATALOG: _, Role.TRANSLATOR: _, Role.LOGISTICS: _, Role.MANAGER: W},
}
# fmt: on


def role_access(role: str, area: str) -> Access:
    return ROLE_MATRIX[Area(area)].get(Role(role), Access.NONE)


def role_can_read(role: str, area: str) -> bool:
    return role_access(role, area) >= Access.READ


def role_can_write(role: str, area: str) -> bool:
    return role_access(role, area) >= Access.WRITE
