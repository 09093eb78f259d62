"""Values the BRACELET schema lists: the variation themes it offers, which attribute each theme
makes a child carry, gems needing setting details, and suggested materials and metals."""

THEMES = [
    "CHAIN_LENGTH",
    "COLOR",
    "COLOR/METAL_TYPE",
    "COLOR/SIZE",
    "COLOR_NAME",
    "COLOR_NAME/SIZE_NAME",
    "COLOR_NAME/STYLE_NAME",
    "GEM_TYPE",
    "ITEM_PACKAGE_QUANTITY",
    "ITEM_WEIGHT",
    "MATERIAL_TYPE",
    "METAL_TYPE",
    "MODEL",
    "MODEL_NAME/COLOR_NAME",
    "MODEL_NUMBER/SIZE",
    "NUMBER_OF_ITEMS",
    "SIZE",
    "SIZE/COLOR",
    "SIZE_NAME",
    "SIZE_NAME/COLOR_NAME",
    "SIZE_NAME/STYLE_NAME",
    "STYLE",
    "STYLE_NAME",
    "STYLE_NAME/COLOR_NAME",
]
# Variation themes whose children must carry the named attribute.
THEME_ATTRIBUTES = {
    "model_number": ["MODEL", "MODEL_NUMBER/SIZE"],
    "model_name": ["MODEL_NAME/COLOR_NAME"],
    "style": ["STYLE", "STYLE_NAME", "COLOR_NAME/STYLE_NAME", "STYLE_NAME/COLOR_NAME", "SIZE_NAME/STYLE_NAME"],
    "metal_type": ["METAL_TYPE", "COLOR/METAL_TYPE"],
    "chain_length": ["CHAIN_LENGTH"],
    "number_of_items": ["NUMBER_OF_ITEMS"],
    "item_weight": ["ITEM_WEIGHT"],
    "item_package_quantity": ["ITEM_PACKAGE_QUANTITY"],
}
# Gems that need a setting type and the stone's shape (as Amazon's US schema asks).
SET_GEMS = [
    "Amethyst",
    "Aquamarine",
    "Citrine",
    "Emerald",
    "Garnet",
    "Jade",
    "Opal",
    "Peridot",
    "Ruby",
    "Sapphire",
    "Tanzanite",
    "Topaz",
    "Turquoise",
]
OTHER_GEMS = ["Crystal", "Cubic Zirconia", "Moissanite", "Onyx", "Rhinestone", "No Gemstone"]
METAL_WORDS = ["Metal", "Metall", "Métal", "Metallo", "Metaal", "金属"]  # "metal" in several storefront languages
MATERIALS = [
    "Bamboo",
    "Ceramic",
    "Crystal",
    "Enamel",
    "Fabric",
    "Glass",
    "Leather",
    "Metal",
    "Pearl",
    "Resin",
    "Rubber",
    "Shell",
    "Silicone",
    "Stone",
    "Wood",
]
METAL_TYPES = [
    "Brass",
    "Copper",
    "Platinum",
    "Rose Gold",
    "Stainless Steel",
    "Sterling Silver",
    "Titanium",
    "White Gold",
    "Yellow Gold",
]
