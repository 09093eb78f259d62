import pytest

from hub.catalog.models import Attribute, AttributeOption, Category, CategoryAttribute
from tests.factories.catalog import AttributeFactory, AttributeOptionFactory, CategoryFactory, ProductFactory


def test_build_a_category_tree(owner_client, api_url):
    root = owner_client.post(api_url("catalog/categories/"), {"name": "Jewellery"}, format="json")
    child = owner_client.post(
        api_url("catalog/categories/"), {"name": "  Bracelets ", "parent": root.json()["id"]}, format="json"
    )

    assert (root.status_code, child.status_code) == (201, 201)
    assert {k: child.json()[k] for k in ("name", "parent", "path", "depth")} == {
        "name": "Bracelets",
        "parent": root.json()["id"],
        "path": "Jewellery > Bracelets",
        "depth": 1,
    }


def test_renaming_a_category_renames_the_paths_below_it(owner_client, api_url, account):
    root = CategoryFactory(account=account, name="Jewelry")
    child = CategoryFactory(account=account, name="Rings", parent=root)
    grandchild = CategoryFactory(account=account, name="Signet", parent=child)

    response = owner_client.patch(api_url(f"catalog/categories/{root.pk}/"), {"name": "Jewellery"}, format="json")

    assert response.status_code == 200
    assert list(Category.objects.filter(account=account).order_by("depth").values_list("path", "depth")) == [
        ("Jewellery", 0),
        ("Jewellery > Rings", 1),
        ("Jewellery > Rings > Signet", 2),
    ]
    grandchild.refresh_from_db()
    assert grandchild.parent_id == child.pk


