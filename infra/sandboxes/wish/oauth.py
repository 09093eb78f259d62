"""Wish OAuth 2 (authorization code): /v3/oauth/authorize, /api/v3/oauth/access_token,
/api/v3/oauth/refresh_token (which revokes the app's existing access tokens for that merchant),
/api/v3/oauth/test, and the Bearer check every other call makes.

Access tokens live 30 days (simulated). Codes can be redeemed once within 10 simulated minutes
(the lifetime is an assumption). A refresh keeps the same refresh token and returns it again."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import request

from infra.sandboxes.wish import timefmt
from infra.sandboxes.wish.envelope import WishError
from infra.sandboxes.wish.runtime import Runtime

DAY = 86400.0
CODE_LIFETIME = 600.0
SCOPES = [
    "products:read",
    "products:write",
    "orders:read",
    "orders:write",
    "merchant:read",
    "merchant:write",
    "webhook:read",
    "webhook:write",
]


@dataclass(frozen=True)
class Identity:
    merchant_id: str
    client_id: str

    @property
    def caller(self) -> str:
        return f"{self.merchant_id}:{self.client_id}"


def _lifetime(rt: Runtime) -> float:
    return rt.delay(float(rt.option("access_token_seconds", 30 * DAY)))


def seed_demo(rt: Runtime) -> None:
    demo = rt.demo
    rt.state.execute(
        "INSERT OR REPLACE INTO access_tokens (token, client_id, merchant_id, expires_at, revoked)"
        " VALUES (?, ?, ?, ?, 0)",
        (demo["access_token"], demo["client_id"], demo["merchant_id"], rt.now() + _lifetime(rt)),
    )
    rt.state.execute(
        "INSERT OR REPLACE INTO refresh_tokens (token, client_id, merchant_id) VALUES (?, ?, ?)",
        (demo["refresh_token"], demo["client_id"], demo["merchant_id"]),
    )


def authenticate(rt: Runtime) -> Identity:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise WishError("no_token")
    row = rt.state.one(
        "SELECT client_id, merchant_id, expires_at, revoked FROM access_tokens WHERE token = ?", (token.strip(),)
    )
    if row is None or row["client_id"] not in rt.clients:
        raise WishError("no_token")
    if row["revoked"]:
        raise WishError("token_revoked")
    if row["expires_at"] <= rt.now():
        raise WishError("token_expired")
    return Identity(row["merchant_id"], row["client_id"])


def code_issue(rt: Runtime, *, client_id: str, merchant_id: str, redirect_uri: str | None) -> str:
    code = secrets.token_hex(16)
    rt.state.execute(
        "INSERT INTO oauth_codes (code, client_id, merchant_id, redirect_uri, created_at) VALUES (?, ?, ?, ?, ?)",
        (code, client_id, merchant_id, redirect_uri, rt.now()),
    )
    return code


def _params() -> dict[str, str]:
    """Token endpoints take a JSON body, a form, or the query string."""
    body = request.get_json(silent=True)
    params = request.args.to_dict()
    params.update(request.form.to_dict())
    if isinstance(body, dict):
        params.update({key: str(value) for key, value in body.items()})
    return params


def _client(rt: Runtime, params: dict[str, str]) -> str:
    client_id = params.get("client_id", "")
    if rt.clients.get(client_id) is None or rt.clients[client_id] != params.get("client_secret"):
        raise WishError("bad_credentials")
    return client_id


def _issue(rt: Runtime, client_id: str, merchant_id: str, refresh_token: str) -> dict:
    token = secrets.token_hex(16)
    expires_at = rt.now() + _lifetime(rt)
    rt.state.execute(
        "INSERT INTO access_tokens (token, client_id, merchant_id, expires_at) VALUES (?, ?, ?, ?)",
        (token, client_id, merchant_id, expires_at),
    )
    return {
        "access_token": token,
        "refresh_token": refresh_token,
        "merchant_id": merchant_id,
        "scopes": SCOPES,
        "expiry_time": timefmt.to_text(int(expires_at * 1000)),
    }


def access_token(rt: Runtime) -> dict:
    params = _params()
    if params.get("grant_type") != "authorization_code":
        raise WishError("grant_type", expected="authorization_code")
    client_id = _client(rt, params)
    with rt.state.transaction() as db:
        row = db.execute("SELECT * FROM oauth_codes WHERE code = ?", (params.get("code", ""),)).fetchone()
        if row is None or row["client_id"] != client_id:
            raise WishError("code_invalid")
        if row["redirect_uri"] and row["redirect_uri"] != params.get("redirect_uri"):
            raise WishError("bad_credentials")
        if row["used"]:
            raise WishError("code_redeemed")
        if rt.now() - row["created_at"] > rt.delay(CODE_LIFETIME):
            raise WishError("code_expired")
        db.execute("UPDATE oauth_codes SET used = 1 WHERE code = ?", (row["code"],))
        refresh = secrets.token_hex(16)
        db.execute(
            "INSERT INTO refresh_tokens (token, client_id, merchant_id) VALUES (?, ?, ?)",
            (refresh, client_id, row["merchant_id"]),
        )
    return _issue(rt, client_id, row["merchant_id"], refresh)


def refresh_token(rt: Runtime) -> dict:
    params = _params()
    if params.get("grant_type") != "refresh_token":
        raise WishError("grant_type", expected="refresh_token")
    client_id = _client(rt, params)
    row = rt.state.one(
        "SELECT merchant_id FROM refresh_tokens WHERE token = ? AND client_id = ?",
        (params.get("refresh_token", ""), client_id),
    )
    if row is None:
        raise WishError("bad_refresh_token")
    # "Existing access tokens are revoked after calling this API."
    rt.state.execute(
        "UPDATE access_tokens SET revoked = 1 WHERE client_id = ? AND merchant_id = ?", (client_id, row["merchant_id"])
    )
    return _issue(rt, client_id, row["merchant_id"], params["refresh_token"])
