"""Spreadsheet import: 10,000 variant rows (2,500 products × 4 variants, attributes and stock in two
warehouses), as CSV and as XLSX; then the same file again, which must change nothing."""

import csv
import io
import resource
import time

from openpyxl import Workbook

from infra.bench.figures import Figure

ROWS = 10_000
VARIANTS_PER_PRODUCT = 4
TARGET_SECONDS = 30.0


def _setup():
    from hub.accounts.models import SellerAccount
    from hub.catalog.services import attribute_create, category_attribute_set, category_create
    from hub.inventory.services import warehouse_create

    account = SellerAccount.objects.create(
        name=f"Bench seller {time.time_ns()}", base_currency="USD", source_locale="en_US"
    )
    colour = attribute_create(
        account=account,
        code="colour",
        name="Colour",
        kind="enum",
        options=[{"value": v} for v in ("black", "white", "red", "blue")],
    )
    material = attribute_create(
        account=account, code="material", name="Material", kind="enum", options=[{"value": "cotton"}]
    )
    length = attribute_create(account=account, code="length_cm", name="Length", kind="number", units=["cm", "in"])
    category = category_create(account=account, name="Apparel")
    category_attribute_set(category=category, attribute=colour, is_required=True, is_variation=True)
    category_attribute_set(category=category, attribute=material, is_required=True)
    category_attribute_set(category=category, attribute=length)
    warehouse_create(account=account, code="main", name="Main", kind="own", country="CN")
    warehouse_create(account=account, code="fba-us", name="FBA US", kind="fba", fba_region="NA")
    return account


def _rows() -> tuple[list[str], list[list[str]]]:
    header = [
        "product_code", "title", "description", "brand", "category", "status", "sku", "gtin_exempt",
        "base_price", "cost", "weight", "weight_unit", "attr:colour", "attr:material", "attr:length_cm",
        "stock:main", "stock:fba-us",
    ]  # fmt: skip
    colours = ["black", "white", "red", "blue"]
    rows = []
    for index in range(ROWS):
        product = index // VARIANTS_PER_PRODUCT
        rows.append(
            [
                f"P{product:05d}",
                f"Bench product {product} organic cotton tee",
                "A plain tee used to measure the importer.",
                "BenchBrand",
                "Apparel",
                "active",
                f"SKU-{index:06d}",
                "true",
                f"{10 + index % 50}.99",
                f"{4 + index % 7}.50",
                "180",
                "g",
                colours[index % VARIANTS_PER_PRODUCT],
                "cotton",
                f"{60 + product % 10} cm",
                str(index % 120),
                str(index % 30),
            ]
        )
    return header, rows


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(header, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed_import(account, name: str, data: bytes):
    from hub.catalog.spreadsheet.importer import catalog_import

    started = time.perf_counter()
    summary = catalog_import(account=account, name=name, data=data)
    return time.perf_counter() - started, summary


def run() -> list[Figure]:
    header, rows = _rows()
    csv_data, xlsx_data = _csv(header, rows), _xlsx(header, rows)
    figures = []

    account = _setup()
    seconds, summary = _timed_import(account, "bench.csv", csv_data)
    assert summary.variants_created == ROWS, summary
    figures.append(Figure("catalog_import.csv_10k_rows_new", seconds, "s", TARGET_SECONDS, note="1 process"))
    seconds, summary = _timed_import(account, "bench.csv", csv_data)
    assert summary.variants_unchanged == ROWS and summary.stock_levels_changed == 0, summary
    figures.append(Figure("catalog_import.csv_10k_rows_reimport_unchanged", seconds, "s", TARGET_SECONDS))

    account = _setup()
    seconds, summary = _timed_import(account, "bench.xlsx", xlsx_data)
    assert summary.variants_created == ROWS, summary
    figures.append(Figure("catalog_import.xlsx_10k_rows_new", seconds, "s", TARGET_SECONDS))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.append(Figure("catalog_import.peak_rss_after_imports", peak_mb, "MB", note="whole bench process"))
    return figures
