"""The main menu follows the role matrix and leaves out pages that do not exist yet."""

import pytest
from django.test import Client

from hub.accounts.roles import Role
from hub.config import navigation
from hub.config.navigation import MenuItem, menu_for
from tests.factories.accounts import MembershipFactory


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.OWNER, ["translations", "members"]),
        (Role.TRANSLATOR, ["translations", "members"]),
        (Role.LOGISTICS, ["members"]),
    ],
    ids=str,
)
def test_menu_shows_the_built_pages_the_role_may_read(role, expected, monkeypatch):
    # Only the pages that exist in this test: the workbench and members.
    monkeypatch.setattr(navigation, "MENU", tuple(i for i in navigation.MENU if i.key in {"translations", "members"}))
    assert [entry.key for entry in menu_for(role=role, account_pk=7)] == expected


def test_write_entries_need_write_access(monkeypatch):
    from hub.accounts.roles import Access, Area

    monkeypatch.setattr(
        navigation, "MENU", (MenuItem("members-admin", "Members", Area.ACCOUNT, "members", Access.WRITE),)
    )
    assert [e.key for e in menu_for(role=Role.OWNER, account_pk=1)] == ["members-admin"]
    assert menu_for(role=Role.MANAGER, account_pk=1) == []


def test_entries_whose_page_is_not_built_are_left_out(monkeypatch):
    from hub.accounts.roles import Area

    monkeypatch.setattr(navigation, "MENU", (MenuItem("nowhere", "Nowhere", Area.CATALOG, "no-such-page"),))
    assert menu_for(role=Role.OWNER, account_pk=1) == []


@pytest.mark.django_db
def test_the_page_marks_the_current_entry(account):
    membership = MembershipFactory(account=account, role=Role.OWNER)
    client = Client()
    client.force_login(membership.user)
    html = client.get(f"/accounts/{account.pk}/members/").content.decode()
    assert f'href="/accounts/{account.pk}/members/" data-testid="nav-members" class="active"' in html
    assert f'href="/translate/{account.pk}/" data-testid="nav-translations">' in html
