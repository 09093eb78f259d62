"""Listing payloads valid for the product types the Amazon sandbox serves (built from the
LUGGAGE schema's required attributes, as the listings app would)."""

from decimal import Decimal

from channels.types import ListingPayload, Money

US = "ATVPDKIKX0DER"


def luggage_payload(sku: str = "BAG-1", *, price: str = "19.99", quantity: int = 5, **overrides) -> ListingPayload:
    def text(value):
        return [{"value": value, "language_tag": "en_US", "marketplace_id": US}]

    attributes = {
        "color": text("Black"),
        "size": text("Carry-On"),
        "material": text("Polycarbonate"),
        "country_of_origin": [{"value": "CN", "marketplace_id": US}],
        "recommended_browse_nodes": [{"value": "15743251", "marketplace_id": US}],
        "supplier_declared_dg_hz_regulation": [{"value": "not_applicable", "marketplace_id": US}],
        "supplier_declared_material_regulation": [{"value": "not_applicable", "marketplace_id": US}],
        "externally_assigned_product_identifier": [{"type": "ean", "value": "4006381333931", "marketplace_id": US}],
        "list_price": [{"value": 24.99, "currency": "USD", "marketplace_id": US}],
        "merchant_shipping_group": [{"value": "legacy-template-id", "marketplace_id": US}],
        "item_dimensions": [
            {
                "length": {"value": 55, "unit": "centimeters"},
                "width": {"value": 35, "unit": "centimeters"},
                "height": {"value": 20, "unit": "centimeters"},
                "marketplace_id": US,
            }
        ],
    }
    fields = {
        "sku": sku,
        "marketplace_id": US,
        "title": "Hard-shell carry-on",
        "price": Money(Decimal(price), "USD"),
        "quantity": quantity,
        "locale": "en_US",
        "brand": "Hub",
        "bullet_points": ("Light", "Four wheels"),
        "description": "A light carry-on case.",
        "images": ("https://img.example/bag-1.jpg",),
        "product_type": "LUGGAGE",
        "attributes": attributes,
    }
    fields.update(overrides)
    return ListingPayload(**fields)
