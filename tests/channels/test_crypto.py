import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from channels.crypto import (
    CredentialsKeyError,
    credentials_decrypt,
    credentials_encrypt,
    derive_development_key,
)
from channels.models import ChannelAccount
from tests.channels.factories import AMAZON_CREDENTIALS, WISH_CREDENTIALS, amazon_account, wish_account


def test_credentials_round_trip_and_ciphertext_hides_values():
    token = credentials_encrypt({"refresh_token": "Atzr|secret-value-123", "lwa_app_id": "app"})

    assert "secret-value-123" not in token
    assert credentials_decrypt(token) == {"lwa_app_id": "app", "refresh_token": "Atzr|secret-value-123"}


def test_empty_credentials_are_stored_as_empty_string():
    assert credentials_encrypt({}) == ""
    assert credentials_decrypt("") == {}


def test_development_key_is_derived_from_secret_key_with_a_warning(settings):
    settings.CHANNELS_CREDENTIAL_KEYS = []
    settings.SECRET_KEY = "x" * 50
    with pytest.warns(RuntimeWarning, match="CHANNELS_CREDENTIAL_KEYS is not set"):
        token = credentials_encrypt({"a": "b"})
    assert Fernet(derive_development_key("x" * 50)).decrypt(token.encode()) == b'{"a":"b"}'


@pytest.mark.django_db
def test_stored_row_holds_no_plain_secret(account):
    channel_account = amazon_account(account)

    raw = ChannelAccount.objects.values_list("credentials_encrypted", flat=True).get(pk=channel_account.pk)
    for secret in AMAZON_CREDENTIALS.values():
        assert secret not in raw
    assert credentials_decrypt(raw) == AMAZON_CREDENTIALS


@pytest.mark.django_db
def test_rotate_key_command_reencrypts_every_row_with_the_new_key(settings, account):
    old_key = settings.CHANNELS_CREDENTIAL_KEYS[0]
    first, second = amazon_account(account), wish_account(account)
    new_key = Fernet.generate_key().decode()
    settings.CHANNELS_CREDENTIAL_KEYS = [new_key, old_key]

    call_command("channels_rotate_key", stdout=open("/dev/null", "w"))

    settings.CHANNELS_CREDENTIAL_KEYS = [new_key]  # the old key is gone: every row must still decrypt
    first.refresh_from_db()
    second.refresh_from_db()
    assert credentials_decrypt(first.credentials_encrypted) == AMAZON_CREDENTIALS
    assert credentials_decrypt(second.credentials_encrypted) == WISH_CREDENTIALS


@pytest.mark.django_db
def test_without_rotation_dropping_the_old_key_fails_loudly(settings, account):
    channel_account = amazon_account(account)
    settings.CHANNELS_CREDENTIAL_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(CredentialsKeyError):
        credentials_decrypt(channel_account.credentials_encrypted)
