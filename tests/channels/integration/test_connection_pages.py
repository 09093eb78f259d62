"""The connections pages against the real Amazon sandbox: an owner connects with credentials typed
once (stored encrypted, never shown again), verifies (no failed call left in the log), reads the
call log with its filters; other roles read only; disconnect erases the credentials."""

import json

import pytest

from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount, ChannelCall
from hub.accounts.roles import Role
from infra.demo.channels import SANDBOX_CREDENTIALS_FILE
from tests.factories.accounts import MembershipFactory

pytestmark = pytest.mark.django_db

AMAZON = json.loads(SANDBOX_CREDENTIALS_FILE.read_text())["amazon"]


def _connect(client, account, sandbox, **overrides):
    data = {
        "family": "amazon",
        "name": "Amazon EU",
        "seller_reference": AMAZON["seller_id"],
        "base_url": sandbox.url,
        "marketplaces": ["A1PA6795UKMFR9"],
        "cred-amazon-lwa_app_id": AMAZON["lwa_app_id"],
        "cred-amazon-lwa_client_secret": AMAZON["lwa_client_secret"],
        "cred-amazon-refresh_token": AMAZON["refresh_token"],
        **overrides,
    }
    return client.post(f"/marketplaces/{account.pk}/connect/", data)


def test_connect_verify_and_read_the_log(account, client, amazon_sandbox):
    owner = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(owner.user)
    assert _connect(client, account, amazon_sandbox).status_code == 302
    channel_account = ChannelAccount.objects.get(account=account)
    assert credentials_decrypt(channel_account.credentials_encrypted)["refresh_token"] == AMAZON["refresh_token"]
    assert AMAZON["refresh_token"] not in channel_account.credentials_encrypted
    page = client.get(f"/marketplaces/{account.pk}/").content.decode()
    assert AMAZON["lwa_client_secret"] not in page and AMAZON["refresh_token"] not in page
    assert "DE" in page

    client.post(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/verify/")
    channel_account.refresh_from_db()
    assert channel_account.status == "connected" and channel_account.last_verified_at
    assert not ChannelCall.objects.filter(channel_account=channel_account).exclude(error_kind="").exists()

    log = client.get(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/calls/")
    assert [call.operation for call in log.context["calls"]] == ["getMarketplaceParticipations", "lwaToken"]
    filtered = client.get(
        f"/marketplaces/{account.pk}/connections/{channel_account.pk}/calls/", {"operation": "lwaToken"}
    )
    assert [call.operation for call in filtered.context["calls"]] == ["lwaToken"]
    assert (
        client.get(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/calls/", {"status": "failed"}).context[
            "calls"
        ]
        == []
    )


def test_refused_credentials_are_explained(account, client, amazon_sandbox):
    owner = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(owner.user)
    _connect(client, account, amazon_sandbox, **{"cred-amazon-lwa_client_secret": "amzn1.oa2-cs.v1.wrong"})
    channel_account = ChannelAccount.objects.get(account=account)
    client.post(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/verify/")
    channel_account.refresh_from_db()
    assert channel_account.status == "auth_failed"
    log = client.get(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/calls/", {"status": "failed"})
    assert [call.error_kind for call in log.context["calls"]] == ["auth_failed"]
    assert "Connect the account again with new credentials" in log.content.decode()


def test_connect_errors_beside_fields_and_secrets_not_echoed(account, client, amazon_sandbox):
    owner = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(owner.user)
    response = _connect(client, account, amazon_sandbox, seller_reference="")
    assert response.status_code == 400
    assert 'data-testid="errors-seller_reference"' in response.content.decode()
    response = _connect(client, account, amazon_sandbox, **{"cred-amazon-refresh_token": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="errors-refresh_token"' in body
    assert AMAZON["lwa_client_secret"] not in body
    assert not ChannelAccount.objects.exists()


def test_disconnect_erases_credentials(account, client, amazon_sandbox):
    owner = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(owner.user)
    _connect(client, account, amazon_sandbox)
    channel_account = ChannelAccount.objects.get()
    client.post(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/disconnect/")
    channel_account.refresh_from_db()
    assert (channel_account.status, channel_account.credentials_encrypted) == ("disabled", "")


def test_logistics_reads_only(account, client, amazon_sandbox):
    owner = MembershipFactory(account=account, role=Role.OWNER)
    client.force_login(owner.user)
    _connect(client, account, amazon_sandbox)
    channel_account = ChannelAccount.objects.get()
    logistics = MembershipFactory(account=account, role=Role.LOGISTICS)
    client.force_login(logistics.user)
    page = client.get(f"/marketplaces/{account.pk}/")
    assert page.status_code == 200 and 'data-testid="verify"' not in page.content.decode()
    assert client.post(f"/marketplaces/{account.pk}/connections/{channel_account.pk}/verify/").status_code == 403
    translator = MembershipFactory(account=account, role=Role.TRANSLATOR)
    client.force_login(translator.user)
    assert client.get(f"/marketplaces/{account.pk}/").status_code == 403
