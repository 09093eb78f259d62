"""What pages call a marketplace family or one marketplace ("AliExpress", "速卖通", "Amazon DE"):
brand spellings, translated where Chinese sellers use a Chinese name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from channels.marketplaces import amazon_marketplace_get
from channels.types import Family

FAMILY_LABELS = {
    Family.AMAZON.value: gettext_lazy("Amazon"),
    Family.ALIEXPRESS.value: gettext_lazy("AliExpress"),
    Family.WISH.value: gettext_lazy("Wish"),
}


def family_label(family: str) -> str:
    return str(FAMILY_LABELS.get(family, family))


def marketplace_label(family: str, marketplace_id: str) -> str:
    """Amazon marketplaces by family and country code; the one-marketplace families by family."""
    if family != Family.AMAZON.value:
        return family_label(family)
    found = amazon_marketplace_get(marketplace_id)
    return f"{family_label(family)} {found.code}" if found else marketplace_id
