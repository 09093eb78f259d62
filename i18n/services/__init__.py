"""Writes of the i18n app."""

from i18n.services.settings import (
    glossary_term_create,
    glossary_term_delete,
    glossary_term_update,
    policy_update,
)
from i18n.services.sources import source_texts_set
from i18n.services.translations import (
    ALLOWED_TRANSITIONS,
    SaveResult,
    issue_dict,
    text_check,
    translation_approve,
    translation_comment_add,
    translation_save,
    translation_send_back,
    translation_write,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "SaveResult",
    "glossary_term_create",
    "glossary_term_delete",
    "glossary_term_update",
    "issue_dict",
    "policy_update",
    "source_texts_set",
    "text_check",
    "translation_approve",
    "translation_comment_add",
    "translation_save",
    "translation_send_back",
    "translation_write",
]
