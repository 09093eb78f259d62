"""AliExpress and Wish: one marketplace product per hub product, its variants as SKUs / variations
(options named by the attribute mapping), the category by the category mapping."""

from __future__ import annotations

from decimal import Decimal

from channels.types import ListingPayload, ListingVariation
from listings.builders.common import content_issues, mapped_values, unmapped_category, variation_options
from listings.builders.types import Built, BuiltFamily, MappingData, Market, ProductData, VariantData
from listings.issues import ListingIssue

GRAMS = {"g": Decimal("0.001"), "kg": Decimal(1), "lb": Decimal("0.45359237"), "oz": Decimal("0.028349523125")}


def _kilograms(weight) -> Decimal | None:
    if not weight or weight[0] is None:
        return None
    value, unit = weight
    factor = GRAMS.get(unit or "kg")
    if factor is None:
        return None
    return (Decimal(value) * factor).quantize(Decimal("0.001"))


CENTIMETRES = {"mm": Decimal("0.1"), "cm": Decimal(1), "m": Decimal(100), "in": Decimal("2.54")}


def _centimetres(variant: VariantData) -> tuple[int, ...]:
    """Package sides in whole centimetres (AliExpress: 1-700), rounded up."""
    if not variant.dimensions or any(side is None for side in variant.dimensions[:3]):
        return ()
    *sides, unit = variant.dimensions
    factor = CENTIMETRES.get(unit or "cm")
    if factor is None:
        return ()
    return tuple(max(1, int((Decimal(side) * factor).to_integral_value(rounding="ROUND_CEILING"))) for side in sides)


def marketplace_sku(sku: str, limit: int) -> str:
    """The SKU as the marketplace takes it: unchanged when it fits, else a stable short form
    (its start and a hash), so orders still find the variant through the listing record."""
    clean = sku.replace(" ", "-")
    if len(clean) <= limit:
        return clean
    import hashlib

    tag = hashlib.sha1(sku.encode()).hexdigest()[:8].upper()
    return clean[: limit - len(tag) - 1].rstrip("-") + "-" + tag


def _variation(
    product: ProductData, variant: VariantData, mapping: MappingData, image: str, sku: str
) -> ListingVariation:
    return ListingVariation(
        sku=sku,
        price=variant.price.price,
        quantity=variant.quantity or 0,
        options=variation_options(product, variant, mapping) if len(product.variants) > 1 else {},
        image=image,
        gtin=variant.gtin,
    )


def build(product: ProductData, mapping: MappingData, market: Market, *, is_new: bool = True) -> BuiltFamily:
    family = market.family
    name = "AliExpress" if family == "aliexpress" else "Wish"
    if not mapping.target:
        issue = unmapped_category(product, name)
        children = tuple(Built(sku=v.sku, payload=None, issues=(issue,), variant_pk=v.pk) for v in product.variants)
        return BuiltFamily(
            parent=Built(sku=product.code, payload=None, issues=(issue,)), children=children, children_sent_alone=False
        )
    children: list[Built] = []
    variations: list[ListingVariation] = []
    images = product.images
    sku_limit = int(market.options.get("sku_limit") or (20 if family == "aliexpress" else 80))
    for variant in product.variants:
        issues = content_issues(variant.content) + list(variant.price.issues)
        sku = marketplace_sku(variant.sku, sku_limit)
        if sku != variant.sku:
            issues.append(
                ListingIssue(
                    code="sku_shortened",
                    message=f"{name} takes SKUs of at most {sku_limit} characters: sent as {sku}.",
                    attribute="sku",
                    severity="INFO",
                )
            )
        image = variant.images[0] if variant.images else (images[0] if images else "")
        if not variant.enabled:
            children.append(Built(sku=sku, payload=None, issues=tuple(issues), variant_pk=variant.pk))
            continue
        if family == "aliexpress" and is_new and not variant.quantity:
            # AliExpress refuses a new SKU without stock (1-999999 on post): it joins the product later.
            issues.append(
                ListingIssue(
                    code="waiting_for_stock",
                    message="AliExpress lists a new SKU only with stock; it is added once stock arrives.",
                    attribute="quantity",
                    severity="WARNING",
                )
            )
            children.append(Built(sku=sku, payload=None, issues=tuple(issues), variant_pk=variant.pk))
            continue
        variation = _variation(product, variant, mapping, image, sku)
        blocked = any(issue.blocking for issue in issues)
        if not blocked:
            variations.append(variation)
        payload = ListingPayload(
            sku=sku,
            marketplace_id=market.marketplace_id,
            title=variant.content.title,
            price=variant.price.price,
            quantity=variant.quantity,
            variations=(variation,),
        )
        children.append(
            Built(sku=sku, payload=None if blocked else payload, issues=tuple(issues), variant_pk=variant.pk)
        )
    first = product.variants[0]
    attributes: dict = dict(mapping.constants)
    attributes.update(mapped_values(product, None, mapping))
    parent_issues = content_issues(first.content)
    first_variant = next((v for v in product.variants if v.weight), first)
    if family == "aliexpress":
        weight = _kilograms(first_variant.weight)
        if weight is not None:
            attributes.setdefault("weight", format(weight, "f"))
        for key, value in zip(
            ("package_length", "package_width", "package_height"), _centimetres(first_variant), strict=False
        ):
            attributes.setdefault(key, value)
    else:
        attributes.setdefault("parent_sku", product.code)
        if len(images) == 1 and len(variations) > 1:
            # Wish: a variation's image must be one of the extra images.
            images = (images[0], images[0])
    if family == "aliexpress" and is_new:
        for field in ("weight", "package_length", "package_width", "package_height"):
            if attributes.get(field) in (None, "") and market.options.get(field) in (None, ""):
                parent_issues.append(
                    ListingIssue(
                        code="missing_measure",
                        message=f"AliExpress needs the package {field.replace('package_', '')} of a new product: "
                        "give the variants weight and dimensions.",
                        attribute=field,
                        blocking=True,
                    )
                )
    required_options = (
        ("freight_template_id", "service_policy_id", "shipping_lead_time")
        if family == "aliexpress"
        else ("warehouse_id", "origin_country", "default_shipping_price")
    )
    for option in required_options:
        if attributes.get(option) in (None, "") and market.options.get(option) in (None, ""):
            parent_issues.append(
                ListingIssue(
                    code="missing_account_option",
                    message=f"{name} needs '{option}' for every product: set it on the channel account "
                    "(verifying the connection fills in what the marketplace tells).",
                    attribute=option,
                    blocking=True,
                )
            )
    if not variations:
        parent_issues.append(
            ListingIssue(
                code="no_sendable_variant",
                message=f"No variant of {product.code} can be sent to {name} yet (see the variants' issues).",
                blocking=True,
            )
        )
    if not images:
        parent_issues.append(
            ListingIssue(code="missing_image", message=f"{name} needs a main image.", attribute="images", blocking=True)
        )
    parent = ListingPayload(
        sku=product.code,
        marketplace_id=market.marketplace_id,
        title=first.content.title,
        price=variations[0].price if variations else first.price.price,
        quantity=sum(v.quantity for v in variations),
        locale=market.language_tag,
        description=first.content.description,
        keywords=first.content.keywords,
        brand=product.brand,
        images=images,
        category_id=mapping.target,
        variations=tuple(variations),
        attributes=attributes,
    )
    return BuiltFamily(
        parent=Built(sku=product.code, payload=parent, issues=tuple(parent_issues)),
        children=tuple(children),
        children_sent_alone=False,
    )
