"""The demo seller: a small Shenzhen-based brand owner selling jewellery, apparel, homeware,
phone accessories and bags, with a login for every role, ~200 products with variants, images and
attributes, and stock in its own warehouse and two FBA regions.

The catalog goes in through the real spreadsheet import, so the demo also shows that path works.
"""

import csv
import io
import itertools
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.module_loading import import_string

from hub.accounts.models import Membership, SellerAccount, User
from hub.accounts.roles import Role
from hub.accounts.services import account_create
from hub.catalog.gtin import gtin_check_digit
from hub.catalog.models import Category, Product
from hub.catalog.services import attribute_create, category_attribute_set, category_create, product_image_add
from hub.catalog.spreadsheet.format import ATTRIBUTE_PREFIX, FIXED_COLUMNS, STOCK_PREFIX
from hub.catalog.spreadsheet.importer import catalog_import
from hub.inventory.services import warehouse_create
from infra.demo import catalog_data
from infra.demo.images import product_image

DEMO_ACCOUNT_NAME = "Lumora Trading Co."
DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = [
    ("owner@demo.hub", "Chen Wei", Role.OWNER, []),
    ("catalog@demo.hub", "Li Na", Role.CATALOG, []),
    ("translator.de@demo.hub", "Anna Becker", Role.TRANSLATOR, ["de", "fr"]),
    ("translator.ja@demo.hub", "Sato Yuki", Role.TRANSLATOR, ["ja"]),
    ("logistics@demo.hub", "Wang Fang", Role.LOGISTICS, []),
    ("manager@demo.hub", "Zhang Min", Role.MANAGER, []),
]
ADMIN_EMAIL = "admin@demo.hub"
WAREHOUSES = [
    {
        "code": "sz",
        "name": "Shenzhen warehouse",
        "kind": "own",
        "country": "CN",
        "city": "Shenzhen",
        "region": "Guangdong",
        "postal_code": "518000",
        "address_line1": "88 Bantian Industrial Rd",
    },
    {"code": "fba-na", "name": "Amazon FBA North America", "kind": "fba", "fba_region": "NA"},
    {"code": "fba-eu", "name": "Amazon FBA Europe", "kind": "fba", "fba_region": "EU"},
]
# Each app's part of the demo: a function(account, stdout), run after the catalog is loaded.
DEMO_EXTENSIONS = [
    "infra.demo.translations.load_demo_translations",
    "infra.demo.loader.connect_demo_channels",
    "infra.demo.listings.load_demo_listings",
    "infra.demo.listings.publish_demo",
    "infra.demo.orders.load_demo_fulfilment",
    "infra.demo.revenue_history.load_demo_revenue_history",
]


