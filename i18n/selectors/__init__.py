"""Reads of the i18n app. Other apps call `localized_content_for` (see i18n.types.LocalizedContent)."""

from i18n.selectors.content import localized_content_for, localized_contents_for
from i18n.selectors.glossary import (
    comment_list,
    glossary_for_locale,
    glossary_list,
    glossary_term_visible,
    glossary_visible,
)
from i18n.selectors.policy import (
    locales_visible,
    policy_chain,
    policy_channels_for_locale,
    policy_get,
    policy_hub_locale,
    policy_marketplaces,
    policy_marketplaces_for_locale,
)
from i18n.selectors.units import (
    Queue,
    ResolvedUnit,
    queue_count,
    queue_counts,
    text_unit_get,
    text_unit_neighbours,
    text_unit_page,
    text_units_load,
    translation_find,
    unit_resolve,
    unit_translation_get,
)

__all__ = [
    "Queue",
    "comment_list",
    "ResolvedUnit",
    "glossary_for_locale",
    "glossary_list",
    "glossary_term_visible",
    "glossary_visible",
    "locales_visible",
    "localized_content_for",
    "localized_contents_for",
    "policy_chain",
    "policy_channels_for_locale",
    "policy_get",
    "policy_hub_locale",
    "policy_marketplaces",
    "policy_marketplaces_for_locale",
    "queue_count",
    "queue_counts",
    "text_unit_get",
    "text_unit_neighbours",
    "text_unit_page",
    "text_units_load",
    "translation_find",
    "unit_resolve",
    "unit_translation_get",
]
