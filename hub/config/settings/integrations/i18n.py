"""Settings of the i18n app (read from the environment through `env`)."""

from hub.config.settings.env import env  # noqa: F401
