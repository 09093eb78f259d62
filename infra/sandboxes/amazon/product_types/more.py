"""More of a cross-border seller's everyday product types: NECKLACE and EARRING (the jewellery
family BRACELET belongs to, with the same attribute blocks), SWEATSHIRT (SHIRT's blocks),
DRINKING_CUP, STORAGE_BOX, CELLULAR_PHONE_CASE and CHARGING_ADAPTER. Names are Amazon's product
type names; attribute lists and requirements follow Amazon's published schemas in outline (as for
SHIRT and LUGGAGE, the sandbox does not claim them attribute for attribute)."""

from __future__ import annotations

from dataclasses import replace

from infra.sandboxes.amazon.product_types import bracelet, common
from infra.sandboxes.amazon.product_types import offer as offers
from infra.sandboxes.amazon.product_types.apparel_luggage import SHARED_GROUPS, SHIRT
from infra.sandboxes.amazon.product_types.builder import (
    NOT_A_PARENT,
    ProductType,
    choice,
    measure,
    requires,
    text,
    yes_no,
)
from infra.sandboxes.amazon.store import Marketplace

BASE_REQUIRED = [
    "brand",
    "bullet_point",
    "country_of_origin",
    "item_name",
    "item_type_keyword",
    "product_description",
    "supplier_declared_dg_hz_regulation",
]
VOLUME_UNITS = ["cups", "fluid_ounces", "liters", "milliliters", "quarts"]
POWER_UNITS = ["kilowatts", "milliwatts", "watts"]


# --- jewellery: BRACELET's blocks ------------------------------------------------------------------


def _jewellery_rules(drop: tuple[str, ...]):
    """BRACELET's rules, without the non-parent requirements in `drop` (an earring has no clasp
    type or length in Amazon's EARRING schema)."""

    def rules(marketplace: Marketplace) -> list[dict]:
        result = []
        for rule in bracelet.rules(marketplace):
            then = rule.get("then") or {}
            if rule.get("if") == NOT_A_PARENT and "required" in then:
                rule = {"if": NOT_A_PARENT, "then": {"required": [n for n in then["required"] if n not in drop]}}
            result.append(rule)
        return result

    return rules


def _jewellery_attributes(keywords: list[str]):
    def attributes(marketplace: Marketplace) -> dict[str, dict]:
        found = bracelet.attributes(marketplace)
        found["item_type_keyword"] = text(
            "Item Type Keyword",
            "The browse category keyword the item belongs in.",
            localized=False,
            max_length=200,
            suggestions=keywords,
        )
        return found

    return attributes


NECKLACE = replace(
    bracelet.BRACELET,
    name="NECKLACE",
    display_name="Necklace",
    keywords=["necklace", "pendant", "chain", "choker", "jewelry", "jewellery"],
    attributes=_jewellery_attributes(["chain-necklaces", "choker-necklaces", "pendant-necklaces", "strand-necklaces"]),
    rules=_jewellery_rules(()),
)
EARRING = replace(
    bracelet.BRACELET,
    name="EARRING",
    display_name="Earring",
    keywords=["earring", "stud", "hoop", "drop earring", "jewelry", "jewellery"],
    attributes=_jewellery_attributes(["drop-earrings", "hoop-earrings", "stud-earrings", "ear-cuffs"]),
    rules=_jewellery_rules(("clasp_type", "item_length")),
)
SWEATSHIRT = replace(
    SHIRT,
    name="SWEATSHIRT",
    display_name="Sweatshirt",
    keywords=["sweatshirt", "hoodie", "hooded", "pullover", "fleece", "apparel"],
)


# --- home and electronics: a small common shape -------------------------------------------------------


