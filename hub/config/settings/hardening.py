"""What production refuses to start with. Imported by production.py, which raises
ImproperlyConfigured with every problem at once, so a misconfigured host fails at boot (web,
worker, beat and management commands alike) instead of running with a guessable secret."""

from __future__ import annotations

from urllib.parse import urlsplit

# The public development key in base.py, and any key Django itself marks as insecure.
DEVELOPMENT_SECRET_PREFIXES = ("dev-insecure-", "django-insecure-")
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


def production_refusals(
    *, debug: bool, secret_key: str, allowed_hosts: list[str], csrf_trusted_origins: list[str]
) -> list[str]:
    problems: list[str] = []
    if debug:
        problems.append("DEBUG is on: production never runs with DEBUG=true (it shows settings and code).")
    if not secret_key.strip():
        problems.append("SECRET_KEY is empty.")
    elif secret_key.startswith(DEVELOPMENT_SECRET_PREFIXES):
        problems.append(
            "SECRET_KEY is a development key; generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    elif len(secret_key) < SECRET_KEY_MIN_LENGTH or len(set(secret_key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problems.append(
            f"SECRET_KEY is too weak: at least {SECRET_KEY_MIN_LENGTH} characters and "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones."
        )
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS is empty: set it to the host names the hub answers on (comma-separated).")
    elif "*" in allowed_hosts:
        problems.append("ALLOWED_HOSTS contains '*': name the hosts.")
    for origin in csrf_trusted_origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            problems.append(f"CSRF_TRUSTED_ORIGINS entry {origin!r} is not an origin like https://hub.example.com.")
    return problems


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
