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


def test_admin_checks_what_the_api_checks(admin_client, account):
    channel_account = amazon_account(account)
    url = f"/admin/channels/channelaccount/{channel_account.pk}/change/"
    form = {
        "account": account.pk,
        "name": "Amazon",
        "family": "amazon",
        "marketplaces": '["DE"]',
        "base_urls": '{"sp_api": "http://127.0.0.1:9101/"}',
        "options": "{}",
        "seller_reference": "A2TESTSELLER01",
        "status": "new",
    }

    bad_urls = admin_client.post(url, {**form, "base_urls": '{"sp_api": "file:///etc/passwd", "ftp": "x"}'})
    bad_marketplaces = admin_client.post(url, {**form, "marketplaces": '["XX"]'})
    other_family = admin_client.post(url, {**form, "family": "wish", "marketplaces": '["wish"]', "base_urls": "{}"})

    assert [r.status_code for r in (bad_urls, bad_marketplaces, other_family)] == [200, 200, 200]
    assert "Enter an http(s) URL without query or fragment." in bad_urls.content.decode()
    assert "&#x27;XX&#x27; is not an Amazon marketplace id." in bad_marketplaces.content.decode()
    assert "cannot change" in other_family.content.decode()
    unchanged = ChannelAccount.objects.get()
    assert (unchanged.family, unchanged.marketplaces, unchanged.base_urls) == (
        "amazon",
        ["ATVPDKIKX0DER", "A1PA6795UKMFR9"],
        {},
    )

    assert admin_client.post(url, form).status_code == 302
    saved = ChannelAccount.objects.get()
    # Cleaned as the service cleans them: a country code becomes its id, a trailing slash goes.
    assert (saved.marketplaces, saved.base_urls) == (["A1PA6795UKMFR9"], {"sp_api": "http://127.0.0.1:9101"})
