from enum import StrEnum

from hub.core.exceptions import ApplicationError


class I18nErrorCode(StrEnum):
    LOCALE_NOT_ASSIGNED = "locale_not_assigned"
    SOURCE_LOCALE = "source_locale"
    SOURCE_CHANGED = "source_changed"
    OUTDATED = "outdated"
    FOUR_EYES = "four_eyes"
    TRANSITION = "transition"
    BAD_FILE = "bad_file"


class ForbiddenError(ApplicationError):
    """The caller's role or locale assignment does not allow this write (HTTP 403)."""

    status_code = 403
