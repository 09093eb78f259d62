"""Validation of catalog input, shared by the API services and the spreadsheet import.

Everything here works on plain values and a preloaded `CatalogContext`, with no query per row, so
a 10,000-row file is checked in memory before anything is written. Errors come back as
`{field: [messages]}`; the import turns field names into spreadsheet columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from currency.codes import currency_minor_units, decimal_places
from hub.accounts.models import SellerAccount
from hub.catalog.gtin import validate_gtin
from hub.catalog.models import (
    Attribute,
    AttributeKind,
    AttributeOption,
    AttributeValueBase,
    Category,
    CategoryAttribute,
    ProductStatus,
    Variant,
)
from hub.catalog.units import LengthUnit, WeightUnit
from hub.core.numbers import plain_decimal_parse

Errors = dict[str, list[str]]

# The typed columns of a stored attribute value (ProductAttributeValue / VariantAttributeValue).
VALUE_COLUMNS = ("value_text", "value_number", "value_unit", "value_option_id", "value_boolean")

TRUE_WORDS = {"true", "yes", "y", "1", "是"}
FALSE_WORDS = {"false", "no", "n", "0", "否"}

# A value and its unit only make sense together: a partial update names one of a group, the rest
# is the variant's current value (see `measures_complete`).
WEIGHT_FIELDS = ("weight", "weight_unit")
DIMENSION_FIELDS = ("length", "width", "height", "dimension_unit")
# Positions are PositiveIntegerField columns (PostgreSQL integer).
MAX_POSITION = 2**31 - 1


@dataclass
class AttributeRule:
    attribute: Attribute
    options_by_key: dict[str, AttributeOption]


@dataclass
class CategoryRules:
    """What a category asks of its products: attributes by code with required / variation flags,
    including those attached to its ancestors."""

    attributes: dict[str, CategoryAttribute] = field(default_factory=dict)

    def product_codes(self) -> set[str]:
        return {code for code, link in self.attributes.items() if not link.is_variation}

    def variation_codes(self) -> set[str]:
        return {code for code, link in self.attributes.items() if link.is_variation}

    def required(self, *, variation: bool) -> set[str]:
        return {code for code, link in self.attributes.items() if link.is_required and link.is_variation == variation}


class CatalogContext:
    """The account's categories and attributes, loaded once."""

    def __init__(self, account: SellerAccount) -> None:
        self.account = account
        self.minor_units = currency_minor_units(account.base_currency)
        self.categories_by_path = {c.path.casefold(): c for c in Category.objects.filter(account=account)}
        self.categories_by_id = {c.pk: c for c in self.categories_by_path.values()}
        options: dict[int, dict[str, AttributeOption]] = {}
        for option in AttributeOption.objects.filter(attribute__account=account):
            keys = options.setdefault(option.attribute_id, {})
            keys[option.value.casefold()] = option
            if option.label:
                keys.setdefault(option.label.casefold(), option)
        self.attributes = {
            a.code: AttributeRule(a, options.get(a.pk, {})) for a in Attribute.objects.filter(account=account)
        }
        self._links: dict[int, list[CategoryAttribute]] = {}
        for link in CategoryAttribute.objects.filter(category__account=account).select_related("attribute"):
            self._links.setdefault(link.category_id, []).append(link)
        self._rules_cache: dict[int | None, CategoryRules] = {}

    def category_rules(self, category: Category | None) -> CategoryRules:
        key = category.pk if category else None
        if key not in self._rules_cache:
            rules = CategoryRules()
            node = category
            while node is not None:  # nearest category wins when an ancestor attaches the same code
                for link in self._links.get(node.pk, []):
                    rules.attributes.setdefault(link.attribute.code, link)
                node = self.categories_by_id.get(node.parent_id) if node.parent_id else None
            self._rules_cache[key] = rules
        return self._rules_cache[key]

    def category_lookup(self, value: Any) -> Category | None:
        if value in (None, ""):
            return None
        if isinstance(value, Category):
            return value
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = self.categories_by_id.get(int(value))
            if found:
                return found
        if isinstance(value, str):
            normalized = " > ".join(part.strip() for part in value.replace("/", ">").split(">"))
            return self.categories_by_path.get(normalized.casefold())
        return None


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def parse_decimal(raw: Any) -> Decimal:
    """A number from a spreadsheet cell (int, float, Decimal) or typed text in plain decimal
    notation; text like "1e3" is refused, as people do not write prices that way."""
    if isinstance(raw, bool):
        raise ValueError(f"'{raw}' is not a number.")
    if isinstance(raw, float):
        # floats lose cents (0.1 + 0.2); a numeric cell's shortest repr is what the user typed
        value = Decimal(repr(raw))
        if not value.is_finite():
            raise ValueError(f"'{raw}' is not a number.")
        return value
    return plain_decimal_parse(raw)


