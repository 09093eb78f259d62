"""The sandbox's BRACELET schema gives the same verdicts as Amazon's real US BRACELET schema on a
set of payloads (valid ones, missing required and conditionally required attributes, bad enum
values, too-long strings, variation families), both validated with the sandbox's validator
(2019-09 + Amazon's keywords). Also: every sandbox schema is valid under the meta-schema, and the
custom keywords behave as documented."""

from __future__ import annotations

import json

import pytest

from infra.sandboxes.amazon.product_types import PRODUCT_TYPES
from infra.sandboxes.amazon.product_types.bracelet import BRACELET
from infra.sandboxes.amazon.store import MARKETPLACES
from infra.sandboxes.amazon.validation.issues import issues_from_errors
from infra.sandboxes.amazon.validation.keywords import meta_schema_errors, schema_validator
from tests.sandboxes.amazon.models import RESEARCH, need_research
from tests.sandboxes.amazon.payloads import US, bracelet, plain, text

REAL_BRACELET = RESEARCH / "product-types" / "BRACELET_US_en_US.json"
AFN = {
    "fulfillment_availability": [{"fulfillment_channel_code": "AMAZON_NA"}],
    "merchant_shipping_group": None,
    "item_package_dimensions": [
        {
            "length": {"value": 6, "unit": "inches"},
            "width": {"value": 4, "unit": "inches"},
            "height": {"value": 1, "unit": "inches"},
            "marketplace_id": US,
        }
    ],
    "item_package_weight": [{"value": 0.2, "unit": "pounds", "marketplace_id": US}],
    "batteries_required": plain(False),
}
FAMILY_ONLY = (
    "brand",
    "bullet_point",
    "country_of_origin",
    "item_name",
    "item_type_keyword",
    "product_description",
    "supplier_declared_dg_hz_regulation",
)


def child(theme: str, **changes) -> dict:
    family = {
        "parentage_level": plain("child"),
        "variation_theme": [{"name": theme}],
        "child_parent_sku_relationship": [
            {"child_relationship_type": "variation", "parent_sku": "LUM-BR", "marketplace_id": US}
        ],
    }
    return bracelet(**{**family, **changes})


def parent(**changes) -> dict:
    payload = {name: value for name, value in bracelet().items() if name in FAMILY_ONLY}
    payload.update(
        parentage_level=plain("parent"),
        variation_theme=[{"name": "COLOR_NAME"}],
        batteries_required=plain(False),
        child_parent_sku_relationship=[{"child_relationship_type": "variation", "marketplace_id": US}],
    )
    payload.update({k: v for k, v in changes.items() if v is not None})
    return payload


def stones(gem: str) -> list[dict]:
    return [
        {
            "id": 1,
            "type": {"value": gem, "language_tag": "en_US"},
            "creation_method": {"value": "Natural", "language_tag": "en_US"},
            "treatment_method": {"value": "Not Treated", "language_tag": "en_US"},
            "marketplace_id": US,
        }
    ]


SET_STONE = {
    "stones": stones("Amethyst"),
    "setting_type": text("Prong"),
    "stone": [{"shape": [{"value": "Round", "language_tag": "en_US"}], "marketplace_id": US}],
}

