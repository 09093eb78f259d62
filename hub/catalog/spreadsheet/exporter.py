"""Catalog export in the import's own format, so export → edit → import is a round trip."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch

from currency.codes import currency_minor_units
from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    Attribute,
    AttributeKind,
    Product,
    ProductAttributeValue,
    Variant,
    VariantAttributeValue,
)
from hub.catalog.spreadsheet.format import ATTRIBUTE_PREFIX, FIXED_COLUMNS, STOCK_PREFIX, cell_escape
from hub.core.text import decimal_text
from hub.inventory.models import StockLevel, Warehouse

TEXT_COLUMNS = {"product_code", "sku", "gtin", "title", "description", "brand", "category"}
MONEY_COLUMNS = {"base_price", "cost"}


def money_text(value: Decimal | None, minor_units: int) -> str:
    """A price with the currency's decimals: 89 -> "89.00" in USD, "89" in JPY, "89.000" in KWD."""
    if value is None:
        return ""
    return format(value.quantize(Decimal(1).scaleb(-minor_units)), "f")


def _value_text(value: ProductAttributeValue | VariantAttributeValue, attribute: Attribute) -> str:
    if attribute.kind == AttributeKind.NUMBER:
        return f"{decimal_text(value.value_number)} {value.value_unit}".strip()
    if attribute.kind == AttributeKind.ENUM:
        return value.value_option.value if value.value_option else ""
    if attribute.kind == AttributeKind.BOOLEAN:
        return "" if value.value_boolean is None else ("true" if value.value_boolean else "false")
    return value.value_text


def export_rows(*, account: SellerAccount, with_stock: bool = True) -> tuple[list[str], Iterator[list[str]]]:
    """Header and rows; `with_stock=False` leaves out the stock:<warehouse> columns (for readers of
    the catalog who may not see stock)."""
    attributes = list(Attribute.objects.filter(account=account).order_by("code"))
    warehouses = list(Warehouse.objects.filter(account=account).order_by("code")) if with_stock else []
    header = (
        FIXED_COLUMNS + [ATTRIBUTE_PREFIX + a.code for a in attributes] + [STOCK_PREFIX + w.code for w in warehouses]
    )
    minor_units = currency_minor_units(account.base_currency)
    attribute_by_id = {a.pk: a for a in attributes}
    attribute_index = {a.pk: len(FIXED_COLUMNS) + i for i, a in enumerate(attributes)}
    warehouse_index = {w.pk: len(FIXED_COLUMNS) + len(attributes) + i for i, w in enumerate(warehouses)}

    def rows() -> Iterator[list[str]]:
        products = (
            Product.objects.filter(account=account)
            .select_related("category")
            .prefetch_related(
                Prefetch("attribute_values", ProductAttributeValue.objects.select_related("value_option")),
                Prefetch(
                    "variants",
                    Variant.objects.order_by("position", "sku").prefetch_related(
                        Prefetch("attribute_values", VariantAttributeValue.objects.select_related("value_option")),
                        Prefetch("stock_levels", StockLevel.objects.filter(warehouse__in=warehouses)),
                    ),
                ),
            )
            .order_by("code")
        )
        for product in products.iterator(chunk_size=500):
            product_cells = [
                product.code,
                product.title,
                product.description,
                product.brand,
                product.category.path if product.category else "",
                product.status,
            ]
            product_values = {v.attribute_id: v for v in product.attribute_values.all()}
            for variant in product.variants.all():
                row = product_cells + [
                    variant.sku,
                    variant.gtin,
                    "true" if variant.gtin_exempt else "false",
                    money_text(variant.base_price, minor_units),
                    money_text(variant.cost, minor_units),
                    decimal_text(variant.weight),
                    variant.weight_unit,
                    decimal_text(variant.length),
                    decimal_text(variant.width),
                    decimal_text(variant.height),
                    variant.dimension_unit,
                ]
                row += [""] * (len(header) - len(row))
                for attribute_id, value in product_values.items():
                    row[attribute_index[attribute_id]] = _value_text(value, attribute_by_id[attribute_id])
                for value in variant.attribute_values.all():
                    row[attribute_index[value.attribute_id]] = _value_text(value, attribute_by_id[value.attribute_id])
                for level in variant.stock_levels.all():
                    row[warehouse_index[level.warehouse_id]] = str(level.on_hand)
                yield row

    return header, rows()


def _text_indexes(header: list[str]) -> set[int]:
    return {i for i, name in enumerate(header) if name in TEXT_COLUMNS or name.startswith(ATTRIBUTE_PREFIX)}


def export_csv(*, account: SellerAccount, with_stock: bool = True) -> bytes:
    header, rows = export_rows(account=account, with_stock=with_stock)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    text_indexes = _text_indexes(header)
    writer.writerows([cell_escape(cell) if i in text_indexes else cell for i, cell in enumerate(row)] for row in rows)
    # A BOM makes Excel open the file as UTF-8 (Chinese titles stay readable); import strips it.
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def export_xlsx(*, account: SellerAccount, with_stock: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    header, rows = export_rows(account=account, with_stock=with_stock)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    sheet.append(header)
    text_indexes = _text_indexes(header)
    money_indexes = {i for i, name in enumerate(header) if name in MONEY_COLUMNS}
    minor_units = currency_minor_units(account.base_currency)
    money_format = "0." + "0" * minor_units if minor_units else "0"

    def cell_of(i: int, cell: str):
        if i in text_indexes:
            return cell_escape(cell)
        if cell == "" or not _is_number(cell):
            return cell
        if i in money_indexes:
            # Shown with the currency's decimals (89.00), stored as the exact number.
            money = WriteOnlyCell(sheet, value=Decimal(cell))
            money.number_format = money_format
            return money
        return _number(cell)

    for row in rows:
        # Codes stay text (a GTIN keeps its leading zero); figures become numbers Excel can sum.
        sheet.append([cell_of(i, cell) for i, cell in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _number(text: str) -> int | Decimal:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else value
