"""The catalog spreadsheet: one row per variant, product columns repeated (or left blank) on the
rows of the same product, `attr:<code>` columns for attribute values and `stock:<warehouse>`
columns for on-hand quantities. Export writes exactly what import reads.
"""

PRODUCT_COLUMNS = ["product_code", "title", "description", "brand", "category", "status"]
VARIANT_COLUMNS = [
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
]
FIXED_COLUMNS = PRODUCT_COLUMNS + VARIANT_COLUMNS
# The keys: without them a row cannot be matched to a product and variant.
REQUIRED_COLUMNS = ["product_code", "sku"]
ATTRIBUTE_PREFIX = "attr:"
STOCK_PREFIX = "stock:"

# Columns whose names differ from the rule field they feed.
COLUMN_TO_FIELD = {"product_code": "code"}
FIELD_TO_COLUMN = {"code": "product_code"}

MAX_REPORTED_ERRORS = 1000

# A text cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula
# injection). Export writes such a cell with a leading apostrophe, which import takes off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


def cell_escape(text: str) -> str:
    return FORMULA_ESCAPE + text if text.startswith(FORMULA_TRIGGERS) else text


def cell_unescape(text: str) -> str:
    if text.startswith(FORMULA_ESCAPE) and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
