from hub.catalog.models import Category, Product
from hub.catalog.selectors import category_with_descendants, product_list, variant_list
from tests.factories.catalog import CategoryFactory, ProductFactory, VariantFactory


def test_category_with_descendants_selects_the_subtree(account):
    root = CategoryFactory(account=account, name="Root")
    leaf = CategoryFactory(account=account, name="Leaf", parent=root)
    CategoryFactory(account=account, name="Rootless")  # a prefix of the name, not a descendant
    in_root = ProductFactory(account=account, category=root)
    in_leaf = ProductFactory(account=account, category=leaf)
    ProductFactory(account=account, category=Category.objects.get(name="Rootless"))

    found = Product.objects.filter(category_with_descendants(category=root))

    assert sorted(p.pk for p in found) == sorted([in_root.pk, in_leaf.pk])


def test_product_list_prefetches_variants_in_position_order(account, other_account, django_assert_num_queries):
    product = ProductFactory(account=account)
    VariantFactory(product=product, sku="B", position=2)
    VariantFactory(product=product, sku="A", position=1)
    ProductFactory(account=other_account)

    with django_assert_num_queries(5):
        products = list(product_list(account=account))
        skus = [[v.sku for v in p.variants.all()] for p in products]

    assert skus == [["A", "B"]]


def test_variant_list_is_scoped(account, other_account):
    mine = VariantFactory(product=ProductFactory(account=account))
    VariantFactory(product=ProductFactory(account=other_account))

    assert list(variant_list(account=account)) == [mine]
