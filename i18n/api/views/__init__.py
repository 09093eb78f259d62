"""The i18n API under /api/accounts/<account_pk>/i18n/. One view per operation; reads go through
i18n.selectors, writes through i18n.services. Locale rules: a locale the caller may not read is
404 for one text and simply absent from lists; writing to it is 403."""

from i18n.api.views.files import ExportApi, ImportApi
from i18n.api.views.preview import PreviewApi
from i18n.api.views.settings import (
    GlossaryDetailApi,
    GlossaryListApi,
    LocaleListApi,
    PolicyApi,
    SourceDetailApi,
)
from i18n.api.views.texts import (
    QueueSummaryApi,
    TextApproveApi,
    TextCommentListApi,
    TextDetailApi,
    TextListApi,
    TextSendBackApi,
)

__all__ = [
    "ExportApi",
    "GlossaryDetailApi",
    "GlossaryListApi",
    "ImportApi",
    "LocaleListApi",
    "PolicyApi",
    "PreviewApi",
    "QueueSummaryApi",
    "SourceDetailApi",
    "TextApproveApi",
    "TextCommentListApi",
    "TextDetailApi",
    "TextListApi",
    "TextSendBackApi",
]
