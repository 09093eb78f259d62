"""Planning a catalog import: read the header, check every row against the catalog's rules and
the current data, and say what would change, with no write. `Planner.problems` lists every
(row, column, message) found; the importer writes the plans only when there is none."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    Product,
    ProductAttributeValue,
    ProductStatus,
    Variant,
    VariantAttributeValue,
)
from hub.catalog.rules import (
    VALUE_COLUMNS,
    CatalogContext,
    Errors,
    clean_attributes,
    clean_product,
    clean_variant,
    measures_complete,
    required_missing,
    variation_signature,
)
from hub.catalog.spreadsheet.format import (
    ATTRIBUTE_PREFIX,
    FIELD_TO_COLUMN,
    FIXED_COLUMNS,
    PRODUCT_COLUMNS,
    REQUIRED_COLUMNS,
    STOCK_PREFIX,
    VARIANT_COLUMNS,
)
from hub.catalog.spreadsheet.reader import Sheet
from hub.inventory.models import Warehouse
from hub.inventory.services import MAX_UNITS

BLANK_VALUE = {"value_text": "", "value_number": None, "value_unit": "", "value_option_id": None, "value_boolean": None}


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class Layout:
    """What each header column means."""

    fixed: dict[str, int] = field(default_factory=dict)  # column name -> index
    attributes: dict[str, int] = field(default_factory=dict)  # attribute code -> index
    stock: dict[str, int] = field(default_factory=dict)  # warehouse code -> index
    names: list[str] = field(default_factory=list)


@dataclass
class ProductPlan:
    code: str
    first_row: int
    existing: Product | None
    fields: dict[str, Any]
    attribute_values: dict[int, dict[str, Any]]  # only for attribute columns in the file
    attribute_ids_in_file: set[int]
    variants: list[VariantPlan] = field(default_factory=list)


@dataclass
class VariantPlan:
    row: int
    sku: str
    existing: Variant | None
    fields: dict[str, Any]
    attribute_values: dict[int, dict[str, Any]]
    attribute_ids_in_file: set[int]
    stock: dict[int, int]  # warehouse id -> on hand


def typed_to_columns(typed: dict[str, Any]) -> dict[str, Any]:
    columns = dict(BLANK_VALUE)
    for key, value in typed.items():
        if key == "value_option":
            columns["value_option_id"] = value.pk
        else:
            columns[key] = value
    return columns


def _read_layout(sheet: Sheet, ctx: CatalogContext, warehouses: dict[str, Warehouse]) -> tuple[Layout, list[Problem]]:
    layout, problems, seen = Layout(names=list(sheet.header)), [], set()
    for index, raw_name in enumerate(sheet.header):
        name = raw_name.strip()
        lowered = name.lower()
        if not name:
            problems.append(Problem(1, f"#{index + 1}", "This column has no header."))
            continue
        if lowered in seen:
            problems.append(Problem(1, name, "This column appears twice."))
            continue
        seen.add(lowered)
        if lowered in FIXED_COLUMNS:
            layout.fixed[lowered] = index
        elif lowered.startswith(ATTRIBUTE_PREFIX):
            code = name[len(ATTRIBUTE_PREFIX) :].strip()
            if code not in ctx.attributes:
                problems.append(Problem(1, name, f"There is no attribute '{code}'."))
            layout.attributes[code] = index
        elif lowered.startswith(STOCK_PREFIX):
            code = name[len(STOCK_PREFIX) :].strip()
            if code not in warehouses:
                problems.append(Problem(1, name, f"There is no warehouse '{code}'."))
            layout.stock[code] = index
        else:
            problems.append(
                Problem(1, name, "Unknown column; use the columns of an export, attr:<code> or stock:<warehouse>.")
            )
    for required in REQUIRED_COLUMNS:
        if required not in layout.fixed:
            problems.append(Problem(1, required, f"The required column '{required}' is missing."))
    return layout, problems


class Planner:
    def __init__(self, account: SellerAccount, sheet: Sheet) -> None:
        self.account = account
        self.sheet = sheet
        self.ctx = CatalogContext(account)
        self.warehouses = {w.code: w for w in Warehouse.objects.filter(account=account)}
        self.problems: list[Problem] = []
        self.problem_cells: set[tuple[int, str]] = set()

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message))
        self.problem_cells.add((row, column))

    def add_errors(self, row: int, errors: Errors, column_for: dict[str, str] | None = None) -> None:
        for name, messages in errors.items():
            if name.startswith("attributes."):
                column = ATTRIBUTE_PREFIX + name.split(".", 1)[1]
            else:
                column = (column_for or {}).get(name, FIELD_TO_COLUMN.get(name, name))
            for message in messages:
                self.add(row, column, message)

    def plan(self) -> list[ProductPlan]:
        layout, header_problems = _read_layout(self.sheet, self.ctx, self.warehouses)
        self.problems.extend(header_problems)
        if header_problems:
            return []
        self.layout = layout
        width = len(self.sheet.header)
        groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
        for number, cells in self.sheet.rows:
            if any(cell for cell in cells[width:]):
                self.add(number, f"#{width + 1}", "This cell has no column header.")
            cells = cells[:width] + [""] * (width - len(cells))
            record = {name: cells[index] for name, index in layout.fixed.items()}
            record.update({ATTRIBUTE_PREFIX + code: cells[index] for code, index in layout.attributes.items()})
            record.update({STOCK_PREFIX + code: cells[index] for code, index in layout.stock.items()})
            code = record["product_code"]
            if not code:
                self.add(number, "product_code", "This field is required.")
                continue
            groups.setdefault(code, []).append((number, record))

        codes = list(groups)
        skus = [record["sku"] for rows in groups.values() for _, record in rows if record["sku"]]
        self.products = {
            p.code: p for p in Product.objects.filter(account=self.account, code__in=codes).select_related("category")
        }
        self.variants = {
            v.sku: v for v in Variant.objects.filter(account=self.account, sku__in=skus).select_related("product")
        }
        self.product_values: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
        for value in ProductAttributeValue.objects.filter(product__in=self.products.values()).values(
            "product_id", "attribute_id", *VALUE_COLUMNS
        ):
            self.product_values[value.pop("product_id")][value.pop("attribute_id")] = value
        other_variants: dict[int, list[Variant]] = defaultdict(list)
        for variant in Variant.objects.filter(account=self.account, product__in=self.products.values()).exclude(
            sku__in=skus
        ):
            other_variants[variant.product_id].append(variant)
        self.other_variants = other_variants
        # Values of the file's variants and of their products' other variants: a new SKU must not
        # repeat the variation values of a variant the file leaves out.
        variant_ids = [v.pk for v in self.variants.values()] + [v.pk for vs in other_variants.values() for v in vs]
        self.variant_values: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
        for value in VariantAttributeValue.objects.filter(variant_id__in=variant_ids).values(
            "variant_id", "attribute_id", *VALUE_COLUMNS
        ):
            self.variant_values[value.pop("variant_id")][value.pop("attribute_id")] = value

        self.skus_seen: dict[str, int] = {}
        return [self._plan_product(code, rows) for code, rows in groups.items()]

    def _product_value(self, rows: list[tuple[int, dict[str, str]]], column: str) -> str:
        """Product columns may repeat on every row of the product or only fill the first; two
        different non-empty values are an error."""
        value, first_row = "", 0
        for number, record in rows:
            cell = record.get(column, "")
            if not cell:
                continue
            if not value:
                value, first_row = cell, number
            elif cell != value:
                self.add(number, column, f"Differs from row {first_row} of the same product ('{value}').")
        return value

    def _plan_product(self, code: str, rows: list[tuple[int, dict[str, str]]]) -> ProductPlan:
        first_row = rows[0][0]
        existing = self.products.get(code)
        data: dict[str, Any] = {"code": code}
        for column in PRODUCT_COLUMNS[1:]:
            if column in self.layout.fixed:
                data[column] = self._product_value(rows, column)
        if existing is None and not data.get("title"):
            self.add(first_row, "title", "A new product needs a title.")
        elif existing is not None and "title" in data and not data["title"]:
            del data["title"]  # a product always has a title: an empty cell leaves it as it is
        if "status" in data and not data["status"]:
            data["status"] = existing.status if existing else ProductStatus.DRAFT
        errors: Errors = {}
        fields = clean_product(self.ctx, data, errors)
        self.add_errors(first_row, errors)
        category = fields["category"] if "category" in fields else (existing.category if existing else None)
        # An unknown category is reported once; checking attributes against "no category" would
        # only add misleading messages for cells that may well be right.
        category_unknown = "category" in errors
        rules = self.ctx.category_rules(category)
        product_codes, variation_codes = rules.product_codes(), rules.variation_codes()

        product_attr_raw: dict[str, str] = {}
        for attr_code in self.layout.attributes:
            column = ATTRIBUTE_PREFIX + attr_code
            if attr_code in product_codes:
                product_attr_raw[attr_code] = self._product_value(rows, column)
            elif attr_code not in variation_codes and not category_unknown:
                for number, record in rows:
                    if record.get(column):
                        where = f"category '{category.path}'" if category else "products without a category"
                        self.add(number, column, f"Attribute '{attr_code}' is not used by {where}.")
        errors = {}
        typed = clean_attributes(
            self.ctx, rules, product_attr_raw, variation=False, errors=errors, check_required=False
        )
        self.add_errors(first_row, errors)
        ids_in_file = {self.ctx.attributes[c].attribute.pk for c in product_attr_raw}
        plan = ProductPlan(code, first_row, existing, fields, typed, ids_in_file)
        for number, record in rows:
            plan.variants.append(self._plan_variant(number, record, plan, rules.variation_codes()))
        if not category_unknown:
            self._check_product(plan, category, rules)
        return plan

    def _plan_variant(
        self, number: int, record: dict[str, str], product: ProductPlan, variation_codes: set[str]
    ) -> VariantPlan:
        sku = record["sku"]
        existing = self.variants.get(sku) if sku else None
        if not sku:
            self.add(number, "sku", "This field is required.")
        elif sku in self.skus_seen:
            self.add(number, "sku", f"SKU '{sku}' is also on row {self.skus_seen[sku]}.")
        else:
            self.skus_seen[sku] = number
        if existing is not None and existing.product.code != product.code:
            self.add(number, "sku", f"SKU '{sku}' belongs to product '{existing.product.code}'.")
        data: dict[str, Any] = {column: record[column] for column in VARIANT_COLUMNS if column in self.layout.fixed}
        if existing is None and not data.get("base_price"):
            self.add(number, "base_price", "A new variant needs a base price.")
            data.pop("base_price", None)
        if existing is not None:
            # A column left out keeps its value, also when its partner (weight_unit, height…) is in the file.
            data = measures_complete(data, existing)
            if "gtin" in data and "gtin_exempt" not in data:
                data["gtin_exempt"] = existing.gtin_exempt
        errors: Errors = {}
        fields = clean_variant(self.ctx, data, errors)
        self.add_errors(number, errors)
        raw_values = {
            code: record[ATTRIBUTE_PREFIX + code] for code in self.layout.attributes if code in variation_codes
        }
        errors = {}
        typed = clean_attributes(
            self.ctx,
            self._rules_for(product),
            raw_values,
            variation=True,
            errors=errors,
            check_required=False,
        )
        self.add_errors(number, errors)
        stock: dict[int, int] = {}
        for code in self.layout.stock:
            cell = record[STOCK_PREFIX + code]
            if not cell:
                continue
            text = cell[:-2] if cell.endswith(".0") else cell
            if not text.lstrip("-").isdigit():
                self.add(number, STOCK_PREFIX + code, f"'{cell}' is not a whole number of units.")
            elif int(text) < 0:
                self.add(number, STOCK_PREFIX + code, "Stock on hand cannot be negative.")
            elif int(text) > MAX_UNITS:
                self.add(number, STOCK_PREFIX + code, f"A stock level holds at most {MAX_UNITS} units.")
            else:
                stock[self.warehouses[code].pk] = int(text)
        ids_in_file = {self.ctx.attributes[c].attribute.pk for c in raw_values}
        return VariantPlan(number, sku, existing, fields, typed, ids_in_file, stock)

    def _rules_for(self, product: ProductPlan):
        category = (
            product.fields["category"]
            if "category" in product.fields
            else (product.existing.category if product.existing else None)
        )
        return self.ctx.category_rules(category)

    def _merged(
        self, existing: dict[int, dict[str, Any]], typed: dict[int, dict[str, Any]], in_file: set[int]
    ) -> dict[int, dict[str, Any]]:
        merged = {pk: value for pk, value in existing.items() if pk not in in_file}
        merged.update({pk: typed_to_columns(value) for pk, value in typed.items()})
        return merged

    def _check_product(self, plan: ProductPlan, category, rules) -> None:
        status = plan.fields.get("status") or (plan.existing.status if plan.existing else ProductStatus.DRAFT)
        codes_by_id = {rule.attribute.pk: code for code, rule in self.ctx.attributes.items()}
        variation_ids = {self.ctx.attributes[c].attribute.pk for c in rules.variation_codes()}
        signatures: dict[tuple, str] = {}
        for variant in self.other_variants.get(plan.existing.pk if plan.existing else -1, []):
            values = self.variant_values.get(variant.pk, {})
            signatures[variation_signature(values, variation_ids)] = variant.sku
        for variant in plan.variants:
            existing_values = self.variant_values.get(variant.existing.pk, {}) if variant.existing else {}
            merged = self._merged(existing_values, variant.attribute_values, variant.attribute_ids_in_file)
            if variation_ids:
                signature = variation_signature(merged, variation_ids)
                if signature in signatures and variant.sku:
                    self.add(variant.row, "sku", f"Same variation values as SKU '{signatures[signature]}'.")
                signatures.setdefault(signature, variant.sku)
            if status == ProductStatus.ACTIVE:
                have = {codes_by_id[pk] for pk in merged}
                for code in required_missing(rules, have, variation=True):
                    if (variant.row, ATTRIBUTE_PREFIX + code) not in self.problem_cells:  # bad value, said already
                        self.add(variant.row, ATTRIBUTE_PREFIX + code, "Required for active products in this category.")
        if status == ProductStatus.ACTIVE:
            if category is None:
                self.add(plan.first_row, "category", "An active product needs a category.")
            existing_values = self.product_values.get(plan.existing.pk, {}) if plan.existing else {}
            merged = self._merged(existing_values, plan.attribute_values, plan.attribute_ids_in_file)
            have = {codes_by_id[pk] for pk in merged}
            for code in required_missing(rules, have, variation=False):
                if (plan.first_row, ATTRIBUTE_PREFIX + code) not in self.problem_cells:
                    self.add(plan.first_row, ATTRIBUTE_PREFIX + code, "Required for active products in this category.")