def test_moving_a_category_below_itself_is_refused(owner_client, api_url, account):
    root = CategoryFactory(account=account, name="A")
    child = CategoryFactory(account=account, name="B", parent=root)

    response = owner_client.patch(api_url(f"catalog/categories/{root.pk}/"), {"parent": child.pk}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"parent": ["A category cannot be moved below itself."]}
    root.refresh_from_db()
    assert (root.parent_id, root.path) == (None, "A")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param(
            {"name": "A > B"},
            {"name": ["A category name cannot contain '>' or '/' (they separate levels)."]},
            id="separator-in-name",
        ),
        pytest.param({"name": "Jewellery"}, {"name": ["'Jewellery' exists already."]}, id="duplicate-path"),
        pytest.param(
            {"name": "X", "parent": 999999},
            {"parent": ['Invalid pk "999999" - object does not exist.']},
            id="unknown-parent",
        ),
        pytest.param({}, {"name": ["This field is required."]}, id="missing-name"),
    ],
)
def test_bad_category_input(owner_client, api_url, account, body, fields):
    CategoryFactory(account=account, name="Jewellery")

    response = owner_client.post(api_url("catalog/categories/"), body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    assert Category.objects.filter(account=account).count() == 1


def test_deleting_a_category_in_use_is_a_conflict(owner_client, api_url, account):
    category = CategoryFactory(account=account, name="Used")
    ProductFactory(account=account, category=category)
    empty = CategoryFactory(account=account, name="Empty")

    in_use = owner_client.delete(api_url(f"catalog/categories/{category.pk}/"))
    unused = owner_client.delete(api_url(f"catalog/categories/{empty.pk}/"))

    assert (in_use.status_code, in_use.json()["code"]) == (409, "in_use")
    assert unused.status_code == 204
    assert list(Category.objects.filter(account=account).values_list("name", flat=True)) == ["Used"]


def test_category_list_filters_roots(owner_client, api_url, account):
    root = CategoryFactory(account=account, name="Root")
    CategoryFactory(account=account, name="Leaf", parent=root)

    roots = owner_client.get(api_url("catalog/categories/?root=true")).json()["results"]
    children = owner_client.get(api_url(f"catalog/categories/?parent={root.pk}")).json()["results"]

    assert [row["path"] for row in roots] == ["Root"]
    assert [row["path"] for row in children] == ["Root > Leaf"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"code": "material", "name": "Material", "kind": "text"},
            {"kind": "text", "units": [], "options": []},
            id="text",
        ),
        pytest.param(
            {"code": "length", "name": "Length", "kind": "number", "units": ["cm", "in"]},
            {"kind": "number", "units": ["cm", "in"], "options": []},
            id="number-with-units",
        ),
        pytest.param(
            {
                "code": "colour",
                "name": "Colour",
                "kind": "enum",
                "options": [{"value": "navy", "label": "Navy blue"}, {"value": "red"}],
            },
            {
                "kind": "enum",
                "units": [],
                "options": [{"value": "navy", "label": "Navy blue"}, {"value": "red", "label": ""}],
            },
            id="enumeration",
        ),
        pytest.param(
            {"code": "waterproof", "name": "Waterproof", "kind": "boolean"},
            {"kind": "boolean", "units": [], "options": []},
            id="boolean",
        ),
    ],
)
def test_create_typed_attributes(owner_client, api_url, body, expected):
    response = owner_client.post(api_url("catalog/attributes/"), body, format="json")

    assert response.status_code == 201, response.json()
    assert {k: response.json()[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param(
            {"code": "l", "name": "L", "kind": "number"},
            {"units": ["A number attribute lists its units, the default first (e.g. cm, in)."]},
            id="number-without-units",
        ),
        pytest.param(
            {"code": "c", "name": "C", "kind": "enum"},
            {"options": ["An enumeration lists at least one option."]},
            id="enum-without-options",
        ),
        pytest.param(
            {"code": "t", "name": "T", "kind": "text", "options": [{"value": "x"}]},
            {"options": ["Only enumeration attributes have options."]},
            id="options-on-text",
        ),
        pytest.param(
            {"code": "t", "name": "T", "kind": "text", "units": ["cm"]},
            {"units": ["Only number attributes have units."]},
            id="units-on-text",
        ),
        pytest.param(
            {"code": "c", "name": "C", "kind": "enum", "options": [{"value": "a"}, {"value": "A"}]},
            {"options.1": ["'A' is listed twice."]},
            id="duplicate-option",
        ),
        pytest.param(
            {"code": "material", "name": "M", "kind": "text"},
            {"code": ["Attribute 'material' exists already."]},
            id="duplicate-code",
        ),
        pytest.param(
            {"code": "x", "name": "X", "kind": "date"}, {"kind": ['"date" is not a valid choice.']}, id="unknown-kind"
        ),
        pytest.param(
            {"code": "with space", "name": "X", "kind": "text"},
            {"code": ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.']},
            id="code-not-a-slug",
        ),
    ],
)
def test_bad_attribute_input(owner_client, api_url, account, body, fields):
    AttributeFactory(account=account, code="material")

    response = owner_client.post(api_url("catalog/attributes/"), body, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == fields
    assert Attribute.objects.filter(account=account).count() == 1


def test_updating_options_merges_them(owner_client, api_url, account):
    colour = AttributeFactory(account=account, code="colour", kind="enum")
    AttributeOptionFactory(attribute=colour, value="red", label="Red", position=0)
    AttributeOptionFactory(attribute=colour, value="blue", label="Blue", position=1)

    response = owner_client.patch(
        api_url(f"catalog/attributes/{colour.pk}/"),
        {"options": [{"value": "blue", "label": "Sky blue"}, {"value": "green", "label": "Green"}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["options"] == [{"value": "blue", "label": "Sky blue"}, {"value": "green", "label": "Green"}]
    assert list(AttributeOption.objects.filter(attribute=colour).values_list("value", "position")) == [
        ("blue", 0),
        ("green", 1),
    ]


def test_attach_and_detach_an_attribute(owner_client, api_url, account):
    category = CategoryFactory(account=account, name="Shoes")
    size = AttributeFactory(account=account, code="size", kind="enum")
    AttributeOptionFactory(attribute=size, value="38")

    attached = owner_client.put(
        api_url(f"catalog/categories/{category.pk}/attributes/"),
        {"attribute": size.pk, "is_variation": True, "is_required": True},
        format="json",
    )
    listed = owner_client.get(api_url(f"catalog/categories/{category.pk}/attributes/"))
    detached = owner_client.delete(api_url(f"catalog/categories/{category.pk}/attributes/{size.pk}/"))
    again = owner_client.delete(api_url(f"catalog/categories/{category.pk}/attributes/{size.pk}/"))

    expected = [{"attribute": size.pk, "code": "size", "is_required": True, "is_variation": True, "position": 0}]
    assert (attached.status_code, attached.json()) == (200, expected)
    assert listed.json() == expected
    assert detached.status_code == 204
    assert (again.status_code, again.json()["code"]) == (400, "not_attached")
    assert CategoryAttribute.objects.filter(category=category).count() == 0


def test_free_text_cannot_be_a_variation_attribute(owner_client, api_url, account):
    category = CategoryFactory(account=account)
    note = AttributeFactory(account=account, code="note", kind="text")

    response = owner_client.put(
        api_url(f"catalog/categories/{category.pk}/attributes/"),
        {"attribute": note.pk, "is_variation": True},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "is_variation": ["Variation attributes are enumerations, numbers or yes/no, not free text."]
    }


def test_removing_an_option_in_use_is_refused(owner_client, api_url, account):
    from hub.catalog.models import ProductAttributeValue

    colour = AttributeFactory(account=account, code="colour", kind="enum")
    red = AttributeOptionFactory(attribute=colour, value="red")
    AttributeOptionFactory(attribute=colour, value="blue")
    ProductAttributeValue.objects.create(product=ProductFactory(account=account), attribute=colour, value_option=red)

    response = owner_client.patch(
        api_url(f"catalog/attributes/{colour.pk}/"), {"options": [{"value": "blue"}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"options": ["Option 'red' is still used by products; change them first."]}
    assert sorted(AttributeOption.objects.filter(attribute=colour).values_list("value", flat=True)) == ["blue", "red"]


def test_deleting_an_attribute_in_use_is_refused(owner_client, api_url, account):
    from hub.catalog.models import ProductAttributeValue

    colour = AttributeFactory(account=account, code="colour", kind="enum")
    red = AttributeOptionFactory(attribute=colour, value="red")
    ProductAttributeValue.objects.create(product=ProductFactory(account=account), attribute=colour, value_option=red)

    response = owner_client.delete(api_url(f"catalog/attributes/{colour.pk}/"))

    assert response.status_code == 409
    assert ProductAttributeValue.objects.filter(attribute=colour).count() == 1


@pytest.mark.parametrize("kind", ["text", "boolean"])
def test_deleting_a_plain_attribute_in_use_is_refused_too(owner_client, api_url, account, kind):
    from hub.catalog.models import VariantAttributeValue
    from tests.factories.catalog import VariantFactory

    attribute = AttributeFactory(account=account, code="flag", kind=kind)
    variant = VariantFactory(product=ProductFactory(account=account))
    VariantAttributeValue.objects.create(variant=variant, attribute=attribute, value_text="x", value_boolean=True)

    response = owner_client.delete(api_url(f"catalog/attributes/{attribute.pk}/"))

    assert response.status_code == 409
    assert response.json()["message"] == "Products or variants still have values for this attribute."
    assert VariantAttributeValue.objects.filter(attribute=attribute).count() == 1


def test_deleting_an_unused_attribute(owner_client, api_url, account):
    attribute = AttributeFactory(account=account, code="unused", kind="enum")
    AttributeOptionFactory(attribute=attribute, value="x")

    response = owner_client.delete(api_url(f"catalog/attributes/{attribute.pk}/"))

    assert response.status_code == 204
    assert Attribute.objects.filter(pk=attribute.pk).count() == 0
