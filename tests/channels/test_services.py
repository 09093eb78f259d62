from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from channels import services
from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount, ChannelAccountStatus, ChannelCall
from channels.validation import credentials_hint
from tests.channels.factories import ALIEXPRESS_CREDENTIALS, AMAZON_CREDENTIALS, amazon_account, wish_account

pytestmark = pytest.mark.django_db


def test_amazon_marketplaces_are_validated_against_the_list_and_codes_accepted(account):
    channel_account = amazon_account(account, marketplaces=["ATVPDKIKX0DER", "DE", "gb", "ATVPDKIKX0DER"])

    assert channel_account.marketplaces == ["ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1F83G8C2ARO7P"]
    with pytest.raises(ValidationError) as caught:
        amazon_account(account, name="Other", marketplaces=["ATVPDKIKX0DER", "NOPE123"])
    assert caught.value.message_dict == {"marketplaces": ["'NOPE123' is not an Amazon marketplace id."]}


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"credentials": {"lwa_app_id": "x"}}, {"credentials.lwa_client_secret", "credentials.refresh_token"}),
        ({"credentials": {**AMAZON_CREDENTIALS, "aws_secret_key": "k"}}, {"credentials.aws_secret_key"}),
        ({"base_urls": {"sp_api": "ftp://x"}}, {"base_urls.sp_api"}),
        ({"base_urls": {"gateway": "http://x"}}, {"base_urls.gateway"}),
        ({"seller_reference": ""}, {"seller_reference"}),
        ({"family": "ebay"}, {"family"}),
        ({"marketplaces": []}, {"marketplaces"}),
    ],
    ids=["missing-credentials", "unknown-credential", "bad-url", "wrong-api", "no-seller", "family", "no-marketplace"],
)
def test_bad_input_is_refused_with_field_messages_and_nothing_saved(account, overrides, errors):
    with pytest.raises(ValidationError) as caught:
        amazon_account(account, **overrides)

    assert set(caught.value.message_dict) == errors
    assert ChannelAccount.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "allow_loopback", "allowed"),
    [
        pytest.param("https://sellingpartnerapi-eu.amazon.com", False, True, id="real-endpoint"),
        pytest.param("https://sandbox.sellingpartnerapi-na.amazon.com", False, True, id="amazon-sandbox"),
        pytest.param("http://127.0.0.1:9101", False, True, id="configured-sandbox"),
        pytest.param("http://127.0.0.1:5432", False, False, id="other-loopback-port-in-production"),
        pytest.param("http://127.0.0.1:5432", True, True, id="loopback-in-development"),
        pytest.param("http://10.0.0.7", True, False, id="private-address"),
        pytest.param("http://metadata.internal", True, False, id="internal-name"),
        pytest.param("https://proxy.example.com", False, True, id="extra-host"),
    ],
)
def test_base_urls_only_name_marketplace_hosts(account, settings, url, allow_loopback, allowed):
    # Workers call these URLs with the account's credentials: an owner must not aim them at
    # the hub's own network.
    settings.CHANNELS_ALLOW_LOOPBACK_HOSTS = allow_loopback
    settings.CHANNELS_SANDBOX_URLS = {"amazon": "http://127.0.0.1:9101"}
    settings.CHANNELS_EXTRA_API_HOSTS = ["proxy.example.com"]

    if allowed:
        assert amazon_account(account, base_urls={"sp_api": url}).base_urls["sp_api"] == url
    else:
        with pytest.raises(ValidationError) as caught:
            amazon_account(account, base_urls={"sp_api": url})
        assert list(caught.value.message_dict) == ["base_urls.sp_api"]
        assert "is not a marketplace API host" in caught.value.message_dict["base_urls.sp_api"][0]
        assert ChannelAccount.objects.count() == 0


def test_single_marketplace_families_default_their_marketplace(account):
    channel_account = wish_account(account)

    assert channel_account.marketplaces == ["wish"]
    with pytest.raises(ValidationError):
        wish_account(account, name="W2", marketplaces=["ATVPDKIKX0DER"])


def test_credentials_update_merges_and_resets_status(account):
    channel_account = amazon_account(account)
    channel_account.status = ChannelAccountStatus.AUTH_FAILED
    channel_account.last_error = "old"
    channel_account.save()

    services.channel_account_update(channel_account=channel_account, credentials={"refresh_token": "Atzr|rotated"})

    channel_account.refresh_from_db()
    assert credentials_decrypt(channel_account.credentials_encrypted) == {
        **AMAZON_CREDENTIALS,
        "refresh_token": "Atzr|rotated",
    }
    assert (channel_account.status, channel_account.last_error) == ("new", "")


def test_credentials_hint_names_fields_without_values(account):
    channel_account = services.channel_account_create(
        account=account, name="AE", family="aliexpress", credentials=dict(ALIEXPRESS_CREDENTIALS)
    )

    assert credentials_hint(channel_account) == {
        "access_token": "set",
        "app_key": "set",  # 8 characters: too short to show any of it
        "app_secret": "set",
        "refresh_token": "set",
    }
    assert credentials_hint(amazon_account(account))["lwa_app_id"] == "…0001"


def test_prune_removes_only_old_calls(account):
    channel_account = amazon_account(account)
    old = ChannelCall.objects.create(
        account=account, channel_account=channel_account, operation="a", method="GET", url_path="/"
    )
    fresh = ChannelCall.objects.create(
        account=account, channel_account=channel_account, operation="b", method="GET", url_path="/"
    )
    ChannelCall.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))

    assert services.channel_call_prune(older_than_days=30) == 1
    assert list(ChannelCall.objects.values_list("pk", flat=True)) == [fresh.pk]
