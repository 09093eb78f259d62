"""A bad file is refused whole: 400 with row, column and message for each problem, nothing written."""

import io

import pytest

from hub.catalog.models import Product, ProductAttributeValue, Variant, VariantAttributeValue
from hub.inventory.models import StockLevel, StockMovement
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.hub.catalog.spreadsheet.conftest import HEADER, ROWS, csv_bytes


def _counts(account) -> tuple[int, ...]:
    return (
        Product.objects.filter(account=account).count(),
        Variant.objects.filter(account=account).count(),
        ProductAttributeValue.objects.count(),
        VariantAttributeValue.objects.count(),
        StockLevel.objects.filter(account=account).count(),
        StockMovement.objects.filter(account=account).count(),
    )


def _with(row: int, column: str, value: str) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    rows[row][HEADER.index(column)] = value
    return rows


def _problems(response) -> list[tuple]:
    assert response.status_code == 400, response.content[:300]
    payload = response.json()
    assert payload["code"] == "bad_file"
    return [(p["row"], p["column"], p["message"]) for p in payload["extra"]["rows"]]


BAD_ROWS = [
    pytest.param(_with(0, "base_price", "-12.5"), (2, "base_price", "Must not be negative."), id="negative-price"),
    pytest.param(
        _with(1, "base_price", "14.001"),
        (3, "base_price", "Has 3 decimals; the account currency allows 2."),
        id="too-precise-price",
    ),
    pytest.param(_with(2, "cost", "ten"), (4, "cost", "'ten' is not a number."), id="price-not-a-number"),
    pytest.param(_with(2, "stock:sz", "-1"), (4, "stock:sz", "Stock on hand cannot be negative."), id="negative-stock"),
    pytest.param(
        _with(2, "stock:sz", "2.5"), (4, "stock:sz", "'2.5' is not a whole number of units."), id="fractional-stock"
    ),
    pytest.param(
        _with(2, "stock:sz", "2147483648"),
        (4, "stock:sz", "A stock level holds at most 2147483647 units."),
        id="stock-too-large",
    ),
    pytest.param(
        _with(0, "weight", "1000000000"), (2, "weight", "Must be less than 1,000,000,000."), id="weight-too-large"
    ),
    pytest.param(
        _with(0, "attr:length", "100000000000000 cm"),
        (2, "attr:length", "Must be less than 100,000,000,000,000."),
        id="number-attribute-too-large",
    ),
    pytest.param(_with(1, "sku", "BR-1-G"), (3, "sku", "SKU 'BR-1-G' is also on row 2."), id="duplicate-sku"),
    pytest.param(
        _with(2, "sku", "TAKEN"), (4, "sku", "SKU 'TAKEN' belongs to product 'OLD'."), id="sku-of-another-product"
    ),
    pytest.param(
        _with(0, "gtin", "4006381333932"),
        (2, "gtin", "Check digit of 4006381333932 should be 1, not 2."),
        id="bad-check-digit",
    ),
    pytest.param(
        _with(2, "category", "Watches"), (4, "category", "There is no category 'Watches'."), id="unknown-category"
    ),
    pytest.param(
        _with(0, "attr:colour", "red"), (2, "attr:colour", "'red' is not one of gold, silver."), id="unknown-option"
    ),
    pytest.param(
        _with(1, "attr:length", "19 mm"), (3, "attr:length", "Unit 'mm' is not one of cm, in."), id="unknown-unit"
    ),
    pytest.param(
        _with(2, "attr:waterproof", "maybe"),
        (4, "attr:waterproof", "'maybe' is not yes/no (use true or false)."),
        id="not-a-boolean",
    ),
    pytest.param(
        _with(2, "attr:colour", "gold"),
        (4, "attr:colour", "Attribute 'colour' is not used by category 'Jewellery'."),
        id="attribute-not-in-category",
    ),
    pytest.param(
        _with(1, "title", "Other title"),
        (3, "title", "Differs from row 2 of the same product ('Chain bracelet')."),
        id="product-columns-disagree",
    ),
    pytest.param(_with(2, "base_price", ""), (4, "base_price", "A new variant needs a base price."), id="no-price"),
    pytest.param(_with(2, "product_code", ""), (4, "product_code", "This field is required."), id="no-product-code"),
    pytest.param(
        _with(2, "status", "sold"), (4, "status", "'sold' is not one of draft, active, archived."), id="unknown-status"
    ),
    pytest.param(
        _with(1, "attr:colour", ""),
        (3, "attr:colour", "Required for active products in this category."),
        id="missing-required-variation",
    ),
]


