from django.db.models import QuerySet

from hub.accounts.models import Membership, SellerAccount
from i18n.access import locale_can_read
from i18n.locales import locale_covers
from i18n.models import GlossaryKind, GlossaryTerm, TranslationComment


def glossary_list(*, account: SellerAccount) -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.filter(account=account)


def glossary_for_locale(*, account: SellerAccount, locale: str) -> list[GlossaryTerm]:
    """Do-not-translate terms, and required translations whose locale covers `locale`."""
    terms = GlossaryTerm.objects.filter(account=account)
    return [term for term in terms if term.kind == GlossaryKind.DO_NOT_TRANSLATE or locale_covers(term.locale, locale)]


def glossary_term_visible(*, membership: Membership, term: GlossaryTerm) -> bool:
    """Do-not-translate terms, and required translations in a locale the member may read or that
    applies to one they may read (a "de" term binds the translator of de_AT)."""
    if term.kind == GlossaryKind.DO_NOT_TRANSLATE or locale_can_read(membership, term.locale):
        return True
    return any(locale_covers(term.locale, assigned) for assigned in membership.locales or [])


def glossary_visible(*, membership: Membership, locale: str | None = None) -> list[GlossaryTerm]:
    """The terms a member may read: all of them, or those that apply to `locale` (none when the
    member may not read that locale). A translator never sees another locale's translations."""
    if locale is not None:
        if not locale_can_read(membership, locale):
            return []
        return glossary_for_locale(account=membership.account, locale=locale)
    terms = glossary_list(account=membership.account)
    return [term for term in terms if glossary_term_visible(membership=membership, term=term)]


def comment_list(*, translation_pk: int | None) -> QuerySet[TranslationComment]:
    if translation_pk is None:
        return TranslationComment.objects.none()
    return TranslationComment.objects.filter(translation_id=translation_pk).select_related("author")