def _simple(
    name: str,
    display_name: str,
    keywords: list[str],
    item_types: list[str],
    themes: list[str],
    details: dict,
    needs: list[str],
) -> ProductType:
    def attributes(marketplace: Marketplace) -> dict[str, dict]:
        return {
            **common.descriptive(),
            "item_type_keyword": text(
                "Item Type Keyword", "The browse keyword.", localized=False, max_length=200, suggestions=item_types
            ),
            "color": text("Color", "The colour as the buyer sees it.", max_length=1000),
            "material": text("Material", "What the item is made of.", max_bytes=2000, max_values=3),
            **details,
            **common.identity(),
            **common.variation(themes),
            **common.package(),
            **offers.offer(marketplace),
        }

    def rules(marketplace: Marketplace) -> list[dict]:
        return [
            *common.variation_rules(),
            *common.identity_rules(),
            requires(NOT_A_PARENT, *needs),
            *offers.offer_rules(marketplace),
            *common.package_rules(),
        ]

    return ProductType(
        name=name,
        display_name=display_name,
        keywords=keywords,
        attributes=attributes,
        rules=rules,
        required=BASE_REQUIRED,
        groups={
            **SHARED_GROUPS,
            "product_details": (
                "Product Details",
                ["item_name", "brand", "product_description", "bullet_point", "color", "material", *details],
            ),
        },
        offer_attributes=set(common.OFFER_ATTRIBUTES),
        identity_attributes=set(common.IDENTITY_ATTRIBUTES),
    )


DRINKING_CUP = _simple(
    "DRINKING_CUP",
    "Drinking Cup",
    ["mug", "cup", "tumbler", "coffee", "tea"],
    ["coffee-mugs", "drinking-cups", "tumblers", "travel-mugs"],
    ["COLOR", "COLOR_NAME", "CAPACITY", "COLOR/CAPACITY"],
    {
        "capacity": measure("Capacity", "How much the cup holds.", VOLUME_UNITS, exclusive_minimum=0),
        "is_dishwasher_safe": yes_no("Is Dishwasher Safe", "Whether it may go in a dishwasher."),
    },
    ["color", "material", "capacity"],
)
STORAGE_BOX = _simple(
    "STORAGE_BOX",
    "Storage Box",
    ["storage", "canister", "jar", "box", "organiser", "organizer", "basket"],
    ["food-storage-containers", "kitchen-canisters", "storage-boxes", "storage-baskets"],
    ["COLOR", "COLOR_NAME", "CAPACITY", "COLOR/CAPACITY"],
    {"capacity": measure("Capacity", "How much the container holds.", VOLUME_UNITS, exclusive_minimum=0)},
    ["color", "material"],
)
CELLULAR_PHONE_CASE = _simple(
    "CELLULAR_PHONE_CASE",
    "Cellular Phone Case",
    ["phone case", "cover", "bumper", "folio", "magsafe"],
    ["basic-cases", "bumpers", "flip-cases", "wallet-cases"],
    ["COLOR", "COLOR_NAME", "COMPATIBLE_PHONE_MODELS", "COMPATIBLE_PHONE_MODELS/COLOR"],
    {
        "compatible_phone_models": text(
            "Compatible Phone Models", "The phone models the case fits.", max_length=200, max_values=10
        ),
        "form_factor": text(
            "Form Factor",
            "Back case, bumper, folio...",
            max_length=100,
            suggestions=["Back Case", "Bumper", "Folio", "Sleeve", "Wallet"],
        ),
    },
    ["color", "compatible_phone_models", "form_factor"],
)
CHARGING_ADAPTER = _simple(
    "CHARGING_ADAPTER",
    "Charging Adapter",
    ["charger", "adapter", "usb", "power", "gan", "wireless charger"],
    ["ac-adapters", "car-chargers", "wall-chargers", "wireless-chargers"],
    ["COLOR", "COLOR_NAME", "WATTAGE", "COLOR/WATTAGE"],
    {
        "wattage": measure("Wattage", "The charger's output power.", POWER_UNITS, exclusive_minimum=0),
        "connector_type": text(
            "Connector Type",
            "The device-side connector.",
            max_length=100,
            max_values=5,
            suggestions=["Lightning", "USB Type A", "USB Type C", "Wireless"],
        ),
        "power_source_type": choice(
            "Power Source", "What powers the charger.", ["ac", "battery", "car", "usb"], ["AC", "Battery", "Car", "USB"]
        ),
    },
    ["wattage", "connector_type", "power_source_type", "batteries_required"],
)
MORE_TYPES = (NECKLACE, EARRING, SWEATSHIRT, DRINKING_CUP, STORAGE_BOX, CELLULAR_PHONE_CASE, CHARGING_ADAPTER)