@pytest.mark.parametrize(("rows", "problem"), BAD_ROWS)
def test_one_bad_cell_refuses_the_file(import_file, account, catalog_setup, rows, problem):
    VariantFactory(product=ProductFactory(account=account, code="OLD"), sku="TAKEN")
    before = _counts(account)

    response = import_file(csv_bytes(rows))

    assert _problems(response) == [problem]
    assert response.json()["extra"]["total_problems"] == 1
    row, column, message = problem
    assert response.json()["message"] == (
        f"1 problem(s) in the file, nothing was imported. First: row {row}, column '{column}': {message}"
    )
    assert _counts(account) == before


@pytest.mark.parametrize(
    ("header", "problems"),
    [
        pytest.param(
            [c for c in HEADER if c != "sku"], [(1, "sku", "The required column 'sku' is missing.")], id="no-sku"
        ),
        pytest.param(
            [c for c in HEADER if c not in ("sku", "product_code")],
            [
                (1, "product_code", "The required column 'product_code' is missing."),
                (1, "sku", "The required column 'sku' is missing."),
            ],
            id="no-keys",
        ),
        pytest.param(
            [*HEADER, "attr:shape"], [(1, "attr:shape", "There is no attribute 'shape'.")], id="unknown-attribute"
        ),
        pytest.param(
            [*HEADER, "stock:paris"], [(1, "stock:paris", "There is no warehouse 'paris'.")], id="unknown-warehouse"
        ),
        pytest.param(
            [*HEADER, "colour"],
            [(1, "colour", "Unknown column; use the columns of an export, attr:<code> or stock:<warehouse>.")],
            id="unknown-column",
        ),
        pytest.param([*HEADER, "SKU"], [(1, "SKU", "This column appears twice.")], id="duplicate-column"),
    ],
)
def test_bad_header_refuses_the_file(import_file, account, catalog_setup, header, problems):
    rows = (
        [row + [""] * (len(header) - len(row)) for row in ROWS]
        if len(header) > len(HEADER)
        else [[cell for name, cell in zip(HEADER, row, strict=True) if name in header] for row in ROWS]
    )

    response = import_file(csv_bytes(rows, header=header))

    assert _problems(response) == problems
    assert _counts(account) == (0, 0, 0, 0, 0, 0)


def test_unknown_category_is_reported_once(import_file, account, catalog_setup):
    rows = _with(0, "category", "Watches")
    rows[1][HEADER.index("category")] = "Watches"

    response = import_file(csv_bytes(rows))

    assert _problems(response) == [(2, "category", "There is no category 'Watches'.")]


def test_one_bad_row_among_many_writes_nothing(import_file, account, catalog_setup):
    header = ["product_code", "title", "sku", "base_price", "stock:sz"]
    rows = [[f"P{n:03d}", f"Product {n}", f"P{n:03d}-A", "9.99", "5"] for n in range(300)]
    rows[187][3] = "9.999"

    response = import_file(csv_bytes(rows, header=header))

    assert _problems(response) == [(189, "base_price", "Has 3 decimals; the account currency allows 2.")]
    assert _counts(account) == (0, 0, 0, 0, 0, 0)


def test_every_problem_is_reported_in_row_order(import_file, account, catalog_setup):
    rows = _with(2, "base_price", "-1")
    rows[0][HEADER.index("gtin")] = "123"
    rows[1][HEADER.index("stock:sz")] = "-4"

    response = import_file(csv_bytes(rows))

    assert _problems(response) == [
        (2, "gtin", "A GTIN has 8, 12, 13 or 14 digits (UPC 12, EAN 13); this one has 3."),
        (3, "stock:sz", "Stock on hand cannot be negative."),
        (4, "base_price", "Must not be negative."),
    ]
    assert response.json()["extra"]["total_problems"] == 3