# name -> (payload, the (issue code, attribute) pairs expected; empty = valid)
CASES = {
    "complete merchant-fulfilled": (bracelet(), set()),
    "complete FBA": (bracelet(**AFN), set()),
    "brand missing": (bracelet(brand=None), {("90220", "brand")}),
    "department and colour missing": (
        bracelet(department=None, color=None),
        {("90220", "department"), ("90220", "color")},
    ),
    "no product identifier": (
        bracelet(externally_assigned_product_identifier=None),
        {("90220", "externally_assigned_product_identifier"), ("90220", "merchant_suggested_asin")},
    ),
    "identifier exemption": (
        bracelet(
            externally_assigned_product_identifier=None, supplier_declared_has_product_identifier_exemption=plain(True)
        ),
        set(),
    ),
    "ASIN instead of EAN": (
        bracelet(externally_assigned_product_identifier=None, merchant_suggested_asin=plain("B07XYZ1234")),
        set(),
    ),
    "bad condition": (bracelet(condition_type=plain("brand_new")), {("4000001", "condition_type")}),
    "bad country": (bracelet(country_of_origin=plain("QQ")), {("4000001", "country_of_origin")}),
    "bad jewellery class": (
        bracelet(jewelry_material_categorization=plain("costume")),
        {("4000001", "jewelry_material_categorization")},
    ),
    "brand too long": (bracelet(brand=text("B" * 101)), {("99030", "brand")}),
    "description over 20000 UTF-8 bytes": (
        bracelet(product_description=text("é" * 10001)),
        {("99030", "product_description")},
    ),
    "ASIN too short": (bracelet(merchant_suggested_asin=plain("B07XYZ123")), {("99031", "merchant_suggested_asin")}),
    "eleven bullet points": (bracelet(bullet_point=[*text("point")] * 11), {("99023", "bullet_point")}),
    "two brands for one language": (bracelet(brand=text("A") + text("B")), {("99023", "brand")}),
    "brand in two languages": (bracelet(brand=text("A") + text("A", language="es_US")), set()),
    "unknown attribute": ({**bracelet(), "warp_drive": plain("yes")}, {("99001", "warp_drive")}),
    "merchant-fulfilled without shipping template": (
        bracelet(merchant_shipping_group=None),
        {("90220", "merchant_shipping_group")},
    ),
    "FBA with a quantity": (
        bracelet(**{**AFN, "fulfillment_availability": [{"fulfillment_channel_code": "AMAZON_NA", "quantity": 3}]}),
        {("4000001", "fulfillment_availability")},
    ),
    "merchant stock without quantity": (
        bracelet(fulfillment_availability=[{"fulfillment_channel_code": "DEFAULT"}]),
        {("90220", "fulfillment_availability")},
    ),
    "no fulfilment at all": (
        bracelet(fulfillment_availability=None, merchant_shipping_group=None),
        {
            ("90220", "fulfillment_availability"),
            ("90220", "item_package_dimensions"),
            ("90220", "item_package_weight"),
            ("90220", "batteries_required"),
        },
    ),
    "skip offer": (
        bracelet(
            fulfillment_availability=None,
            merchant_shipping_group=None,
            condition_type=None,
            list_price=None,
            purchasable_offer=None,
            skip_offer=plain(True),
        ),
        {("90220", "item_package_dimensions"), ("90220", "item_package_weight"), ("90220", "batteries_required")},
    ),
    "variation parent": (parent(), set()),
    "parent naming a parent SKU": (
        parent(
            child_parent_sku_relationship=[
                {"child_relationship_type": "variation", "parent_sku": "X", "marketplace_id": US}
            ]
        ),
        {("4000001", "child_parent_sku_relationship")},
    ),
    "parent without theme": (
        {k: v for k, v in parent().items() if k != "variation_theme"},
        {("90220", "variation_theme")},
    ),
    "child by colour": (child("COLOR_NAME"), set()),
    "child without parent SKU": (
        child("COLOR", child_parent_sku_relationship=[{"child_relationship_type": "variation", "marketplace_id": US}]),
        {("90220", "child_parent_sku_relationship")},
    ),
    "child by metal without metal type": (child("METAL_TYPE"), {("90220", "metal_type")}),
    "child by metal": (child("COLOR/METAL_TYPE", metal_type=text("Sterling Silver")), set()),
    "child by model name without it": (child("MODEL_NAME/COLOR_NAME"), {("90220", "model_name")}),
    "child by style without it": (child("SIZE_NAME/STYLE_NAME"), {("90220", "style")}),
    "child by item weight": (
        child("ITEM_WEIGHT", item_weight=[{"value": 12, "unit": "grams", "marketplace_id": US}]),
        set(),
    ),
    "unknown variation theme": (child("PURPLE_HAZE"), {("4000001", "variation_theme")}),
    "fine metal jewellery": (
        bracelet(jewelry_material_categorization=plain("fine")),
        {("90220", "metal_type"), ("90220", "metal_stamp"), ("90220", "metals")},
    ),
    "fine leather jewellery": (
        bracelet(jewelry_material_categorization=plain("fine"), material=text("Leather")),
        set(),
    ),
    "amethyst without stone details": (
        bracelet(gem_type=text("Amethyst")),
        {("90220", "stones"), ("90220", "stone"), ("90220", "setting_type")},
    ),
    "amethyst with stone details": (bracelet(gem_type=text("Amethyst"), **SET_STONE), set()),
    "amethyst stone without shape": (
        bracelet(gem_type=text("Amethyst"), **{**SET_STONE, "stone": [{"marketplace_id": US}]}),
        {("90220", "stone")},
    ),
    "cubic zirconia without stones": (bracelet(gem_type=text("Cubic Zirconia")), {("90220", "stones")}),
    "pearl bracelet without setting": (bracelet(material=text("Pearl")), {("90220", "setting_type")}),
    "batteries required but not said if included": (
        bracelet(**{**AFN, "batteries_required": plain(True)}),
        {("90220", "batteries_included")},
    ),
    "not applicable with storage": (
        bracelet(supplier_declared_dg_hz_regulation=plain("not_applicable") + plain("storage")),
        {("4000001", "supplier_declared_dg_hz_regulation")},
    ),
    "list price in euros": (
        bracelet(list_price=[{"value": 39.99, "currency": "EUR", "marketplace_id": US}]),
        {("4000001", "list_price")},
    ),
    "length in centimetres": (
        bracelet(item_length=[{"value": 19, "unit": "centimeters", "marketplace_id": US}]),
        {("4000001", "item_length")},
    ),
    "length as text": (
        bracelet(item_length=[{"value": "7.5", "unit": "inches", "marketplace_id": US}]),
        {("4000001", "item_length")},
    ),
    "sale price without dates": (
        bracelet(
            purchasable_offer=[
                {
                    "currency": "USD",
                    "marketplace_id": US,
                    "our_price": [{"schedule": [{"value_with_tax": 29.99}]}],
                    "discounted_price": [{"schedule": [{"value_with_tax": 19.99}]}],
                }
            ]
        ),
        {("90220", "purchasable_offer")},
    ),
    "image that is not a URL": (
        bracelet(main_product_image_locator=[{"media_location": "ftp://images/br.jpg", "marketplace_id": US}]),
        {("4000001", "main_product_image_locator")},
    ),
}


