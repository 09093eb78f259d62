"""The product grid's read: one query per page (plus its count) at any catalog size.

Each product row carries its variant figures (count, lowest and highest price), the stock
available over all its variants and warehouses, its main image and whether it is ready for the
marketplaces. A page is found first (its fifty ids and the total): by the product columns alone,
or, when a sort or filter is on a figure, by one statement that aggregates variants and stock
once per request (GROUP BY) with the total as a window count. The figures are then computed for
those fifty products only. Pagination is by offset over a stable order (the sort key, then the id).

Marketplace readiness (the hub's own bar, before any marketplace's rules): the product is active,
has a category and at least one image, and every variant has a GTIN or is GTIN-exempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
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


def _filtered(*, account: SellerAccount, query: GridQuery) -> QuerySet[Product] | None:
    """Products matching the product-column filters (search, status, category, brand)."""
    products = Product.objects.filter(account=account)
    if query.q:
        # One scan of the account's variants, not one lookup per product.
        by_variant = Variant.objects.filter(account=account).filter(Q(sku__istartswith=query.q) | Q(gtin=query.q))
        products = products.filter(
            Q(code__icontains=query.q)
            | Q(title__icontains=query.q)
            | Q(brand__icontains=query.q)
            | Q(pk__in=by_variant.values("product_id"))
        )
    if query.status:
        products = products.filter(status__in=query.status)
    if query.category:
        category = Category.objects.filter(account=account, pk=query.category).first()
        if category is None:
            return None
        products = products.filter(
            Q(category=category) | Q(category__path__startswith=category.path + CATEGORY_PATH_SEPARATOR)
        )
    if query.brand:
        products = products.filter(brand__iexact=query.brand)
    return products


# Sorts and filters on the figures go through one SQL statement that aggregates the variants and
# the stock once (GROUP BY), instead of a subquery per product (which PostgreSQL also evaluates
# for every row an OFFSET skips).
_FIGURE_SORTS = {
    "price": "v.min_price ASC NULLS LAST, p.code ASC",
    "-price": "v.max_price DESC NULLS LAST, p.code ASC",
    "stock": "COALESCE(s.available, 0) ASC, p.code ASC",
    "-stock": "COALESCE(s.available, 0) DESC, p.code ASC",
    "variants": "COALESCE(v.n, 0) ASC, p.code ASC",
    "-variants": "COALESCE(v.n, 0) DESC, p.code ASC",
}
_PLAIN_SORTS = {
    "code": "p.code ASC",
    "-code": "p.code DESC",
    "title": "p.title ASC",
    "-title": "p.title DESC",
    "brand": "p.brand ASC, p.code ASC",
    "-updated": "p.updated_at DESC",
    "updated": "p.updated_at ASC",
}


def _needs_figures(query: GridQuery) -> bool:
    return bool(query.stock or query.ready or query.sort in _FIGURE_SORTS)


def _page_ids_by_figures(
    *, account: SellerAccount, query: GridQuery, base: QuerySet[Product], offset: int, limit: int
) -> tuple[list[int], int]:
    base_sql, base_params = base.values("pk").query.sql_with_params()
    variant_table, level_table = Variant._meta.db_table, StockLevel._meta.db_table
    image_table, product_table = ProductImage._meta.db_table, Product._meta.db_table
    where, params = [], []
    if query.stock == "in":
        where.append("COALESCE(s.available, 0) > %s")
        params.append(query.low_stock)
    elif query.stock == "low":
        where.append("COALESCE(s.available, 0) > 0 AND COALESCE(s.available, 0) <= %s")
        params.append(query.low_stock)
    elif query.stock == "out":
        where.append("COALESCE(s.available, 0) <= 0")
    ready = (
        "(p.status = 'active' AND p.category_id IS NOT NULL AND img.product_id IS NOT NULL "
        "AND COALESCE(v.n, 0) > 0 AND NOT COALESCE(v.missing_code, false))"
    )
    if query.ready == "ready":
        where.append(ready)
    elif query.ready == "not_ready":
        where.append(f"NOT {ready}")
    order = _FIGURE_SORTS.get(query.sort) or _PLAIN_SORTS[query.sort]
    # Only the aggregates this sort and these filters read (the stock one is the dearest).
    uses_variants = bool(query.ready) or query.sort in ("price", "-price", "variants", "-variants")
    uses_stock = bool(query.stock) or query.sort in ("stock", "-stock")
    ctes, joins, cte_params = [], [], []
    if uses_variants:
        ctes.append(
            f"""v AS (
            SELECT product_id, COUNT(*) AS n, MIN(base_price) AS min_price, MAX(base_price) AS max_price,
                   BOOL_OR(gtin = '' AND NOT gtin_exempt) AS missing_code
            FROM "{variant_table}" WHERE account_id = %s GROUP BY product_id)"""
        )
        joins.append("LEFT JOIN v ON v.product_id = p.id")
        cte_params.append(account.pk)
    if uses_stock:
        ctes.append(
            f"""s AS (
            SELECT var.product_id, SUM(l.on_hand - l.reserved) AS available
            FROM "{level_table}" l JOIN "{variant_table}" var ON var.id = l.variant_id
            WHERE l.account_id = %s GROUP BY var.product_id)"""
        )
        joins.append("LEFT JOIN s ON s.product_id = p.id")
        cte_params.append(account.pk)
    if query.ready:
        ctes.append(
            f"""img AS (
            SELECT DISTINCT i.product_id FROM "{image_table}" i
            JOIN "{product_table}" ip ON ip.id = i.product_id WHERE ip.account_id = %s)"""
        )
        joins.append("LEFT JOIN img ON img.product_id = p.id")
        cte_params.append(account.pk)
    sql = f"""
        WITH {", ".join(ctes)}
        SELECT p.id, COUNT(*) OVER () AS total
        FROM "{product_table}" p {" ".join(joins)}
        WHERE p.id IN ({base_sql}) {"AND " + " AND ".join(where) if where else ""}
        ORDER BY {order}, p.id
        LIMIT %s OFFSET %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*cte_params, *base_params, *params, limit, offset])
        rows = cursor.fetchall()
    if not rows and offset:
        # Past the last page: the total still comes from a count.
        return [], _page_ids_by_figures(account=account, query=query, base=base, offset=0, limit=1)[1]
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def product_grid_page(*, account: SellerAccount, query: GridQuery, page: int) -> tuple[list[Product], int]:
    """One page of the grid: (products with their figures, total matches). Finding the page's ids
    and their figures are separate steps, so the figures are computed for fifty products only."""
    base = _filtered(account=account, query=query)
    if base is None:
        return [], 0
    offset = (max(page, 1) - 1) * PAGE_SIZE
    if _needs_figures(query) and connection.vendor == "postgresql":
        ids, total = _page_ids_by_figures(account=account, query=query, base=base, offset=offset, limit=PAGE_SIZE)
    elif _needs_figures(query):  # SQLite (the embedded default): the same through subqueries
        figured = _with_figure_filters(_figures(base), query).order_by(*SORTS[query.sort], "pk")
        total = figured.count()
        ids = list(figured.values_list("pk", flat=True)[offset : offset + PAGE_SIZE])
    else:
        total = base.count()
        ids = list(base.order_by(*SORTS[query.sort], "pk").values_list("pk", flat=True)[offset : offset + PAGE_SIZE])
    rows = {product.pk: product for product in _figures(Product.objects.filter(pk__in=ids).select_related("category"))}
    return [rows[pk] for pk in ids if pk in rows], total


def _with_figure_filters(products: QuerySet[Product], query: GridQuery) -> QuerySet[Product]:
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
    return products


def product_grid(*, account: SellerAccount, query: GridQuery) -> QuerySet[Product]:
    """All matching products with their figures, in order (the bulk and export callers; the page
    itself uses product_grid_page)."""
    base = _filtered(account=account, query=query)
    if base is None:
        return Product.objects.none()
    return _with_figure_filters(_figures(base.select_related("category")), query).order_by(*SORTS[query.sort], "pk")


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
    "product_grid_page",
    "product_grid",
    "readiness_problems",
]
