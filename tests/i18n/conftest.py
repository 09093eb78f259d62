"""Fixtures for the i18n tests: a small catalog in en_US with i18n source rows."""

import pytest

from hub.accounts.roles import Role
from i18n.models import ContentField, SourceText
from tests.factories.catalog import ProductFactory, VariantFactory


@pytest.fixture
def product(account):
    return ProductFactory(
        account=account,
        code="P-100",
        title="Acme steel bracelet",
        description="<p>Solid stainless steel.</p>\n<p>Fits most wrists.</p>",
        brand="Acme",
    )


@pytest.fixture
def variant(product):
    return VariantFactory(product=product, sku="BR-100-S")


@pytest.fixture
def bullets(product):
    """Two source bullet points and the keywords of `product`, in the account's source locale."""
    rows = [
        SourceText.objects.create(
            account=product.account, product=product, field=ContentField.BULLET, position=0, text="Water resistant"
        ),
        SourceText.objects.create(
            account=product.account, product=product, field=ContentField.BULLET, position=1, text="Gift box included"
        ),
        SourceText.objects.create(
            account=product.account,
            product=product,
            field=ContentField.KEYWORDS,
            position=0,
            text="bracelet\nsteel bangle",
        ),
    ]
    return rows


@pytest.fixture
def translator(member_client):
    """`translator(["de"])` → an API client of a translator assigned those locales."""

    def make(locales: list[str]):
        return member_client(Role.TRANSLATOR, locales)

    return make


@pytest.fixture
def text_url(api_url):
    def build(unit: str, locale: str, action: str = "") -> str:
        return api_url(f"i18n/texts/{unit}/{locale}/{action}")

    return build


@pytest.fixture(scope="session")
def compiled_catalogs():
    """The install step compiles .po to .mo (infra/scripts/compile_messages.py); do the same here
    so the Chinese interface is testable from a bare checkout. Skips catalogs already compiled."""
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "infra" / "scripts" / "compile_messages.py"
    spec = importlib.util.spec_from_file_location("compile_messages", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()


@pytest.fixture
def page_client(client):
    """`page_client(membership)` → Django's test client logged in as that member."""

    def login(membership):
        client.force_login(membership.user)
        return client

    return login
