"""Credentials and the tokens issued for them never appear in logs (every logger at DEBUG,
including the SP-API library's, httpx's and httpcore's), call records or API output."""

import json
import logging

import pytest
from sp_api.auth import access_token_client

from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount, ChannelCall
from channels.registry import adapter_for
from channels.services import channel_account_verify
from hub.config.settings.env import BASE_DIR
from tests.channels.integration.listings import US, luggage_payload

pytestmark = pytest.mark.django_db

NOISY_LOGGERS = ["sp_api", "sp_api.base.client", "sp_api.auth.access_token_client", "httpx", "httpcore", "channels"]


@pytest.fixture
def debug_everything(caplog):
    previous = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in previous.items():
        logging.getLogger(name).setLevel(level)


def test_no_secret_leaves_the_adapters(
    debug_everything, amazon_sandbox, aliexpress_sandbox, wish_sandbox, connect, owner_client, api_url
):
    accounts = connect(amazon=amazon_sandbox, aliexpress=aliexpress_sandbox, wish=wish_sandbox)

    for channel_account in accounts.values():
        assert channel_account_verify(channel_account=channel_account).status == "connected"
    amazon = adapter_for(accounts["amazon"])
    amazon.listing_put(luggage_payload())
    amazon.listing_get(sku="BAG-1", marketplace_id=US)
    wish = adapter_for(ChannelAccount.objects.get(pk=accounts["wish"].pk))
    wish.client.refresh_token(used=dict(wish.client.credentials))  # a real refresh: new tokens issued
    wish.account_verify()
    aliexpress = adapter_for(accounts["aliexpress"])
    aliexpress.client.refresh_token(used=dict(aliexpress.client.credentials))
    aliexpress.account_verify()

    demo = json.loads((BASE_DIR / "infra" / "sandboxes" / "demo_credentials.json").read_text())
    secrets = {
        demo["amazon"]["lwa_client_secret"],
        demo["amazon"]["refresh_token"],
        demo["aliexpress"]["app_secret"],
        demo["aliexpress"]["access_token"],
        demo["aliexpress"]["refresh_token"],
        demo["wish"]["client_secret"],
        demo["wish"]["access_token"],
        demo["wish"]["refresh_token"],
    }
    secrets |= {entry["access_token"] for entry in access_token_client.cache.values()}
    for family in ("wish", "aliexpress"):
        stored = credentials_decrypt(ChannelAccount.objects.get(pk=accounts[family].pk).credentials_encrypted)
        secrets |= {stored["access_token"], stored["refresh_token"]}
    assert len(secrets) >= 11  # the demo ones plus the issued LWA, Wish and AliExpress tokens

    logs = debug_everything.text
    records = json.dumps(list(ChannelCall.objects.values()), default=str)
    api = "".join(
        owner_client.get(api_url(path)).content.decode()
        for path in ("channels/accounts/", "channels/calls/?page_size=500")
    )
    assert "HTTP Request:" in logs  # httpx did log every request, at INFO
    assert ChannelCall.objects.count() >= 10
    for secret in secrets:
        assert secret not in logs, f"…{secret[-6:]} in logs"
        assert secret not in records, f"…{secret[-6:]} in call records"
        assert secret not in api, f"…{secret[-6:]} in API output"