def test_a_cell_without_header_is_reported(import_file, account, catalog_setup):
    data = csv_bytes(ROWS[:1]) + b"BR-2,Other,,,,,BR-2-A,,,5,,,,,,,,,,,,,,surplus\n"

    response = import_file(data)

    assert _problems(response) == [(3, "#24", "This cell has no column header.")]


def test_non_utf8_csv_names_the_line(import_file, account, catalog_setup):
    data = "product_code,title,sku,base_price\nA,Caf\u00e9,A-1,1\nB,Cr\u00e8me,B-1,2\n".encode("cp1252")

    response = import_file(data)

    assert _problems(response) == [
        (2, None, "The file is not UTF-8 text (byte 0xe9 on line 2); save it as 'CSV UTF-8' and upload it again.")
    ]
    assert response.json()["fields"] == {
        "file": ["The file is not UTF-8 text (byte 0xe9 on line 2); save it as 'CSV UTF-8' and upload it again."]
    }
    assert _counts(account) == (0, 0, 0, 0, 0, 0)


def test_file_over_the_size_limit_is_refused(import_file, account, catalog_setup, settings):
    data = csv_bytes(ROWS)
    settings.UPLOAD_MAX_BYTES = len(data) - 1

    response = import_file(data)

    assert response.status_code == 400
    limit = len(data) - 1
    message = f"The file is {len(data)} bytes; the limit is {limit} bytes."
    assert response.json() == {"message": message, "code": "bad_file", "fields": {"file": [message]}, "extra": {}}
    assert _counts(account) == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "old.xls",
            b"\xd0\xcf\x11\xe0 old workbook",
            "Old .xls workbooks are not read; save the file as .xlsx or .csv.",
            id="xls",
        ),
        pytest.param(
            "broken.xlsx",
            b"PK\x03\x04 not really a zip",
            "The file is not a readable .xlsx workbook.",
            id="broken-xlsx",
        ),
        pytest.param("notes.pdf", b"%PDF-1.4", "'notes.pdf' is neither a .csv nor an .xlsx file.", id="pdf"),
        pytest.param(
            "nul.csv", b"product_code,sku\x00\n", "The file contains NUL bytes; it is not a CSV file.", id="nul-bytes"
        ),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(import_file, account, name, data, message):
    response = import_file(data, name)

    assert response.status_code == 400
    assert response.json()["message"] == message
    assert response.json()["fields"] == {"file": [message]}


def test_empty_upload_is_refused(owner_client, api_url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = owner_client.post(
        api_url("catalog/import/"), {"file": SimpleUploadedFile("empty.csv", b"")}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"file": ["The submitted file is empty."]}


def test_xlsx_with_a_bad_row_writes_nothing(import_file, account, catalog_setup):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["product_code", "title", "sku", "gtin", "base_price"])
    sheet.append(["MUG", "Mug", "MUG-1", "4006381333931", 9.9])
    sheet.append(["MUG", "Mug", "MUG-2", "4006381333930", 9.9])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = import_file(buffer.getvalue(), "mugs.xlsx")

    assert _problems(response) == [(3, "gtin", "Check digit of 4006381333930 should be 1, not 0.")]
    assert _counts(account) == (0, 0, 0, 0, 0, 0)


def test_a_new_variant_repeating_a_stored_variants_number_variation_is_refused(import_file, account, catalog_setup):
    # BR-1-G is stored as gold / 18.5 cm (the database keeps 18.500000); a new SKU written as
    # "18.5 cm" has the same variation values however the number is spelled.
    from hub.catalog.models import Variant
    from tests.hub.catalog.spreadsheet.conftest import HEADER, ROWS, csv_bytes

    assert import_file(csv_bytes(ROWS)).status_code == 200
    row = list(ROWS[0])
    row[HEADER.index("sku")] = "BR-1-X"
    row[HEADER.index("gtin")] = ""
    row[HEADER.index("attr:length")] = "18.50 cm"

    response = import_file(csv_bytes([row]))

    assert response.status_code == 400, response.json()
    assert response.json()["extra"]["rows"] == [
        {"row": 2, "column": "sku", "message": "Same variation values as SKU 'BR-1-G'."}
    ]
    assert not Variant.objects.filter(sku="BR-1-X").exists()
