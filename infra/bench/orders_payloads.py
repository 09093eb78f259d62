"""A listing payload the Amazon sandbox accepts (LUGGAGE), for benchmarks that need listed SKUs."""

from decimal import Decimal

from channels.types import ListingPayload, Money


def luggage(sku: str, marketplace_id: str, currency: str = "USD") -> ListingPayload:
    def text(value: str) -> list[dict]:
        return [{"value": value, "language_tag": "en_US", "marketplace_id": marketplace_id}]

    na = [{"value": "not_applicable", "marketplace_id": marketplace_id}]
    attributes = {
        "color": text("Black"),
        "size": text("Carry-On"),
        "material": text("Polycarbonate"),
        "country_of_origin": [{"value": "CN", "marketplace_id": marketplace_id}],
        "recommended_browse_nodes": [{"value": "15743251", "marketplace_id": marketplace_id}],
        "supplier_declared_dg_hz_regulation": na,
        "supplier_declared_material_regulation": na,
        "externally_assigned_product_identifier": [
            {"type": "ean", "value": "4006381333931", "marketplace_id": marketplace_id}
        ],
        "list_price": [{"value": 24.99, "currency": currency, "marketplace_id": marketplace_id}],
        "merchant_shipping_group": [{"value": "legacy-template-id", "marketplace_id": marketplace_id}],
        "item_dimensions": [
            {
                "length": {"value": 55, "unit": "centimeters"},
                "width": {"value": 35, "unit": "centimeters"},
                "height": {"value": 20, "unit": "centimeters"},
                "marketplace_id": marketplace_id,
            }
        ],
    }
    return ListingPayload(
        sku=sku,
        marketplace_id=marketplace_id,
        title="Hard-shell carry-on",
        price=Money(Decimal("19.99"), currency),
        quantity=50,
        locale="en_US",
        brand="Acme",
        product_type="LUGGAGE",
        bullet_points=("Light",),
        description="A hard-shell carry-on.",
        images=("https://img.example/bag.jpg",),
        attributes=attributes,
    )
