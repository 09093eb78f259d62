"""OAuth: code → token → test; refresh revokes; the Bearer errors; headers and Accept-Language."""

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import requests

from tests.sandboxes.wish.wish_client import DEMO, WishClient

REDIRECT = "https://hub.example/wish/callback"


def code(sandbox, redirect_uri: str = REDIRECT) -> str:
    return requests.post(f"{sandbox.url}/_control/oauth/code", json={"redirect_uri": redirect_uri}, timeout=10).json()[
        "code"
    ]


def exchange(client: WishClient, the_code: str, **overrides) -> requests.Response:
    body = {
        "client_id": DEMO["client_id"],
        "client_secret": DEMO["client_secret"],
        "code": the_code,
        "grant_type": "authorization_code",
        "redirect_uri": REDIRECT,
        **overrides,
    }
    return client.call("POST", "/oauth/access_token", json=body, token=None)


def refresh(client: WishClient, refresh_token: str, **overrides) -> requests.Response:
    params = {
        "client_id": DEMO["client_id"],
        "client_secret": DEMO["client_secret"],
        "refresh_token": refresh_token,
        "grant_type": "refresh_token",
        **overrides,
    }
    return client.call("GET", "/oauth/refresh_token", params=params, token=None)


def test_code_for_token_then_test(sandbox):
    client = WishClient(sandbox.url, token=None)
    response = exchange(client, code(sandbox))
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["message"]) == (0, "")
    data = body["data"]
    assert data["merchant_id"] == DEMO["merchant_id"]
    assert {"products:read", "products:write", "orders:read", "orders:write"} <= set(data["scopes"])
    assert datetime.fromisoformat(data["expiry_time"]).utcoffset().total_seconds() == 0
    client.token = data["access_token"]
    assert client.data("GET", "/oauth/test") == {"merchant_id": DEMO["merchant_id"]}


def test_token_exchange_errors(sandbox):
    client = WishClient(sandbox.url, token=None)
    the_code = code(sandbox)
    assert exchange(client, the_code, grant_type="password").json() == {
        "code": 1001,
        "message": "grant_type must be set to 'authorization_code'",
        "data": {},
    }
    assert exchange(client, the_code, client_secret="wrong").json()["code"] == 10001
    assert exchange(client, the_code, redirect_uri="https://elsewhere.example/").json()["code"] == 10001
    assert exchange(client, "not-a-code").json()["code"] == 10008
    assert exchange(client, the_code).status_code == 200
    again = exchange(client, the_code)
    assert (again.status_code, again.json()["code"]) == (400, 10002)


def test_codes_expire(make_sandbox):
    now = [1_700_000_000.0]
    sandbox = make_sandbox(clock=lambda: now[0])
    the_code = code(sandbox)
    now[0] += 601
    assert exchange(WishClient(sandbox.url, token=None), the_code).json()["code"] == 10004


def test_refresh_revokes_existing_access_tokens(sandbox):
    client = WishClient(sandbox.url, token=None)
    first = exchange(client, code(sandbox)).json()["data"]
    old = WishClient(sandbox.url, token=first["access_token"])
    demo = WishClient(sandbox.url)
    assert old.data("GET", "/oauth/test")["merchant_id"] == DEMO["merchant_id"]

    renewed = refresh(client, first["refresh_token"]).json()["data"]
    assert renewed["refresh_token"] == first["refresh_token"]
    assert renewed["access_token"] != first["access_token"]
    assert WishClient(sandbox.url, token=renewed["access_token"]).data("GET", "/oauth/test")
    assert old.fail("GET", "/oauth/test") == (400, 1008, "The access token has been revoked")
    # Same app and merchant: the demo token is revoked too.
    assert demo.fail("GET", "/oauth/test")[1] == 1008

    assert refresh(client, first["refresh_token"], grant_type="authorization_code").json()["code"] == 1001
    assert refresh(client, "unknown").json()["code"] == 10001


def test_bearer_errors(sandbox, client):
    assert client.fail("GET", "/oauth/test", token=None) == (
        400,
        1006,
        "No access token found or the app does not exist",
    )
    assert client.fail("GET", "/oauth/test", token="bogus")[1] == 1006
    requests.post(f"{sandbox.url}/_control/oauth/expire", json={"access_token": DEMO["access_token"]}, timeout=10)
    assert client.fail("GET", "/orders") == (400, 1007, "The access token has expired")


def test_every_response_has_request_id_and_remaining(client):
    first = client.call("GET", "/oauth/test")
    second = client.call("GET", "/oauth/test")
    failed = client.call("GET", "/oauth/test", token=None)
    ids = {response.headers["Wish-Request-Id"] for response in (first, second, failed)}
    assert len(ids) == 3
    assert int(first.headers["Wish-Rate-Limit-Remaining"]) == int(second.headers["Wish-Rate-Limit-Remaining"]) + 1
    assert failed.headers["Wish-Rate-Limit-Remaining"].isdigit()
    assert "Wish-Rate-Limit-Reset" not in first.headers
    assert first.headers["Content-Language"] == "en"


def test_accept_language_translates_errors(sandbox):
    client = WishClient(sandbox.url, token=None, language="zh-CN,zh;q=0.9,en;q=0.5")
    response = client.call("GET", "/oauth/test")
    assert response.headers["Content-Language"] == "zh"
    assert response.json() == {"code": 1006, "message": "未找到访问令牌或应用不存在", "data": {}}
    german = WishClient(sandbox.url, token=None, language="fr;q=0.4, de")
    assert (
        german.call("GET", "/oauth/test").json()["message"]
        == "Kein Zugriffstoken gefunden oder die App existiert nicht"
    )
    fallback = WishClient(sandbox.url, token=None, language="ja")
    assert fallback.call("GET", "/oauth/test").headers["Content-Language"] == "en"


def test_authorize_redirects_with_code_and_state(sandbox):
    response = requests.get(
        f"{sandbox.url}/v3/oauth/authorize",
        params={"client_id": DEMO["client_id"], "redirect_uri": REDIRECT, "state": "s1"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["state"] == ["s1"]
    assert exchange(WishClient(sandbox.url, token=None), query["code"][0]).status_code == 200
