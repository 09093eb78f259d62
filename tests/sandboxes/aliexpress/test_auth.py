"""Seller authorization: code → /auth/token/create → business calls; refresh."""

from urllib.parse import parse_qs, urlsplit

import requests

from tests.sandboxes.aliexpress.iop_client import DEMO, IopClient


def _code(sandbox) -> str:
    return requests.post(f"{sandbox.url}/_control/oauth/code", json={}, timeout=10).json()["code"]


def test_code_for_token_then_business_call(sandbox):
    client = IopClient(sandbox.url, token=None)
    response = client.rest("/auth/token/create", {"code": _code(sandbox)})
    body = response.json()
    assert body["code"] == "0"
    assert body["seller_id"] == DEMO["seller_id"]
    assert body["expires_in"] == 30 * 86400
    assert body["refresh_expires_in"] == 60 * 86400
    assert {"access_token", "refresh_token", "expire_time", "refresh_token_valid_time", "user_id", "request_id"} <= set(
        body
    )

    client.token = body["access_token"]
    assert client.result("aliexpress.logistics.redefining.listlogisticsservice")["result_success"] is True


def test_code_is_single_use_and_signed_with_the_path(sandbox):
    client = IopClient(sandbox.url, token=None)
    code = _code(sandbox)
    assert client.rest("/auth/token/create", {"code": code}).json()["code"] == "0"
    again = client.rest("/auth/token/create", {"code": code}).json()
    assert again["code"] == "InvalidCode"
    assert set(again) == {"type", "code", "message", "request_id"}
    unsigned_path = client.rest("/auth/token/create", {"code": _code(sandbox)}, tamper={"code": "3_other"}).json()
    assert unsigned_path["code"] == "IncompleteSignature"


def test_refresh_issues_a_new_pair(sandbox):
    client = IopClient(sandbox.url, token=None)
    first = client.rest("/auth/token/create", {"code": _code(sandbox)}).json()
    second = client.rest("/auth/token/refresh", {"refresh_token": first["refresh_token"]}).json()
    assert second["code"] == "0"
    assert second["access_token"] != first["access_token"]
    for token in (first["access_token"], second["access_token"]):
        client.token = token
        assert client.result("aliexpress.logistics.redefining.listlogisticsservice")["result_success"] is True
    bad = client.rest("/auth/token/refresh", {"refresh_token": "nope"}).json()
    assert bad["code"] == "IllegalRefreshToken"


def test_authorize_redirects_back_with_a_code(sandbox):
    response = requests.get(
        f"{sandbox.url}/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": DEMO["app_key"],
            "redirect_uri": "https://hub.example/cb",
            "state": "xyz",
            "force_auth": "true",
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    query = parse_qs(location.query)
    assert (location.netloc, query["state"]) == ("hub.example", ["xyz"])
    token = IopClient(sandbox.url, token=None).rest("/auth/token/create", {"code": query["code"][0]}).json()
    assert token["code"] == "0"
