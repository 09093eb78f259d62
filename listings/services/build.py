"""Building the desired state: catalog + localized content + price rule + rate + stock → one
payload per listing, its hashes in indexed columns, its pre-flight issues. Nothing is sent here."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from channels.marketplaces import amazon_marketplace_get
from channels.models import ChannelAccount
from currency.selectors import max_rate_age_days, rounding_rules_load
from currency.services.rounding import rounding_marketplace_key
from currency.table import RateTable
from hub.accounts.models import SellerAccount
from hub.catalog.models import (
    CategoryAttribute,
    Product,
    ProductAttributeValue,
    ProductImage,
    ProductStatus,
    Variant,
    VariantAttributeValue,
)
from hub.core.exceptions import ApplicationError
from hub.inventory.models import StockLevel
from listings.builders import amazon as amazon_builder
from listings.builders import product_family
from listings.builders.common import content_dict, digest, payload_dict
from listings.builders.types import BuiltFamily, Content, Market, ProductData, Requirements, Sale, VariantData
from listings.issues import ListingIssue, issues_as_dicts
from listings.media import image_url
from listings.models import Listing, ListingParent, ListingSettings, PriceRule
from listings.preflight import check_amazon_schema, check_payload
from listings.pricing import Discount, PriceQuote, PriceTerms, fees_for, price_quote
from listings.quantity import StockFigure, available_to_sell
from listings.services.build_inputs import MarketInputs, account_inputs_stamp, product_versions
from listings.services.mapping import MappingTables, RequirementsUnavailable, requirements_get

logger = logging.getLogger(__name__)


@dataclass
class Selection:
    """Which listings a build / plan / apply is about. Empty lists mean "all"."""

    channel_accounts: list[int] = field(default_factory=list)
    marketplaces: list[str] = field(default_factory=list)
    products: list[int] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    categories: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "channel_accounts": self.channel_accounts,
            "marketplaces": self.marketplaces,
            "products": self.products,
            "skus": self.skus,
            "categories": self.categories,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> Selection:
        data = data or {}
        return cls(**{key: list(data.get(key) or []) for key in cls().as_dict()})


@dataclass
class BuildSummary:
    listings: int = 0
    parents: int = 0
    created: int = 0
    changed: int = 0
    seconds: float = 0.0


def settings_for(account: SellerAccount) -> ListingSettings:
    found, _ = ListingSettings.objects.get_or_create(account=account)
    return found


def channel_accounts_for(account: SellerAccount, selection: Selection) -> list[ChannelAccount]:
    queryset = ChannelAccount.objects.filter(account=account).exclude(status="disabled").order_by("family", "pk")
    if selection.channel_accounts:
        found = list(queryset.filter(pk__in=selection.channel_accounts))
        if len(found) != len(set(selection.channel_accounts)):
            raise ApplicationError("Unknown channel account.", code="not_found", fields={})
        return found
    return list(queryset)


def marketplaces_for(channel_account: ChannelAccount, selection: Selection) -> list[str]:
    enabled = list(channel_account.marketplaces or [])
    if not selection.marketplaces:
        return enabled
    return [mp for mp in enabled if mp in selection.marketplaces]


def marketplace_currency(channel_account: ChannelAccount, marketplace_id: str) -> str:
    if channel_account.family == "amazon":
        found = amazon_marketplace_get(marketplace_id)
        return found.currency if found else "USD"
    return str((channel_account.options or {}).get("currency") or "USD")


def marketplace_language(channel_account: ChannelAccount, marketplace_id: str) -> str:
    from i18n.locales import marketplace_get

    found = marketplace_get(marketplace_id if channel_account.family == "amazon" else channel_account.family)
    return found.default_language.tag if found else "en_US"


def products_for(account: SellerAccount, selection: Selection) -> QuerySet[Product]:
    products = Product.objects.filter(account=account, status=ProductStatus.ACTIVE)
    if selection.products:
        products = products.filter(pk__in=selection.products)
    if selection.categories:
        products = products.filter(category_id__in=selection.categories)
    # A product is always built whole, whatever SKUs are selected: a parent (Amazon variation family,
    # AliExpress / Wish product) depends on all of its variants. The plan narrows to the SKUs.
    variants = Variant.objects.order_by("position", "sku")
    if selection.skus:
        products = products.filter(variants__sku__in=selection.skus).distinct()
    return products.select_related("category").prefetch_related(
        Prefetch("variants", queryset=variants),
        Prefetch(
            "variants__attribute_values",
            queryset=VariantAttributeValue.objects.select_related("attribute", "value_option"),
        ),
        Prefetch(
            "attribute_values", queryset=ProductAttributeValue.objects.select_related("attribute", "value_option")
        ),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
    )


def _value(row) -> object:
    value = row.value
    return value


def _values(rows) -> dict:
    return {row.attribute.code: _value(row) for row in rows if _value(row) not in (None, "")}


def _category_attributes(account: SellerAccount) -> dict[int, tuple[list[str], list[str]]]:
    """category pk -> (required codes, variation codes), inherited down the tree."""
    from hub.catalog.models import Category

    own: dict[int, list[tuple[str, bool, bool]]] = defaultdict(list)
    for link in CategoryAttribute.objects.filter(category__account=account).select_related("attribute"):
        own[link.category_id].append((link.attribute.code, link.is_required, link.is_variation))
    parents = dict(Category.objects.filter(account=account).values_list("pk", "parent_id"))
    result = {}
    for pk in parents:
        required, variation, node = [], [], pk
        while node is not None:
            for code, is_required, is_variation in own.get(node, []):
                if is_required and code not in required:
                    required.append(code)
                if is_variation and code not in variation:
                    variation.append(code)
            node = parents.get(node)
        result[pk] = (required, variation)
    return result


def _stock(variant_ids: list[int]) -> dict[int, list[StockFigure]]:
    figures: dict[int, list[StockFigure]] = defaultdict(list)
    rows = StockLevel.objects.filter(variant_id__in=variant_ids).values_list(
        "variant_id", "warehouse__kind", "warehouse__fba_region", "warehouse__is_active", "on_hand", "reserved"
    )
    for variant_id, kind, region, active, on_hand, reserved in rows.iterator(chunk_size=5000):
        figures[variant_id].append(StockFigure(kind, region or "", on_hand, reserved, active))
    return figures


def _rules_for(account: SellerAccount) -> dict[tuple[int, str], PriceRule]:
    return {(rule.channel_account_id, rule.marketplace_id): rule for rule in PriceRule.objects.filter(account=account)}


def _contents(
    account: SellerAccount, products: list[Product], marketplace_key: str, language_tag: str
) -> dict[int, Content]:
    """Each variant's content in the marketplace language, by variant pk (a few queries for all)."""
    from i18n.selectors.content import localized_contents_for

    variants = []
    for product in products:
        for variant in product.variants.all():
            variant.product = product  # content reads it
            variants.append(variant)
    try:
        found = localized_contents_for(
            account=account, variants=variants, marketplace=marketplace_key, locale=language_tag
        )
    except ApplicationError as error:
        issue = ListingIssue(code="content_unavailable", message=error.message, severity="WARNING")
        return {
            v.pk: Content(
                title=v.product.title, description=v.product.description, language_tag=language_tag, issues=(issue,)
            )
            for v in variants
        }
    return {pk: _content(content) for pk, content in found.items()}


