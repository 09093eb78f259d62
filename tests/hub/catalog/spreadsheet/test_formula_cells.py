"""Text that a spreadsheet program would run as a formula is exported behind an apostrophe and
imported back exactly as the seller typed it."""

import csv
import io

from openpyxl import load_workbook

from hub.catalog.models import Product
from tests.hub.catalog.spreadsheet.conftest import ROWS, csv_bytes
from tests.hub.catalog.spreadsheet.test_import import _state, _summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = '=HYPERLINK("http://evil.example","Click")'
DESCRIPTION = "-5% off, @launch +gift"


def _load_with_dangerous_text(import_file, account):
    rows = [list(row) for row in ROWS]
    for row in rows:
        if row[0] == "BR-1" and row[1]:
            row[1], row[2] = TITLE, DESCRIPTION
    response = import_file(csv_bytes(rows))
    assert response.status_code == 200, response.json()
    product = Product.objects.get(account=account, code="BR-1")
    assert (product.title, product.description) == (TITLE, DESCRIPTION)


def test_csv_export_escapes_formula_text_and_reimport_restores_it(
    import_file, owner_client, api_url, account, catalog_setup
):
    _load_with_dangerous_text(import_file, account)

    exported = owner_client.get(api_url("catalog/export/?format=csv")).content
    first = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))[1]
    assert first[1:3] == ["'" + TITLE, "'" + DESCRIPTION]

    before = _state(account)
    summary = _summary(import_file(exported))
    assert summary["products_updated"] == 0 and summary["variants_updated"] == 0
    assert _state(account) == before


def test_xlsx_export_writes_formula_text_as_plain_text(import_file, owner_client, api_url, account, catalog_setup):
    _load_with_dangerous_text(import_file, account)

    response = owner_client.get(api_url("catalog/export/?format=xlsx"))
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value == "'" + TITLE

    before = _state(account)
    summary = _summary(import_file(response.content, name="catalog.xlsx"))
    assert summary["products_updated"] == 0
    assert _state(account) == before


def test_an_empty_title_cell_keeps_an_existing_products_title(import_file, account, catalog_setup):
    import_file(csv_bytes(ROWS))
    rows = [list(row) for row in ROWS]
    for row in rows:
        if row[0] == "BR-1":
            row[1] = ""

    summary = _summary(import_file(csv_bytes(rows)))

    assert summary["products_updated"] == 0
    assert Product.objects.get(account=account, code="BR-1").title == "Chain bracelet"
