from django.db.models import QuerySet

from hub.accounts.models import SellerAccount
from i18n.locales import locale_covers
from i18n.models import GlossaryKind, GlossaryTerm, TranslationComment


def glossary_list(*, account: SellerAccount) -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.filter(account=account)


def glossary_for_locale(*, account: SellerAccount, locale: str) -> list[GlossaryTerm]:
    """Do-not-translate terms, and required translations whose locale covers `locale`."""
    terms = GlossaryTerm.objects.filter(account=account)
    return [term for term in terms if term.kind == GlossaryKind.DO_NOT_TRANSLATE or locale_covers(term.locale, locale)]


def comment_list(*, translation_pk: int | None) -> QuerySet[TranslationComment]:
    if translation_pk is None:
        return TranslationComment.objects.none()
    return TranslationComment.objects.filter(translation_id=translation_pk).select_related("author")
