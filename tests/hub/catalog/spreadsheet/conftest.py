import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.catalog import AttributeFactory, AttributeOptionFactory, CategoryAttributeFactory, CategoryFactory
from tests.factories.inventory import FbaWarehouseFactory, WarehouseFactory

HEADER = [
    "product_code",
    "title",
    "description",
    "brand",
    "category",
    "status",
    "sku",
    "gtin",
    "gtin_exempt",
    "base_price",
    "cost",
    "weight",
    "weight_unit",
    "length",
    "width",
    "height",
    "dimension_unit",
    "attr:colour",
    "attr:length",
    "attr:material",
    "attr:waterproof",
    "stock:fba-na",
    "stock:sz",
]
ROWS = [
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
        "12.5",
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
        "14",
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
        "40",
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


def csv_bytes(rows, *, header=HEADER, delimiter=",", bom=False, line_end="\n") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def csv_upload(data: bytes, name: str = "catalog.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def catalog_setup(account):
    """The categories, attributes and warehouses the sample rows refer to."""
    root = CategoryFactory(account=account, name="Jewellery")
    bracelets = CategoryFactory(account=account, name="Bracelets", parent=root)
    CategoryAttributeFactory(category=root, attribute=AttributeFactory(account=account, code="material"))
    CategoryAttributeFactory(
        category=root, attribute=AttributeFactory(account=account, code="waterproof", kind="boolean")
    )
    colour = AttributeFactory(account=account, code="colour", kind="enum")
    for value in ("gold", "silver"):
        AttributeOptionFactory(attribute=colour, value=value)
    CategoryAttributeFactory(category=bracelets, attribute=colour, is_variation=True, is_required=True)
    length = AttributeFactory(account=account, code="length", kind="number", units=["cm", "in"])
    CategoryAttributeFactory(category=bracelets, attribute=length, is_variation=True)
    return {
        "root": root,
        "bracelets": bracelets,
        "sz": WarehouseFactory(account=account, code="sz"),
        "fba": FbaWarehouseFactory(account=account, code="fba-na"),
    }


@pytest.fixture
def import_file(owner_client, api_url):
    """`import_file(data, name="catalog.csv", dry_run=False)` → the API response."""

    def post(data: bytes, name: str = "catalog.csv", dry_run: bool = False):
        body = {"file": csv_upload(data, name)}
        if dry_run:
            body["dry_run"] = "true"
        return owner_client.post(api_url("catalog/import/"), body, format="multipart")

    return post