def parse_boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"'{raw}' is not yes/no (use true or false).")


def clean_money(raw: Any, name: str, minor_units: int, errors: Errors, *, required: bool) -> Decimal | None:
    if raw in (None, ""):
        if required:
            _add(errors, name, "This field is required.")
        return None
    try:
        value = parse_decimal(raw)
    except ValueError as error:
        _add(errors, name, str(error))
        return None
    if value < 0:
        _add(errors, name, "Must not be negative.")
        return None
    if decimal_places(value) > minor_units:
        _add(errors, name, f"Has {decimal_places(value)} decimals; the account currency allows {minor_units}.")
        return None
    if value >= Decimal(10) ** 17:
        _add(errors, name, "Is too large.")
        return None
    return value.quantize(Decimal(1).scaleb(-minor_units)) if minor_units else value.quantize(Decimal(1))


def _column_limit(model: type, name: str) -> tuple[int, Decimal]:
    """Decimals allowed by a DecimalField column and the first value too large for it."""
    column = model._meta.get_field(name)
    return column.decimal_places, Decimal(10) ** (column.max_digits - column.decimal_places)


def clean_measure(raw: Any, name: str, errors: Errors) -> Decimal | None:
    """A weight or dimension of a variant, sized to its column (a bigger one is a 400, not a 500)."""
    if raw in (None, ""):
        return None
    try:
        value = parse_decimal(raw)
    except ValueError as error:
        _add(errors, name, str(error))
        return None
    max_places, limit = _column_limit(Variant, name)
    if value <= 0:
        _add(errors, name, "Must be greater than zero.")
        return None
    if decimal_places(value) > max_places:
        _add(errors, name, f"Use at most {max_places} decimals.")
        return None
    if value >= limit:
        _add(errors, name, f"Must be less than {limit:,}.")
        return None
    return value


def clean_attribute_value(rule: AttributeRule, raw: Any) -> dict[str, Any]:
    """Typed columns for one value, or ValueError with a message for the user."""
    attribute = rule.attribute
    kind = attribute.kind
    if kind == AttributeKind.TEXT:
        text = str(raw).strip()
        if len(text) > 2000:
            raise ValueError("Text is longer than 2000 characters.")
        return {"value_text": text}
    if kind == AttributeKind.BOOLEAN:
        return {"value_boolean": parse_boolean(raw)}
    if kind == AttributeKind.ENUM:
        option = rule.options_by_key.get(str(raw).strip().casefold())
        if option is None:
            allowed = sorted({o.value for o in rule.options_by_key.values()})
            raise ValueError(f"'{raw}' is not one of {', '.join(allowed[:20])}.")
        return {"value_option": option}
    # number with unit: "12.5 cm", {"value": "12.5", "unit": "cm"} or a bare number in the default unit
    units = attribute.units or [""]
    if isinstance(raw, dict):
        number, unit = raw.get("value"), str(raw.get("unit") or units[0])
    else:
        text = str(raw).strip()
        number, unit = text, units[0]
        for candidate in sorted(units, key=len, reverse=True):
            if candidate and text.casefold().endswith(candidate.casefold()):
                number, unit = text[: -len(candidate)].strip(), candidate
                break
        else:
            # "19 mm" with units cm/in: name the unit, not "'19 mm' is not a number".
            other_unit = re.fullmatch(r"(.*\d)\s*([^\d\s.,]+)", text)
            if other_unit:
                number, unit = other_unit.group(1), other_unit.group(2)
    value = parse_decimal(number)
    if unit not in units:
        raise ValueError(f"Unit '{unit}' is not one of {', '.join(units)}.")
    max_places, limit = _column_limit(AttributeValueBase, "value_number")
    if decimal_places(value) > max_places:
        raise ValueError(f"Use at most {max_places} decimals.")
    if abs(value) >= limit:
        raise ValueError(f"Must be less than {limit:,}.")
    return {"value_number": value, "value_unit": unit}


