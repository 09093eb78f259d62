from decimal import Decimal

import pytest

from hub.catalog.models import Product, ProductAttributeValue, Variant, VariantAttributeValue
from hub.inventory.models import StockLevel, StockMovement
from tests.hub.catalog.spreadsheet.conftest import HEADER, ROWS, csv_bytes

CREATED = {
    "rows": 3,
    "products_created": 2,
    "products_updated": 0,
    "products_unchanged": 0,
    "variants_created": 3,
    "variants_updated": 0,
    "variants_unchanged": 0,
    "stock_levels_changed": 3,
    "dry_run": False,
    "file_format": "csv",
}
UNCHANGED = {
    **CREATED,
    "products_created": 0,
    "products_unchanged": 2,
    "variants_created": 0,
    "variants_unchanged": 3,
    "stock_levels_changed": 0,
}


def _summary(response) -> dict:
    assert response.status_code == 200, response.json()
    data = dict(response.json())
    assert isinstance(data.pop("duration_ms"), int)
    return data


def _state(account) -> dict:
    """Everything an import can touch, as comparable values (timestamps included)."""
    return {
        "products": list(Product.objects.filter(account=account).order_by("code").values()),
        "variants": list(Variant.objects.filter(account=account).order_by("sku").values()),
        "product_values": list(ProductAttributeValue.objects.order_by("pk").values()),
        "variant_values": list(VariantAttributeValue.objects.order_by("pk").values()),
        "levels": list(StockLevel.objects.filter(account=account).order_by("pk").values()),
        "movements": StockMovement.objects.filter(account=account).count(),
    }


def test_import_creates_products_variants_values_and_stock(import_file, account, catalog_setup):
    response = import_file(csv_bytes(ROWS))

    assert _summary(response) == CREATED
    bracelet = Product.objects.get(account=account, code="BR-1")
    assert (bracelet.title, bracelet.description, bracelet.brand, bracelet.category, bracelet.status) == (
        "Chain bracelet",
        "Hand made, 2 colours",
        "Acme",
        catalog_setup["bracelets"],
        "active",
    )
    gold = Variant.objects.get(account=account, sku="BR-1-G")
    assert (gold.gtin, gold.gtin_exempt, gold.base_price, gold.cost, gold.currency, gold.position) == (
        "4006381333931",
        False,
        Decimal("12.50"),
        Decimal("4.25"),
        "USD",
        0,
    )
    assert (gold.weight, gold.weight_unit, gold.length, gold.width, gold.height, gold.dimension_unit) == (
        Decimal("0.025"),
        "kg",
        Decimal("20"),
        Decimal("1.5"),
        Decimal("0.4"),
        "cm",
    )
    values = {(v.attribute.code, str(v.value)) for v in VariantAttributeValue.objects.filter(variant=gold)}
    assert values == {("colour", "gold"), ("length", "{'value': Decimal('18.500000'), 'unit': 'cm'}")}
    product_values = {(v.attribute.code, v.value) for v in ProductAttributeValue.objects.filter(product=bracelet)}
    assert product_values == {("material", "Brass"), ("waterproof", True)}
    levels = StockLevel.objects.filter(account=account).values_list("variant__sku", "warehouse__code", "on_hand")
    assert sorted(levels) == [("BR-1-G", "sz", 7), ("BR-1-S", "fba-na", 3), ("BR-1-S", "sz", 0), ("RING-1", "sz", 12)]
    movements = StockMovement.objects.filter(account=account).values_list("variant__sku", "on_hand_change", "reason")
    assert sorted(movements) == [("BR-1-G", 7, "import"), ("BR-1-S", 3, "import"), ("RING-1", 12, "import")]


def test_reimporting_the_same_file_changes_nothing(import_file, account, catalog_setup):
    import_file(csv_bytes(ROWS))
    before = _state(account)

    response = import_file(csv_bytes(ROWS))

    assert _summary(response) == UNCHANGED
    assert _state(account) == before


def test_dry_run_reports_and_writes_nothing(import_file, account, catalog_setup):
    response = import_file(csv_bytes(ROWS), dry_run=True)

    assert _summary(response) == {**CREATED, "dry_run": True}
    assert Product.objects.filter(account=account).count() == 0
    assert StockLevel.objects.filter(account=account).count() == 0
    assert StockMovement.objects.filter(account=account).count() == 0


def test_changed_rows_update_only_what_changed(import_file, account, catalog_setup):
    import_file(csv_bytes(ROWS))
    rows = [list(row) for row in ROWS]
    rows[0][HEADER.index("base_price")] = "13.00"
    rows[2][HEADER.index("stock:sz")] = "10"
    rows[2][HEADER.index("attr:material")] = "Gold"

    response = import_file(csv_bytes(rows))

    assert _summary(response) == {
        **UNCHANGED,
        "products_updated": 1,
        "products_unchanged": 1,
        "variants_updated": 1,
        "variants_unchanged": 2,
        "stock_levels_changed": 1,
    }
    assert Variant.objects.get(sku="BR-1-G").base_price == Decimal("13.00")
    assert ProductAttributeValue.objects.get(product__code="RING", attribute__code="material").value_text == "Gold"
    last = StockMovement.objects.filter(variant__sku="RING-1").order_by("-pk").first()
    assert (last.on_hand_change, last.on_hand_after, last.reason) == (-2, 10, "import")