def _charm_price(rng: random.Random, low: int, high: int) -> Decimal:
    # Prices a seller would pick: whole yuan ending in 9.
    return Decimal(rng.randrange(low // 10, high // 10 + 1) * 10 + 9)


def _gtin(rng: random.Random) -> str:
    body = "69" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + str(gtin_check_digit(body))


def catalog_rows(seed: int = 2026) -> tuple[list[str], list[list[str]]]:
    rng = random.Random(seed)
    attribute_codes = sorted(catalog_data.ATTRIBUTES)
    header = (
        FIXED_COLUMNS
        + [ATTRIBUTE_PREFIX + code for code in attribute_codes]
        + [STOCK_PREFIX + w["code"] for w in WAREHOUSES]
    )
    rows: list[list[str]] = []
    option_labels = {code: dict(options) for code, (_n, _k, _u, options) in catalog_data.ATTRIBUTES.items() if options}
    for family in catalog_data.FAMILIES:
        category, brand, prefix, styles, noun, (low, high), cost_ratio, grams, dims, axes, fixed = family
        # The first fixed attribute with several values tells two editions of a style apart.
        edition_attribute = next((code for code, values in fixed.items() if len(values) > 1), None)
        editions = fixed[edition_attribute][:2] if edition_attribute else [None]
        number = 0
        for style in styles:
            for edition in editions:
                number += 1
                code = f"{prefix}-{number:03d}"
                label = option_labels.get(edition_attribute, {}).get(edition, "") if edition else ""
                if edition_attribute in ("wattage_w",):
                    label = f"{edition}W"
                title = " ".join(part for part in (brand, label, style, noun) if part)
                opener = rng.choice(catalog_data.DESCRIPTION_OPENERS)
                closer = rng.choice(catalog_data.DESCRIPTION_CLOSERS)
                description = f"{opener} the {style} {noun.split(',')[0].lower()} by {brand}. {closer}"
                roll = rng.random()
                status = "active" if roll < 0.88 else ("draft" if roll < 0.96 else "archived")
                product_values = {
                    attribute: (edition if attribute == edition_attribute else rng.choice(values))
                    for attribute, values in fixed.items()
                }
                base = _charm_price(rng, low, high)
                exempt = brand == "Kestrel & Co"
                axis_names = list(axes)
                for position, combination in enumerate(itertools.product(*(axes[a] for a in axis_names))):
                    suffix = "-".join(value.upper().replace("_", "")[:10] for value in combination)
                    sku = f"{code}-{suffix}"
                    size_step = axis_names.index("size") if "size" in axis_names else None
                    price = base
                    if size_step is not None and combination[size_step] in ("xl", "xxl", "l"):
                        price = base + Decimal(10)
                    cost = (price * Decimal(str(cost_ratio))).quantize(Decimal("0.5"), rounding=ROUND_HALF_UP)
                    row = {
                        "product_code": code,
                        "title": title if position == 0 else "",
                        "description": description if position == 0 else "",
                        "brand": brand if position == 0 else "",
                        "category": category if position == 0 else "",
                        "status": status if position == 0 else "",
                        "sku": sku,
                        "gtin": "" if exempt else _gtin(rng),
                        "gtin_exempt": "true" if exempt else "false",
                        "base_price": f"{price:.2f}",
                        "cost": f"{cost:.2f}",
                        "weight": str(grams),
                        "weight_unit": "g",
                        "length": str(dims[0]),
                        "width": str(dims[1]),
                        "height": str(dims[2]),
                        "dimension_unit": "cm",
                    }
                    for attribute, value in product_values.items():
                        if position == 0:
                            row[ATTRIBUTE_PREFIX + attribute] = value
                    for attribute, value in zip(axis_names, combination, strict=True):
                        row[ATTRIBUTE_PREFIX + attribute] = value
                    stocked = status != "archived"
                    row[STOCK_PREFIX + "sz"] = str(rng.choice([0, 5, 12, 40, 80, 150, 300]) if stocked else 0)
                    row[STOCK_PREFIX + "fba-na"] = str(rng.choice([0, 0, 8, 20, 45, 90]) if stocked else 0)
                    row[STOCK_PREFIX + "fba-eu"] = str(rng.choice([0, 0, 6, 15, 30, 60]) if stocked else 0)
                    rows.append([row.get(column, "") for column in header])
    return header, rows


def _create_people(stdout: TextIO) -> tuple[User, list[tuple[str, str]]]:
    owner = None
    logins = []
    for email, name, role, _locales in DEMO_USERS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name
        )
        if role == Role.OWNER:
            owner = user
        logins.append((role, email))
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(email=ADMIN_EMAIL, password=DEMO_PASSWORD, full_name="Hub Admin")
    assert owner is not None
    return owner, logins


def _create_structure(account: SellerAccount) -> None:
    for warehouse in WAREHOUSES:
        warehouse_create(account=account, **warehouse)
    attributes = {}
    for code, (name, kind, units, options) in catalog_data.ATTRIBUTES.items():
        attributes[code] = attribute_create(
            account=account,
            code=code,
            name=name,
            kind=kind,
            units=units,
            options=[{"value": value, "label": label} for value, label in options],
        )
    categories: dict[str, Category] = {}
    for path, links in catalog_data.CATEGORIES.items():
        *parents, name = [part.strip() for part in path.split(">")]
        parent = categories[" > ".join(parents)] if parents else None
        categories[path] = category_create(account=account, name=name, parent=parent)
        for position, (code, required, variation) in enumerate(links):
            category_attribute_set(
                category=categories[path],
                attribute=attributes[code],
                is_required=required,
                is_variation=variation,
                position=position,
            )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


def _add_images(account: SellerAccount) -> int:
    count = 0
    products = Product.objects.filter(account=account).select_related("category").prefetch_related("variants")
    for index, product in enumerate(products.order_by("code")):
        colours = sorted(
            {
                value.value_option.value
                for variant in product.variants.all()
                for value in variant.attribute_values.select_related("value_option", "attribute")
                if value.attribute.code == "colour" and value.value_option
            }
        ) or ["white"]
        for position, colour in enumerate(colours[:2]):
            data = product_image(
                category=product.category.path if product.category else "",
                brand=product.brand,
                style=_shorten(product.title.removeprefix(product.brand).strip(), 36),
                colour=colour,
                variant_label=colour.replace("_", " "),
                seed=index * 10 + position,
            )
            upload = SimpleUploadedFile(f"{product.code.lower()}-{position + 1}.jpg", data, content_type="image/jpeg")
            product_image_add(product=product, file=upload, alt_text=f"{product.title} ({colour})", position=position)
            count += 1
    return count


def connect_demo_channels(*, account: SellerAccount, stdout: TextIO) -> None:
    from infra.demo.channels import channel_accounts_connect_sandboxes

    connected = channel_accounts_connect_sandboxes(account=account)
    names = ", ".join(channel_account.name for channel_account in connected)
    stdout.write(f"Demo marketplace connections: {names} (verified by the worker once the sandboxes answer).\n")


def _run_extensions(account: SellerAccount, stdout: TextIO) -> None:
    for path in DEMO_EXTENSIONS:
        import_string(path)(account=account, stdout=stdout)


def print_logins(stdout: TextIO) -> None:
    stdout.write(f"\n  Demo logins (password for all: {DEMO_PASSWORD})\n")
    for email, name, role, locales in DEMO_USERS:
        extra = f" ({', '.join(locales)})" if locales else ""
        stdout.write(f"    {role:<11} {email:<26} {name}{extra}\n")
    stdout.write(f"    {'admin':<11} {ADMIN_EMAIL:<26} superuser for /admin/\n")


def load_demo(*, stdout: TextIO, if_empty: bool = False) -> SellerAccount:
    existing = SellerAccount.objects.filter(name=DEMO_ACCOUNT_NAME).first()
    if existing is not None and if_empty:
        stdout.write(f"Demo seller '{DEMO_ACCOUNT_NAME}' is already loaded (account {existing.pk}).\n")
        print_logins(stdout)
        return existing
    if existing is not None:
        raise SystemExit(f"Demo seller '{DEMO_ACCOUNT_NAME}' exists already; `make clean` starts from scratch.")

    with transaction.atomic():
        owner, _logins = _create_people(stdout)
        account = account_create(
            owner=owner,
            name=DEMO_ACCOUNT_NAME,
            base_currency="CNY",
            source_locale="en_US",
            timezone_name="Asia/Shanghai",
        )
        for email, _name, role, locales in DEMO_USERS:
            if role != Role.OWNER:
                Membership.objects.create(
                    account=account, user=User.objects.get(email=email), role=role, locales=locales
                )
        _create_structure(account)
        header, rows = catalog_rows()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        summary = catalog_import(account=account, name="demo-catalog.csv", data=buffer.getvalue().encode(), user=owner)
        stdout.write(
            f"Demo catalog: {summary.products_created} products, {summary.variants_created} variants, "
            f"{summary.stock_levels_changed} stock levels ({summary.duration_ms} ms through the spreadsheet import).\n"
        )
    images = _add_images(account)
    stdout.write(f"Demo images: {images} product pictures.\n")
    _run_extensions(account, stdout)
    print_logins(stdout)
    return account