def required_missing(rules: CategoryRules, present: Iterable[str], *, variation: bool) -> list[str]:
    """The one required-attribute check: codes the category requires (of its products, or of
    their variants with `variation`) that `present` lacks, sorted. The catalog services, the
    spreadsheet import and `clean_attributes` all ask this."""
    return sorted(rules.required(variation=variation) - set(present))


def clean_attributes(
    ctx: CatalogContext,
    rules: CategoryRules,
    values: dict[str, Any],
    *,
    variation: bool,
    errors: Errors,
    prefix: str = "attributes",
    check_required: bool,
) -> dict[int, dict[str, Any]]:
    """Typed values by attribute id. Unknown codes, codes the category does not use and values of
    the wrong type are errors; so is a missing required value when `check_required`."""
    allowed = rules.variation_codes() if variation else rules.product_codes()
    typed: dict[int, dict[str, Any]] = {}
    for code, raw in values.items():
        name = f"{prefix}.{code}"
        rule = ctx.attributes.get(code)
        if rule is None:
            _add(errors, name, f"There is no attribute '{code}'.")
            continue
        if code not in allowed:
            where = "variant" if variation else "product"
            _add(errors, name, f"Attribute '{code}' is not a {where} attribute of this category.")
            continue
        if raw in (None, ""):
            continue
        try:
            typed[rule.attribute.pk] = clean_attribute_value(rule, raw)
        except ValueError as error:
            _add(errors, name, str(error))
    if check_required:
        present = [code for code in rules.required(variation=variation) if ctx.attributes[code].attribute.pk in typed]
        for code in required_missing(rules, present, variation=variation):
            if f"{prefix}.{code}" not in errors:
                _add(errors, f"{prefix}.{code}", "This attribute is required for this category.")
    return typed


def _clean_text(data: dict[str, Any], name: str, max_length: int, errors: Errors, *, required: bool) -> str:
    text = str(data.get(name) or "").strip()
    if required and not text:
        _add(errors, name, "This field is required.")
    elif len(text) > max_length:
        _add(errors, name, f"Use at most {max_length} characters.")
    return text


def clean_product(ctx: CatalogContext, data: dict[str, Any], errors: Errors) -> dict[str, Any]:
    """Product fields (code, title, description, brand, category, status) cleaned; errors added."""
    cleaned: dict[str, Any] = {}
    for name, max_length, required in (("code", 64, True), ("title", 500, True), ("brand", 120, False)):
        if name in data:
            cleaned[name] = _clean_text(data, name, max_length, errors, required=required)
    if "description" in data:
        cleaned["description"] = str(data.get("description") or "").strip()
    if "category" in data:
        raw = data.get("category")
        category = ctx.category_lookup(raw)
        if raw not in (None, "") and category is None:
            _add(errors, "category", f"There is no category '{raw}'.")
        cleaned["category"] = category
    if "status" in data:
        status = str(data.get("status") or ProductStatus.DRAFT).strip().lower()
        if status not in ProductStatus.values:
            _add(errors, "status", f"'{status}' is not one of {', '.join(ProductStatus.values)}.")
        cleaned["status"] = status
    return cleaned


