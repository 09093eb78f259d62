"""Reads of an account's i18n policy and what follows from it: chains, locales, marketplaces."""

from hub.accounts.models import Membership, SellerAccount
from hub.accounts.roles import Role
from i18n.locales import Marketplace, MarketplaceLanguage, fallback_chain, locale_covers, marketplace_list
from i18n.models import I18nPolicy


def policy_get(*, account: SellerAccount) -> I18nPolicy:
    """The account's policy; an unsaved one with the defaults when it never changed it."""
    try:
        return account.i18n_policy
    except I18nPolicy.DoesNotExist:
        return I18nPolicy(account=account)


def policy_chain(policy: I18nPolicy, locale: str) -> list[str]:
    return fallback_chain(locale, policy.fallback_chains)


def policy_hub_locale(policy: I18nPolicy, marketplace: Marketplace, language: MarketplaceLanguage) -> str:
    return (policy.marketplace_locales or {}).get(f"{marketplace.code}:{language.tag}", language.hub_locale)


def policy_marketplaces(policy: I18nPolicy) -> list[Marketplace]:
    chosen = set(policy.marketplaces or [])
    return [marketplace for marketplace in marketplace_list() if not chosen or marketplace.code in chosen]


def policy_marketplaces_for_locale(policy: I18nPolicy, locale: str) -> list[Marketplace]:
    """Marketplaces that may publish a text of `locale`: those whose language is served by it
    directly or through the fallback chain. Their rules apply when the text is saved."""
    found = []
    for marketplace in policy_marketplaces(policy):
        for language in marketplace.languages:
            if locale in policy_chain(policy, policy_hub_locale(policy, marketplace, language)):
                found.append(marketplace)
                break
    return found


def policy_channels_for_locale(policy: I18nPolicy, locale: str) -> list[str]:
    return sorted({marketplace.channel for marketplace in policy_marketplaces_for_locale(policy, locale)})


def locales_visible(*, membership: Membership, policy: I18nPolicy) -> list[str]:
    """The locales the workbench offers this member: the account's target locales, and for a
    translator only those their assignment covers, plus the assigned locales themselves."""
    targets = list(policy.target_locales or [])
    if membership.role != Role.TRANSLATOR:
        return targets
    assigned = list(membership.locales or [])
    covered = [target for target in targets if any(locale_covers(a, target) for a in assigned)]
    ordered: list[str] = []
    for locale in [*covered, *assigned]:
        if locale not in ordered and not locale_covers(locale, membership.account.source_locale):
            ordered.append(locale)
    return ordered
