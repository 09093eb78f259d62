import pytest

from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount
from tests.channels.factories import AMAZON_CREDENTIALS, amazon_account
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_masks_credentials(admin_client, account):
    channel_account = amazon_account(account)

    pages = [
        admin_client.get("/admin/channels/channelaccount/"),
        admin_client.get(f"/admin/channels/channelaccount/{channel_account.pk}/change/"),
    ]

    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        for secret in (AMAZON_CREDENTIALS["lwa_client_secret"], AMAZON_CREDENTIALS["refresh_token"]):
            assert secret not in text
    assert "lwa_client_secret: set" in pages[0].content.decode()


def test_admin_merges_new_credentials_and_keeps_them_when_left_empty(admin_client, account):
    channel_account = amazon_account(account)
    url = f"/admin/channels/channelaccount/{channel_account.pk}/change/"
    form = {
        "account": account.pk,
        "name": "Amazon",
        "family": "amazon",
        "marketplaces": '["ATVPDKIKX0DER"]',
        "base_urls": "{}",
        "options": "{}",
        "seller_reference": "A2TESTSELLER01",
        "status": "new",
    }

    assert admin_client.post(url, {**form, "new_credentials": ""}).status_code == 302
    assert credentials_decrypt(ChannelAccount.objects.get().credentials_encrypted) == AMAZON_CREDENTIALS

    response = admin_client.post(url, {**form, "new_credentials": '{"refresh_token": "Atzr|rotated-in-admin"}'})
    assert response.status_code == 302
    assert (
        credentials_decrypt(ChannelAccount.objects.get().credentials_encrypted)["refresh_token"]
        == "Atzr|rotated-in-admin"
    )

    response = admin_client.post(url, {**form, "new_credentials": '{"aws_secret_key": "x"}'})
    assert response.status_code == 200 and "Not a credential field for amazon" in response.content.decode()
