"""Settings of the i18n app (read from the environment through `env`)."""

from hub.config.settings.env import env

# Most text units one PO / XLIFF export holds (a locale's pending work; page through queues for more).
I18N_EXPORT_MAX_UNITS = env.int("I18N_EXPORT_MAX_UNITS", default=20000)
