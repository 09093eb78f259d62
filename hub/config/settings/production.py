"""PostgreSQL, Redis, S3 and HTTPS: everything comes from the environment.

The hub refuses to start (ImproperlyConfigured at settings import) with DEBUG on, an empty,
weak or development SECRET_KEY, or no ALLOWED_HOSTS: see hub.config.settings.hardening."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env
from .hardening import origin_of, production_refusals

# Read, never defaulted to on: DEBUG=true in a production environment stops the start below.
DEBUG = env.bool("DEBUG", default=False)
# Sessions, password-reset links and (without CHANNELS_CREDENTIAL_KEYS) the key that encrypts
# marketplace credentials derive from it: production never runs on the public development key.
SECRET_KEY = env("SECRET_KEY")
# No development default: the host names the hub answers on (comma-separated).
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Origins allowed to post forms (the public https origin); SITE_URL's origin by default.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[o for o in [origin_of(SITE_URL)] if o])  # noqa: F405
# TLS ends at the proxy (nginx), which says so in this header; only trust it behind that proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-HTTP requests are redirected to HTTPS (the health endpoints excepted).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health endpoints are probed over plain HTTP from inside the host network.
SECURE_REDIRECT_EXEMPT = [r"^api/health/"]
# Session cookie only over HTTPS.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
# CSRF cookie only over HTTPS.
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# One year of HSTS once the site is known to work over HTTPS (0 switches it off).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
# HSTS for every subdomain too (only when all of them are served over HTTPS).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
# Ask browsers to preload HSTS for this domain (needs INCLUDE_SUBDOMAINS and a submission).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Marketplace base URLs may not point at this host's other services.
CHANNELS_ALLOW_LOOPBACK_HOSTS = env.bool("CHANNELS_ALLOW_LOOPBACK_HOSTS", default=False)

_refusals = production_refusals(
    debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS, csrf_trusted_origins=CSRF_TRUSTED_ORIGINS
)
# (Not while the .env reference is generated: it reads this module without a real environment.)
if _refusals and not getattr(env, "collecting", False):
    raise ImproperlyConfigured("The hub will not start with these production settings:\n- " + "\n- ".join(_refusals))
