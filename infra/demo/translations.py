"""Demo work for the translators: bullet points and keywords on the jewellery, German and Japanese
titles in every state (draft, waiting for review, approved, and one made outdated by a later
change to the source), a four-eyes rule and the brand names as do-not-translate terms."""

from typing import TextIO

from hub.accounts.models import Membership, SellerAccount
from hub.accounts.roles import Role
from hub.catalog.models import Product
from hub.catalog.services import product_update
from i18n.keys import UnitRef
from i18n.models import ContentField
from i18n.services.settings import glossary_term_create, policy_update
from i18n.services.sources import source_texts_set
from i18n.services.translations import translation_approve, translation_save

BRANDS = ["Lumora", "NordPeak", "Kestrel & Co", "Hanami Home"]
GERMAN = {
    "925 sterling silver": "925er Sterlingsilber",
    "18K gold plated brass": "18 K vergoldetes Messing",
    "Stainless steel": "Edelstahl",
    "Bracelet for Women, Adjustable": "Armband für Damen, verstellbar",
    "Pendant Necklace, Hypoallergenic": "Halskette mit Anhänger, hypoallergen",
}
JAPANESE = {
    "925 sterling silver": "925 スターリングシルバー",
    "18K gold plated brass": "18K ゴールドメッキ",
    "Stainless steel": "ステンレス",
    "Bracelet for Women, Adjustable": "ブレスレット レディース 長さ調整可能",
    "Pendant Necklace, Hypoallergenic": "ペンダント ネックレス 金属アレルギー対応",
}
BULLETS = [
    "Hypoallergenic and nickel-free: comfortable for sensitive skin",
    "Hand-polished finish that keeps its shine with everyday wear",
    "Arrives in a gift pouch with a polishing cloth",
]


def _translate(title: str, brand: str, words: dict[str, str]) -> str:
    rest = title.removeprefix(brand).strip()
    for english, foreign in words.items():
        rest = rest.replace(english, foreign)
    return f"{brand} {rest}"


def load_demo_translations(*, account: SellerAccount, stdout: TextIO) -> None:
    owner = Membership.objects.get(account=account, role=Role.OWNER)
    translators = Membership.objects.filter(account=account, role=Role.TRANSLATOR).select_related("account", "user")
    german = next(m for m in translators if "de" in m.locales)
    japanese = next(m for m in translators if "ja" in m.locales)
    policy_update(account=account, is_four_eyes=True, target_locales=["de", "fr", "ja", "es"])
    for brand in BRANDS:
        glossary_term_create(account=account, term=brand, kind="do_not_translate", is_case_sensitive=True)

    products = list(
        Product.objects.filter(account=account, status="active", code__regex=r"^LUM-(BR|NK)-").order_by("code")[:16]
    )
    for product in products:
        source_texts_set(product=product, bullets=BULLETS, keywords="silver bracelet\nminimalist jewellery\ngift")
    counts = {"draft": 0, "needs_review": 0, "approved": 0}
    for index, product in enumerate(products[:12]):
        ref = UnitRef("product", product.pk, ContentField.TITLE)
        submit = index % 3 != 0
        translation_save(
            membership=german,
            ref=ref,
            locale="de",
            text=_translate(product.title, product.brand, GERMAN),
            submit=submit,
        )
        if submit and index % 2 == 0:
            translation_approve(membership=owner, ref=ref, locale="de")
            counts["approved"] += 1
        else:
            counts["needs_review" if submit else "draft"] += 1
    for product in products[:4]:
        ref = UnitRef("product", product.pk, ContentField.TITLE)
        translation_save(
            membership=japanese,
            ref=ref,
            locale="ja",
            text=_translate(product.title, product.brand, JAPANESE),
            submit=True,
        )
        counts["needs_review"] += 1
    # The seller improves one source title after it was translated: its translations are now outdated.
    if len(products) > 2:
        product_update(product=products[2], data={"title": products[2].title + " (2026 edition)"})
    stdout.write(
        f"Demo translations: {counts['draft']} draft, {counts['needs_review']} waiting for review, "
        f"{counts['approved']} approved, 1 outdated; four-eyes review on.\n"
    )
