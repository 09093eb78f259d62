"""`manage.py rotate_credentials_key`: every stored credential re-encrypted under the new key,
the old key still read while rotating, a round trip that survives dropping the old key, and a
refusal (nothing changed) when some row opens with no configured key."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from channels.crypto import credentials_decrypt
from channels.models import ChannelAccount
from hub.audit.models import AuditEntry
from tests.channels.factories import (
    ALIEXPRESS_CREDENTIALS,
    AMAZON_CREDENTIALS,
    WISH_CREDENTIALS,
    aliexpress_account,
    amazon_account,
    wish_account,
)

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("rotate_credentials_key", *args, stdout=out)
    return out.getvalue()


def test_round_trip_under_a_new_key(settings, account, other_account):
    old_key = Fernet.generate_key().decode()
    settings.CHANNELS_CREDENTIAL_KEYS = [old_key]
    rows = [amazon_account(account), wish_account(account), aliexpress_account(other_account)]
    before = {row.pk: row.credentials_encrypted for row in rows}
    new_key = _run("--generate").strip()
    settings.CHANNELS_CREDENTIAL_KEYS = [new_key, old_key]
    # While rotating, rows under the old key still read.
    assert credentials_decrypt(rows[0].credentials_encrypted) == AMAZON_CREDENTIALS
    with pytest.raises(CommandError, match="3 of 3"):
        _run("--check")

    assert "3 channel account(s)" in _run()

    settings.CHANNELS_CREDENTIAL_KEYS = [new_key]
    assert "All 3" in _run("--check")
    stored = {row.pk: row for row in ChannelAccount.objects.all()}
    assert all(stored[pk].credentials_encrypted != before[pk] for pk in before)
    assert credentials_decrypt(stored[rows[0].pk].credentials_encrypted) == AMAZON_CREDENTIALS
    assert credentials_decrypt(stored[rows[1].pk].credentials_encrypted) == WISH_CREDENTIALS
    assert credentials_decrypt(stored[rows[2].pk].credentials_encrypted) == ALIEXPRESS_CREDENTIALS
    entries = AuditEntry.objects.filter(object_type="channels.channelaccount", action="update")
    assert sorted(e.changes["credentials_encrypted"] == ["(set)", "(set)"] for e in entries) == [True] * 3
    assert {e.source for e in entries} == {"command"}


def test_rows_under_the_secret_key_development_key_move_to_the_first_real_key(settings, account):
    settings.CHANNELS_CREDENTIAL_KEYS = []
    with pytest.warns(RuntimeWarning):
        row = amazon_account(account)
    new_key = Fernet.generate_key().decode()
    settings.CHANNELS_CREDENTIAL_KEYS = [new_key]

    _run()

    row.refresh_from_db()
    assert credentials_decrypt(row.credentials_encrypted) == AMAZON_CREDENTIALS


def test_a_row_no_key_opens_stops_the_rotation_and_changes_nothing(settings, account):
    lost_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CHANNELS_CREDENTIAL_KEYS = [lost_key]
    lost = amazon_account(account)
    settings.CHANNELS_CREDENTIAL_KEYS = [new_key]
    readable = wish_account(account)
    before = dict(ChannelAccount.objects.values_list("pk", "credentials_encrypted"))

    with pytest.raises(CommandError, match=f"Channel account {lost.pk}"):
        _run()

    assert dict(ChannelAccount.objects.values_list("pk", "credentials_encrypted")) == before
    assert credentials_decrypt(ChannelAccount.objects.get(pk=readable.pk).credentials_encrypted) == WISH_CREDENTIALS


def test_without_any_key_configured_the_command_says_what_to_do(settings):
    settings.CHANNELS_CREDENTIAL_KEYS = []

    with pytest.raises(CommandError, match="CHANNELS_CREDENTIAL_KEYS is empty"):
        _run()
