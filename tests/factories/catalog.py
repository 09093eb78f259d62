from decimal import Decimal

import factory

from hub.catalog.models import (
    Attribute,
    AttributeKind,
    AttributeOption,
    Category,
    CategoryAttribute,
    Product,
    ProductStatus,
    Variant,
)
from tests.factories.accounts import SellerAccountFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    account = factory.SubFactory(SellerAccountFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    parent = None
    path = factory.LazyAttribute(lambda c: f"{c.parent.path} > {c.name}" if c.parent else c.name)
    depth = factory.LazyAttribute(lambda c: c.parent.depth + 1 if c.parent else 0)


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute

    account = factory.SubFactory(SellerAccountFactory)
    code = factory.Sequence(lambda n: f"attribute_{n}")
    name = factory.LazyAttribute(lambda a: a.code.replace("_", " ").title())
    kind = AttributeKind.TEXT
    units = factory.LazyAttribute(lambda a: ["cm", "in"] if a.kind == AttributeKind.NUMBER else [])


class AttributeOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributeOption

    attribute = factory.SubFactory(AttributeFactory, kind=AttributeKind.ENUM)
    value = factory.Sequence(lambda n: f"option{n}")
    label = factory.LazyAttribute(lambda o: o.value.title())


class CategoryAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryAttribute

    category = factory.SubFactory(CategoryFactory)
    attribute = factory.SubFactory(AttributeFactory, account=factory.SelfAttribute("..category.account"))
    is_required = False
    is_variation = False


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    account = factory.SubFactory(SellerAccountFactory)
    code = factory.Sequence(lambda n: f"P{n:05d}")
    title = factory.Faker("sentence", nb_words=5)
    description = factory.Faker("paragraph")
    brand = "Acme"
    status = ProductStatus.DRAFT


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    account = factory.SelfAttribute("product.account")
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    currency = factory.SelfAttribute("account.base_currency")
    base_price = Decimal("19.99")
    cost = Decimal("7.50")
