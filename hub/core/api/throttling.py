"""API rate limits on top of the login lock-out: every authenticated caller is counted per API
token (or per user for browser sessions), anonymous callers per client address. Rates come from
settings.API_THROTTLE_RATES and are read on every request (None switches a scope off), so a
deployment tunes them without code and tests can change them. Counts live in the default cache,
shared by every web process when it is Redis. An exceeded rate answers 429 with Retry-After."""

from __future__ import annotations

import hashlib

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class _SettingsRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_SettingsRateMixin, SimpleRateThrottle):
    """One bucket per API token; a session (browser) caller has one bucket per user."""

    scope = "user"

    def __init__(self) -> None:
        # SimpleRateThrottle reads the rate in __init__; read it per request instead.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_cache_key(self, request, view) -> str | None:  # type: ignore[no-untyped-def]
        if not (request.user and request.user.is_authenticated):
            return None
        if isinstance(request.auth, Token):
            # The key itself is a credential: only its digest goes into the cache.
            ident = "token:" + hashlib.sha256(request.auth.key.encode()).hexdigest()[:32]
        else:
            ident = f"user:{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_SettingsRateMixin, AnonRateThrottle):
    """Callers without credentials (registration, invitations, health), per client address."""

    scope = "anon"

    def __init__(self) -> None:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
