"""Login with Amazon and the access-token check, driven by python-amazon-sp-api."""

from __future__ import annotations

import httpx
import pytest
from sp_api.api import Orders, Sellers
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base import SellingApiForbiddenException

from tests.sandboxes.amazon.conftest import CREDENTIALS, SELLER, US, clear_token_caches, serve


def orders_query() -> dict:
    return {"CreatedAfter": "2020-01-01T00:00:00Z"}


def test_refresh_token_grant_gives_a_bearer_token_that_opens_the_api(sandbox):
    answer = sandbox.http.post(
        "/auth/o2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": CREDENTIALS["refresh_token"],
            "client_id": CREDENTIALS["lwa_app_id"],
            "client_secret": CREDENTIALS["lwa_client_secret"],
        },
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (
        body["token_type"] == "bearer"
        and body["expires_in"] == 3600
        and body["refresh_token"] == CREDENTIALS["refresh_token"]
    )
    assert body["access_token"].startswith("Atza|")
    response = sandbox.client(Orders).get_orders(**orders_query())
    assert response.payload["Orders"] == []


def test_unknown_refresh_token_is_invalid_grant(sandbox):
    client = sandbox.client(Orders, credentials={**CREDENTIALS, "refresh_token": "Atzr|not-a-real-token"})
    with pytest.raises(AuthorizationError) as caught:
        client.get_orders(**orders_query())
    assert (caught.value.status_code, caught.value.error_code) == (400, "invalid_grant")
    assert caught.value.message == "The request has an invalid grant parameter : refresh_token"


def test_wrong_client_secret_is_invalid_client(sandbox):
    client = sandbox.client(Orders, credentials={**CREDENTIALS, "lwa_client_secret": "wrong"})
    with pytest.raises(AuthorizationError) as caught:
        client.get_orders(**orders_query())
    assert (caught.value.status_code, caught.value.error_code) == (401, "invalid_client")


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "scope": "sellingpartnerapi::orders"}, 400, "invalid_scope"),
        ({"grant_type": "refresh_token"}, 400, "invalid_request"),
    ],
)
def test_malformed_token_requests(sandbox, form, status, error):
    credentials = (
        {"client_id": CREDENTIALS["lwa_app_id"], "client_secret": CREDENTIALS["lwa_client_secret"]} if form else {}
    )
    answer = sandbox.http.post("/auth/o2/token", data={**form, **credentials})
    assert (answer.status_code, answer.json()["error"]) == (status, error)


def test_grantless_token_is_issued_but_does_not_open_seller_operations(sandbox):
    form = {
        "grant_type": "client_credentials",
        "scope": "sellingpartnerapi::notifications",
        "client_id": CREDENTIALS["lwa_app_id"],
        "client_secret": CREDENTIALS["lwa_client_secret"],
    }
    token = sandbox.http.post("/auth/o2/token", data=form).json()
    assert token["scope"] == "sellingpartnerapi::notifications" and "refresh_token" not in token
    answer = httpx.get(
        f"{sandbox.url}/orders/v0/orders",
        params={"MarketplaceIds": US, **orders_query()},
        headers={"x-amz-access-token": token["access_token"]},
    )
    assert answer.status_code == 403 and answer.json()["errors"][0]["code"] == "Unauthorized"


def test_missing_or_forged_token_is_403_unauthorized(sandbox):
    missing = httpx.get(f"{sandbox.url}/orders/v0/orders", params={"MarketplaceIds": US, **orders_query()})
    assert missing.status_code == 403
    assert missing.json() == {
        "errors": [
            {
                "code": "Unauthorized",
                "message": "Access to requested resource is denied.",
                "details": "Access token is missing in the request header.",
            }
        ]
    }
    forged = httpx.get(
        f"{sandbox.url}/orders/v0/orders",
        params={"MarketplaceIds": US},
        headers={"x-amz-access-token": "Atza|eyJ4IjoxfQ.00"},
    )
    assert forged.json()["errors"][0]["details"] == "The access token you provided is revoked, malformed or invalid."


def test_revoked_token_raises_the_library_forbidden_exception(sandbox):
    client = sandbox.client(Orders)
    client.get_orders(**orders_query())
    sandbox.control("tokens/revoke")
    with pytest.raises(SellingApiForbiddenException) as caught:
        client.get_orders(**orders_query())  # the library keeps its cached (now revoked) token
    assert caught.value.amzn_code == "Unauthorized"
    clear_token_caches()
    assert sandbox.client(Orders).get_orders(**orders_query()).payload["Orders"] == []


def test_expired_token_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    short = serve(tmp_path, options={"token_lifetime": -1})
    try:
        with pytest.raises(SellingApiForbiddenException) as caught:
            short.client(Orders).get_orders(**orders_query())
        assert caught.value.error[0]["details"] == "The access token you provided has expired."
    finally:
        short.served.stop()
        clear_token_caches()


def test_extra_credentials_from_options_are_accepted(tmp_path, monkeypatch):
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    clear_token_caches()
    extra = {
        "lwa_app_id": "amzn1.application-oa2-client.other",
        "lwa_client_secret": "other-secret",
        "refresh_token": "Atzr|other-seller",
        "seller_id": "A3OTHERSELLER",
    }
    other = serve(tmp_path, options={"credentials": [extra]})
    try:
        other.control("orders/generate", {"count": 2, "marketplaceId": US, "sellerId": "A3OTHERSELLER"})
        other.advance(3600)
        mine = other.client(
            Orders, credentials={k: extra[k] for k in ("lwa_app_id", "lwa_client_secret", "refresh_token")}
        )
        assert len(mine.get_orders(**orders_query()).payload["Orders"]) == 2
        clear_token_caches()
        assert (
            other.client(Orders).get_orders(**orders_query()).payload["Orders"] == []
        )  # the demo seller sees none of them
    finally:
        other.served.stop()
        clear_token_caches()


def test_authorization_code_grant_returns_the_sellers_refresh_token(sandbox):
    code = sandbox.control("lwa/authorization-code", {"sellerId": SELLER})["code"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": CREDENTIALS["lwa_app_id"],
        "client_secret": CREDENTIALS["lwa_client_secret"],
    }
    first = sandbox.http.post("/auth/o2/token", data=form)
    assert first.status_code == 200 and first.json()["refresh_token"] == CREDENTIALS["refresh_token"]
    again = sandbox.http.post("/auth/o2/token", data=form)  # codes are single use
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_unknown_operation_answers_an_error_list(sandbox):
    with pytest.raises(Exception) as caught:
        sandbox.client(Sellers).get_account()  # the sandbox serves getMarketplaceParticipations only
    assert getattr(caught.value, "amzn_code", None) == "NotFound"