def _content(found) -> Content:
    issues = tuple(
        ListingIssue(
            code=str(getattr(issue, "code", "content")),
            message=str(getattr(issue, "message", issue)),
            attribute=str(getattr(issue, "field", "") or ""),
            severity="WARNING",
        )
        for issue in found.issues
    )
    return Content(
        title=found.title,
        description=found.description,
        bullets=tuple(found.bullets),
        keywords=tuple(found.keywords),
        language_tag=found.language_tag,
        is_held=found.is_held,
        issues=issues,
    )


class Builder:
    """Builds desired state for one account over a selection; the expensive shared inputs (rates,
    rounding rules, mapping tables, stock, price rules) are loaded once."""

    def __init__(self, account: SellerAccount, *, now: datetime | None = None, fetch_requirements: bool = True):
        self.account = account
        self.now = now or timezone.now()
        self.today: date = timezone.localdate(self.now)
        self.settings = settings_for(account)
        self.table = RateTable.load(
            start=self.today, end=self.today, account_id=account.pk, max_age_days=max_rate_age_days(account.pk)
        )
        self.rounding = rounding_rules_load()
        self.mappings = MappingTables(account)
        self.rules = _rules_for(account)
        self.category_attributes = _category_attributes(account)
        from hub.catalog.models import Category
        from i18n.models import I18nPolicy

        self.category_paths = dict(Category.objects.filter(account=account).values_list("pk", "path"))
        self.base_currencies = sorted(
            set(Variant.objects.filter(account=account).values_list("currency", flat=True).distinct())
        )
        policy = I18nPolicy.objects.filter(account=account).values_list("pk", "updated_at").first()
        self.i18n_policy_stamp = [policy[0], policy[1].isoformat()] if policy else None
        self.account_stamp = account_inputs_stamp(account)
        self.fetch_requirements = fetch_requirements
        self._requirements: dict[tuple[str, str, str], Requirements | None] = {}
        self._requirements_failed: dict[tuple[str, str, str], str] = {}
        from listings.services.promotions import PromotionIndex

        self.promotions = PromotionIndex(account, now=self.now)

    def rule(self, channel_account: ChannelAccount, marketplace_id: str) -> PriceRule | None:
        return self.rules.get((channel_account.pk, marketplace_id)) or self.rules.get((channel_account.pk, ""))

    def requirements(self, channel_account: ChannelAccount, product_type: str, marketplace_id: str):
        key = (product_type, marketplace_id, "DEFAULT")
        if key not in self._requirements:
            try:
                self._requirements[key] = requirements_get(
                    channel_account=channel_account,
                    product_type=product_type,
                    marketplace_id=marketplace_id,
                    fetch=self.fetch_requirements,
                )
            except RequirementsUnavailable as error:
                self._requirements[key] = None
                self._requirements_failed[key] = str(error)
        return self._requirements[key]

    def variant_data(
        self,
        product: Product,
        variant: Variant,
        *,
        channel_account: ChannelAccount,
        marketplace_id: str,
        currency: str,
        content: Content,
        stock: dict[int, list[StockFigure]],
        images_by_variant: dict[int, tuple[str, ...]],
        enabled: bool = True,
    ) -> VariantData:
        from currency.money import Money

        rule = self.rule(channel_account, marketplace_id)
        terms = (
            PriceTerms(rule.markup_pct, rule.fixed_amount, rule.min_margin_pct) if rule is not None else PriceTerms()
        )
        key = rounding_marketplace_key(family=channel_account.family, marketplace_id=marketplace_id)
        scheduled = channel_account.family == "amazon"  # Amazon holds the sale and its schedule itself
        discount: Discount | None = self.promotions.discount_for(
            variant=variant,
            product=product,
            channel_account_pk=channel_account.pk,
            marketplace_id=marketplace_id,
            scheduled=scheduled,
        )

        def quote_with(discount: Discount | None) -> PriceQuote:
            return price_quote(
                base_price=Money(variant.base_price, variant.currency),
                cost=Money(variant.cost, variant.currency) if variant.cost is not None else None,
                currency=currency,
                terms=terms,
                fees=fees_for(key),
                table=self.table,
                on_date=self.today,
                marketplace_key=key,
                rounding_rules=self.rounding,
                discount=discount,
            )

        sale = None
        if scheduled and discount is not None:
            quote = quote_with(None)
            discounted = quote_with(discount)
            if discounted.price is not None and quote.price is not None and discounted.price != quote.price:
                sale = Sale(discounted.price, discount.starts_at, discount.ends_at, discount.promotion_pk)
                quote = replace(quote, promotion_pk=discount.promotion_pk)
        else:
            quote = quote_with(discount)
        afn = bool(rule and rule.fulfilment_channel == "afn" and channel_account.family == "amazon")
        quantity = available_to_sell(
            stock.get(variant.pk, []),
            mcf_fba_region=rule.mcf_fba_region if rule else "",
            safety_buffer=rule.safety_buffer if rule else 0,
            cap=rule.quantity_cap if rule else None,
            afn=afn,
        )
        weight = (variant.weight, variant.weight_unit) if variant.weight is not None else None
        dimensions = (
            (variant.length, variant.width, variant.height, variant.dimension_unit)
            if variant.length is not None
            else None
        )
        return VariantData(
            pk=variant.pk,
            sku=variant.sku,
            content=content,
            price=quote,
            quantity=quantity,
            gtin=variant.gtin,
            gtin_exempt=variant.gtin_exempt,
            values=_values(variant.attribute_values.all()),
            images=images_by_variant.get(variant.pk, ()),
            weight=weight,
            dimensions=dimensions,
            enabled=enabled,
            sale=sale,
        )

    def build(self, selection: Selection, *, changed_only: bool = True) -> BuildSummary:
        """The desired state of the selection; with `changed_only`, only of the products whose
        inputs changed since their last build on each marketplace (see build_inputs)."""
        started = timezone.now()
        summary = BuildSummary()
        selected = products_for(self.account, selection)
        markets = []
        for channel_account in channel_accounts_for(self.account, selection):
            for marketplace_id in marketplaces_for(channel_account, selection):
                currency = marketplace_currency(channel_account, marketplace_id)
                language_tag = marketplace_language(channel_account, marketplace_id)
                inputs = MarketInputs(self, channel_account, marketplace_id, currency, language_tag)
                wanted = inputs.stale_product_ids(selected) if changed_only else None
                markets.append((channel_account, marketplace_id, inputs, wanted))
        if changed_only:
            ids = sorted(set().union(*(wanted for *_, wanted in markets)))
        else:
            ids = list(selected.order_by().values_list("pk", flat=True))
        # The versions are read before the products: a change committed in between is then built
        # now and, its version being newer than the one recorded, once more by the next build.
        versions = product_versions(ids)
        products = _in_chunks(selected, ids)
        variant_ids = [variant.pk for product in products for variant in product.variants.all()]
        stock = _stock(variant_ids)
        for channel_account, marketplace_id, inputs, wanted in markets:
            chosen = products if wanted is None else [p for p in products if p.pk in wanted]
            if chosen:
                self._build_market(channel_account, marketplace_id, chosen, stock, summary, inputs, versions)
        summary.seconds = (timezone.now() - started).total_seconds()
        return summary

    def _build_market(
        self,
        channel_account: ChannelAccount,
        marketplace_id: str,
        products: list[Product],
        stock: dict[int, list[StockFigure]],
        summary: BuildSummary,
        inputs: MarketInputs,
        versions: dict[int, int],
    ) -> None:
        family = channel_account.family
        currency = marketplace_currency(channel_account, marketplace_id)
        language_tag = marketplace_language(channel_account, marketplace_id)
        content_key = marketplace_id if family == "amazon" else family
        market = Market(family, marketplace_id, currency, language_tag, dict(channel_account.options or {}))
        stamp = (inputs, versions)
        contents = _contents(self.account, products, content_key, language_tag)
        parents = {
            p.product_id: p
            for p in ListingParent.objects.filter(
                channel_account=channel_account, marketplace_id=marketplace_id, product__in=products
            )
        }
        listings = {
            row.variant_id: row
            for row in Listing.objects.filter(
                channel_account=channel_account,
                marketplace_id=marketplace_id,
                variant_id__in=[v.pk for p in products for v in p.variants.all()],
            )
        }
        for product in products:
            variants = list(product.variants.all())
            if not variants:
                continue
            images = tuple(image_url(i.image.name) for i in product.images.all() if i.variant_id is None) or tuple(
                image_url(i.image.name) for i in product.images.all()
            )
            by_variant: dict[int, tuple[str, ...]] = defaultdict(tuple)
            for image in product.images.all():
                if image.variant_id:
                    by_variant[image.variant_id] += (image_url(image.image.name),)
            mapping = self.mappings.mapping_for(product.category_id, family, marketplace_id)
            if family == "amazon" and mapping.target:
                requirements = self.requirements(channel_account, mapping.target, marketplace_id)
                mapping = self.mappings.mapping_for(product.category_id, family, marketplace_id, requirements)
            required, variation = self.category_attributes.get(product.category_id, ([], []))
            data = ProductData(
                pk=product.pk,
                code=product.code,
                brand=product.brand,
                category_path=product.category.path if product.category else "",
                variants=tuple(
                    self.variant_data(
                        product,
                        variant,
                        channel_account=channel_account,
                        marketplace_id=marketplace_id,
                        currency=currency,
                        content=contents[variant.pk],
                        stock=stock,
                        images_by_variant=by_variant,
                        enabled=listings[variant.pk].enabled if variant.pk in listings else True,
                    )
                    for variant in variants
                ),
                values=_values(product.attribute_values.all()),
                images=images,
                variation_attributes=tuple(variation),
                required_attributes=tuple(required),
            )
            parent_row = parents.get(product.pk)
            if family == "amazon":
                built = amazon_builder.build(data, mapping, market)
            else:
                is_new = parent_row is None or not parent_row.external_id
                built = product_family.build(data, mapping, market, is_new=is_new)
            self._store(
                channel_account, marketplace_id, product, variants, data, built, parent_row, listings, summary, stamp
            )

    def _issues_for(self, family: str, built, *, parent: bool, schema) -> list[ListingIssue]:
        issues = list(built.issues)
        if built.payload is not None:
            issues += check_payload(built.payload, family, parent=parent)
            if family == "amazon" and schema:
                from channels.amazon.mappers import listing_attributes

                issues += check_amazon_schema(listing_attributes(built.payload), schema)
        return _dedupe(issues)

    @transaction.atomic
    def _store(
        self,
        channel_account: ChannelAccount,
        marketplace_id: str,
        product: Product,
        variants: list[Variant],
        data: ProductData,
        built: BuiltFamily,
        parent_row: ListingParent | None,
        listings: dict[int, Listing],
        summary: BuildSummary,
        stamp: tuple[MarketInputs, dict[int, int]],
    ) -> None:
        family = channel_account.family
        mapping = self.mappings.mapping_for(product.category_id, family, marketplace_id)
        schema = None
        unavailable: list[ListingIssue] = []
        if family == "amazon" and mapping.target:
            key = (mapping.target, marketplace_id, "DEFAULT")
            requirements = self._requirements.get(key)
            schema = requirements.schema if requirements else None
            if key in self._requirements_failed:
                # Sent without its definition, a payload is shaped and checked blind (Amazon then
                # rejects it): hold it, and build it again next time (an empty digest never matches).
                unavailable = [_definition_unavailable(mapping.target, marketplace_id, self._requirements_failed[key])]
        now = self.now
        if parent_row is None:
            parent_row = ListingParent(
                account=self.account,
                product=product,
                channel_account=channel_account,
                family=family,
                marketplace_id=marketplace_id,
                sku=product.code,
            )
            summary.created += 1
        parent_issues = _dedupe(unavailable + self._issues_for(family, built.parent, parent=True, schema=schema))
        _set_desired(parent_row, built.parent.payload, parent_issues, now)
        parent_row.sku = product.code
        inputs, versions = stamp
        parent_row.built_version = versions.get(product.pk, 0)
        parent_row.inputs_digest = "" if unavailable else inputs.digest_for(product.category_id)
        parent_row.save()
        summary.parents += 1
        by_pk = {variant.pk: variant for variant in variants}
        quotes = {v.pk: v for v in data.variants}
        new_rows: list[Listing] = []
        changed_rows: list[Listing] = []
        given_ids: list[Listing] = []
        for child in built.children:
            variant = by_pk[child.variant_pk]
            row = listings.get(variant.pk)
            if row is None:
                row = Listing(
                    account=self.account,
                    variant=variant,
                    parent=parent_row,
                    channel_account=channel_account,
                    family=family,
                    marketplace_id=marketplace_id,
                    sku=child.sku,
                )
                summary.created += 1
            row.sku = child.sku
            row.parent = parent_row
            issues = _dedupe(unavailable + self._issues_for(family, child, parent=False, schema=schema))
            if family != "amazon":
                # AliExpress and Wish take content at product level: the product's blocking issues
                # are the variants' too.
                issues = _dedupe(issues + [i for i in parent_issues if i.blocking])
            before = row.desired_hash
            _set_desired(row, child.payload, issues, now)
            quote = quotes[variant.pk]
            row.currency = quote.price.price.currency if quote.price.price else ""
            row.desired_price = quote.price.price.amount if quote.price.price else None
            row.regular_price = quote.price.regular.amount if quote.price.regular else None
            row.promotion_id = quote.price.promotion_pk
            row.desired_quantity = quote.quantity
            row.rate = quote.price.rate
            row.rate_date = quote.price.rate_date
            if row.external_id == "" and parent_row.external_id and family != "amazon":
                row.external_id = parent_row.external_id
                if row.pk is not None:
                    given_ids.append(row)
            row.updated_at = now
            (changed_rows if row.pk is not None else new_rows).append(row)
            summary.listings += 1
            if before != row.desired_hash:
                summary.changed += 1
        # One statement each, and only the columns a build owns: an acknowledgement an apply
        # writes meanwhile (acked_*, status) is not overwritten with what was read before it.
        Listing.objects.bulk_create(new_rows)
        Listing.objects.bulk_update(changed_rows, BUILT_COLUMNS)
        if given_ids:
            Listing.objects.bulk_update(given_ids, ["external_id"])
        for row in new_rows:
            listings[row.variant_id] = row


