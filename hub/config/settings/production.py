"""PostgreSQL, Redis, S3 and HTTPS: everything comes from the environment."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# Sessions, password-reset links and (without CHANNELS_CREDENTIAL_KEYS) the key that encrypts
# marketplace credentials derive from it: production never runs on the public development key.
SECRET_KEY = env("SECRET_KEY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
# Marketplace base URLs may not point at this host's other services.
CHANNELS_ALLOW_LOOPBACK_HOSTS = env.bool("CHANNELS_ALLOW_LOOPBACK_HOSTS", default=False)