def test_product_columns_may_be_left_blank_on_later_rows(import_file, account, catalog_setup):
    rows = [list(row) for row in ROWS[:2]]
    for column in ("title", "description", "brand", "category", "status"):
        rows[1][HEADER.index(column)] = ""

    response = import_file(csv_bytes(rows))

    assert _summary(response)["products_created"] == 1
    assert Product.objects.get(code="BR-1").title == "Chain bracelet"


def test_only_some_columns_update_only_those_fields(import_file, account, catalog_setup):
    import_file(csv_bytes(ROWS))

    response = import_file(csv_bytes([["RING-1", "RING", "89.5"]], header=["sku", "product_code", "base_price"]))

    summary = _summary(response)
    assert (summary["variants_updated"], summary["products_unchanged"], summary["rows"]) == (1, 1, 1)
    ring = Variant.objects.get(sku="RING-1")
    assert (ring.base_price, ring.cost, ring.gtin) == (Decimal("89.50"), Decimal("40.00"), "036000291452")


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        pytest.param(
            ["product_code", "sku", "weight"], ["BR-1", "BR-1-G", "30"], (Decimal("30"), "kg"), id="weight-without-unit"
        ),
        pytest.param(
            ["product_code", "sku", "weight_unit"], ["BR-1", "BR-1-G", "g"], (Decimal("0.025"), "g"), id="unit-only"
        ),
    ],
)
def test_a_measure_column_without_its_partner_keeps_the_partner(
    import_file, account, catalog_setup, header, row, expected
):
    import_file(csv_bytes(ROWS))

    response = import_file(csv_bytes([row], header=header))

    assert _summary(response)["variants_updated"] == 1
    variant = Variant.objects.get(sku="BR-1-G")
    assert (variant.weight, variant.weight_unit) == expected


def test_a_height_column_alone_updates_the_height_only(import_file, account, catalog_setup):
    import_file(csv_bytes(ROWS))

    response = import_file(csv_bytes([["BR-1", "BR-1-G", "0.6"]], header=["product_code", "sku", "height"]))

    assert _summary(response)["variants_updated"] == 1
    variant = Variant.objects.get(sku="BR-1-G")
    assert (variant.length, variant.width, variant.height, variant.dimension_unit) == (
        Decimal("20"),
        Decimal("1.5"),
        Decimal("0.6"),
        "cm",
    )


@pytest.mark.parametrize(
    ("delimiter", "bom", "line_end"),
    [
        pytest.param(";", False, "\n", id="semicolon"),
        pytest.param("\t", False, "\n", id="tab"),
        pytest.param(",", True, "\r\n", id="bom-and-crlf"),
        pytest.param(";", True, "\r\n", id="semicolon-bom-crlf"),
    ],
)
def test_csv_dialects(import_file, account, catalog_setup, delimiter, bom, line_end):
    response = import_file(csv_bytes(ROWS, delimiter=delimiter, bom=bom, line_end=line_end))

    assert _summary(response) == CREATED
    assert sorted(Variant.objects.filter(account=account).values_list("sku", flat=True)) == [
        "BR-1-G",
        "BR-1-S",
        "RING-1",
    ]


def test_header_names_are_case_and_space_insensitive(import_file, account, catalog_setup):
    header = [" Product_Code ", "TITLE", "Sku", "Base_Price"]

    response = import_file(csv_bytes([["X", "Thing", "X-1", "5"]], header=header))

    assert _summary(response)["variants_created"] == 1
    assert Variant.objects.get(sku="X-1").base_price == Decimal("5.00")


def test_an_import_names_the_products_it_changed_to_those_who_follow_the_catalog(import_file, account, catalog_setup):
    from hub.catalog.signals import products_changed

    sent: list[frozenset] = []

    def received(sender, *, account_id, product_ids, **kwargs):
        assert account_id == account.pk
        sent.append(product_ids)

    products_changed.connect(received, dispatch_uid="test.import")
    try:
        import_file(csv_bytes(ROWS))
        assert sent[-1] == set(Product.objects.filter(account=account).values_list("pk", flat=True))
        import_file(csv_bytes(ROWS))
        assert sent[-1] == set()
        rows = [list(row) for row in ROWS]
        rows[0][HEADER.index("base_price")] = "13.00"  # a BR-1 variant
        rows[2][HEADER.index("attr:material")] = "Gold"  # a RING product value
        import_file(csv_bytes(rows))
        assert sent[-1] == set(Product.objects.filter(code__in=["BR-1", "RING"]).values_list("pk", flat=True))
    finally:
        products_changed.disconnect(dispatch_uid="test.import")