BUILT_COLUMNS = [
    "sku",
    "parent",
    "desired_payload",
    "desired_hash",
    "desired_content_hash",
    "issues",
    "built_at",
    "currency",
    "desired_price",
    "regular_price",
    "promotion",
    "desired_quantity",
    "rate",
    "rate_date",
    "updated_at",
]


def _definition_unavailable(product_type: str, marketplace_id: str, reason: str) -> ListingIssue:
    return ListingIssue(
        code="product_type_unavailable",
        message=(
            f"Amazon's definition of {product_type} for {marketplace_id} could not be read ({reason}); "
            "the listing is built and sent once it is."
        ),
        attribute="product_type",
        blocking=True,
    )


def _dedupe(issues: list[ListingIssue]) -> list[ListingIssue]:
    seen, result = set(), []
    for issue in issues:
        key = (issue.code, issue.attribute, issue.message)
        if key not in seen:
            seen.add(key)
            result.append(issue)
    return result


def _set_desired(row, payload, issues: list[ListingIssue], now: datetime) -> None:
    marketplace_issues = [issue for issue in row.issues or [] if issue.get("source") == "marketplace"]
    if payload is None:
        row.desired_payload = {}
        row.desired_hash = ""
        row.desired_content_hash = ""
    else:
        data = payload_dict(payload)
        row.desired_payload = data
        row.desired_hash = digest(data)
        row.desired_content_hash = digest(content_dict(data))
    # A marketplace's refusal blocks resending exactly the payload it refused; any change to the
    # payload (a fix) lifts the block, and the refusal stays visible until the next answer.
    for issue in marketplace_issues:
        issue["blocking"] = issue.get("severity", "ERROR") == "ERROR" and issue.get("payload_hash") == row.desired_hash
    row.issues = issues_as_dicts(issues) + marketplace_issues
    row.built_at = now


def listings_build(
    *,
    account: SellerAccount,
    selection: Selection | None = None,
    now: datetime | None = None,
    fetch=True,
    changed_only: bool = True,
) -> BuildSummary:
    """Refresh the desired state of the selection: by default only what changed since the last
    build; `changed_only=False` rebuilds every listing of the selection (a rate move, a promotion
    starting, the seller's "rebuild")."""
    return Builder(account, now=now, fetch_requirements=fetch).build(
        selection or Selection(), changed_only=changed_only
    )


def _in_chunks(selected: QuerySet[Product], ids: list[int], size: int = 2000) -> list[Product]:
    """The products with these ids, prefetched, a few thousand at a time (no huge IN lists)."""
    products: list[Product] = []
    for start in range(0, len(ids), size):
        products.extend(selected.filter(pk__in=ids[start : start + size]))
    return products


def decimal_or_none(value) -> Decimal | None:
    return Decimal(value) if value is not None else None
