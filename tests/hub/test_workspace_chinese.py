"""Every workspace page rendered in Simplified Chinese shows no untranslated interface string: the
visible text of each page is compared with the English source strings of the catalogs, and each
app catalog of these pages is complete."""

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.files.uploadedfile import SimpleUploadedFile

from channels.models import ChannelAccount, ChannelCall
from hub.accounts.roles import Role
from hub.inventory.services import stock_adjust
from tests.factories.accounts import MembershipFactory
from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory
from tests.factories.inventory import WarehouseFactory
from tests.hub.support import png_upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APP_CATALOGS = [
    ROOT / "hub" / "catalog" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
    ROOT / "hub" / "inventory" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
    ROOT / "channels" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
    ROOT / "hub" / "accounts" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
]
HUB_CATALOG = ROOT / "hub" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", autouse=True)
def compiled():
    script = ROOT / "infra" / "scripts" / "compile_messages.py"
    spec = importlib.util.spec_from_file_location("compile_messages", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()


def _messages(path: Path):
    with path.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def _source_patterns() -> list[re.Pattern]:
    """A pattern per English source string whose translation differs from it (placeholders: any text)."""
    patterns = []
    for path in [*APP_CATALOGS, HUB_CATALOG]:
        for message in _messages(path):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for source in ids:
                if not strings[0] or strings[0] == source or not re.search(r"[A-Za-z]{2}", source):
                    continue
                parts = re.split(r"%\(\w+\)[sd]|%[sd]", source)
                if len("".join(parts).strip()) < 2:
                    continue
                patterns.append(re.compile(".+".join(re.escape(part) for part in parts)))
    return patterns


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "data-confirm") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self._skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skip:
            self.texts.append(text)


def _untranslated(html: str, patterns) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return sorted({text for text in parser.texts for pattern in patterns if pattern.fullmatch(text)})


def test_the_app_catalogs_are_complete():
    for path in APP_CATALOGS:
        empty = [m.id for m in _messages(path) if not (m.string[0] if isinstance(m.string, tuple) else m.string)]
        assert empty == [], f"{path.relative_to(ROOT)} has untranslated entries"


def test_every_workspace_page_is_chinese(account, client):
    owner = MembershipFactory(account=account, role=Role.OWNER, user__email="owner@example.com")
    MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["de"])
    category = CategoryFactory(account=account, name="Rings")
    product = ProductFactory(account=account, code="R-1", title="Steel ring", category=category)
    variant = VariantFactory(product=product, sku="R-1-S")
    from hub.catalog.services import product_image_add

    product_image_add(product=product, file=png_upload())
    first, _second = WarehouseFactory(account=account, code="sz"), WarehouseFactory(account=account, code="la")
    stock_adjust(account=account, variant=variant, warehouse=first, on_hand_change=3, user=owner.user)
    channel_account = ChannelAccount.objects.create(
        account=account, name="Amazon EU", family="amazon", marketplaces=["A1PA6795UKMFR9"], seller_reference="A1"
    )
    for kind in ("", "throttled", "auth_failed"):
        ChannelCall.objects.create(
            account=account,
            channel_account=channel_account,
            operation="getOrder",
            method="GET",
            url_path="/orders/v0/orders/1",
            http_status=200 if not kind else 429,
            error_kind=kind,
        )
    client.force_login(owner.user)
    client.cookies["django_language"] = "zh-hans"
    pk = account.pk
    pages = {
        "home": client.get("/"),
        "products": client.get(f"/catalog/{pk}/"),
        "product": client.get(f"/catalog/{pk}/products/{product.pk}/"),
        "product refused": client.post(
            f"/catalog/{pk}/products/{product.pk}/variants/{variant.pk}/", {"sku": "R 1", "base_price": "1.234"}
        ),
        "new product": client.get(f"/catalog/{pk}/products/new/"),
        "import report": client.post(
            f"/catalog/{pk}/import/",
            {"file": SimpleUploadedFile("c.csv", b"product_code,title,sku,base_price\nP,T,S,-1\n")},
        ),
        "bulk preview": client.post(
            f"/catalog/{pk}/bulk/", {"products": [product.pk], "action": "price_amount", "value": "1"}
        ),
        "stock": client.get(f"/stock/{pk}/"),
        "movements": client.get(f"/stock/{pk}/sku/{variant.pk}/"),
        "connections": client.get(f"/marketplaces/{pk}/"),
        "call log": client.get(f"/marketplaces/{pk}/connections/{channel_account.pk}/calls/"),
        "members": client.get(f"/accounts/{pk}/members/"),
    }
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR, locales=["fr"])
    client.force_login(translator.user)
    client.cookies["django_language"] = "zh-hans"
    pages["403"] = client.get(f"/stock/{pk}/")
    patterns = _source_patterns()
    # The comparison finds English when there is some: the same page in English is full of it.
    client.cookies["django_language"] = "en"
    english = _untranslated(client.get(f"/catalog/{pk}/").content.decode(), patterns)
    assert {"Products", "Search", "Marketplace readiness"} <= set(english)
    for name, response in pages.items():
        assert response.status_code in (200, 400, 403), name
        html = response.content.decode()
        assert name == "bulk preview" or 'lang="zh-hans"' in html, name
        assert _untranslated(html, patterns) == [], name


@pytest.mark.parametrize("code", ["400", "403", "404", "413", "500"])
def test_error_pages_are_styled_and_chinese(rf, user, code):
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get("/nowhere/")
    request.user, request.session = user, SessionStore()
    with translation.override("zh-hans"):
        html = render_to_string(f"errors/{code}.html", {}, request=request)
    assert f'data-testid="error-{code}"' in html and "hub.css" in html  # inside the layout
    assert _untranslated(html, _source_patterns()) == []
