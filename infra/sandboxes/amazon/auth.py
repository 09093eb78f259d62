"""Login with Amazon (LWA) and the access-token check every SP-API operation starts with.

`POST /auth/o2/token` (form-encoded) exchanges a refresh token (grant_type=refresh_token), app
credentials (client_credentials, grantless, with a scope) or an authorization code for an access
token valid one hour. Access tokens are signed rather than stored, so they survive a reset or a
restart like real ones do; `POST /_control/tokens/revoke` makes every token issued so far invalid.

Accepted credentials: the "amazon" entry of infra/sandboxes/demo_credentials.json plus any listed
in `config.options["credentials"]` (same keys: lwa_app_id, lwa_client_secret, refresh_token,
seller_id).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, request

from infra.sandboxes.amazon.wire import AmazonError, invalid_input, json_body, operation, strip_library_keys

DEMO_CREDENTIALS = Path(__file__).resolve().parent.parent / "demo_credentials.json"
GRANTLESS_SCOPES = {
    "sellingpartnerapi::notifications",
    "sellingpartnerapi::client_credential:rotation",
    "sellingpartnerapi::migration",
}
TOKEN_LIFETIME = 3600  # seconds; LWA access tokens last one hour
DENIED = "Access to requested resource is denied."
# Tokens API: the personal data an RDT for getOrder / getOrders / getOrderItems opens.
DATA_ELEMENTS = {"buyerInfo", "shippingAddress", "buyerTaxInformation"}


@dataclass(frozen=True)
class Caller:
    seller_id: str | None
    client_id: str
    kind: str  # "seller" (refresh-token grant), "grantless", or "rdt" (restricted data token)
    resources: tuple = ()  # for an RDT: the (method, path, data elements) it opens

    @property
    def throttle_key(self) -> str:
        # Usage plans are per selling partner and application; grantless calls per application.
        return f"{self.client_id}:{self.seller_id or '-'}"


class Auth:
    def __init__(self, options: dict) -> None:
        self.apps: dict[str, str] = {}  # client id -> secret
        self.refresh_tokens: dict[str, tuple[str, str]] = {}  # refresh token -> (client id, seller id)
        for entry in [json.loads(DEMO_CREDENTIALS.read_text())["amazon"], *options.get("credentials", [])]:
            self.apps[entry["lwa_app_id"]] = entry["lwa_client_secret"]
            if entry.get("refresh_token"):
                self.refresh_tokens[entry["refresh_token"]] = (entry["lwa_app_id"], entry["seller_id"])
        self.lifetime = float(options.get("token_lifetime", TOKEN_LIFETIME))
        self._secret = str(options.get("token_secret", "crossborder-hub-amazon-sandbox")).encode()
        self._options_codes = dict(options.get("auth_codes", {}))
        self._codes: dict[str, str] = dict(self._options_codes)  # code -> refresh token
        self._revoked_before = 0.0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._codes = dict(self._options_codes)
            self._revoked_before = 0.0

    # --- tokens ----------------------------------------------------------------------------------
    def issue(self, *, client_id: str, seller_id: str | None, kind: str, extra: dict | None = None) -> str:
        now = time.time()
        claims = {
            "c": client_id,
            "s": seller_id,
            "k": kind,
            "i": now,
            "e": now + self.lifetime,
            "n": secrets.token_hex(4),
            **(extra or {}),
        }
        payload = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode()
        signature = hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()[:32]
        prefix = "Atz.sprdt|" if kind == "rdt" else "Atza|"
        return f"{prefix}{payload}.{signature}"

    def claims(self, token: str | None) -> dict:
        if not token:
            raise AmazonError(403, "Unauthorized", DENIED, "Access token is missing in the request header.")
        invalid = AmazonError(
            403, "Unauthorized", DENIED, "The access token you provided is revoked, malformed or invalid."
        )
        _prefix, _, rest = token.partition("|")
        payload, _, signature = rest.rpartition(".")
        expected = hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()[:32]
        if not payload or not hmac.compare_digest(signature, expected):
            raise invalid
        claims = json.loads(base64.urlsafe_b64decode(payload.encode()))
        if claims["i"] < self._revoked_before:
            raise invalid
        if claims["e"] < time.time():
            raise AmazonError(403, "Unauthorized", DENIED, "The access token you provided has expired.")
        return claims

    def caller(self, token: str | None, *, grantless: bool = False) -> Caller:
        claims = self.claims(token)
        resources = tuple(tuple(pair) for pair in claims.get("r", ()))
        caller = Caller(seller_id=claims["s"], client_id=claims["c"], kind=claims["k"], resources=resources)
        if caller.kind == "grantless" and not grantless:
            raise AmazonError(
                403, "Unauthorized", DENIED, "This operation needs a seller authorization, not a grantless token."
            )
        return caller

    @staticmethod
    def rdt_elements(caller: Caller, method: str, path: str) -> frozenset[str] | None:
        """The data elements an RDT opens on `path` (None: the RDT does not cover it). An RDT opens
        the paths it was created for; `{name}` segments match any value."""
        parts = path.rstrip("/").split("/")
        for resource in caller.resources:
            allowed_method, template = resource[0], resource[1]
            pattern = template.rstrip("/").split("/")
            if (
                allowed_method == method
                and len(pattern) == len(parts)
                and all(p.startswith("{") or p == actual for p, actual in zip(pattern, parts, strict=True))
            ):
                return frozenset(resource[2] if len(resource) > 2 else ())
        return None

    @classmethod
    def rdt_allows(cls, caller: Caller, method: str, path: str) -> bool:
        return cls.rdt_elements(caller, method, path) is not None

    def revoke_all(self) -> None:
        with self._lock:
            self._revoked_before = time.time() + 1e-6

    def new_auth_code(self, seller_id: str) -> str:
        refresh = next((token for token, (_c, seller) in self.refresh_tokens.items() if seller == seller_id), None)
        if refresh is None:
            raise KeyError(seller_id)
        code = "ANsandbox" + secrets.token_hex(10)
        with self._lock:
            self._codes[code] = refresh
        return code

    # --- the LWA endpoint ----------------------------------------------------------------------
    def exchange(self, form: dict[str, str]) -> tuple[dict, int]:
        grant_type = form.get("grant_type")
        if not grant_type:
            return lwa_error("invalid_request", "The request is missing a required parameter : grant_type")
        if grant_type not in ("refresh_token", "client_credentials", "authorization_code"):
            return lwa_error(
                "unsupported_grant_type", "The authorization grant type is not supported by the authorization server"
            )
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if not client_id or not secret or not hmac.compare_digest(self.apps.get(client_id, "\0"), secret):
            return lwa_error("invalid_client", "Client authentication failed", 401)

        if grant_type == "client_credentials":
            scope = form.get("scope")
            if not scope:
                return lwa_error("invalid_request", "The request is missing a required parameter : scope")
            if scope not in GRANTLESS_SCOPES:
                return lwa_error("invalid_scope", "An unknown scope was requested")
            token = self.issue(client_id=client_id, seller_id=None, kind="grantless")
            return {
                "access_token": token,
                "scope": scope,
                "token_type": "bearer",
                "expires_in": int(self.lifetime),
            }, 200

        if grant_type == "authorization_code":
            code = form.get("code")
            if not code:
                return lwa_error("invalid_request", "The request is missing a required parameter : code")
            with self._lock:
                refresh = self._codes.pop(code, None)
            if refresh is None or self.refresh_tokens[refresh][0] != client_id:
                return lwa_error("invalid_grant", "The request has an invalid grant parameter : code")
        else:
            refresh = form.get("refresh_token")
            if not refresh:
                return lwa_error("invalid_request", "The request is missing a required parameter : refresh_token")
        owner = self.refresh_tokens.get(refresh)
        if owner is None or owner[0] != client_id:
            return lwa_error("invalid_grant", "The request has an invalid grant parameter : refresh_token")
        token = self.issue(client_id=client_id, seller_id=owner[1], kind="seller")
        return {
            "access_token": token,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": int(self.lifetime),
        }, 200


def lwa_error(code: str, description: str, status: int = 400) -> tuple[dict, int]:
    return {"error": code, "error_description": description}, status


blueprint = Blueprint("amazon_lwa", __name__)


@blueprint.post("/auth/o2/token")
def token() -> Response:
    amazon = current_app.extensions["amazon"]
    body, status = amazon.auth.exchange(request.form.to_dict())
    response = Response(json.dumps(body), status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/tokens/2021-03-01/restrictedDataToken")
@operation("createRestrictedDataToken")
def restricted_data_token(caller: Caller):
    """Tokens API: an RDT for the listed restricted resources (buyer name, address, e-mail)."""
    body = strip_library_keys(json_body())
    resources = body.get("restrictedResources")
    if not isinstance(resources, list) or not resources:
        raise invalid_input("Missing required 'restrictedResources'.")
    if len(resources) > 50:
        raise invalid_input("At most 50 restricted resources.")
    pairs = []
    for resource in resources:
        if (
            not isinstance(resource, dict)
            or resource.get("method") not in ("GET", "PUT", "POST", "DELETE")
            or not resource.get("path")
        ):
            raise invalid_input("Each restricted resource needs a 'method' (GET, PUT, POST, DELETE) and a 'path'.")
        elements = resource.get("dataElements") or []
        if not isinstance(elements, list) or any(e not in DATA_ELEMENTS for e in elements):
            raise invalid_input(f"Invalid 'dataElements'; possible values: {', '.join(sorted(DATA_ELEMENTS))}.")
        pairs.append([resource["method"], resource["path"].split("?")[0], sorted(set(elements))])
    amazon = current_app.extensions["amazon"]
    token = amazon.auth.issue(client_id=caller.client_id, seller_id=caller.seller_id, kind="rdt", extra={"r": pairs})
    return {"restrictedDataToken": token, "expiresIn": int(amazon.auth.lifetime)}
