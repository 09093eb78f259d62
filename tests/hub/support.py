"""Helpers shared by the foundation tests: small real images and one populated tenant."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hub.accounts.models import Invitation, Membership, SellerAccount
from hub.accounts.roles import Role
from hub.catalog.models import Attribute, AttributeKind, Category, Product, ProductImage, Variant
from hub.catalog.services import product_image_add
from hub.inventory.models import MovementReason, StockLevel, StockMovement, Warehouse
from hub.inventory.services import stock_adjust
from tests.factories.accounts import MembershipFactory
from tests.factories.catalog import (
    AttributeFactory,
    CategoryAttributeFactory,
    CategoryFactory,
    ProductFactory,
    VariantFactory,
)
from tests.factories.inventory import WarehouseFactory


def png_bytes(*, width: int = 4, height: int = 3, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


@dataclass
class Tenant:
    """One seller account with one of everything an account-scoped endpoint can address."""

    account: SellerAccount
    category: Category
    attribute: Attribute
    product: Product
    variant: Variant
    warehouse: Warehouse
    second_warehouse: Warehouse
    image: ProductImage
    # Objects without history or dependants, so that DELETE succeeds where the role allows it.
    spare_category: Category
    spare_attribute: Attribute
    spare_product: Product
    spare_variant: Variant
    movement: StockMovement
    level: StockLevel
    member: Membership
    invitation: Invitation


def tenant_build(account: SellerAccount) -> Tenant:
    category = CategoryFactory(account=account, name="Jewellery")
    attribute = AttributeFactory(account=account, code="material", kind=AttributeKind.TEXT)
    CategoryAttributeFactory(category=category, attribute=attribute)
    product = ProductFactory(account=account, code="RING", category=category)
    variant = VariantFactory(product=product, sku=f"RING-{account.pk}")
    warehouse = WarehouseFactory(account=account, code="main")
    second_warehouse = WarehouseFactory(account=account, code="spare")
    movement = stock_adjust(
        account=account, variant=variant, warehouse=warehouse, on_hand_change=10, reason=MovementReason.RECEIPT
    )
    image = product_image_add(product=product, file=png_upload(f"ring-{account.pk}.png"))
    spare_product = ProductFactory(account=account, code="SPARE")
    member = MembershipFactory(account=account, role=Role.CATALOG)
    invitation = Invitation.objects.create(
        account=account,
        email=f"invitee-{account.pk}@example.com",
        role=Role.LOGISTICS,
        token=f"token-{account.pk}",
        expires_at=timezone.now() + timedelta(days=7),
    )
    return Tenant(
        account=account,
        category=category,
        attribute=attribute,
        product=product,
        variant=variant,
        warehouse=warehouse,
        second_warehouse=second_warehouse,
        image=image,
        spare_category=CategoryFactory(account=account, name="Unused"),
        spare_attribute=AttributeFactory(account=account, code="unused", kind=AttributeKind.BOOLEAN),
        spare_product=spare_product,
        spare_variant=VariantFactory(product=spare_product, sku=f"SPARE-{account.pk}"),
        movement=movement,
        level=StockLevel.objects.get(variant=variant, warehouse=warehouse),
        member=member,
        invitation=invitation,
    )
