"""Check sandbox responses against Amazon's official SP-API models (Swagger 2.0) and JSON
schemas. The ones the tests use are vendored in tests/data/amazon/ (Apache-2.0 models and MIT-0
product type schema; sources and commits in the NOTICE files there); $AMAZON_RESEARCH_DIR points
at another copy (e.g. a newer research snapshot) instead. A missing file fails, never skips."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, Draft7Validator

REPO = Path(__file__).resolve().parents[3]
RESEARCH = Path(os.environ.get("AMAZON_RESEARCH_DIR", REPO / "tests" / "data" / "amazon"))
MODELS = RESEARCH / "models"
# Enums Amazon's service answers in another case than the model spells them (the model's own
# examples use the upper-case form): compared case-insensitively.
CASE_INSENSITIVE_ENUMS = {"fulfillmentOutbound_2020-07-01.json": ["FulfillmentOrderStatus"]}


def need_research(path: Path = MODELS) -> None:
    assert path.exists(), (
        f"Amazon model copy not found at {path}: tests/data/amazon/ ships it (or set AMAZON_RESEARCH_DIR)"
    )


@cache
def load_model(name: str) -> dict:
    model = json.loads((MODELS / name).read_text())
    for definition in CASE_INSENSITIVE_ENUMS.get(name, []):
        enum = model["definitions"][definition]["enum"]
        model["definitions"][definition]["enum"] = sorted({*enum, *(value.upper() for value in enum)})
    return model


def operation_spec(model_name: str, operation_id: str) -> dict:
    model = load_model(model_name)
    for methods in model["paths"].values():
        for spec in methods.values():
            if isinstance(spec, dict) and spec.get("operationId") == operation_id:
                return spec
    raise AssertionError(f"{operation_id} is not in {model_name}")


def response_errors(model_name: str, operation_id: str, status: int, body: object) -> list[str]:
    """Validation errors of `body` against the response schema the model declares for `status`."""
    model = load_model(model_name)
    declared = operation_spec(model_name, operation_id)["responses"]
    assert str(status) in declared, f"{operation_id} declares no {status} response (declares {sorted(declared)})"
    schema = declared[str(status)].get("schema")
    if schema is None:
        return [] if body in (None, "", {}) else [f"{status} declares no body but got {body!r}"]
    validator = Draft4Validator({**schema, "definitions": model["definitions"]})
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


def request_errors(model_name: str, operation_id: str, body: object) -> list[str]:
    """Validation errors of a request body against the operation's `in: body` parameter schema."""
    model = load_model(model_name)
    parameter = next(p for p in operation_spec(model_name, operation_id)["parameters"] if p.get("in") == "body")
    validator = Draft4Validator({**parameter["schema"], "definitions": model["definitions"]})
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]


def assert_conforms(model_name: str, operation_id: str, response) -> None:
    body = response.json() if response.content else None
    errors = response_errors(model_name, operation_id, response.status_code, body)
    assert not errors, f"{operation_id} {response.status_code} does not match the model:\n" + "\n".join(errors[:20])


def declared_headers(model_name: str, operation_id: str, status: int) -> set[str]:
    return set(operation_spec(model_name, operation_id)["responses"][str(status)].get("headers", {}))


def schema_errors(schema_file: str, document: object) -> list[str]:
    schema = json.loads((MODELS / "schemas" / schema_file).read_text())
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(document)
    ]
