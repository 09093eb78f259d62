"""Who may read and write which locale. Roles come from hub.accounts.roles (Area.TRANSLATIONS);
translators are further limited to the locales on their membership (see i18n.locales for how an
assignment covers variants). A locale one may not read does not exist for them (404); writing to
a locale one may read but not write, or to one outside one's assignment, is forbidden (403)."""

from django.http import Http404

from hub.accounts.models import Membership
from hub.accounts.roles import Area, Role, role_can_read, role_can_write
from i18n.exceptions import ForbiddenError
from i18n.locales import locale_covers


def _assigned(membership: Membership, locale: str) -> bool:
    if membership.role != Role.TRANSLATOR:
        return True
    return any(locale_covers(assigned, locale) for assigned in membership.locales or [])


def locale_can_read(membership: Membership, locale: str) -> bool:
    return role_can_read(membership.role, Area.TRANSLATIONS) and _assigned(membership, locale)


def locale_can_write(membership: Membership, locale: str) -> bool:
    return role_can_write(membership.role, Area.TRANSLATIONS) and _assigned(membership, locale)


def locale_read_check(membership: Membership, locale: str) -> None:
    if not locale_can_read(membership, locale):
        raise Http404


def locale_write_check(membership: Membership, locale: str) -> None:
    if not locale_can_write(membership, locale):
        raise ForbiddenError(f"You may not edit texts in {locale}.", code="locale_not_assigned")
