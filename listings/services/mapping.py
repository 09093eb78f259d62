"""Category and attribute mapping tables (editable in the API, admin and page), and the Amazon
product type requirements they are checked against (cached per product type, marketplace, locale)."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction

from channels.exceptions import ChannelError
from channels.models import ChannelAccount
from hub.accounts.models import SellerAccount
from hub.catalog.models import Attribute, Category
from hub.core.exceptions import ApplicationError
from listings.builders.types import AttributeTarget, MappingData, Requirements
from listings.models import AttributeMapping, CategoryMapping, ProductTypeCache

logger = logging.getLogger(__name__)


class RequirementsUnavailable(Exception):
    """The marketplace was asked for a product type's definition and did not give it (throttled,
    down, refused). The build blocks the listings that need it instead of sending them unchecked."""


class MappingTables:
    """Every mapping of one account, loaded in two queries; lookups walk up the category tree."""

    def __init__(self, account: SellerAccount) -> None:
        self.categories: dict[tuple[int, str, str], CategoryMapping] = {}
        for mapping in CategoryMapping.objects.filter(account=account):
            self.categories[(mapping.category_id, mapping.family, mapping.marketplace_id)] = mapping
        self.attributes: dict[tuple[str, str], dict[str, AttributeTarget]] = defaultdict(dict)
        for mapping in AttributeMapping.objects.filter(account=account).select_related("attribute"):
            self.attributes[(mapping.family, mapping.product_type)][mapping.attribute.code] = AttributeTarget(
                target=mapping.target, value_map=dict(mapping.value_map or {})
            )
        self.parents = dict(Category.objects.filter(account=account).values_list("pk", "parent_id"))

    def category(self, category_id: int | None, family: str, marketplace_id: str) -> CategoryMapping | None:
        seen = 0
        while category_id is not None and seen < 50:
            for key in ((category_id, family, marketplace_id), (category_id, family, "")):
                if key in self.categories:
                    return self.categories[key]
            category_id = self.parents.get(category_id)
            seen += 1
        return None

    def mapping_for(
        self, category_id: int | None, family: str, marketplace_id: str, requirements: Requirements | None = None
    ) -> MappingData:
        found = self.category(category_id, family, marketplace_id)
        if found is None:
            return MappingData(target="")
        attributes = {**self.attributes.get((family, ""), {}), **self.attributes.get((family, found.target), {})}
        return MappingData(
            target=found.target,
            variation_theme=found.variation_theme,
            constants=dict(found.constants or {}),
            attributes=attributes,
            requirements=requirements,
        )


def _requirements_from(row: ProductTypeCache) -> Requirements:
    return Requirements(
        required=tuple(row.required_attributes or ()), known=tuple(row.attributes or ()), schema=row.schema or {}
    )


def requirements_get(
    *, channel_account: ChannelAccount, product_type: str, marketplace_id: str, locale: str = "DEFAULT", fetch=True
) -> Requirements | None:
    """The cached requirements, fetched through the adapter the first time. None when not cached
    and `fetch` is off (pre-flight then checks less, the marketplace still checks); raises
    RequirementsUnavailable when the fetch fails."""
    row = ProductTypeCache.objects.filter(
        product_type=product_type, marketplace_id=marketplace_id, locale=locale
    ).first()
    if row is not None:
        return _requirements_from(row)
    if not fetch:
        return None
    from django.conf import settings

    from channels.registry import adapter_for

    # Once per (product type, marketplace), then cached: worth waiting for the hub's pacing (the
    # schema document shares downloadDocument's pace with feed reports).
    adapter = adapter_for(channel_account, wait_seconds=settings.LISTINGS_DEFINITION_WAIT_SECONDS)
    try:
        answer = adapter.product_type_requirements(
            product_type=product_type, marketplace_id=marketplace_id, locale=locale
        )
    except ChannelError as error:
        logger.warning("Product type %s for %s not available: %s", product_type, marketplace_id, error)
        raise RequirementsUnavailable(str(error)) from None
    finally:
        close = getattr(adapter, "close", None)
        if close:
            close()
    properties = sorted((answer.schema.get("properties") or {}).keys())
    row, _ = ProductTypeCache.objects.update_or_create(
        product_type=product_type,
        marketplace_id=marketplace_id,
        locale=locale,
        defaults={
            "version": answer.version,
            "required_attributes": list(answer.required_attributes),
            "attributes": properties,
            "schema": dict(answer.schema),
        },
    )
    return _requirements_from(row)


# --- editing ---------------------------------------------------------------------------------------


def _check_family_marketplace(*, account: SellerAccount, family: str, marketplace_id: str) -> None:
    if not ChannelAccount.objects.filter(account=account, family=family).exists():
        raise ApplicationError(
            f"The account has no {family} channel account.", fields={"family": ["No channel account of this family."]}
        )
    if marketplace_id:
        enabled = {
            mp for ca in ChannelAccount.objects.filter(account=account, family=family) for mp in ca.marketplaces or []
        }
        if marketplace_id not in enabled:
            raise ApplicationError(
                f"{marketplace_id} is not enabled for any {family} channel account.",
                fields={"marketplace_id": ["Unknown marketplace for the channel accounts of this family."]},
            )


@transaction.atomic
def category_mapping_save(
    *,
    account: SellerAccount,
    category: Category,
    family: str,
    target: str,
    marketplace_id: str = "",
    variation_theme: str = "",
    constants: dict | None = None,
) -> CategoryMapping:
    if category.account_id != account.pk:
        raise ApplicationError("Unknown category.", fields={"category": ["Unknown category."]})
    _check_family_marketplace(account=account, family=family, marketplace_id=marketplace_id)
    if not target.strip():
        raise ApplicationError("A mapping needs a target.", fields={"target": ["This field may not be blank."]})
    mapping, _ = CategoryMapping.objects.update_or_create(
        account=account,
        category=category,
        family=family,
        marketplace_id=marketplace_id,
        defaults={"target": target.strip(), "variation_theme": variation_theme, "constants": constants or {}},
    )
    return mapping


@transaction.atomic
def attribute_mapping_save(
    *,
    account: SellerAccount,
    attribute: Attribute,
    family: str,
    target: str,
    product_type: str = "",
    value_map: dict | None = None,
) -> AttributeMapping:
    """A mapping to an attribute the product type does not have (per its cached definition) is a
    400 with the field named."""
    if attribute.account_id != account.pk:
        raise ApplicationError("Unknown attribute.", fields={"attribute": ["Unknown attribute."]})
    _check_family_marketplace(account=account, family=family, marketplace_id="")
    if not target.strip():
        raise ApplicationError("A mapping needs a target.", fields={"target": ["This field may not be blank."]})
    if family == "amazon" and product_type:
        known = {
            name for row in ProductTypeCache.objects.filter(product_type=product_type) for name in row.attributes or []
        }
        if known and target not in known:
            raise ApplicationError(
                f"{product_type} has no attribute '{target}'.",
                fields={"target": [f"Not an attribute of {product_type}."]},
            )
    if value_map is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in value_map.items()):
        raise ApplicationError("Value maps map text to text.", fields={"value_map": ["Keys and values are text."]})
    mapping, _ = AttributeMapping.objects.update_or_create(
        account=account,
        family=family,
        product_type=product_type,
        attribute=attribute,
        defaults={"target": target.strip(), "value_map": value_map or {}},
    )
    return mapping
