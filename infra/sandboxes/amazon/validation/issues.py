"""Turn JSON Schema validation errors into Amazon listing issues:
`{code, message, severity, categories, attributeNames}` as in ListingsItemSubmissionResponse.

Codes 90220 (required attribute missing) and 99022 (not enough values) and 4000001 (invalid value)
are the ones Amazon's own examples show; the others are this sandbox's, documented in
infra/sandboxes/README.md.
"""

from __future__ import annotations

from jsonschema import ValidationError

MISSING = "90220"
NOT_ENOUGH = "99022"
INVALID = "4000001"
TOO_MANY = "99023"
TOO_LONG = "99030"
TOO_SHORT = "99031"
UNKNOWN_ATTRIBUTE = "99001"
UNKNOWN_PRODUCT_TYPE = "99006"
NOT_FOUND = "99010"

LENGTH_KEYWORDS = {
    "maxLength": TOO_LONG,
    "maxUtf8ByteLength": TOO_LONG,
    "minLength": TOO_SHORT,
    "minUtf8ByteLength": TOO_SHORT,
}
COUNT_KEYWORDS = {
    "maxItems": TOO_MANY,
    "maxUniqueItems": TOO_MANY,
    "minItems": NOT_ENOUGH,
    "minUniqueItems": NOT_ENOUGH,
}


def issue(
    code: str,
    message: str,
    attribute: str | None,
    category: str,
    *,
    severity: str = "ERROR",
    marketplace_id: str | None = None,
) -> dict:
    body = {"code": code, "message": message, "severity": severity, "categories": [category]}
    if attribute:
        body["attributeNames"] = [attribute]
    if marketplace_id:
        body["marketplaceIds"] = [marketplace_id]
    return body


def _title(schema: dict, attribute: str) -> str:
    return (schema.get("properties", {}).get(attribute) or {}).get("title") or attribute


def issues_from_errors(errors: list[ValidationError], schema: dict, marketplace_id: str | None = None) -> list[dict]:
    found: dict[tuple[str, str], dict] = {}

    def add(code: str, message: str, attribute: str | None, category: str) -> None:
        found.setdefault((code, message), issue(code, message, attribute, category, marketplace_id=marketplace_id))

    for error in errors:
        path = list(error.absolute_path)
        attribute = str(path[0]) if path else None
        if error.validator == "required":
            missing = [
                name
                for name in error.validator_value
                if isinstance(error.instance, dict) and name not in error.instance
            ]
            for name in missing:
                if attribute is None:
                    add(MISSING, f"'{name}' is required but not supplied.", name, "MISSING_ATTRIBUTE")
                else:
                    inner = ".".join(str(p) for p in path[1:] if not isinstance(p, int))
                    field = f"{attribute}.{inner + '.' if inner else ''}{name}"
                    add(MISSING, f"'{field}' is required but not supplied.", attribute, "MISSING_ATTRIBUTE")
        elif error.validator == "additionalProperties" and attribute is None:
            known = set(schema.get("properties", {}))
            for name in sorted(set(error.instance) - known):
                add(UNKNOWN_ATTRIBUTE, f"'{name}' is not an attribute of this product type.", name, "INVALID_ATTRIBUTE")
        elif attribute is None:
            add(INVALID, f"The provided attributes are invalid: {error.message}", None, "INVALID_ATTRIBUTE")
        elif error.validator in LENGTH_KEYWORDS:
            code = LENGTH_KEYWORDS[error.validator]
            limit = error.validator_value
            unit = "bytes" if "Utf8" in error.validator else "characters"
            relation = "longer" if code == TOO_LONG else "shorter"
            add(
                code,
                f"The value for '{_title(schema, attribute)}' is {relation} than the {limit} {unit} allowed.",
                attribute,
                "INVALID_ATTRIBUTE",
            )
        elif error.validator in COUNT_KEYWORDS:
            code = COUNT_KEYWORDS[error.validator]
            if code == NOT_ENOUGH:
                message = (
                    f"The field '\"{attribute}\"' for the attribute '{attribute}' does not have enough values. "
                    f"The required minimum is '{error.validator_value}' value(s)."
                )
            else:
                message = (
                    f"The attribute '{attribute}' has too many values. "
                    f"The allowed maximum is '{error.validator_value}' value(s)."
                )
            add(code, message, attribute, "INVALID_ATTRIBUTE")
        else:
            add(
                INVALID,
                f"The provided value for '{_title(schema, attribute)}' is invalid.",
                attribute,
                "INVALID_ATTRIBUTE",
            )
    return list(found.values())
