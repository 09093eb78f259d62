"""Export writes the import's own format: exporting and importing the result changes nothing."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hub.accounts.roles import Role
from tests.hub.catalog.spreadsheet.conftest import HEADER, ROWS, csv_bytes
from tests.hub.catalog.spreadsheet.test_import import UNCHANGED, _state, _summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_csv_export_is_the_import_format(import_file, owner_client, api_url, catalog_setup):
    import_file(csv_bytes(ROWS))

    response = owner_client.get(api_url("catalog/export/?format=csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="catalog-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            "BR-1",
            "Chain bracelet",
            "Hand made, 2 colours",
            "Acme",
            "Jewellery > Bracelets",
            "active",
            "BR-1-G",
            "4006381333931",
            "false",
            "12.50",  # prices carry the currency's decimals (USD: 2)
            "4.25",
            "0.025",
            "kg",
            "20",
            "1.5",
            "0.4",
            "cm",
            "gold",
            "18.5 cm",
            "Brass",
            "true",
            "",
            "7",
        ],
        [
            "BR-1",
            "Chain bracelet",
            "Hand made, 2 colours",
            "Acme",
            "Jewellery > Bracelets",
            "active",
            "BR-1-S",
            "",
            "true",
            "14.00",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "silver",
            "19 cm",
            "Brass",
            "true",
            "3",
            "0",
        ],
        [
            "RING",
            "Signet ring",
            "",
            "Zeta",
            "Jewellery",
            "draft",
            "RING-1",
            "036000291452",
            "false",
            "99.99",
            "40.00",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "Silver",
            "false",
            "",
            "12",
        ],
    ]


@pytest.mark.parametrize(
    ("file_format", "name"), [pytest.param("csv", "back.csv", id="csv"), pytest.param("xlsx", "back.xlsx", id="xlsx")]
)
def test_export_then_import_changes_nothing(
    import_file, owner_client, api_url, account, catalog_setup, file_format, name
):
    import_file(csv_bytes(ROWS))
    before = _state(account)
    exported = owner_client.get(api_url(f"catalog/export/?format={file_format}"))
    assert exported.status_code == 200

    response = import_file(exported.content, name)

    assert _summary(response) == {**UNCHANGED, "file_format": file_format}
    assert _state(account) == before


def test_xlsx_export_keeps_codes_as_text_and_figures_as_numbers(import_file, owner_client, api_url, catalog_setup):
    import_file(csv_bytes(ROWS))

    response = owner_client.get(api_url("catalog/export/?format=xlsx"))

    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    ring = dict(zip(HEADER, rows[3], strict=True))
    assert (ring["sku"], ring["gtin"], ring["base_price"], ring["cost"], ring["stock:sz"]) == (
        "RING-1",
        "036000291452",
        99.99,
        40,
        12,
    )


def test_xlsx_import_of_a_hand_made_workbook(import_file, account, catalog_setup):
    from openpyxl import Workbook

    from hub.catalog.models import Variant

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["product_code", "title", "sku", "gtin", "base_price", "stock:sz"])
    sheet.append(["MUG", "Mug", "MUG-1", 4006381333931, 9.9, 5])
    sheet.append(["MUG", None, "MUG-2", None, 10, 0])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = import_file(buffer.getvalue(), "mugs.xlsx")

    assert _summary(response)["variants_created"] == 2
    assert sorted(Variant.objects.filter(account=account).values_list("sku", "gtin", "base_price")) == [
        ("MUG-1", "4006381333931", Decimal("9.90")),
        ("MUG-2", "", Decimal("10.00")),
    ]


def test_unknown_export_format_is_400(owner_client, api_url):
    response = owner_client.get(api_url("catalog/export/?format=pdf"))

    assert response.status_code == 400
    assert response.json() == {
        "message": "Choose format=csv or format=xlsx.",
        "code": "invalid",
        "fields": {"format": ["Unknown format."]},
        "extra": {},
    }


def test_export_defaults_to_csv(owner_client, api_url, catalog_setup):
    response = owner_client.get(api_url("catalog/export/"))

    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").splitlines() == [",".join(HEADER)]


@pytest.mark.parametrize(
    ("role", "locales", "stock_columns"),
    [
        pytest.param(Role.TRANSLATOR, ["de"], [], id="translator-may-not-read-stock"),
        pytest.param(Role.MANAGER, None, ["stock:fba-na", "stock:sz"], id="manager-reads-stock"),
        pytest.param(Role.LOGISTICS, None, ["stock:fba-na", "stock:sz"], id="logistics-reads-stock"),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_has_stock_columns_only_for_roles_that_read_stock(
    import_file, member_client, api_url, catalog_setup, role, locales, stock_columns, file_format
):
    import_file(csv_bytes(ROWS))

    response = member_client(role, locales).get(api_url(f"catalog/export/?format={file_format}"))

    assert response.status_code == 200
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert [column for column in rows[0] if column.startswith("stock:")] == stock_columns
    assert len(rows) == 4 and {len(row) for row in rows} == {len(rows[0])}


@pytest.mark.parametrize(
    ("currency", "price", "cost"), [("USD", "89.00", "7.50"), ("JPY", "89", "8"), ("KWD", "89.000", "7.500")]
)
def test_exports_write_prices_with_the_currency_decimals(owner_client, api_url, account, currency, price, cost):
    from tests.factories.catalog import ProductFactory, VariantFactory

    account.base_currency = currency
    account.save()
    VariantFactory(
        product=ProductFactory(account=account, code="P"), sku="P-1", base_price=Decimal("89"), cost=Decimal(cost)
    )

    rows = list(
        csv.reader(io.StringIO(owner_client.get(api_url("catalog/export/?format=csv")).content.decode("utf-8-sig")))
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["base_price"], row["cost"]) == (price, cost)

    sheet = load_workbook(io.BytesIO(owner_client.get(api_url("catalog/export/?format=xlsx")).content)).worksheets[0]
    cells = {sheet.cell(1, column).value: sheet.cell(2, column) for column in range(1, sheet.max_column + 1)}
    assert Decimal(str(cells["base_price"].value)) == Decimal("89")
    assert cells["base_price"].number_format == ("0." + "0" * (len(price.split(".")[1])) if "." in price else "0")
