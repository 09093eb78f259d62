"""Price rules: validated so that a rule can never price a listing under its floor by design
(a negative markup that undercuts the floor for some variant is refused, naming how many)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from channels.models import ChannelAccount
from currency.services.rounding import rounding_marketplace_key
from hub.accounts.models import SellerAccount
from hub.catalog.models import Variant
from hub.core.exceptions import ApplicationError
from listings.models import PriceRule
from listings.pricing import HUNDRED, fees_for

FIELDS = (
    "markup_pct",
    "fixed_amount",
    "min_margin_pct",
    "safety_buffer",
    "quantity_cap",
    "fulfilment_channel",
    "mcf_fba_region",
)


def _undercut_count(*, account: SellerAccount, channel_account: ChannelAccount, marketplace_id: str, values) -> int:
    """Variants whose rule price (in the base currency, before rounding) is under their floor."""
    key = rounding_marketplace_key(
        family=channel_account.family, marketplace_id=marketplace_id or (channel_account.marketplaces or [""])[0]
    )
    fees = fees_for(key)
    share = 1 - fees.referral_pct / HUNDRED
    markup = 1 + Decimal(values.get("markup_pct", 0)) / HUNDRED
    fixed = Decimal(values.get("fixed_amount", 0))
    margin = 1 + Decimal(values.get("min_margin_pct", 0)) / HUNDRED
    count = 0
    for base, cost in Variant.objects.filter(account=account, cost__isnull=False).values_list("base_price", "cost"):
        price = base * markup + fixed
        if share > 0 and price * share < cost * margin:
            count += 1
    return count


@transaction.atomic
def price_rule_save(
    *, account: SellerAccount, channel_account: ChannelAccount, marketplace_id: str = "", rule=None, **values
) -> PriceRule:
    fields: dict[str, list[str]] = {}
    if channel_account.account_id != account.pk:
        raise ApplicationError("Unknown channel account.", fields={"channel_account": ["Unknown channel account."]})
    if marketplace_id and marketplace_id not in (channel_account.marketplaces or []):
        fields["marketplace_id"] = [f"{marketplace_id} is not enabled for {channel_account.name}."]
    if Decimal(values.get("markup_pct", 0)) <= -100:
        fields["markup_pct"] = ["A markup of -100 % or less gives no price."]
    if values.get("mcf_fba_region") not in (None, "", "NA", "EU", "FE"):
        fields["mcf_fba_region"] = ["One of NA, EU, FE (or empty)."]
    if fields:
        raise ApplicationError("The price rule is not valid.", fields=fields)
    if Decimal(values.get("markup_pct", 0)) < 0 or Decimal(values.get("fixed_amount", 0)) < 0:
        undercut = _undercut_count(
            account=account, channel_account=channel_account, marketplace_id=marketplace_id, values=values
        )
        if undercut:
            raise ApplicationError(
                "This markup would price variants under their floor.",
                fields={"markup_pct": [f"{undercut} variants would sell under cost + fees + the minimum margin."]},
            )
    rule = rule or PriceRule.objects.filter(channel_account=channel_account, marketplace_id=marketplace_id).first()
    rule = rule or PriceRule(account=account, channel_account=channel_account, marketplace_id=marketplace_id)
    for name in FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.marketplace_id = marketplace_id
    rule.save()
    return rule