def clean_variant(ctx: CatalogContext, data: dict[str, Any], errors: Errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "sku" in data:
        sku = _clean_text(data, "sku", 64, errors, required=True)
        if any(ch.isspace() for ch in sku):
            _add(errors, "sku", "A SKU has no spaces.")
        cleaned["sku"] = sku
    exempt = False
    if "gtin_exempt" in data:
        try:
            exempt = parse_boolean(data["gtin_exempt"]) if data["gtin_exempt"] not in (None, "") else False
        except ValueError as error:
            _add(errors, "gtin_exempt", str(error))
        cleaned["gtin_exempt"] = exempt
    if "gtin" in data:
        gtin = str(data.get("gtin") or "").strip()
        if gtin.endswith(".0") and gtin[:-2].isdigit():  # a spreadsheet stored the code as a number
            gtin = gtin[:-2]
        if gtin and exempt:
            _add(errors, "gtin", "A GTIN-exempt variant has no GTIN.")
        elif gtin:
            try:
                validate_gtin(gtin)
            except ValidationError as error:
                errors.setdefault("gtin", []).extend(error.messages)
        cleaned["gtin"] = gtin
    if "base_price" in data:
        cleaned["base_price"] = clean_money(
            data.get("base_price"), "base_price", ctx.minor_units, errors, required=True
        )
    if "cost" in data:
        cleaned["cost"] = clean_money(data.get("cost"), "cost", ctx.minor_units, errors, required=False)
    if "weight" in data or "weight_unit" in data:
        weight = clean_measure(data.get("weight"), "weight", errors)
        unit = str(data.get("weight_unit") or "").strip()
        if weight is not None and unit not in WeightUnit.values:
            _add(errors, "weight_unit", f"Give the weight unit: one of {', '.join(WeightUnit.values)}.")
        cleaned["weight"] = weight
        cleaned["weight_unit"] = unit if weight is not None else ""
    dimension_names = ("length", "width", "height")
    if any(name in data for name in (*dimension_names, "dimension_unit")):
        measures = {name: clean_measure(data.get(name), name, errors) for name in dimension_names}
        unit = str(data.get("dimension_unit") or "").strip()
        given = [name for name in dimension_names if data.get(name) not in (None, "")]  # a bad one counts
        if given and len(given) != 3:
            _add(errors, "length", "Give length, width and height together.")
        if given and unit not in LengthUnit.values:
            _add(errors, "dimension_unit", f"Give the dimension unit: one of {', '.join(LengthUnit.values)}.")
        cleaned.update(measures)
        cleaned["dimension_unit"] = unit if given else ""
    if "position" in data and data["position"] not in (None, ""):
        try:
            cleaned["position"] = max(0, int(data["position"]))
        except (TypeError, ValueError):
            _add(errors, "position", "Must be a whole number.")
        else:
            if cleaned["position"] > MAX_POSITION:
                _add(errors, "position", f"Must be at most {MAX_POSITION}.")
    return cleaned


def measures_complete(data: dict[str, Any], variant: Variant) -> dict[str, Any]:
    """`data` with the rest of each weight or dimension group it touches taken from `variant`:
    changing only the unit keeps the figures, changing only the height keeps length and width."""
    completed = dict(data)
    for group in (WEIGHT_FIELDS, DIMENSION_FIELDS):
        if any(name in data for name in group):
            for name in group:
                completed.setdefault(name, getattr(variant, name))
    return completed


def variation_signature(values: dict[int, dict[str, Any]], variation_ids: set[int]) -> tuple:
    """What tells the variants of one product apart: their values of the category's variation
    attributes. `values` maps attribute id to stored columns (VALUE_COLUMNS); numbers compare by
    value, so 18.5 and the database's 18.500000 are the same size."""

    def column(value: Any) -> str:
        return str(value.normalize()) if isinstance(value, Decimal) else str(value)

    return tuple(
        sorted((pk, tuple(column(values[pk].get(c)) for c in VALUE_COLUMNS)) for pk in variation_ids if pk in values)
    )
