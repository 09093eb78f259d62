"""The embedded default: one machine, no servers to install."""

from .base import *  # noqa: F403
from .base import env

# `make run` is a demo: DEBUG is off (no debug pages with settings) unless a developer sets
# DEBUG=true in the environment or .env.
DEBUG = env.bool("DEBUG", default=False)
