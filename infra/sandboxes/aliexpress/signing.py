"""The open platform's request signature.

Sort every parameter (system and business, `sign` excluded, empty values skipped) by name,
concatenate name+value, prefix the API path for system (`/auth/...`) APIs only, then
HMAC-SHA256 with the app secret, as uppercase hex.
"""

import hashlib
import hmac
from collections.abc import Mapping

# Both spellings appear in the official SDKs.
SIGN_METHODS = frozenset({"sha256", "HmacSHA256"})


def string_to_sign(params: Mapping[str, str], api_path: str = "") -> str:
    # Business APIs are named with dots and signed without a prefix; system APIs are paths.
    parts = [api_path if "/" in api_path else ""]
    for key in sorted(params):
        value = params[key]
        if key == "sign" or value is None or value == "":
            continue
        parts.append(f"{key}{value}")
    return "".join(parts)


def sign(secret: str, params: Mapping[str, str], api_path: str = "") -> str:
    message = string_to_sign(params, api_path).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest().upper()


def signature_matches(secret: str, params: Mapping[str, str], api_path: str, received: str) -> bool:
    # Exact comparison: every official SDK sends uppercase hex.
    return hmac.compare_digest(sign(secret, params, api_path), received or "")
