"""Seller authorization: authorization codes, /auth/token/create and /auth/token/refresh (GOP
system APIs on /rest), and the access-token check every business call makes.

Lifetimes are not published for IOP; the sandbox uses 30 days (access) and 60 days (refresh),
in simulated time. A refresh issues a new pair; earlier tokens stay valid until they expire."""

from __future__ import annotations

import secrets

from infra.sandboxes.aliexpress.call import Call
from infra.sandboxes.aliexpress.errors import ApiError, missing_parameter
from infra.sandboxes.aliexpress.runtime import Runtime

DAY = 86400.0
CODE_LIFETIME = 600.0  # simulated seconds an authorization code can be redeemed


def _lifetimes(rt: Runtime) -> tuple[float, float]:
    return (float(rt.option("access_token_seconds", 30 * DAY)), float(rt.option("refresh_token_seconds", 60 * DAY)))


def seed_demo(rt: Runtime) -> None:
    """The demo seller is connected with the credentials in demo_credentials.json."""
    access, refresh = _lifetimes(rt)
    now = rt.now()
    rt.state.execute(
        "INSERT OR REPLACE INTO tokens (access_token, refresh_token, app_key, seller_id, expires_at,"
        " refresh_expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            rt.demo["access_token"],
            rt.demo["refresh_token"],
            rt.demo["app_key"],
            rt.demo["seller_id"],
            now + rt.delay(access),
            now + rt.delay(refresh),
        ),
    )


def seller_for_token(call: Call) -> str:
    # The Python SDK sends the token as `session`; some clients send `access_token`.
    token = call.params.get("session") or call.params.get("access_token")
    if not token:
        raise missing_parameter("session")
    row = call.rt.state.one("SELECT app_key, seller_id, expires_at FROM tokens WHERE access_token = ?", (token,))
    if row is None or row["app_key"] != call.app_key or row["expires_at"] <= call.rt.now():
        raise ApiError("IllegalAccessToken", "The specified access token is invalid or expired")
    return row["seller_id"]


def code_issue(rt: Runtime, *, app_key: str, seller_id: str, redirect_uri: str | None) -> str:
    code = f"3_{app_key}_{secrets.token_urlsafe(18)}"
    rt.state.execute(
        "INSERT INTO auth_codes (code, app_key, seller_id, redirect_uri, created_at) VALUES (?, ?, ?, ?, ?)",
        (code, app_key, seller_id, redirect_uri, rt.now()),
    )
    return code


def _token_body(rt: Runtime, *, app_key: str, seller_id: str) -> dict:
    access_seconds, refresh_seconds = _lifetimes(rt)
    now = rt.now()
    expires_at, refresh_at = now + rt.delay(access_seconds), now + rt.delay(refresh_seconds)
    access_token, refresh_token = f"50000{secrets.token_hex(20)}", f"50001{secrets.token_hex(20)}"
    rt.state.execute(
        "INSERT INTO tokens (access_token, refresh_token, app_key, seller_id, expires_at, refresh_expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (access_token, refresh_token, app_key, seller_id, expires_at, refresh_at),
    )
    return {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "expires_in": int(access_seconds),
        "refresh_expires_in": int(refresh_seconds),
        "expire_time": int(expires_at * 1000),
        "refresh_token_valid_time": int(refresh_at * 1000),
        "user_id": seller_id,
        "seller_id": seller_id,
        "user_nick": f"sandbox{seller_id[-4:]}",
        "account": f"seller{seller_id[-4:]}@sandbox.example",
        "account_platform": "seller_center",
        "havana_id": f"22{seller_id}",
        "sp": "ae",
        "locale": "en_US",
    }


def token_create(call: Call) -> dict:
    code = call.param("code", required=True)
    rt = call.rt
    with rt.state.transaction() as db:
        row = db.execute(
            "SELECT app_key, seller_id, created_at, used FROM auth_codes WHERE code = ?", (code,)
        ).fetchone()
        expired = row is not None and rt.now() - row["created_at"] > rt.delay(CODE_LIFETIME)
        if row is None or row["used"] or expired or row["app_key"] != call.app_key:
            raise ApiError("InvalidCode", "The authorization code is invalid, used or expired")
        db.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (code,))
    return _token_body(rt, app_key=call.app_key, seller_id=row["seller_id"])


def token_refresh(call: Call) -> dict:
    refresh_token = call.param("refresh_token", required=True)
    rt = call.rt
    row = rt.state.one(
        "SELECT app_key, seller_id, refresh_expires_at FROM tokens WHERE refresh_token = ?", (refresh_token,)
    )
    if row is None or row["app_key"] != call.app_key or row["refresh_expires_at"] <= rt.now():
        raise ApiError("IllegalRefreshToken", "The specified refresh token is invalid or expired")
    return _token_body(rt, app_key=call.app_key, seller_id=row["seller_id"])
