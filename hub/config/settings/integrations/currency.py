"""Settings of the currency app (read from the environment through `env`)."""

from hub.config.settings.env import env  # noqa: F401
