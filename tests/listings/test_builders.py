"""Payload builders are pure: catalog values in, marketplace payload and issues out."""

from decimal import Decimal

from currency.money import Money
from listings.builders import amazon, product_family
from listings.builders.common import content_dict, digest, payload_dict, payload_from_dict
from listings.builders.types import (
    AttributeTarget,
    Content,
    MappingData,
    Market,
    ProductData,
    Requirements,
    VariantData,
)
from listings.pricing import PriceQuote

US = Market("amazon", "ATVPDKIKX0DER", "USD", "en_US")
WISH = Market(
    "wish", "wish", "USD", "en_US", {"warehouse_id": "w1", "origin_country": "CN", "default_shipping_price": "2"}
)
SCHEMA = {"properties": {"color": {"items": {"properties": {"value": {}, "language_tag": {}}}}}}


def variant(sku, colour, price="19.99", quantity=5, **extra):
    return VariantData(
        pk=hash(sku) % 1000,
        sku=sku,
        content=Content(title="Rose bracelet", description="A bracelet. Light.", bullets=("Light",)),
        price=PriceQuote(price=Money(Decimal(price), "USD"), regular=Money(Decimal(price), "USD")),
        quantity=quantity,
        gtin="4006381333931",
        values={"colour": colour},
        **extra,
    )


def product(*variants):
    return ProductData(
        pk=1,
        code="BR-1",
        brand="Lumora",
        category_path="Jewellery > Bracelets",
        variants=variants,
        images=("https://img/1.jpg",),
        variation_attributes=("colour",),
    )


def mapping(**overrides):
    values = {
        "target": "BRACELET",
        "variation_theme": "COLOR",
        "constants": {"country_of_origin": "CN"},
        "attributes": {"colour": AttributeTarget("color", {"rose_gold": "Rose Gold"})},
        "requirements": Requirements(required=("item_name", "brand", "color", "country_of_origin"), schema=SCHEMA),
    }
    values.update(overrides)
    return MappingData(**values)


def test_amazon_family_has_a_parent_with_theme_and_children_with_mapped_values():
    built = amazon.build(product(variant("BR-1-RG", "rose_gold"), variant("BR-1-S", "silver")), mapping(), US)
    parent = built.parent.payload
    assert parent.sku == "BR-1" and parent.price is None
    assert parent.attributes["parentage_level"][0]["value"] == "parent"
    assert parent.attributes["variation_theme"] == [{"name": "COLOR"}]
    child = built.children[0].payload
    assert child.attributes["color"] == [
        {"value": "Rose Gold", "marketplace_id": US.marketplace_id, "language_tag": "en_US"}
    ]
    assert child.attributes["child_parent_sku_relationship"][0]["parent_sku"] == "BR-1"
    assert child.attributes["externally_assigned_product_identifier"][0]["type"] == "ean"
    # No value map entry: the hub value goes as it is.
    assert built.children[1].payload.attributes["color"][0]["value"] == "silver"
    assert not [i for c in built.children for i in c.issues if i.blocking]


def test_unmapped_required_attribute_is_a_blocking_issue_never_an_omission():
    built = amazon.build(product(variant("BR-1-RG", "rose_gold")), mapping(attributes={}), US)
    (child,) = built.children
    issue = next(i for i in child.issues if i.code == "unmapped_required_attribute")
    assert issue.attribute == "color" and issue.blocking


def test_unmapped_category_blocks_every_variant():
    built = amazon.build(product(variant("A", "red"), variant("B", "navy")), MappingData(target=""), US)
    assert all(c.payload is None and c.issues[0].code == "unmapped_category" for c in built.children)


def test_wish_product_carries_variants_as_variations_with_mapped_options():
    wish_mapping = MappingData(
        target="6002", attributes={"colour": AttributeTarget("Color", {"rose_gold": "Rose Gold"})}
    )
    built = product_family.build(
        product(variant("A", "rose_gold"), variant("B", "silver", price="21.99")), wish_mapping, WISH
    )
    payload = built.parent.payload
    assert payload.category_id == "6002"
    assert [v.options for v in payload.variations] == [{"Color": "Rose Gold"}, {"Color": "silver"}]
    assert [v.price.amount for v in payload.variations] == [Decimal("19.99"), Decimal("21.99")]
    assert not built.parent.issues


def test_aliexpress_new_product_leaves_out_variants_without_stock_and_shortens_long_skus():
    market = Market(
        "aliexpress",
        "aliexpress",
        "USD",
        "en_US",
        {"freight_template_id": 1001, "service_policy_id": 0, "shipping_lead_time": 3},
    )
    long_sku = "LUM-BR-001-ROSEGOLD-LONG"
    built = product_family.build(
        product(variant(long_sku, "rose_gold"), variant("B", "silver", quantity=0)), MappingData(target="1"), market
    )
    (sent,) = built.parent.payload.variations
    assert len(sent.sku) <= 20 and sent.sku.startswith("LUM-BR-001")
    assert built.children[1].payload is None
    assert built.children[1].issues[-1].code == "waiting_for_stock"


def test_hashes_separate_content_from_offer_and_payload_round_trips():
    one = amazon.build(product(variant("A", "red")), mapping(), US).children[0].payload
    cheaper = amazon.build(product(variant("A", "red", price="17.99")), mapping(), US).children[0].payload
    assert digest(payload_dict(one)) != digest(payload_dict(cheaper))
    assert digest(content_dict(payload_dict(one))) == digest(content_dict(payload_dict(cheaper)))
    assert payload_from_dict(payload_dict(one)) == one
