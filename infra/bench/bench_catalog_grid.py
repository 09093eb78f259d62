"""The product grid and editor at 50,000 variants (10,000 products × 5, stock in two warehouses,
images on a third of the products), seeded with bulk_create. Server time through Django's test
client (view, queries, template): p95 over every filter and every sort, and deep pages; then the
editor's product and variant saves."""

import statistics
import time
from decimal import Decimal

from infra.bench.figures import Figure

PRODUCTS = 10_000
VARIANTS_PER_PRODUCT = 5
ROUNDS = 5
SAVES = 40
GRID_TARGET_MS = 300.0
SAVE_TARGET_MS = 200.0


def _seed():
    from django.db import connection

    from hub.accounts.models import Membership, SellerAccount, User
    from hub.catalog.models import Category, Product, ProductImage, Variant
    from hub.inventory.models import StockLevel, Warehouse

    account = SellerAccount.objects.create(name="Grid bench", base_currency="USD", source_locale="en_US")
    user = User.objects.create_user(email=f"bench-{time.time_ns()}@example.com", password="bench-password-1")
    Membership.objects.create(account=account, user=user, role="owner")
    roots = [Category.objects.create(account=account, name=f"Root {n}", path=f"Root {n}") for n in range(5)]
    leaves = [
        Category.objects.create(account=account, parent=root, name=f"Leaf {n}", path=f"{root.path} > Leaf {n}", depth=1)
        for root in roots
        for n in range(4)
    ]
    statuses = ["active", "draft", "archived", "active"]
    products = Product.objects.bulk_create(
        [
            Product(
                account=account,
                code=f"P{n:05d}",
                title=f"Bench product {n} {'steel bracelet' if n % 7 == 0 else 'cotton tee'}",
                brand=f"Brand {n % 50}",
                category=leaves[n % len(leaves)] if n % 10 else None,
                status=statuses[n % 4],
            )
            for n in range(PRODUCTS)
        ],
        batch_size=2000,
    )
    variants = Variant.objects.bulk_create(
        [
            Variant(
                account=account,
                product=product,
                sku=f"SKU-{index:05d}-{v}",
                gtin="" if index % 3 else "",
                gtin_exempt=index % 3 != 1,
                currency="USD",
                base_price=Decimal(f"{10 + (index * 7 + v) % 90}.99"),
                cost=Decimal("4.50"),
                position=v,
            )
            for index, product in enumerate(products)
            for v in range(VARIANTS_PER_PRODUCT)
        ],
        batch_size=5000,
    )
    main = Warehouse.objects.create(account=account, code="main", name="Main", country="CN")
    fba = Warehouse.objects.create(account=account, code="fba", name="FBA", kind="fba", fba_region="NA")
    StockLevel.objects.bulk_create(
        [
            StockLevel(account=account, variant=variant, warehouse=warehouse, on_hand=(n * 13) % 40, reserved=n % 3)
            for n, variant in enumerate(variants)
            for warehouse in (main, fba)
            if (n + warehouse.pk) % 4
        ],
        batch_size=5000,
    )
    ProductImage.objects.bulk_create(
        [
            ProductImage(product=product, image=f"bench/{product.code}.png", width=10, height=10, position=0)
            for n, product in enumerate(products)
            if n % 3 == 0
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return account, user, leaves, products


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]


def run() -> list[Figure]:
    from django.test import Client

    from hub.catalog.grid import SORTS

    started = time.monotonic()
    account, user, leaves, products = _seed()
    print(f"    seeded {PRODUCTS * VARIANTS_PER_PRODUCT} variants in {time.monotonic() - started:.1f} s", flush=True)
    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host of the settings
    client.force_login(user)
    url = f"/catalog/{account.pk}/"
    filters = [
        {},
        {"q": "bracelet"},
        {"q": "SKU-0420"},
        {"status": "active"},
        {"category": leaves[0].parent_id},
        {"category": leaves[3].pk},
        {"brand": "Brand 7"},
        {"stock": "in"},
        {"stock": "low"},
        {"stock": "out"},
        {"ready": "ready"},
        {"ready": "not_ready"},
        {"status": "active", "stock": "low", "sort": "-price"},
    ]
    queries = [*filters, *({"sort": key} for key in SORTS), {"page": "150"}, {"page": "150", "sort": "-stock"}]
    for query in queries:  # warm caches and check every page renders
        response = client.get(url, query)
        assert response.status_code == 200, (query, response.status_code)
    samples: list[float] = []
    worst: tuple[float, dict] = (0.0, {})
    for _ in range(ROUNDS):
        for query in queries:
            begin = time.perf_counter()
            client.get(url, query)
            elapsed = (time.perf_counter() - begin) * 1000
            samples.append(elapsed)
            worst = max(worst, (elapsed, query), key=lambda item: item[0])
    median = statistics.median(samples)
    print(f"    grid: {len(samples)} requests, median {median:.0f} ms, worst {worst[0]:.0f} ms {worst[1]}")

    product = products[42]
    variant = product.variants.first()
    editor = f"/catalog/{account.pk}/products/{product.pk}/"
    product_saves, variant_saves = [], []
    for n in range(SAVES):
        begin = time.perf_counter()
        response = client.post(
            editor,
            {
                "code": product.code,
                "title": f"Bench product renamed {n}",
                "brand": "Brand 1",
                "status": "draft",
                "category": "",
            },
        )
        product_saves.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 302, response.status_code
        begin = time.perf_counter()
        response = client.post(
            f"{editor}variants/{variant.pk}/", {"sku": variant.sku, "base_price": f"{20 + n}.50", "gtin_exempt": "on"}
        )
        variant_saves.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 302, response.status_code
    return [
        Figure(
            "catalog grid p95 (50k variants)",
            _p95(samples),
            "ms",
            GRID_TARGET_MS,
            note=f"{len(queries)} filter/sort/page combinations × {ROUNDS}; server time incl. template",
        ),
        Figure("product editor save p95", _p95(product_saves), "ms", SAVE_TARGET_MS, note="POST, then redirect"),
        Figure("variant editor save p95", _p95(variant_saves), "ms", SAVE_TARGET_MS, note="POST, then redirect"),
    ]
