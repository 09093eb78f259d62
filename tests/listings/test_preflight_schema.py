"""The pre-flight schema check validates attribute by attribute and remembers values it has seen
(listings.preflight._SchemaCheck): it must find exactly what validating the whole instance finds."""

import json

import pytest

from infra.sandboxes.amazon.definitions import schema_bytes
from listings.preflight import _SchemaCheck, check_amazon_schema
from tests.sandboxes.amazon.payloads import bracelet

US = "ATVPDKIKX0DER"
PRODUCT_TYPES = ["BRACELET", "DRINKING_CUP", "SHIRT", "LUGGAGE", "NECKLACE", "PRODUCT"]
WRONG_VALUES = [
    "not a list",
    [],
    [{"value": 12}],
    [{"value": "x" * 6000, "marketplace_id": US}],
    [{"marketplace_id": US}],
    [{"value": "-1", "unit": "parsecs", "marketplace_id": US}],
]


def _schema(product_type: str) -> dict:
    return json.loads(schema_bytes(product_type, US, "LISTING", True, "en_US"))


def _instances():
    valid = bracelet()
    yield valid
    yield {**valid, "not_an_attribute": [{"value": "x"}]}
    for name in valid:
        yield {key: value for key, value in valid.items() if key != name}
        for wrong in WRONG_VALUES:
            yield {**valid, name: wrong}


def _found(errors) -> list[tuple]:
    return sorted((tuple(str(p) for p in e.path), str(e.validator), e.message) for e in errors)


@pytest.mark.parametrize("product_type", PRODUCT_TYPES)
def test_attribute_by_attribute_finds_what_the_whole_instance_check_finds(product_type):
    check = _SchemaCheck(_schema(product_type))
    assert check.splittable
    compared = 0
    for instance in _instances():
        # Twice: the second answer comes from what the first remembered.
        for _ in range(2):
            assert _found(check.errors(instance)) == _found(check.whole.iter_errors(instance)), instance
        compared += 1
    assert compared > 50


def test_the_issues_name_the_attribute_and_a_valid_bracelet_has_none():
    schema = _schema("BRACELET")
    assert check_amazon_schema(bracelet(), schema) == []
    without_brand = {key: value for key, value in bracelet().items() if key != "brand"}
    issues = check_amazon_schema(without_brand, schema)
    assert [(i.code, i.attribute, i.blocking) for i in issues] == [("schema_required", "brand", True)]