def verdict(schema: dict, payload: dict) -> set[tuple[str, str]]:
    errors = list(schema_validator(schema).iter_errors(payload))
    return {(found["code"], found["attributeNames"][0]) for found in issues_from_errors(errors, schema)}


@pytest.fixture(scope="module")
def sandbox_schema() -> dict:
    return BRACELET.schema(MARKETPLACES[US])


@pytest.fixture(scope="module")
def real_schema() -> dict:
    need_research(REAL_BRACELET)
    return json.loads(REAL_BRACELET.read_text())


@pytest.mark.parametrize("name", CASES)
def test_sandbox_bracelet_verdicts(sandbox_schema, name):
    payload, expected = CASES[name]
    assert verdict(sandbox_schema, payload) == expected


@pytest.mark.parametrize("name", CASES)
def test_same_verdict_as_amazons_real_bracelet_schema(sandbox_schema, real_schema, name):
    payload, _expected = CASES[name]
    assert verdict(sandbox_schema, payload) == verdict(real_schema, payload)


def test_real_schema_passes_the_sandbox_meta_schema(real_schema):
    assert meta_schema_errors(real_schema) == []


@pytest.mark.parametrize("product_type", sorted(PRODUCT_TYPES))
@pytest.mark.parametrize("requirements", ["LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY"])
def test_every_sandbox_schema_is_valid_under_the_meta_schema(product_type, requirements):
    for marketplace_id in ("ATVPDKIKX0DER", "A1VC38T7YXB528"):
        for enforced in (True, False):
            schema = PRODUCT_TYPES[product_type].schema(
                MARKETPLACES[marketplace_id], requirements=requirements, enforced=enforced
            )
            assert meta_schema_errors(schema) == [], (marketplace_id, enforced)


def test_not_enforced_schema_checks_structure_but_requires_nothing():
    schema = BRACELET.schema(MARKETPLACES[US], enforced=False)
    assert verdict(schema, {"brand": text("Lumen")}) == set()
    assert verdict(schema, {"condition_type": plain("brand_new")}) == {("4000001", "condition_type")}


def test_marketplace_specific_values():
    japan = BRACELET.schema(MARKETPLACES["A1VC38T7YXB528"])
    assert (
        japan["$defs"]["marketplace_id"]["default"] == "A1VC38T7YXB528"
        and japan["$defs"]["language_tag"]["default"] == "ja_JP"
    )
    price = japan["properties"]["list_price"]["items"]["properties"]
    assert price["currency"]["enum"] == ["JPY"] and price["value"]["multipleOf"] == 1
    codes = japan["properties"]["fulfillment_availability"]["items"]["properties"]["fulfillment_channel_code"]["enum"]
    assert codes == ["DEFAULT", "AMAZON_JP"]


@pytest.mark.parametrize(
    ("keyword", "limit", "instance", "fails"),
    [
        ("maxUtf8ByteLength", 4, "ab", False),
        ("maxUtf8ByteLength", 4, "äöü", True),  # 3 characters, 6 bytes
        ("minUtf8ByteLength", 4, "é", True),
        ("minUtf8ByteLength", 2, "é", False),
    ],
)
def test_utf8_length_keywords_count_bytes(keyword, limit, instance, fails):
    assert bool(list(schema_validator({keyword: limit}).iter_errors(instance))) is fails


def test_unique_items_count_per_selector_combination():
    schema = {"type": "array", "selectors": ["marketplace_id"], "maxUniqueItems": 2, "minUniqueItems": 2}
    pair = [{"marketplace_id": "A", "v": 1}, {"marketplace_id": "A", "v": 2}]
    assert list(schema_validator(schema).iter_errors(pair)) == []
    assert len(list(schema_validator(schema).iter_errors([*pair, {"marketplace_id": "A", "v": 3}]))) == 1
    assert (
        len(list(schema_validator(schema).iter_errors([*pair, {"marketplace_id": "B", "v": 3}]))) == 1
    )  # B has only one
