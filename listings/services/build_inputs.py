"""Which listings must be built again: the build reads only what changed since a listing's last build.

A listing parent (one product on one marketplace) records what it was built from:
- `built_version`: the product's input version (`ProductInputs`), bumped in the same transaction as
  every write to the product, its variants, attribute values, images, source texts, translations,
  a promotion naming it, or a listing switched on / off;
- `inputs_digest`: a digest of the marketplace-wide inputs its category sees (builder format,
  channel account options, price rule, rounding and fee rules, whether each exchange rate it needs is
  usable, the i18n policy, the account's currency / locale / warehouses / attribute options, the
  category's path, inherited attributes and mappings, the cached product type definition);
- `built_at`: a stored payload older than half a signed image URL's life is built again.

A product is built again for a marketplace when it has no parent there yet, when its version moved
past the parent's, or when the digest differs. Exchange rates enter the digest only as "usable or
not" (missing, too old): a rate that merely moves re-prices through `fx_reprice` and its threshold,
and promotions that start or end through `promotions_sync`; both rebuild exactly their listings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.forms.models import model_to_dict

from channels.models import ChannelAccount
from currency.services.rounding import rounding_marketplace_key
from listings.builders.common import digest
from listings.media import image_url
from listings.models import ListingParent, ProductInputs, ProductTypeCache
from listings.preflight import limits_for
from listings.pricing import fees_for

# Bump when a builder's output for the same inputs changes: every listing is then built again once.
BUILD_FORMAT = 1
MARK_CHUNK = 1000


def products_mark_changed(product_ids: Iterable[int]) -> None:
    """Their listings are built again by the next build (in the caller's transaction, so a build
    reading the change always sees the new version too, or builds again after it)."""
    from hub.catalog.models import Product

    ids = sorted({int(pk) for pk in product_ids if pk})
    for start in range(0, len(ids), MARK_CHUNK):
        chunk = ids[start : start + MARK_CHUNK]
        ProductInputs.objects.filter(product_id__in=chunk).update(version=F("version") + 1)
        # Products being deleted are gone already: no row for them.
        existing = Product.objects.filter(pk__in=chunk).values_list("pk", flat=True)
        ProductInputs.objects.bulk_create(
            [ProductInputs(product_id=pk, version=1) for pk in existing], ignore_conflicts=True
        )


def product_versions(product_ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for start in range(0, len(product_ids), MARK_CHUNK):
        chunk = product_ids[start : start + MARK_CHUNK]
        found.update(ProductInputs.objects.filter(product_id__in=chunk).values_list("product_id", "version"))
    return found


def account_inputs_stamp(account) -> dict:
    """The account-wide inputs every listing of the account is built from (small tables, read once
    per build): the account's currency / locale / zone, its warehouses (which stock serves where),
    its attributes and their option values, and where images are served from."""
    from hub.catalog.models import Attribute, AttributeOption
    from hub.inventory.models import Warehouse

    return {
        "account": [account.base_currency, account.source_locale, str(account.timezone)],
        "warehouses": list(
            Warehouse.objects.filter(account=account)
            .order_by("pk")
            .values_list("pk", "kind", "fba_region", "is_active")
        ),
        "attributes": list(Attribute.objects.filter(account=account).order_by("pk").values_list("pk", "code", "kind")),
        "options": list(
            AttributeOption.objects.filter(attribute__account=account).order_by("pk").values_list("pk", "value")
        ),
        "images": image_url("").split("?", 1)[0],  # the origin, not a signed URL's token
    }


def _json(data) -> str:
    return json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))


class MarketInputs:
    """The digests of one marketplace of one channel account, per category (None: no category)."""

    def __init__(self, builder, channel_account: ChannelAccount, marketplace_id: str, currency: str, language: str):
        self.builder = builder
        self.channel_account = channel_account
        self.marketplace_id = marketplace_id
        self._by_category: dict[int | None, str] = {}
        family = channel_account.family
        rule = builder.rule(channel_account, marketplace_id)
        key = rounding_marketplace_key(family=family, marketplace_id=marketplace_id)
        rates = {}
        for base in builder.base_currencies:
            try:
                builder.table.resolve(base, currency, builder.today)
                rates[base] = "ok"
            except Exception as error:  # the refusal's kind (missing / too old) is the input
                rates[base] = str(getattr(error, "code", "") or type(error).__name__)
        self.common = _json(
            {
                "format": BUILD_FORMAT,
                "family": family,
                "market": [marketplace_id, currency, language],
                "options": channel_account.options or {},
                "rule": model_to_dict(rule, exclude=["id", "account"]) if rule is not None else None,
                "rounding": [repr(r) for r in builder.rounding],
                "fees": repr(fees_for(key)),
                "rates": rates,
                "i18n": builder.i18n_policy_stamp,
                "account": builder.account_stamp,
                "limits": limits_for(family),
            }
        )

    def digest_for(self, category_id: int | None) -> str:
        if category_id not in self._by_category:
            self._by_category[category_id] = digest({"common": self.common, "category": self._category(category_id)})
        return self._by_category[category_id]

    def _category(self, category_id: int | None) -> str:
        builder, family = self.builder, self.channel_account.family
        mapping = builder.mappings.mapping_for(category_id, family, self.marketplace_id)
        definition = None
        if family == "amazon" and mapping.target:
            row = (
                ProductTypeCache.objects.filter(
                    product_type=mapping.target, marketplace_id=self.marketplace_id, locale="DEFAULT"
                )
                .values_list("version", "fetched_at")
                .first()
            )
            definition = list(row) if row else None
        return _json(
            {
                "path": builder.category_paths.get(category_id, ""),
                "attributes": builder.category_attributes.get(category_id, ([], [])),
                "mapping": asdict(mapping),
                "definition": definition,
            }
        )

    def stale_product_ids(self, products: QuerySet) -> set[int]:
        """Products of the selection to build for this marketplace (two indexed queries)."""
        ca, mp = self.channel_account, self.marketplace_id
        categories = list(self.builder.category_paths)
        expected = Case(
            *[When(product__category_id=pk, then=Value(self.digest_for(pk))) for pk in categories],
            default=Value(self.digest_for(None)),
            output_field=CharField(),
        )
        version = Coalesce(
            Subquery(ProductInputs.objects.filter(product_id=OuterRef("product_id")).values("version")[:1]),
            Value(0),
            output_field=IntegerField(),
        )
        selected = products.order_by().values("pk")
        # Signed image URLs in a stored payload expire (MEDIA_SIGNED_URL_SECONDS): a payload older
        # than half their life is built again, which also bounds the age of any desired state.
        refresh_before = self.builder.now - timedelta(seconds=settings.MEDIA_SIGNED_URL_SECONDS / 2)
        changed = (
            ListingParent.objects.filter(channel_account=ca, marketplace_id=mp, product_id__in=selected)
            .annotate(expected=expected, version=version)
            .filter(
                Q(built_version__lt=F("version"))
                | ~Q(inputs_digest=F("expected"))
                | Q(built_at__isnull=True)
                | Q(built_at__lt=refresh_before)
            )
            .values_list("product_id", flat=True)
        )
        here = ListingParent.objects.filter(product=OuterRef("pk"), channel_account=ca, marketplace_id=mp)
        missing = products.order_by().filter(~Exists(here)).values_list("pk", flat=True)
        return set(changed) | set(missing)
