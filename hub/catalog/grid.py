"""The product grid's read: one query per page (plus its count) at any catalog size.

Each product row carries its variant figures (count, lowest and highest price), the stock
available over all its variants and warehouses, its main image and whether it is ready for the
marketplaces, all as correlated subqueries: PostgreSQL computes them only for the rows of the
page when the sort is on a product column (indexed), and once per product when the sort or a
filter is on one of the figures. Pagination is by offset over a stable order (the sort key, then
the id).

Marketplace readiness (the hub's own bar, before any marketplace's rules): the product is active,
has a category and at least one image, and every variant has a GTIN or is GTIN-exempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from hub.accounts.models import SellerAccount
from hub.catalog.models import CATEGORY_PATH_SEPARATOR, Category, Product, ProductImage, ProductStatus, Variant
from hub.inventory.models import StockLevel

PAGE_SIZE = 50
LOW_STOCK_DEFAULT = 5

SORTS = {
    "code": ("code",),
    "-code": ("-code",),
    "title": ("title",),
    "-title": ("-title",),
    "brand": ("brand", "code"),
    "-updated": ("-updated_at",),
    "updated": ("updated_at",),
    "price": ("min_price", "code"),
    "-price": ("-max_price", "code"),
    "stock": ("available", "code"),
    "-stock": ("-available", "code"),
    "variants": ("variant_count", "code"),
    "-variants": ("-variant_count", "code"),
}
STOCK_FILTERS = ("in", "low", "out")
READY_FILTERS = ("ready", "not_ready")


@dataclass
class GridQuery:
    q: str = ""
    status: list[str] = field(default_factory=list)
    category: int | None = None
    brand: str = ""
    stock: str = ""
    ready: str = ""
    sort: str = "code"
    low_stock: int = LOW_STOCK_DEFAULT

    @classmethod
    def from_params(cls, params) -> GridQuery:  # type: ignore[no-untyped-def]
        """From request.GET; unknown values are ignored rather than refused (a bookmarked URL)."""
        try:
            category = int(params.get("category") or 0) or None
        except ValueError:
            category = None
        try:
            low = max(0, int(params.get("low_stock") or LOW_STOCK_DEFAULT))
        except ValueError:
            low = LOW_STOCK_DEFAULT
        sort = params.get("sort") or "code"
        return cls(
            q=(params.get("q") or "").strip()[:200],
            status=[s for s in params.getlist("status") if s in ProductStatus.values],
            category=category,
            brand=(params.get("brand") or "").strip()[:120],
            stock=params.get("stock") if params.get("stock") in STOCK_FILTERS else "",
            ready=params.get("ready") if params.get("ready") in READY_FILTERS else "",
            sort=sort if sort in SORTS else "code",
            low_stock=low,
        )


def _figures(queryset: QuerySet[Product]) -> QuerySet[Product]:
    variants = Variant.objects.filter(product=OuterRef("pk")).order_by().values("product")
    stock = (
        StockLevel.objects.filter(variant__product=OuterRef("pk"))
        .order_by()
        .values("variant__product")
        .annotate(total=Sum(F("on_hand") - F("reserved")))
        .values("total")
    )
    main_image = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "pk").values("image")[:1]
    without_code = Variant.objects.filter(product=OuterRef("pk"), gtin="", gtin_exempt=False)
    return queryset.annotate(
        variant_count=Coalesce(Subquery(variants.annotate(n=Count("pk")).values("n")), 0),
        min_price=Subquery(variants.annotate(p=Min("base_price")).values("p")),
        max_price=Subquery(variants.annotate(p=Max("base_price")).values("p")),
        currency=Subquery(variants.annotate(c=Max("currency")).values("c")),
        available=Coalesce(Subquery(stock, output_field=IntegerField()), 0),
        main_image=Subquery(main_image),
        is_ready=ExpressionWrapper(
            Q(status=ProductStatus.ACTIVE)
            & Q(category__isnull=False)
            & Exists(ProductImage.objects.filter(product=OuterRef("pk")))
            & Exists(Variant.objects.filter(product=OuterRef("pk")))
            & ~Exists(without_code),
            output_field=BooleanField(),
        ),
    )


def product_grid(*, account: SellerAccount, query: GridQuery) -> QuerySet[Product]:
    """Products of `account` matching `query`, annotated with their figures, in the chosen order."""
    products = Product.objects.filter(account=account)
    if query.q:
        products = products.filter(
            Q(code__icontains=query.q)
            | Q(title__icontains=query.q)
            | Q(brand__icontains=query.q)
            | Exists(Variant.objects.filter(product=OuterRef("pk"), sku__istartswith=query.q))
            | Exists(Variant.objects.filter(product=OuterRef("pk"), gtin=query.q))
        )
    if query.status:
        products = products.filter(status__in=query.status)
    if query.category:
        category = Category.objects.filter(account=account, pk=query.category).first()
        if category is None:
            return Product.objects.none()
        products = products.filter(
            Q(category=category) | Q(category__path__startswith=category.path + CATEGORY_PATH_SEPARATOR)
        )
    if query.brand:
        products = products.filter(brand__iexact=query.brand)
    products = _figures(products.select_related("category"))
    if query.stock == "in":
        products = products.filter(available__gt=query.low_stock)
    elif query.stock == "low":
        products = products.filter(available__gt=0, available__lte=query.low_stock)
    elif query.stock == "out":
        products = products.filter(available__lte=0)
    if query.ready == "ready":
        products = products.filter(is_ready=True)
    elif query.ready == "not_ready":
        products = products.filter(is_ready=False)
    return products.order_by(*SORTS[query.sort], "pk")


def grid_count(*, account: SellerAccount, query: GridQuery) -> int:
    """The match count without the display-only figures (cheaper than counting the annotated rows)."""
    grid = product_grid(account=account, query=query)
    if not (query.stock or query.ready):
        grid = grid.values("pk")
    return grid.order_by().count()


def brand_list(*, account: SellerAccount) -> list[str]:
    return list(
        Product.objects.filter(account=account)
        .exclude(brand="")
        .order_by("brand")
        .values_list("brand", flat=True)
        .distinct()[:500]
    )


def readiness_problems(*, product: Product) -> list[str]:
    """Why a product is not ready (keys the editor shows in words)."""
    problems = []
    if product.status != ProductStatus.ACTIVE:
        problems.append("not_active")
    if product.category_id is None:
        problems.append("no_category")
    if not product.images.exists():
        problems.append("no_image")
    if not product.variants.exists():
        problems.append("no_variant")
    elif product.variants.filter(gtin="", gtin_exempt=False).exists():
        problems.append("no_gtin")
    return problems


__all__ = [
    "LOW_STOCK_DEFAULT",
    "PAGE_SIZE",
    "SORTS",
    "GridQuery",
    "brand_list",
    "grid_count",
    "product_grid",
    "readiness_problems",
]
