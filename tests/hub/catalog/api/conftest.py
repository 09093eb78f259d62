import pytest

from tests.factories.catalog import AttributeFactory, AttributeOptionFactory, CategoryAttributeFactory, CategoryFactory


@pytest.fixture
def jewellery(account):
    """Bracelets below Jewellery; material (product, text), colour (variation, enum), length (variation, number)."""
    root = CategoryFactory(account=account, name="Jewellery")
    bracelets = CategoryFactory(account=account, name="Bracelets", parent=root)
    material = CategoryAttributeFactory(
        category=root, attribute=AttributeFactory(account=account, code="material")
    ).attribute
    colour = AttributeFactory(account=account, code="colour", kind="enum")
    for value in ("gold", "silver"):
        AttributeOptionFactory(attribute=colour, value=value)
    CategoryAttributeFactory(category=bracelets, attribute=colour, is_variation=True, is_required=True)
    length = AttributeFactory(account=account, code="length", kind="number", units=["cm", "in"])
    CategoryAttributeFactory(category=bracelets, attribute=length, is_variation=True)
    return {"root": root, "bracelets": bracelets, "material": material, "colour": colour, "length": length}
