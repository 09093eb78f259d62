"""The one table of account-scoped endpoints in hub/, read by the role-matrix and tenant-isolation
tests. `path` builds the part after `/api/accounts/<pk>/` from a `Tenant`'s objects, so the same
builder addresses this account's objects or (for isolation tests) another account's ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from hub.accounts.roles import Area
from tests.hub.support import Tenant, png_upload

IMPORT_CSV = b"product_code,title,sku,base_price\nNEW,New product,NEW-1,1.00\n"


@dataclass(frozen=True)
class Endpoint:
    name: str
    area: Area
    path: Callable[[Tenant], str]
    read: str | None = "get"
    write: str | None = None
    body: Callable[[Tenant], dict[str, Any]] = lambda t: {}
    write_status: int = 200
    multipart: bool = False
    # The path names one object of the account (an id that must not resolve for other tenants).
    detail: bool = False

    def url(self, tenant: Tenant, *, account_pk: int | None = None) -> str:
        return f"/api/accounts/{account_pk or tenant.account.pk}/{self.path(tenant)}"

    def call(self, client, method: str, tenant: Tenant, *, account_pk: int | None = None, ids: Tenant | None = None):
        """Call with `method` on the URL of `account_pk` (default: tenant's) using the ids of `ids`."""
        url = f"/api/accounts/{account_pk or tenant.account.pk}/{self.path(ids or tenant)}"
        if method == "get":
            return client.get(url)
        body = self.body(ids or tenant)
        if self.multipart:
            return getattr(client, method)(url, body, format="multipart")
        return getattr(client, method)(url, body, format="json")


ENDPOINTS: list[Endpoint] = [
    # accounts
    Endpoint("account-detail", Area.ACCOUNT, lambda t: "", write="patch", body=lambda t: {"name": "Renamed"}),
    Endpoint("members", Area.ACCOUNT, lambda t: "members/"),
    Endpoint(
        "member-detail",
        Area.ACCOUNT,
        lambda t: f"members/{t.member.pk}/",
        write="patch",
        body=lambda t: {"role": "manager"},
        detail=True,
    ),
    Endpoint(
        "member-remove",
        Area.ACCOUNT,
        lambda t: f"members/{t.member.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "invitations",
        Area.ACCOUNT,
        lambda t: "invitations/",
        write="post",
        body=lambda t: {"email": "new.person@example.com", "role": "catalog"},
        write_status=201,
    ),
    Endpoint(
        "invitation-detail",
        Area.ACCOUNT,
        lambda t: f"invitations/{t.invitation.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    # catalog
    Endpoint(
        "categories",
        Area.CATALOG,
        lambda t: "catalog/categories/",
        write="post",
        body=lambda t: {"name": "Watches"},
        write_status=201,
    ),
    Endpoint(
        "category-detail",
        Area.CATALOG,
        lambda t: f"catalog/categories/{t.category.pk}/",
        write="patch",
        body=lambda t: {"name": "Fine jewellery"},
        detail=True,
    ),
    Endpoint(
        "category-delete",
        Area.CATALOG,
        lambda t: f"catalog/categories/{t.spare_category.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "category-attributes",
        Area.CATALOG,
        lambda t: f"catalog/categories/{t.category.pk}/attributes/",
        write="put",
        body=lambda t: {"attribute": t.attribute.pk, "is_required": True},
        detail=True,
    ),
    Endpoint(
        "category-attribute-detach",
        Area.CATALOG,
        lambda t: f"catalog/categories/{t.category.pk}/attributes/{t.attribute.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "attributes",
        Area.CATALOG,
        lambda t: "catalog/attributes/",
        write="post",
        body=lambda t: {"code": "finish", "name": "Finish", "kind": "text"},
        write_status=201,
    ),
    Endpoint(
        "attribute-detail",
        Area.CATALOG,
        lambda t: f"catalog/attributes/{t.attribute.pk}/",
        write="patch",
        body=lambda t: {"name": "Metal"},
        detail=True,
    ),
    Endpoint(
        "attribute-delete",
        Area.CATALOG,
        lambda t: f"catalog/attributes/{t.spare_attribute.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "products",
        Area.CATALOG,
        lambda t: "catalog/products/",
        write="post",
        body=lambda t: {"code": "NEW", "title": "New product"},
        write_status=201,
    ),
    Endpoint(
        "product-detail",
        Area.CATALOG,
        lambda t: f"catalog/products/{t.product.pk}/",
        write="patch",
        body=lambda t: {"title": "Silver ring"},
        detail=True,
    ),
    Endpoint(
        "product-delete",
        Area.CATALOG,
        lambda t: f"catalog/products/{t.spare_product.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "variants",
        Area.CATALOG,
        lambda t: "catalog/variants/",
        write="post",
        body=lambda t: {"product": t.product.pk, "sku": "NEW-SKU", "base_price": "1.00"},
        write_status=201,
    ),
    Endpoint(
        "variant-detail",
        Area.CATALOG,
        lambda t: f"catalog/variants/{t.variant.pk}/",
        write="patch",
        body=lambda t: {"base_price": "21.00"},
        detail=True,
    ),
    Endpoint(
        "variant-delete",
        Area.CATALOG,
        lambda t: f"catalog/variants/{t.spare_variant.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "images",
        Area.CATALOG,
        lambda t: f"catalog/products/{t.product.pk}/images/",
        write="post",
        body=lambda t: {"image": png_upload("new.png", colour=(1, 2, 3))},
        write_status=201,
        multipart=True,
        detail=True,
    ),
    Endpoint(
        "image-detail",
        Area.CATALOG,
        lambda t: f"catalog/products/{t.product.pk}/images/{t.image.pk}/",
        read=None,
        write="patch",
        body=lambda t: {"alt_text": "A ring"},
        detail=True,
    ),
    Endpoint(
        "image-delete",
        Area.CATALOG,
        lambda t: f"catalog/products/{t.product.pk}/images/{t.image.pk}/",
        read=None,
        write="delete",
        write_status=204,
        detail=True,
    ),
    Endpoint(
        "image-order",
        Area.CATALOG,
        lambda t: f"catalog/products/{t.product.pk}/images/order/",
        read=None,
        write="post",
        body=lambda t: {"image_ids": [t.image.pk]},
        detail=True,
    ),
    Endpoint(
        "import",
        Area.CATALOG,
        lambda t: "catalog/import/",
        read=None,
        write="post",
        body=lambda t: {"file": SimpleUploadedFile("catalog.csv", IMPORT_CSV, content_type="text/csv")},
        multipart=True,
    ),
    Endpoint("export", Area.CATALOG, lambda t: "catalog/export/?format=csv"),
    Endpoint(
        "bulk",
        Area.CATALOG,
        lambda t: "catalog/bulk/",
        read=None,
        write="post",
        body=lambda t: {"products": [t.spare_product.pk], "action": "archive"},
    ),
    # inventory
    Endpoint(
        "warehouses",
        Area.INVENTORY,
        lambda t: "inventory/warehouses/",
        write="post",
        body=lambda t: {"code": "berlin", "name": "Berlin", "country": "DE"},
        write_status=201,
    ),
    Endpoint(
        "warehouse-detail",
        Area.INVENTORY,
        lambda t: f"inventory/warehouses/{t.warehouse.pk}/",
        write="patch",
        body=lambda t: {"name": "Main hall"},
        detail=True,
    ),
    Endpoint("stock-levels", Area.INVENTORY, lambda t: "inventory/stock-levels/"),
    Endpoint("stock-level-detail", Area.INVENTORY, lambda t: f"inventory/stock-levels/{t.level.pk}/", detail=True),
    Endpoint("stock-movements", Area.INVENTORY, lambda t: "inventory/stock-movements/"),
    Endpoint(
        "stock-movement-detail", Area.INVENTORY, lambda t: f"inventory/stock-movements/{t.movement.pk}/", detail=True
    ),
    Endpoint(
        "adjustments",
        Area.INVENTORY,
        lambda t: "inventory/adjustments/",
        read=None,
        write="post",
        body=lambda t: {"variant": t.variant.pk, "warehouse": t.warehouse.pk, "on_hand_change": 3},
        write_status=201,
    ),
    Endpoint(
        "transfers",
        Area.INVENTORY,
        lambda t: "inventory/transfers/",
        read=None,
        write="post",
        body=lambda t: {
            "variant": t.variant.pk,
            "source": t.warehouse.pk,
            "destination": t.second_warehouse.pk,
            "quantity": 2,
        },
        write_status=201,
    ),
]
